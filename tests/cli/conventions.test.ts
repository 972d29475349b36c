/**
 * The CLI's conventions: --version, per-command help, exit statuses (0 success, 1 invalid input, 2 usage),
 * errors that name what to change, NO_COLOR, and `validate` reporting every problem of a document at once.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { flagsOf, PREVIEW_HELP, SERVE_HELP, VALIDATE_HELP } from '../../src/cli/commandHelp';
import { main } from '../../src/cli/main';
import { testIo } from './testIo';

const repo = new URL('../../', import.meta.url);
const bin = new URL('bin/confidence-pulse.js', repo).pathname;
const fourProblems = new URL('tests/fixtures/fourProblems.json', repo).pathname;
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-cli-conventions-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the built bin (run `npm run build` first) and resolves with its exit status and output. */
async function runBin(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [bin, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('--version and help', () => {
  it('prints the version with --version and -v, exit 0', async () => {
    const { version } = JSON.parse(await readFile(new URL('package.json', repo), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const { io, out } = testIo();
      expect(await main([flag], io)).toBe(0);
      expect(out).toEqual([version]);
    }
    expect((await runBin(['--version'])).stdout).toBe(`${version}\n`);
  });

  it("gives each command its own help, with that command's flags and examples", async () => {
    for (const [command, help, flags] of [
      ['serve', SERVE_HELP, ['--port', '--db', '--allow-origin', '--rate-limit', '--shutdown-timeout']],
      ['validate', VALIDATE_HELP, []],
      ['preview', PREVIEW_HELP, ['--port', '--collector-port', '--host']],
    ] as const) {
      const { io, out } = testIo();
      expect(await main([command, '--help'], io)).toBe(0);
      expect(out).toEqual([help]);
      expect(help).toMatch(new RegExp(`^Usage: confidence-pulse ${command}`));
      expect(help).toMatch(/\nExamples:\n {2}confidence-pulse /);
      expect(flagsOf(help)).toEqual(expect.arrayContaining([...flags]));
      const again = testIo();
      expect(await main(['help', command], again.io)).toBe(0);
      expect(again.out).toEqual([help]);
    }
    // The preview's help does not list the collector's flags, and the other way round.
    expect(flagsOf(PREVIEW_HELP)).not.toContain('--db');
    expect(flagsOf(SERVE_HELP)).not.toContain('--collector-port');
  });
});

describe('exit statuses', () => {
  it('exits 2 for a misspelt flag, naming the flag it most likely meant', async () => {
    const { io, err } = testIo();
    expect(await main(['serve', '--prot', '9000'], io)).toBe(2);
    expect(err).toEqual(['confidence-pulse serve: unknown option --prot (did you mean --port?). Run confidence-pulse serve --help.']);
    const validate = testIo();
    expect(await main(['validate', '--strict', fourProblems], validate.io)).toBe(2);
    expect(validate.err).toEqual(['confidence-pulse validate: unknown option --strict. Run confidence-pulse validate --help.']);
    const value = testIo();
    expect(await main(['serve', '--port'], value.io)).toBe(2);
    expect(value.err).toEqual(['confidence-pulse serve: --port needs a value. Run confidence-pulse serve --help.']);
  });

  it('exits 0 for a valid document, 1 for an invalid one, through the bin', async () => {
    const good = join(dir, 'good.json');
    await writeFile(good, await readFile(new URL('demo/surveys/nps.json', repo), 'utf8'));
    expect((await runBin(['validate', good])).code).toBe(0);
    const bad = await runBin(['validate', fourProblems]);
    expect(bad.code).toBe(1);
    expect((await runBin(['validate'])).code).toBe(2);
    expect((await runBin(['nonsense'])).code).toBe(2);
  });
});

describe('validate: every problem in one pass', () => {
  it('prints all four problems of the four-problem document, each with its line and column', async () => {
    const text = await readFile(fourProblems, 'utf8');
    const lines = text.split('\n');
    /** 1-based line:column of the first occurrence of `needle`, moved `skip` characters on. */
    const at = (needle: string, skip = 0) => {
      const line = lines.findIndex((l) => l.includes(needle));
      return `${line + 1}:${lines[line]!.indexOf(needle) + 1 + skip}`;
    };
    const { io, err } = testIo();
    expect(await main(['validate', fourProblems], io)).toBe(1);
    expect(err).toEqual([
      `${fourProblems}:${at('"comparsion"')}: surveys[0].pages[1]: unknown page type "comparsion" (did you mean "comparison"? page types defined: category, comparison)`,
      `${fourProblems}:${at('"confidence", "lte"')}: surveys[0].questions[0].when.question: question "confidence" comes later; "when" can only look back`,
      `${fourProblems}:${at('"max": 1', '"max": '.length)}: surveys[0].questions[1].max: must be greater than min (5)`,
      `${fourProblems}:${at('"txet"')}: surveys[0].questions[1].txet: unknown key "txet" (did you mean "text"?)`,
      `${fourProblems}: 4 problems`,
    ]);
  });

  it('gives broken JSON a line and a column, and rejects comments', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{\n  "version": 1,\n  // pages below\n  "pages": {}\n}\n');
    const { io, err } = testIo();
    expect(await main(['validate', file], io)).toBe(1);
    expect(err[0]).toBe(`${file}:3:3: invalid JSON: comments are not allowed in JSON`);
  });

  it('suggests the question type a misspelt one meant', async () => {
    const file = join(dir, 'type.json');
    const doc = JSON.parse(await readFile(new URL('demo/surveys/nps.json', repo), 'utf8'));
    doc.surveys[0].questions[0].type = 'sacle';
    await writeFile(file, JSON.stringify(doc, null, 2));
    const { io, err } = testIo();
    expect(await main(['validate', file], io)).toBe(1);
    expect(err.join('\n')).toMatch(/surveys\[0\]\.questions\[0\]\.type: unknown "type" \(expected scale, choice, text or binary\) \(did you mean "scale"\?\)/);
  });
});

describe('errors name what to change', () => {
  it('names a taken port and --port, exit 1', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      const { io, err } = testIo();
      expect(await main(['serve', '--port', String(port), '--db', join(dir, 'busy.sqlite'), '--quiet'], io)).toBe(1);
      expect(err).toEqual([
        `confidence-pulse serve: port ${port} on 127.0.0.1 is already in use by another program; choose another with --port N (0 picks a free one) or stop the other program`,
      ]);
    } finally {
      busy.close();
    }
  });

  it('names the database path and says its directory does not exist, exit 1', async () => {
    const db = join(dir, 'missing', 'pulse.sqlite');
    const { io, err } = testIo();
    expect(await main(['serve', '--port', '0', '--db', db, '--quiet'], io)).toBe(1);
    expect(err).toEqual([
      `confidence-pulse serve: cannot open the SQLite database ${db}: the directory ${join(dir, 'missing')} does not exist; choose another path with --db, or create the directory`,
    ]);
  });

  it('says when the database directory is a file', async () => {
    await writeFile(join(dir, 'plain'), 'not a directory');
    const db = join(dir, 'plain', 'pulse.sqlite');
    const { io, err } = testIo();
    expect(await main(['serve', '--port', '0', '--db', db, '--quiet'], io)).toBe(1);
    expect(err.join('\n')).toContain(`cannot open the SQLite database ${db}: ${join(dir, 'plain')} is not a directory`);
  });
});

describe('colour', () => {
  it('colours problems only when asked, and never under NO_COLOR', async () => {
    const escape = /\u001b\[/;
    const forced = await runBin(['validate', fourProblems], { FORCE_COLOR: '1' });
    expect(forced.stderr).toMatch(escape);
    const noColour = await runBin(['validate', fourProblems], { FORCE_COLOR: '1', NO_COLOR: '1' });
    expect(noColour.stderr).not.toMatch(escape);
    expect(noColour.stderr).toContain('unknown key "txet"');
    // A pipe, as in CI logs: no colour by default.
    expect((await runBin(['validate', fourProblems])).stderr).not.toMatch(escape);
  });
});
