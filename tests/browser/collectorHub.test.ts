/**
 * The collector as the hub: a site on another origin, under a strict CSP that names only the collector (and a nonce
 * for the stub), installs the widget with the stub and one script tag from the collector. The collector serves the
 * widget and publishes the surveys of a folder; edits reach the next visitor without a restart, an invalid edit keeps
 * the last valid document and heads the report; an `"undefined"` endpoint keeps every answer and says so.
 */
import { createServer, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { RunningCollector, StartCollectorOptions } from '../../src/collector/index';
import { readEvents, useBrowser, waitFor } from './harness';

const NONCE = 'cp-test-nonce';
const STUB = 'window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};';

/** Queued with the stub, so the first impression (the survey shows at once) is recorded too. */
const RECORD = "window.__ids=[];['impression','answer','complete'].forEach(function(t){ConfidencePulse('on',t,function(e){__ids.push(e.id)})});";

const surveyDoc = (text: string, extra: Record<string, unknown> = {}) => ({
  version: 1,
  pages: { shop: { match: ['/**'] } },
  surveys: [
    {
      id: 'hub',
      version: 1,
      pages: ['shop'],
      trigger: { pageIndex: 1 },
      sample: 1,
      questions: [{ id: 'confidence', type: 'scale', min: 1, max: 5, text: { en: text } }],
    },
    {
      id: 'never',
      version: 1,
      pages: ['shop'],
      trigger: { event: 'never-tracked' },
      questions: [{ id: 'q', type: 'scale', min: 1, max: 5, text: { en: 'A preview question' } }],
    },
  ],
  ...extra,
});

const env = useBrowser();
let collector: { url: string; close(): Promise<void> };
let site: Server;
let siteUrl: string;
let folder: string;
let db: string;

/** The site's pages: the stub (allowed by its nonce) and the script tag from the collector, nothing else. */
const sitePage = (path: string, attrs = '', commands = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title>
<script nonce="${NONCE}">${STUB}${RECORD}${commands}</script>
<script async src="${collector.url}/confidence-pulse.js"${attrs}></script>
</head><body${path === '/other' ? ' data-cp-page="other"' : ''}><h1>A shop on another origin</h1></body></html>`;

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-hub-'));
  folder = join(dir, 'surveys');
  const { mkdirSync } = await import('node:fs');
  mkdirSync(folder);
  writeFileSync(join(folder, 'shop.json'), JSON.stringify(surveyDoc('How sure are you (first wording)?')));
  db = join(dir, 'pulse.sqlite');
  const routes = new Map<string, [attrs: string, commands?: string]>();
  site = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const route = routes.get(url.pathname);
    if (route === undefined) return void res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      // Only the collector and the stub's nonce: no 'self', no inline, no styles or images at all.
      'content-security-policy': `default-src 'none'; script-src 'nonce-${NONCE}' ${collector.url}; connect-src ${collector.url}; style-src 'none'; img-src 'none'; base-uri 'none'; form-action 'none'`,
    });
    res.end(sitePage(url.pathname, ...route));
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  const port = (site.address() as { port: number }).port;
  // `localhost` for the site, 127.0.0.1 for the collector: two origins, as a shop and its collector are.
  siteUrl = `http://localhost:${port}`;
  routes.set('/', ['']);
  routes.set('/other', ['']);
  // The built collector, as the CLI runs it; typed from the sources (dist/ is not there before the first build).
  const { startCollector } = (await import(new URL('../../packages/collector/dist/index.js', import.meta.url).href)) as {
    startCollector(options: StartCollectorOptions): Promise<RunningCollector>;
  };
  collector = await startCollector({ port: 0, db, surveys: folder, allowOrigins: [siteUrl], log: false });
  // The listener is queued with the stub, as a site would: the start-up error reaches it.
  routes.set('/bad-endpoint', [` data-endpoint="undefined" data-config="${collector.url}/v1/surveys"`, "window.__errors=[];ConfidencePulse('on','error',function(e){__errors.push(e.reason)});"]);
});

afterAll(async () => {
  await collector?.close();
  await new Promise((resolve) => site?.close(resolve));
});

/** A new visitor (fresh storage and cache) on the site, with CSP violations, errors and requests recorded. */
async function visit(path = '/') {
  const context = await env.newContext();
  await context.addInitScript(() => {
    (window as any).__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => (window as any).__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('request', (request) => requests.push(request.url()));
  await page.goto(`${siteUrl}${path}`);
  await page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
  return { context, page, errors, requests };
}

test('the stub and one script tag from the collector: the published survey shows under a CSP naming only the collector, and the answer is stored', async () => {
  const { context, page, errors, requests } = await visit();
  await page.getByRole('radiogroup', { name: /first wording/ }).waitFor({ state: 'visible' });
  await page.getByRole('radio', { name: /^4/ }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  const ids = (await page.evaluate(() => (window as any).__ids)) as string[];
  expect(ids).toHaveLength(3);
  await waitFor(() => ids.every((id) => readEvents(db).some((row) => row.id === id)), 15_000, 'the answers in SQLite');
  // The document came validated from the collector: the lean UI chunk, never the one carrying the validator.
  expect(requests.some((url) => url.startsWith(`${collector.url}/confidence-pulse.lean.js?v=`))).toBe(true);
  expect(requests.some((url) => url.includes('/confidence-pulse.ui.js'))).toBe(false);
  expect(requests.filter((url) => url.startsWith(siteUrl))).toEqual([`${siteUrl}/`]);
  expect(await page.evaluate(() => (window as any).__violations)).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('an edit of the folder reaches the next visitor without a restart; an invalid edit keeps the last valid document and heads the report', async () => {
  const etag = async () => (await fetch(`${collector.url}/v1/surveys`)).headers.get('etag');
  const before = await etag();
  writeFileSync(join(folder, 'shop.json'), JSON.stringify(surveyDoc('How sure are you (second wording)?')));
  await waitFor(async () => (await etag()) !== before, 15_000, 'the edit published');
  const second = await visit();
  await second.page.getByRole('radiogroup', { name: /second wording/ }).waitFor({ state: 'visible' });
  await second.context.close();

  // A broken edit: the collector refuses it, logs it, and the report says so at the top.
  writeFileSync(join(folder, 'shop.json'), JSON.stringify(surveyDoc('x', { surveys: [{ id: 'hub', pages: ['nowhere'] }] })));
  const problems: string = await waitFor(async () => {
    const html = await (await fetch(`${collector.url}/`)).text();
    return /id="survey-problems"/.test(html) ? html : undefined;
  }, 15_000, 'the problem in the report');
  expect(problems).toMatch(/shop\.json:\d+:\d+: surveys\[0\]\.version: required/);
  expect(problems.indexOf('survey-problems')).toBeLessThan(problems.indexOf('<form'));
  const third = await visit();
  await third.page.getByRole('radiogroup', { name: /second wording/ }).waitFor({ state: 'visible' });
  expect(third.errors).toEqual([]);
  await third.context.close();

  // Fixed again: published, and the report's banner is gone.
  writeFileSync(join(folder, 'shop.json'), JSON.stringify(surveyDoc('How sure are you (third wording)?')));
  await waitFor(async () => !/id="survey-problems"/.test(await (await fetch(`${collector.url}/`)).text()), 15_000, 'the banner gone');
  const fourth = await visit();
  await fourth.page.getByRole('radiogroup', { name: /third wording/ }).waitFor({ state: 'visible' });
  await fourth.context.close();
});

test('data-endpoint="undefined" is an error in the console and on on(\'error\'), and every answer stays queued, none lost', async () => {
  const { context, page, errors, requests } = await visit('/bad-endpoint');
  await page.getByRole('radio', { name: /^2/ }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  expect(errors.some((line) => line.includes('endpoint "undefined" is not an absolute or root-relative URL'))).toBe(true);
  const ids = (await page.evaluate(() => (window as any).__ids)) as string[];
  expect(ids).toHaveLength(3);
  const stats = await page.evaluate(() => (window as any).ConfidencePulse('stats'));
  expect(stats).toMatchObject({ queued: 3, sent: 0, dropped: {} });
  expect(await page.evaluate(() => (window as any).__errors)).toEqual(['invalid_endpoint']);
  expect(requests.some((url) => url.endsWith('/undefined'))).toBe(false);
  expect(readEvents(db).filter((row) => ids.includes(row.id))).toEqual([]);
  await context.close();
});

test('?cp-debug=1 explains each survey and logs each send; &cp-show previews a survey at once and sends none of its events', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  const lines: string[] = [];
  page.on('console', (msg) => lines.push(msg.text()));
  const posts: string[] = [];
  page.on('request', (request) => request.method() === 'POST' && posts.push(request.postData() ?? ''));
  // A page of a type no survey targets, and "never" waits for an event nobody tracks: only the preview can show it.
  await page.goto(`${siteUrl}/other?cp-debug=1&cp-show=never`);
  await page.getByRole('radiogroup', { name: /A preview question/ }).waitFor({ state: 'visible' });
  await page.getByRole('radio', { name: /^3/ }).click();
  await page.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  await waitFor(() => lines.some((line) => /preview \(not stored, not sent\): answer of survey "never"/.test(line)), 10_000, 'the preview answer logged');
  expect(lines.some((line) => line.includes('debug on. Endpoint: ') && line.includes('(validated by the collector)'))).toBe(true);
  expect(lines.some((line) => line.includes('survey "hub": not shown: this page is "other", not one of the survey\'s pages (shop)'))).toBe(true);
  expect(lines).toContain('  event "never-tracked" 0 of 1');
  expect(lines).toContain('page type: "other" from data-cp-page');
  // Every send is logged with its answer; none carries a preview event.
  await page.evaluate(() => (window as any).ConfidencePulse('outcome', 'add_to_cart'));
  await page.evaluate(() => (window as any).ConfidencePulse('flush'));
  await waitFor(() => lines.some((line) => /sent 1 event\(s\) \(outcome\) to http:\/\/127\.0\.0\.1:\d+\/v1\/events: HTTP 200/.test(line)), 10_000, 'a send logged');
  expect(posts.every((body) => !body.includes('"preview"'))).toBe(true);
  expect(readEvents(db).filter((row) => row.body.includes('"preview"'))).toEqual([]);
  await context.close();
});
