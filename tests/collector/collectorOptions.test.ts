import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COLLECTOR_OPTIONS } from '../../src/collector/checkCollectorOptions';
import { parseRateLimit, startCollector, type StartCollectorOptions } from '../../src/collector/index';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-options-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Options a plain JavaScript caller could pass (no compiler between them and `startCollector`). */
const untyped = (options: Record<string, unknown>) => options as StartCollectorOptions;

describe('startCollector options', () => {
  it('rejects an unknown option, naming the one it most likely meant, before opening anything', async () => {
    const db = join(dir, 'pulse.sqlite');
    await expect(startCollector(untyped({ port: 0, db, allowOrigin: ['https://shop.example'] }))).rejects.toThrow(
      new TypeError('startCollector: unknown option "allowOrigin" (did you mean allowOrigins?)'),
    );
    await expect(startCollector(untyped({ port: 0, db, colour: true }))).rejects.toThrow('startCollector: unknown option "colour"');
    expect(existsSync(db)).toBe(false);
  });

  it('rejects mistyped options with what they take, every one at once', async () => {
    const db = join(dir, 'pulse.sqlite');
    await expect(startCollector(untyped({ port: '8787', db, rateLimit: '600/min' }))).rejects.toThrow(
      new TypeError(
        'startCollector: port must be a whole number from 0 to 65535, got the string "8787"; ' +
          'rateLimit must be { max, windowMs } or null, e.g. parseRateLimit("600/min"), got the string "600/min"',
      ),
    );
    await expect(startCollector(untyped({ db, log: { format: 'xml' } }))).rejects.toThrow(/log must be false or \{ format\?: "combined" \| "json"/);
    await expect(startCollector(untyped({ db, allowOrigins: 'https://shop.example' }))).rejects.toThrow(/allowOrigins must be a list of origins/);
    expect(existsSync(db)).toBe(false);
  });

  it('accepts every documented form, and undefined for a default', async () => {
    const collector = await startCollector({
      port: 0,
      db: join(dir, 'pulse.sqlite'),
      rateLimit: parseRateLimit('600/min'),
      byteLimit: null,
      trustProxy: ['10.0.0.0/8'],
      allowOrigins: ['https://shop.example'],
      token: undefined,
      log: false,
    });
    await collector.close();
  });

  it("docs/operations.md's options table lists each option beside its serve flag, and no option that does not exist", () => {
    const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const rows = operations.split('\n').filter((line) => line.startsWith('| `--'));
    for (const [option, { flag }] of Object.entries(COLLECTOR_OPTIONS)) {
      const firstFlag = flag.split(/[ ,]/)[0]!;
      const row = rows.find((line) => line.includes(`| \`${option}\` |`));
      expect(row, option).toBeDefined();
      expect(row, option).toContain(`\`${firstFlag}`);
    }
    // The third column names the `startCollector` option (cells split on pipes not escaped as `\|`).
    const named = rows.map((line) => line.split(/(?<!\\)\|/)[3]!.trim().replace(/`/g, ''));
    expect(named.filter((option) => !(option in COLLECTOR_OPTIONS))).toEqual([]);
  });
});
