import { existsSync } from 'node:fs';
import { request } from 'node:http';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, USAGE } from '../../src/cli/main';
import { main as collectorMain } from '../../src/collector/cli/main';
import { createTestDatabase } from '../collector/testDatabase';
import { answerEvent } from '../fixtures/events';
import { testIo } from './testIo';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-cli-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const validDocument = {
  version: 1,
  pages: { category: { match: ['/c/**'] }, comparison: { match: ['/compare**'] } },
  surveys: [
    {
      id: 'decision-confidence',
      version: 3,
      pages: ['category', 'comparison'],
      trigger: { any: [{ scrollDepth: 0.5 }, { activeSeconds: 20 }, { exitIntent: true }, { event: 'compare', count: 2 }] },
      sample: 0.2,
      questions: [
        { id: 'confidence', type: 'scale', min: 1, max: 5, text: { en: 'How confident are you?' } },
        {
          id: 'blocker',
          type: 'choice',
          when: { question: 'confidence', lte: 3 },
          text: { en: 'What would help you decide?' },
          options: [{ id: 'reviews', text: { en: 'More reviews' } }],
        },
      ],
      variants: [
        { id: 'A', weight: 1 },
        { id: 'B', weight: 1 },
      ],
    },
    {
      id: 'exit',
      version: 1,
      pages: ['category'],
      trigger: { activeSeconds: 5 },
      questions: [{ id: 'ok', type: 'binary', text: 'Found it?' }],
    },
  ],
};

describe('confidence-pulse (no command)', () => {
  it('prints the usage for --help and exits 0', async () => {
    const { io, out } = testIo();
    expect(await main(['--help'], io)).toBe(0);
    expect(out).toEqual([USAGE]);
    expect(USAGE).toMatch(/npx confidence-pulse-collector --help/);
    expect(USAGE).toMatch(/validate FILE\.\.\./);
  });

  it('prints the usage to stderr and exits 2 (a usage error) without arguments', async () => {
    const { io, err } = testIo();
    expect(await main([], io)).toBe(2);
    expect(err).toEqual([USAGE]);
  });

  it('rejects an unknown command with exit 2 and the command it most likely meant', async () => {
    const { io, err } = testIo();
    expect(await main(['valdate'], io)).toBe(2);
    expect(err).toEqual(['confidence-pulse: unknown command "valdate" (did you mean validate?). Run confidence-pulse --help.']);
  });
});

describe('confidence-pulse validate', () => {
  it('prints a summary per survey and exits 0 for a valid document', async () => {
    const file = join(dir, 'surveys.json');
    const doc = structuredClone(validDocument) as any;
    doc.frequency = { maxPerSession: 2, minGapMinutes: 60 };
    doc.outcomes = { purchase: { match: ['/checkout/thank-you'], regex: ['^\\/order\\/\\d+$'] }, add_to_cart: { selector: '[data-add-to-cart]' } };
    doc.surveys[0].frequency = { cooldownDays: 14, afterDismissDays: 30 };
    doc.surveys[0].variants[0].weight = 3;
    doc.surveys[1].questions.push({ id: 'why', type: 'text', maxLength: 200, required: false, text: 'Why not?', when: { question: 'ok', eq: false } });
    await writeFile(file, `\uFEFF${JSON.stringify(doc)}`);
    const { io, out, err } = testIo();
    expect(await main(['validate', file], io)).toBe(0);
    expect(err).toEqual([]);
    expect(out).toEqual([
      `${file}: ok, 2 surveys`,
      '  decision-confidence v3',
      '    pages      category (/c/**), comparison (/compare**)',
      '    trigger    any(scrollDepth 0.5, activeSeconds 20, exitIntent, event compare ×2)',
      '    sample     0.2 (20% of visitors, sticky)',
      '    frequency  again after 14 days, at most 2 surveys per session, not for 30 days after a dismissal, 60 minutes after any other survey',
      '    variants   A 75%, B 25%',
      '    questions  confidence: scale 1–5; blocker: choice of 1, shown if confidence ≤ 3',
      '    languages  en',
      '  exit v1',
      '    pages      category (/c/**)',
      '    trigger    activeSeconds 5',
      '    sample     1',
      '    frequency  once per visitor, at most 2 surveys per session, 60 minutes after any other survey',
      '    variants   none',
      '    questions  ok: yes/no; why: text ≤ 200, optional, shown if ok = false',
      '  all surveys: at most 2 surveys per session, 60 minutes apart',
      '  outcomes: purchase (/checkout/thank-you, /^\\/order\\/\\d+$/), add_to_cart (click on [data-add-to-cart])',
    ]);
  });

  it('prints every problem at once as FILE:LINE:COLUMN: path: message (hint) and exits 1', async () => {
    const file = join(dir, 'bad.json');
    const doc = structuredClone(validDocument);
    (doc.surveys[0]!.questions[1] as { when: unknown }).when = { question: 'confidnce', lte: 3 };
    (doc.surveys[1] as { sample?: number }).sample = 2;
    // One key per line, so each problem has a line of its own.
    const text = JSON.stringify(doc, null, 2);
    await writeFile(file, text);
    /** Line and column of `value` where it follows `key` in the text. */
    const at = (key: string, value: string) => {
      const before = text.slice(0, text.indexOf(key + value) + key.length).split('\n');
      return `${before.length}:${before.at(-1)!.length + 1}`;
    };
    const { io, out, err } = testIo();
    expect(await main(['validate', file], io)).toBe(1);
    expect(out).toEqual([]);
    // The shape problem of the second survey does not hide the reference problem of the first.
    expect(err).toEqual([
      `${file}:${at('"question": ', '"confidnce"')}: surveys[0].questions[1].when.question: unknown question "confidnce" (earlier questions: confidence)`,
      `${file}:${at('"sample": ', '2')}: surveys[1].sample: must be at most 1`,
      `${file}: 2 problems`,
    ]);
  });

  it('checks every file and reports unreadable files and invalid JSON clearly', async () => {
    const good = join(dir, 'good.json');
    const broken = join(dir, 'broken.json');
    const missing = join(dir, 'missing.json');
    await writeFile(good, JSON.stringify(validDocument));
    await writeFile(broken, '{ "version": 1, ');
    const { io, out, err } = testIo();
    expect(await main(['validate', missing, broken, good], io)).toBe(1);
    expect(err).toHaveLength(2);
    expect(err[0]).toBe(`${missing}: cannot read file: no such file`);
    expect(err[1]).toBe(`${broken}:1:17: invalid JSON: expected a key in double quotes (a trailing comma?)`);
    expect(out[0]).toBe(`${good}: ok, 2 surveys`);
  });

  it('asks for a file when none is given: a usage error, exit 2', async () => {
    const { io, err } = testIo();
    expect(await main(['validate'], io)).toBe(2);
    expect(err).toEqual(['confidence-pulse validate: give at least one FILE, e.g. confidence-pulse validate surveys.json. Run confidence-pulse validate --help.']);
  });
});

describe('confidence-pulse-collector serve', () => {
  it('starts a collector, stores events and stops gracefully on a signal', async () => {
    const db = join(dir, 'pulse.sqlite');
    // Flags win over the environment: CP_DB points elsewhere, CP_TOKEN applies.
    const { io, out, waitFor, stop } = testIo({ CP_DB: join(dir, 'env.sqlite'), CP_TOKEN: 'tok', CP_ALLOW_ORIGIN: 'https://a.example, https://b.example' });
    const exit = collectorMain(['serve', '--port', '0', '--db', db, '--quiet'], io);
    const [, url] = await waitFor(/listening on (http:\/\/127\.0\.0\.1:\d+)$/);
    expect(out).toContain(`Database: ${db}`);
    expect(out).toContain('Allowed origins: https://a.example, https://b.example');

    expect(await (await fetch(`${url}/healthz`)).json()).toEqual({ ok: true, databaseBytes: expect.any(Number) });
    const event = answerEvent({ ts: new Date().toISOString() });
    const posted = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'https://b.example' },
      body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: [event] }),
    });
    expect((await posted.json()).accepted).toBe(1);
    expect((await fetch(`${url}/`)).status).toBe(401);

    stop('SIGINT');
    expect(await exit).toBe(0);
    expect(out.at(-1)).toBe('Collector stopped.');
    expect(existsSync(join(dir, 'env.sqlite'))).toBe(false);
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();

    const sqlite = new Database(db, { readonly: true });
    expect(sqlite.prepare('SELECT id FROM events').all()).toEqual([{ id: event.id }]);
    sqlite.close();
  });

  it('reads its options from the environment', async () => {
    const db = join(dir, 'env.sqlite');
    const { io, waitFor, stop } = testIo({ CP_PORT: '0', CP_HOST: '127.0.0.1', CP_DB: db, CP_QUIET: '1', CP_BODY_LIMIT: '100' });
    const exit = collectorMain(['serve'], io);
    const [, url] = await waitFor(/listening on (http:\/\/\S+)$/);
    const tooBig = await fetch(`${url}/v1/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: [], padding: 'x'.repeat(200) }),
    });
    expect(tooBig.status).toBe(413);
    stop();
    expect(await exit).toBe(0);
    expect(existsSync(db)).toBe(true);
  });

  it('logs one combined line per request unless quiet, or JSON lines, and applies --rate-limit', async () => {
    const { io, out, waitFor, stop } = testIo();
    const exit = collectorMain(['serve', '--port', '0', '--db', join(dir, 'log.sqlite'), '--rate-limit', '2/min'], io);
    const [, url] = await waitFor(/listening on (http:\/\/\S+)$/);
    expect((await fetch(`${url}/v1/export`)).status).toBe(200);
    expect((await fetch(`${url}/v1/nope`)).status).toBe(404);
    const limited = await fetch(`${url}/`);
    expect(limited.status).toBe(429);
    await waitFor(/" 429 /);
    expect(out.filter((line) => line.startsWith('127.0.0.1 - - ['))).toEqual([
      expect.stringMatching(/"GET \/v1\/export HTTP\/1\.1" 200 - "-" "node"$/),
      expect.stringMatching(/"GET \/v1\/nope HTTP\/1\.1" 404 \d+ "-" "node"$/),
      expect.stringMatching(/"GET \/ HTTP\/1\.1" 429 \d+ "-" "node"$/),
    ]);
    stop();
    expect(await exit).toBe(0);

    const json = testIo({ CP_LOG_FORMAT: 'json', CP_RATE_LIMIT: 'off' });
    const second = collectorMain(['serve', '--port', '0', '--db', join(dir, 'log.sqlite')], json.io);
    const [, url2] = await json.waitFor(/listening on (http:\/\/\S+)$/);
    await fetch(`${url2}/healthz`);
    const match = await json.waitFor(/^\{.*"\/healthz"/);
    expect(JSON.parse(match.input)).toMatchObject({ method: 'GET', url: '/healthz', status: 200 });
    json.stop();
    expect(await second).toBe(0);
  });

  it('serves from PostgreSQL with --db postgres://…, never printing the password', async () => {
    const db = await createTestDatabase();
    try {
      const url = new URL(db.url);
      url.password = 'unused-secret';
      const { io, out, waitFor, stop } = testIo({ CP_DB: url.toString() });
      const exit = collectorMain(['serve', '--port', '0', '--quiet'], io);
      const [, base] = await waitFor(/listening on (http:\/\/\S+)$/);
      expect(out).toContain(`Database: ${url.host}${url.pathname}`);
      expect(out.join('\n')).not.toContain('unused-secret');
      const posted = await fetch(`${base}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: [] }) });
      expect(posted.status).toBe(200);
      stop();
      expect(await exit).toBe(0);
    } finally {
      await db.drop();
    }
  });

  it('takes --trust-proxy with or without a value, and --allow-host names', async () => {
    const { io, out, waitFor, stop } = testIo({ CP_ALLOW_HOST: 'ignored.example' });
    const exit = collectorMain(['serve', '--trust-proxy', '--port', '0', '--db', join(dir, 'proxy.sqlite'), '--allow-host', 'collect.example.com,.shop.example'], io);
    const [, url] = await waitFor(/listening on (http:\/\/\S+)$/);
    expect(out).toContain('Host names: IP addresses, localhost, collect.example.com, .shop.example');
    const port = Number(new URL(url!).port);
    const status = (host: string, forwardedFor: string) =>
      new Promise<number>((resolve, reject) =>
        request({ host: '127.0.0.1', port, path: '/v1/nope', headers: { host, 'x-forwarded-for': forwardedFor }, agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        })
          .on('error', reject)
          .end(),
      );
    expect(await status('collect.example.com', '10.0.0.1, 203.0.113.9')).toBe(404);
    expect(await status('eu.shop.example', '203.0.113.9')).toBe(404);
    expect(await status('ignored.example', '203.0.113.9')).toBe(403);
    // One hop: the client is the entry the proxy appended, not the forged one on the left.
    await waitFor(/^203\.0\.113\.9 - - .*"GET \/v1\/nope HTTP\/1\.1" 404 /);
    expect(out.filter((line) => line.startsWith('10.0.0.1 '))).toEqual([]);
    stop();
    expect(await exit).toBe(0);
  });

  it('rejects invalid options with a message and exit code 2 (a usage error)', async () => {
    for (const args of [
      ['--port', 'abc'],
      ['--port', '70000'],
      ['--body-limit', '0'],
      ['--rate-limit', 'lots'],
      ['--log-format', 'xml'],
      ['--shutdown-timeout', '-1'],
      ['--byte-limit', 'lots'],
      ['--trust-proxy', 'proxy.internal'],
      ['--request-timeout', 'soon'],
      ['--keep-alive-timeout', '0'],
      ['--max-connections', '0'],
      ['--max-connections-per-ip', '-1'],
      ['--nope'],
    ]) {
      const { io, err } = testIo();
      expect(await collectorMain(['serve', ...args, '--db', join(dir, 'x.sqlite')], io), args.join(' ')).toBe(2);
      expect(err.join('\n')).toMatch(/^confidence-pulse-collector serve: .*\. Run confidence-pulse-collector serve --help\.$/);
    }
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
  });
});
