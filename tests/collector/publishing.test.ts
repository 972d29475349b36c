/**
 * The collector as the hub: the widget's files (precompressed, cached by version, cross-origin headers) and the
 * survey documents it publishes from a file or folder (validated, merged, ETag, live edits, the last valid document
 * kept). Several collectors on one PostgreSQL database read the same folder and serve the same document.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { chunksHash } from '../../src/collector/routes/widgetRoutes';
import { publishSurveys } from '../../src/collector/publishSurveys';
import { mergeDocuments } from '../../src/collector/mergeDocuments';
import { pickEncoding } from '../../src/collector/pickEncoding';
import { start, stopAll } from './helpers';
import { createTestDatabase, type TestDatabase } from './testDatabase';

const dist = (file: string) => readFileSync(new URL(`../../dist/${file}`, import.meta.url));
const question = { id: 'q', type: 'scale', min: 1, max: 5, text: 'Sure?' };
const doc = (surveyId: string, extra: Record<string, unknown> = {}) => ({
  version: 1,
  pages: { category: { match: ['/c/**'] } },
  surveys: [{ id: surveyId, version: 1, pages: ['category'], trigger: { scrollDepth: 0.5 }, questions: [question] }],
  ...extra,
});
const folderWith = (files: Record<string, unknown>) => {
  const dir = join(mkdtempSync(join(tmpdir(), 'cp-surveys-')), 'surveys');
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
};
/** Polls until `check` holds; edits are seen by a file watcher, whose delay is not ours to assert. */
async function until<T>(check: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

afterEach(stopAll);

describe('the widget files', () => {
  it('are precompressed: brotli, gzip or none, as Accept-Encoding allows, each the built file', async () => {
    const collector = await start();
    const url = `${collector.url}/confidence-pulse.js`;
    const ask = (encoding: string) => fetch(url, { headers: { 'accept-encoding': encoding } });
    // fetch decompresses on its own; undici's raw body is read through arrayBuffer of a response it did not decode.
    const raw = async (encoding: string) => {
      const { request } = await import('node:http');
      return new Promise<{ headers: Record<string, unknown>; body: Buffer }>((resolve, reject) => {
        request(url, { headers: { 'accept-encoding': encoding } }, (res) => {
          const parts: Buffer[] = [];
          res.on('data', (part) => parts.push(part));
          res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(parts) }));
        })
          .on('error', reject)
          .end();
      });
    };
    const br = await raw('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(br.body).equals(dist('confidence-pulse.js'))).toBe(true);
    const gz = await raw('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(dist('confidence-pulse.js'))).toBe(true);
    const plain = await raw('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.equals(dist('confidence-pulse.js'))).toBe(true);
    expect((await raw('br;q=0, gzip')).headers['content-encoding']).toBe('gzip');
    const response = await ask('br');
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('vary')).toBe('Accept-Encoding');
  });

  it('the script tag is cacheable for minutes, chunks named with their current hash for a year; ETags answer 304', async () => {
    const collector = await start();
    const tag = await fetch(`${collector.url}/confidence-pulse.js`);
    expect(tag.headers.get('cache-control')).toBe('public, max-age=300');
    expect(tag.headers.get('access-control-allow-origin')).toBe('*');
    expect(tag.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(tag.headers.get('x-content-type-options')).toBe('nosniff');
    // The build writes the chunks' hash into the script tag; the collector computes the same from the files.
    const version = /\?v=([0-9a-f]{8})/.exec(await tag.text())![1];
    expect(version).toBe(chunksHash(['confidence-pulse.ui.js', 'confidence-pulse.lean.js', 'confidence-pulse.debug.js', 'confidence-pulse.destinations.js'].map(dist)));
    for (const chunk of ['ui', 'lean', 'debug']) {
      const current = await fetch(`${collector.url}/confidence-pulse.${chunk}.js?v=${version}`);
      expect(current.status).toBe(200);
      expect(current.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(current.headers.get('access-control-allow-origin')).toBe('*');
      const old = await fetch(`${collector.url}/confidence-pulse.${chunk}.js?v=00000000`);
      expect(old.headers.get('cache-control')).toBe('public, max-age=300');
    }
    const etag = tag.headers.get('etag')!;
    expect((await fetch(`${collector.url}/confidence-pulse.js`, { headers: { 'if-none-match': etag } })).status).toBe(304);
    expect((await fetch(`${collector.url}/confidence-pulse.js.map`)).headers.get('content-type')).toBe('application/json; charset=utf-8');
  });

  it('pickEncoding follows q-values and *', () => {
    expect(pickEncoding(undefined)).toBeUndefined();
    expect(pickEncoding('gzip, br')).toBe('br');
    expect(pickEncoding('br;q=0, *')).toBe('gzip');
    expect(pickEncoding('*;q=0')).toBeUndefined();
    expect(pickEncoding('deflate')).toBeUndefined();
  });
});

describe('GET /v1/surveys', () => {
  it('answers 404 with the fix when nothing is published', async () => {
    const collector = await start();
    const response = await fetch(`${collector.url}/v1/surveys`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: 'no surveys published: start the collector with --surveys FILE|FOLDER' });
  });

  it('serves the validated document with an ETag, a short max-age, CORS for any origin and the validated marker', async () => {
    const folder = folderWith({ 'a.json': { $schema: '../dist/survey.schema.json', ...doc('a') } });
    const collector = await start({ surveys: join(folder, 'a.json') });
    const response = await fetch(`${collector.url}/v1/surveys`, { headers: { origin: 'https://shop.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60, must-revalidate');
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-expose-headers')).toBe('confidence-pulse-validated');
    expect(response.headers.get('confidence-pulse-validated')).toBe('1');
    // `$schema` is an editor hint: not published.
    expect(await response.json()).toEqual(doc('a'));
    const etag = response.headers.get('etag')!;
    expect((await fetch(`${collector.url}/v1/surveys`, { headers: { 'if-none-match': etag } })).status).toBe(304);
  });

  it('refuses to start with no valid document, naming every problem', async () => {
    const folder = folderWith({ 'bad.json': '{"version":1,' });
    await expect(start({ surveys: folder })).rejects.toThrow(/no valid survey document to publish:\n.*bad\.json:1:14: invalid JSON/);
  });
});

describe('publishing a folder', () => {
  it('publishes the union of its documents: surveys in file order, pages and outcomes by name', async () => {
    const folder = folderWith({
      'b.json': doc('second', { pages: { category: { match: ['/c/**'] }, product: { match: ['/p/**'] } }, outcomes: { purchase: { match: ['/thanks'] } } }),
      'a.json': doc('first', { consent: 'required' }),
      'notes.txt': 'not a document',
    });
    const published = await publishSurveys(folder, { watch: false });
    const served = JSON.parse(published.current()!.json);
    expect(served.surveys.map((s: { id: string }) => s.id)).toEqual(['first', 'second']);
    expect(Object.keys(served.pages)).toEqual(['category', 'product']);
    expect(served.outcomes).toEqual({ purchase: { match: ['/thanks'] } });
    expect(served.consent).toBe('required');
    expect(published.problems()).toEqual([]);
  });

  it('refuses conflicts between files: a page rule defined twice, a setting set differently, a survey id used twice', () => {
    const conflict = mergeDocuments([
      { file: 'a.json', doc: doc('a', { consent: 'required' }) as never },
      { file: 'b.json', doc: doc('b', { pages: { category: { match: ['/category/**'] } }, recordPageViews: true }) as never },
      { file: 'c.json', doc: doc('c', { recordPageViews: false }) as never },
    ]);
    expect(conflict).toEqual({
      ok: false,
      problems: [
        'b.json: pages.category differs from its definition in a.json',
        'c.json: recordPageViews differs from its value in b.json; set it the same in every file of the folder, or in one only',
      ],
    });
  });

  it('an invalid edit keeps that file\'s last valid version in service and reports it; a fix clears the report', async () => {
    const folder = folderWith({ 'a.json': doc('a'), 'b.json': doc('b') });
    const warnings: string[] = [];
    const published = await publishSurveys(folder, { watch: false, warn: (line) => warnings.push(line) });
    const first = published.current()!;
    writeFileSync(join(folder, 'b.json'), JSON.stringify({ ...doc('b'), surveys: [{ id: 'b' }] }));
    writeFileSync(join(folder, 'a.json'), JSON.stringify(doc('a2')));
    await published.reload();
    // a.json's edit is published; b.json's broken edit is refused and its last valid version stays.
    expect(JSON.parse(published.current()!.json).surveys.map((s: { id: string }) => s.id)).toEqual(['a2', 'b']);
    expect(published.current()!.etag).not.toBe(first.etag);
    // Every problem of the file, each with its line and column, as `validate` prints them.
    expect(published.problems()).toContain(`${join(folder, 'b.json')}:1:66: surveys[0].version: required (integer)`);
    expect(published.problems()).toContain(`${join(folder, 'b.json')}:1:66: surveys[0].questions: required (array)`);
    expect(published.problems()).toContain(`${join(folder, 'b.json')}: refused; its last valid version stays published`);
    expect(warnings).toEqual([...published.problems()]);
    // Two files now using one survey id: the union is refused as a whole.
    writeFileSync(join(folder, 'b.json'), JSON.stringify(doc('a2')));
    await published.reload();
    expect(JSON.parse(published.current()!.json).surveys.map((s: { id: string }) => s.id)).toEqual(['a2', 'b']);
    expect(published.problems().join('\n')).toMatch(/all files together\): surveys\[1\]\.id: duplicate survey id "a2"/);
    writeFileSync(join(folder, 'b.json'), JSON.stringify(doc('b2')));
    await published.reload();
    expect(published.problems()).toEqual([]);
    expect(JSON.parse(published.current()!.json).surveys.map((s: { id: string }) => s.id)).toEqual(['a2', 'b2']);
  });

  it('picks up edits, new files and removed files while running, without a restart', async () => {
    const folder = folderWith({ 'a.json': doc('a') });
    const collector = await start({ surveys: folder });
    const ids = async () => ((await (await fetch(`${collector.url}/v1/surveys`)).json()) as { surveys: { id: string }[] }).surveys.map((s) => s.id).join(',');
    expect(await ids()).toBe('a');
    writeFileSync(join(folder, 'b.json'), JSON.stringify(doc('b')));
    await until(async () => (await ids()) === 'a,b', 'the new file published');
    writeFileSync(join(folder, 'a.json'), JSON.stringify(doc('a-edited')));
    await until(async () => (await ids()) === 'a-edited,b', 'the edit published');
    const { rmSync } = await import('node:fs');
    rmSync(join(folder, 'a.json'));
    await until(async () => (await ids()) === 'b', 'the removal published');
  });
});

describe('several collectors on one PostgreSQL database', () => {
  const databases: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(databases.map((db) => db.drop()));
  });

  it('each reads the same folder and serves the same document and ETag; an edit reaches both', async () => {
    const database = await createTestDatabase();
    databases.push(database);
    const folder = folderWith({ 'a.json': doc('a') });
    const [one, two] = await Promise.all([start({ db: database.url, surveys: folder }), start({ db: database.url, surveys: folder })]);
    const read = async (collector: { url: string }) => {
      const response = await fetch(`${collector.url}/v1/surveys`);
      return { etag: response.headers.get('etag'), body: await response.text() };
    };
    const [first, second] = await Promise.all([read(one), read(two)]);
    expect(first).toEqual(second);
    writeFileSync(join(folder, 'a.json'), JSON.stringify(doc('edited')));
    const [edited1, edited2] = await Promise.all([
      until(async () => ((await read(one)).etag !== first.etag ? read(one) : undefined), 'collector one'),
      until(async () => ((await read(two)).etag !== first.etag ? read(two) : undefined), 'collector two'),
    ]);
    expect(edited1).toEqual(edited2);
    expect(JSON.parse(edited1.body).surveys[0].id).toBe('edited');
    // Same ETag on every collector: a browser's conditional request gets 304 from whichever answers it.
    expect((await fetch(`${two.url}/v1/surveys`, { headers: { 'if-none-match': edited1.etag! } })).status).toBe(304);
  });
});
