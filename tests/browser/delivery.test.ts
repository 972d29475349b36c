/**
 * Delivery in real Chromium: the built script tag on pages of the demo store, posting through a
 * fault-injecting proxy (tests/browser/faultProxy.ts) to the real collector and its SQLite file.
 * Each test gets its own store, proxy, collector, database and browser context.
 */
import { expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { readEvents, startTestDemo, useBrowser, waitFor, type BrowserContext, type Demo } from './harness';
import { startFaultProxy, type FaultProxy } from './faultProxy';
import { MAX_BATCH_BYTES } from '../../src/widget/outbox/createQueue';

const env = useBrowser({ bfcache: true });

/** A survey that shows only when asked (`show`), so every event here is one the test made. */
const CONFIG = {
  version: 1,
  pages: { category: { match: ['/t/**'] } },
  surveys: [
    {
      id: 'decision-confidence',
      version: 1,
      pages: ['category'],
      trigger: { event: 'never' },
      questions: [{ id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you that you can pick the right product?' }],
    },
  ],
};

/** A test page at any `/t/…` path: the README snippet with an inline document. */
const testPage = (endpoint: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Delivery test</title>
<script type="application/json" id="confidence-pulse-config">${JSON.stringify(CONFIG)}</script>
<script src="/stub.js"></script>
<script async src="/confidence-pulse.js" data-endpoint="${endpoint}"></script></head>
<body><h1>Delivery test</h1><p><a id="away" href="/t/away">Away</a></p></body></html>`;

/** Runs in every page before its scripts: records errors and the ids of the events the widget reports. */
const RECORDER = `
window.__cp = { errors: [], events: [] };
window.ConfidencePulse = window.ConfidencePulse || function () { (ConfidencePulse.q = ConfidencePulse.q || []).push(arguments); };
ConfidencePulse('on', 'error', function (e) { __cp.errors.push(e); });
['impression', 'answer', 'complete', 'dismiss', 'outcome'].forEach(function (t) {
  ConfidencePulse('on', t, function (e) { __cp.events.push({ id: e.id, type: e.type }); });
});`;

interface Rig {
  demo: Demo;
  proxy: FaultProxy;
  context: BrowserContext;
  url(path?: string): string;
  close(): Promise<void>;
}

async function rig({ initScript = '' } = {}): Promise<Rig> {
  const proxy = await startFaultProxy();
  // Any /t/… path serves the test page; the demo's own pages stay as they are.
  const extraRoutes = new Proxy({}, { get: (_t, path) => (typeof path === 'string' && path.startsWith('/t/') ? () => ({ type: 'text/html; charset=utf-8', body: testPage(proxy.endpoint) }) : undefined) });
  const demo = await startTestDemo({ endpoint: proxy.endpoint, extraRoutes });
  proxy.target = demo.collectorUrl;
  const context = await env.newContext();
  await context.addInitScript(RECORDER + initScript);
  return {
    demo,
    proxy,
    context,
    url: (path = '/t/page') => demo.storeUrl + path,
    async close() {
      await context.close();
      await proxy.close();
      await demo.close();
    },
  };
}

type Stats = { sent: number; retried: number; dropped: Record<string, number>; storage: string; queued: number; paused: boolean };
type Reported = { reason: string; count?: number; status?: number; message?: string; stats?: Stats };

async function open(context: BrowserContext, url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await ready(page);
  return page;
}
const ready = (page: Page) => page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');
const stats = (page: Page): Promise<Stats> => page.evaluate(() => (window as any).ConfidencePulse('stats'));
const errors = (page: Page): Promise<Reported[]> => page.evaluate(() => (window as any).__cp.errors);
const stored = (demo: Demo) => readEvents(demo.db);

/** Queues `n` outcome events through the public API; answers their ids. */
async function outcomes(page: Page, n: number): Promise<string[]> {
  return page.evaluate(async (count) => {
    const cp = (window as any).__cp;
    const before = cp.events.length;
    for (let i = 0; i < count; i++) (window as any).ConfidencePulse('outcome', `o${i}`);
    await new Promise((resolve) => setTimeout(resolve, 0));
    return cp.events.slice(before).map((e: { id: string }) => e.id);
  }, n);
}

/** Shows the survey and clicks "4": a real answer through the UI chunk. Answers the answer's id. */
async function answerViaUi(page: Page): Promise<string> {
  expect(await page.evaluate(() => (window as any).ConfidencePulse('show', 'decision-confidence', { force: true }))).toBe(true);
  await page.getByRole('radio', { name: '4', exact: true }).click();
  const id = await page.waitForFunction(() => (window as any).__cp.events.find((e: { type: string }) => e.type === 'answer')?.id);
  return (await id.jsonValue()) as string;
}

/**
 * Writes `n` answers straight into the outbox (database `confidence-pulse`, store `outbox`, key "a" + id), as
 * `n` survey displays would have: the stand-in for a thousand visitors' clicks, which would take minutes.
 */
async function seedAnswers(page: Page, n: number): Promise<string[]> {
  return page.evaluate(async (count) => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('confidence-pulse');
      request.onupgradeneeded = () => request.result.createObjectStore('outbox');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const ids: string[] = [];
    const tx = db.transaction('outbox', 'readwrite');
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      ids.push(id);
      tx.objectStore('outbox').put(
        {
          id,
          type: 'answer',
          ts: new Date().toISOString(),
          pageViewId: `seeded-${i}`,
          page: { type: 'category', path: location.pathname },
          survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
          question: { id: 'confidence', type: 'scale', min: 1, max: 5 },
          answer: { value: 1 + (i % 5) },
        },
        `a${id}`,
      );
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
    db.close();
    return ids;
  }, n);
}

/** Rows stored for these ids, failing if any id is missing once the wait is over. */
async function waitStored(demo: Demo, ids: string[], timeoutMs = 20_000) {
  return waitFor(() => {
    const rows = stored(demo);
    const have = new Set(rows.map((r) => r.id));
    return ids.every((id) => have.has(id)) ? rows : undefined;
  }, timeoutMs, `${ids.length} events in SQLite`);
}

/** Counts each page's POSTs to the endpoint, from now on, as the browser saw them. */
function countPosts(r: Rig, ...pages: Page[]): (page: Page) => number {
  const counts = new Map<Page, number>(pages.map((p) => [p, 0]));
  for (const page of pages) page.on('request', (request) => request.method() === 'POST' && request.url() === r.proxy.endpoint && counts.set(page, counts.get(page)! + 1));
  return (page) => counts.get(page)!;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

test('1,000 answers queued offline across 3 reloads, then online: 1,000 distinct stored, none twice, the queue empty', async () => {
  const r = await rig();
  try {
    // The collector is unreachable while the pages reload; the pages are offline while the answers are made.
    r.proxy.rule = () => ({ drop: true });
    const page = await open(r.context, r.url());
    const answers: string[] = [];
    for (let round = 0; round < 3; round++) {
      if (round) {
        await page.reload();
        await ready(page);
      }
      answers.push(await answerViaUi(page));
      await r.context.setOffline(true);
      answers.push(...(await seedAnswers(page, round < 2 ? 333 : 331)));
      expect((await stats(page)).queued).toBeGreaterThanOrEqual(answers.length);
      if (round < 2) await r.context.setOffline(false);
    }
    expect(answers).toHaveLength(1000);
    expect(stored(r.demo)).toEqual([]);
    const attemptsWhileUnreachable = r.proxy.log.length;

    // Back online, with the collector reachable.
    r.proxy.rule = undefined;
    await r.context.setOffline(false);
    const rows = await waitStored(r.demo, answers, 30_000);
    await expect.poll(async () => (await stats(page)).queued, { timeout: 10_000 }).toBe(0);

    const answerRows = rows.filter((row) => row.type === 'answer');
    expect(answerRows).toHaveLength(1000);
    expect(new Set(answerRows.map((row) => row.id)).size).toBe(1000);
    // None twice: across every request that reached the collector, each id was accepted exactly once.
    const delivered = r.proxy.log.slice(attemptsWhileUnreachable).filter((l) => l.status === 200);
    expect(delivered.reduce((n, l) => n + (l.accepted ?? 0), 0)).toBe(stored(r.demo).length);
    // A backlog drains in batches of 50 at first, then larger ones, each (after the first) within 128,000 bytes give
    // or take an event: fewer requests than batches of 100 would take.
    expect(delivered[0]!.ids.length).toBeLessThanOrEqual(50);
    expect(Math.max(...delivered.map((l) => l.ids.length))).toBeGreaterThan(100);
    const slack = 2 * Math.max(...delivered.map((l) => l.bytes / l.ids.length));
    for (const l of delivered.slice(1)) expect(l.bytes).toBeLessThanOrEqual(MAX_BATCH_BYTES + slack);
    // CORS-safelisted: text/plain bodies, so no preflight ever.
    expect(new Set(r.proxy.log.map((l) => l.contentType))).toEqual(new Set(['text/plain;charset=UTF-8']));
    expect(r.proxy.methods.filter((m) => m !== 'POST')).toEqual([]);
    expect((await errors(page)).filter((e) => e.reason !== 'storage_fallback').map((e) => e.reason)).toEqual([]);
  } finally {
    await r.close();
  }
}, 120_000);

test('a reload while a request is in flight: the same ids are sent again and stored once', async () => {
  const r = await rig();
  try {
    // The first request reaches the collector at once, but its answer comes 4 s later: too late for this page.
    r.proxy.script.push({ delayMs: 4000 });
    const page = await open(r.context, r.url());
    const ids = await outcomes(page, 3);
    await waitFor(() => r.proxy.log.length >= 1, 5000, 'the first request');
    const inFlight = r.proxy.log[0]!.ids;
    expect([...inFlight].sort()).toEqual([...ids].sort());
    await page.reload();
    await ready(page);
    const rows = await waitStored(r.demo, ids);
    await expect.poll(async () => (await stats(page)).queued).toBe(0);

    const resent = r.proxy.log.slice(1).filter((l) => inFlight.every((id) => l.ids.includes(id)));
    expect(resent.length).toBeGreaterThanOrEqual(1);
    expect(rows.filter((row) => ids.includes(row.id))).toHaveLength(3);
    // The collector saw them again and said "duplicate", a success, so the new page deleted them.
    expect(r.proxy.log.slice(1).reduce((n, l) => n + (l.duplicate ?? 0), 0)).toBeGreaterThanOrEqual(3);
  } finally {
    await r.close();
  }
}, 60_000);

test('503 five times, then 200: six attempts with growing gaps, stored once', async () => {
  const r = await rig();
  try {
    r.proxy.script.push(...Array.from({ length: 5 }, () => ({ status: 503 })));
    const page = await open(r.context, r.url());
    const ids = await outcomes(page, 2);
    await waitStored(r.demo, ids, 50_000);
    // The proxy logs an attempt's status when the collector's answer reaches it, which can be a moment after the
    // rows are committed.
    await expect.poll(() => r.proxy.log.map((l) => l.status)).toEqual([503, 503, 503, 503, 503, 200]);
    const attempts = r.proxy.log;
    for (const attempt of attempts) expect([...attempt.ids].sort()).toEqual([...ids].sort());
    const gaps = attempts.slice(1).map((l, i) => l.at - attempts[i]!.at);
    // 1 s doubling, ±10% jitter: each wait at least 90% of its step, and each longer than the one before.
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(900 * 2 ** i - 50));
    gaps.slice(1).forEach((gap, i) => expect(gap).toBeGreaterThan(gaps[i]!));
    // Stored before the page has read the answer: wait for the delete.
    await expect.poll(async () => (await stats(page)).queued).toBe(0);
    expect(await stats(page)).toMatchObject({ sent: 2, retried: 5, dropped: {}, queued: 0, paused: false });
    expect(stored(r.demo).filter((row) => ids.includes(row.id))).toHaveLength(2);
  } finally {
    await r.close();
  }
}, 90_000);

test('Retry-After, in seconds or as an HTTP date, pauses the queue for that long', async () => {
  const r = await rig();
  try {
    r.proxy.rule = ({ n }) =>
      n === 1 ? { status: 429, retryAfter: '3' } : n === 2 ? { status: 503, retryAfter: new Date(Date.now() + 6000).toUTCString() } : undefined;
    const page = await open(r.context, r.url());
    const ids = await outcomes(page, 1);
    await waitFor(() => r.proxy.log.length >= 1, 5000, 'the first request');
    expect(await stats(page)).toMatchObject({ paused: true, queued: 1 });
    await waitStored(r.demo, ids, 20_000);
    const [first, second, third] = r.proxy.log;
    // Without Retry-After the backoff would have waited 1 s, then 2 s.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(2950);
    // An HTTP date has whole seconds: 6 s minus at most one.
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(4950);
    expect(r.proxy.log).toHaveLength(3);
    await expect.poll(async () => (await stats(page)).queued).toBe(0);
    expect(await stats(page)).toMatchObject({ sent: 1, retried: 2, paused: false, queued: 0 });
  } finally {
    await r.close();
  }
}, 60_000);

test('the status matrix: which statuses retry, drop or pause, with the event counts at the end', async () => {
  const r = await rig();
  try {
    const statuses = [400, 401, 403, 404, 408, 422, 429, 500, 501, 502, 503, 504, 505, 511];
    // Each page path gets its status once; then the proxy forwards.
    const seen = new Set<string>();
    r.proxy.rule = ({ paths }) => {
      const path = paths[0]!;
      if (seen.has(path)) return undefined;
      seen.add(path);
      return { status: Number(path.slice('/t/s'.length)) };
    };
    // One browser context per status: separate storage, as on separate devices, all at once.
    const rows = await Promise.all(
      statuses.map(async (status) => {
        const context = await env.newContext();
        await context.addInitScript(RECORDER);
        try {
          const page = await open(context, r.url(`/t/s${status}`));
          const ids = await outcomes(page, 2);
          // Debounce (1 s), the scripted answer, one backoff step (1 s ±10%) and the retry.
          await sleep(4000);
          const s = await stats(page);
          const stored = readEvents(r.demo.db).filter((row) => ids.includes(row.id)).length;
          const requests = r.proxy.log.filter((l) => l.paths[0] === `/t/s${status}`).length;
          const reported = (await errors(page)).map((e) => `${e.reason}×${e.count}`).join(' ');
          return { status, requests, stored, queued: s.queued, sent: s.sent, retried: s.retried, dropped: JSON.stringify(s.dropped), paused: s.paused, reported };
        } finally {
          await context.close();
        }
      }),
    );
    const retry = (status: number) => ({ status, requests: 2, stored: 2, queued: 0, sent: 2, retried: 1, dropped: '{}', paused: false, reported: '' });
    const drop = (status: number) => ({ status, requests: 1, stored: 0, queued: 0, sent: 0, retried: 0, dropped: `{"status_${status}":2}`, paused: false, reported: `status_${status}×2` });
    const pause = (status: number) => ({ status, requests: 1, stored: 0, queued: 2, sent: 0, retried: 0, dropped: '{}', paused: true, reported: `paused_${status}×2` });
    expect(rows).toEqual([
      drop(400), pause(401), pause(403), pause(404), retry(408), drop(422), retry(429),
      retry(500), drop(501), retry(502), retry(503), retry(504), drop(505), drop(511),
    ]);
  } finally {
    await r.close();
  }
}, 60_000);

test('413 halves the batch; an oversized single event is dropped and reported while the rest flows', async () => {
  const r = await rig();
  try {
    // The endpoint takes at most 2,000 bytes per request.
    r.proxy.rule = ({ bytes }) => (bytes > 2000 ? { status: 413 } : undefined);
    // The first tab is the sender. Its long path makes its event about 2.3 KB on its own.
    const sender = await open(r.context, r.url(`/t/${'l'.repeat(1900)}`));
    const other = await open(r.context, r.url('/t/small'));
    const sentBy = countPosts(r, sender, other);
    const [oversized] = await outcomes(sender, 1);
    const small = await outcomes(other, 12);
    await waitStored(r.demo, small);
    await expect.poll(async () => (await stats(sender)).queued).toBe(0);

    expect(stored(r.demo).map((row) => row.id)).not.toContain(oversized);
    const log = r.proxy.log;
    expect(log[0]!.ids).toHaveLength(13);
    expect(log[0]!.status).toBe(413);
    // Halving: 13 → 6 → 3 → 1 (the oversized one, alone) → dropped.
    expect(log.slice(0, 4).map((l) => l.ids.length)).toEqual([13, 6, 3, 1]);
    expect(log[3]!.ids).toEqual([oversized]);
    expect(log.filter((l) => l.status === 200).flatMap((l) => l.ids).sort()).toEqual([...small].sort());
    expect(await stats(sender)).toMatchObject({ sent: 12, dropped: { too_large: 1 }, queued: 0 });
    expect(await errors(sender)).toMatchObject([{ reason: 'too_large', count: 1, status: 413, stats: { dropped: { too_large: 1 } } }]);
    // The other tab never sent anything.
    expect(sentBy(other)).toBe(0);
    expect(sentBy(sender)).toBe(r.proxy.log.length);
  } finally {
    await r.close();
  }
}, 60_000);

test('the page hidden with 80 events of about 1 KB waiting: no page-hide body over 60,000 bytes, the rest delivered on the next load', async () => {
  const r = await rig();
  try {
    // A long path makes each outcome event about 1 KB.
    const page = await open(r.context, r.url(`/t/${'h'.repeat(470)}`));
    // 80 events, then leave at once, inside the 1 s debounce: only the page-hide path can send now.
    const ids = await page.evaluate(() => {
      const cp = (window as any).__cp;
      for (let i = 0; i < 80; i++) (window as any).ConfidencePulse('outcome', `o${i}`);
      const made = cp.events.map((e: { id: string }) => e.id);
      (document.getElementById('away') as HTMLAnchorElement).click();
      return made as string[];
    });
    expect(ids).toHaveLength(80);
    await page.waitForURL(/\/t\/away$/);
    await ready(page);
    const rows = await waitStored(r.demo, ids);
    await expect.poll(async () => (await stats(page)).queued).toBe(0);

    const log = r.proxy.log;
    // The first request is the page-hide one: more events than a normal batch (50), fewer than all 80.
    const hidden = log[0]!;
    expect(hidden.ids.length).toBeGreaterThan(50);
    expect(hidden.ids.length).toBeLessThan(80);
    expect(hidden.bytes).toBeLessThanOrEqual(60_000);
    expect(hidden.bytes).toBeGreaterThan(50_000);
    for (const request of log) expect(request.bytes).toBeLessThanOrEqual(60_000);
    // The rest came from the next page.
    const rest = ids.filter((id) => !hidden.ids.includes(id));
    expect(rest.length).toBeGreaterThan(0);
    expect(log.slice(1).flatMap((l) => l.ids)).toEqual(expect.arrayContaining(rest));
    expect(rows.filter((row) => ids.includes(row.id))).toHaveLength(80);
  } finally {
    await r.close();
  }
}, 60_000);

for (const locks of [true, false]) {
  test(`two tabs producing events offline, then online: every event stored once (${locks ? 'Web Locks: one tab sends, requests not doubled' : 'no Web Locks: each tab sends, the collector deduplicates'})`, async () => {
    const r = await rig({ initScript: locks ? '' : 'delete Navigator.prototype.locks;' });
    try {
      const a = await open(r.context, r.url('/t/a'));
      const b = await open(r.context, r.url('/t/b'));
      const sentBy = countPosts(r, a, b);
      expect(await a.evaluate(() => 'locks' in navigator)).toBe(locks);
      await r.context.setOffline(true);
      const ids = [...(await outcomes(a, 40)), ...(await outcomes(b, 40)), ...(await outcomes(a, 20))];
      await sleep(1500);
      expect(r.proxy.log).toHaveLength(0);
      await r.context.setOffline(false);
      const rows = await waitStored(r.demo, ids);
      expect(rows).toHaveLength(100);
      await sleep(1500);
      expect(new Set(r.proxy.log.flatMap((l) => l.ids)).size).toBe(100);
      if (locks) {
        // 100 events, 50 per batch: two requests in all, from one tab, and no id sent twice.
        expect(r.proxy.log.map((l) => l.ids.length)).toEqual([50, 50]);
        expect([sentBy(a), sentBy(b)].sort()).toEqual([0, 2]);
      }
      // Without Web Locks both tabs drain the shared queue, so an id may go twice: the store above still holds each once.
      await expect.poll(async () => [(await stats(a)).queued, (await stats(b)).queued]).toEqual([0, 0]);
    } finally {
      await r.close();
    }
  }, 60_000);
}

const NO_IDB = {
  'deleted global': 'delete window.indexedDB;',
  'failing open': `IDBFactory.prototype.open = function () {
    const request = {};
    setTimeout(function () { request.error = new DOMException('The user denied permission to access the database.', 'UnknownError'); request.onerror && request.onerror(new Event('error')); });
    return request;
  };`,
  'hanging open': 'IDBFactory.prototype.open = function () { return {}; };',
  'no IndexedDB, no localStorage': `delete window.indexedDB;
    Object.defineProperty(window, 'localStorage', { get: function () { throw new DOMException('The operation is insecure.', 'SecurityError'); } });`,
};
for (const [name, initScript] of Object.entries(NO_IDB)) {
  test(`IndexedDB unusable (${name}): the widget still works and delivers`, async () => {
    const r = await rig({ initScript });
    try {
      const page = await open(r.context, r.url());
      const answer = await answerViaUi(page);
      const ids = [answer, ...(await outcomes(page, 3))];
      await waitStored(r.demo, ids);
      const memory = name.includes('localStorage');
      await expect.poll(async () => (await stats(page)).queued).toBe(0);
      expect(await stats(page)).toMatchObject({ storage: memory ? 'memory' : 'localstorage', queued: 0, dropped: {} });
      // One fallback reported per backend given up, with the browser's own error.
      const fallbacks = (await errors(page)).filter((e) => e.reason === 'storage_fallback');
      expect(fallbacks).toHaveLength(memory ? 2 : 1);
      expect(fallbacks[0]!.message).toMatch(name === 'hanging open' ? /timed out/ : name === 'failing open' ? /denied permission/ : /indexedDB|open/);
    } finally {
      await r.close();
    }
  }, 60_000);
}

test('IndexedDB closes mid-session (site data cleared): the queue reopens it and keeps delivering', async () => {
  const r = await rig();
  try {
    const page = await open(r.context, r.url());
    const before = await outcomes(page, 2);
    await waitStored(r.demo, before);
    await expect.poll(async () => (await stats(page)).queued).toBe(0);
    // "Clear site data" for IndexedDB: Chromium deletes the database and closes our open connection.
    const cdp = await r.context.newCDPSession(page);
    await cdp.send('Storage.clearDataForOrigin', { origin: r.demo.storeUrl, storageTypes: 'indexeddb' });
    expect(await page.evaluate(() => indexedDB.databases())).toEqual([]);
    const after = await outcomes(page, 2);
    await waitStored(r.demo, after);
    await expect.poll(async () => (await stats(page)).queued).toBe(0);
    // idb-keyval opens a new connection after the `close` event (a call caught in between would fall back instead).
    expect(await stats(page)).toMatchObject({ storage: 'indexeddb', queued: 0, sent: 4 });
    expect(await page.evaluate(() => indexedDB.databases())).toMatchObject([{ name: 'confidence-pulse' }]);
    expect(await errors(page)).toEqual([]);
  } finally {
    await r.close();
  }
}, 60_000);

test('events a fallback left in localStorage move back to IndexedDB on the next page, and are sent', async () => {
  // IndexedDB fails to open on pages whose URL says so.
  const r = await rig({ initScript: `if (location.search === '?broken') delete window.indexedDB;` });
  try {
    const first = await open(r.context, r.url('/t/page?broken'));
    await r.context.setOffline(true);
    const waiting = await outcomes(first, 3);
    expect(await stats(first)).toMatchObject({ storage: 'localstorage', queued: 3 });
    // Closed while offline, so it cannot send them itself.
    await first.close();
    await r.context.setOffline(false);
    const next = await open(r.context, r.url());
    await waitStored(r.demo, waiting);
    await expect.poll(async () => (await stats(next)).queued).toBe(0);
    expect((await stats(next)).storage).toBe('indexeddb');
    expect(await next.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('cp:q:')))).toEqual([]);
  } finally {
    await r.close();
  }
}, 60_000);

test('a quota error evicts other events first: answers are kept, and nothing falls back', async () => {
  const r = await rig();
  try {
    // A small quota for the store's origin, set before its storage is first used.
    const page = await r.context.newPage();
    const cdp = await r.context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: r.demo.storeUrl, quotaSize: 150_000 });
    await page.goto(r.url());
    await ready(page);
    // Load the UI chunk while online; then no network, so everything waits on the device.
    await answerViaUi(page);
    await waitFor(() => stored(r.demo).length >= 3, 10_000, 'the first survey');
    // Nothing in flight when the network goes: a batch the collector stored but whose answer was lost would stay
    // queued, be evicted later and counted as dropped although it arrived, which the tally below cannot tell apart.
    await expect.poll(async () => (await stats(page)).queued, { timeout: 20_000 }).toBe(0);
    await r.context.setOffline(true);
    const made: string[] = [];
    // Where the quota is first hit varies from run to run (260 to 360 events for 150 kB here; 880 for 300 kB, once
    // more than the 900 a run beside another test run made without an eviction), so the limit, 2,000, is far above it.
    for (let round = 0; round < 100 && !(await stats(page)).dropped.quota; round++) {
      made.push(...(await outcomes(page, 20)));
      // Writes run one after another: wait until each event is stored or counted as evicted.
      await expect.poll(async () => {
        const s = await stats(page);
        return s.queued + (s.dropped.quota ?? 0);
      }, { timeout: 30_000 }).toBe(made.length);
    }
    const full = await stats(page);
    expect(full.dropped.quota).toBeGreaterThan(0);
    expect(full.storage).toBe('indexeddb');
    const answers: string[] = [];
    for (let i = 0; i < 5; i++) {
      // The previous survey's thank-you leaves after 2.5 s.
      await page.waitForFunction(() => !document.querySelector('confidence-pulse'));
      expect(await page.evaluate(() => (window as any).ConfidencePulse('show', 'decision-confidence', { force: true }))).toBe(true);
      await page.getByRole('radio', { name: '2', exact: true }).click();
      answers.push(await page.evaluate((n) => (window as any).__cp.events.filter((e: { type: string }) => e.type === 'answer')[n].id, i + 1));
    }
    const evicted = (await stats(page)).dropped.quota!;
    await r.context.setOffline(false);
    await waitStored(r.demo, answers);
    await expect.poll(async () => (await stats(page)).queued, { timeout: 20_000 }).toBe(0);
    const end = await stats(page);
    expect(end.storage).toBe('indexeddb');
    // Every event made is either stored or counted as evicted for quota; no answer was evicted.
    const have = new Set(stored(r.demo).map((row) => row.id));
    expect(made.filter((id) => !have.has(id)).length).toBe(end.dropped.quota);
    expect(end.dropped.quota).toBeGreaterThanOrEqual(evicted);
    expect(answers.every((id) => have.has(id))).toBe(true);
  } finally {
    await r.close();
  }
}, 90_000);

test('the back/forward cache stays eligible on the demo pages, with events flowing', async () => {
  const r = await rig();
  try {
    const page = await r.context.newPage();
    const cdp = await r.context.newCDPSession(page);
    await cdp.send('Page.enable');
    // Chromium says why a page was not restored from the cache (blocking features, eviction causes).
    const notUsed: unknown[] = [];
    cdp.on('Page.backForwardCacheNotUsed', (e) => notUsed.push(e.notRestoredExplanations));
    const paths = ['/c/shoes', '/compare', '/p/trail-runner', '/checkout/cart'];
    for (const path of paths) {
      await page.goto(r.demo.storeUrl + path);
      await ready(page);
      const ids = await outcomes(page, 1);
      await waitStored(r.demo, ids);
      await page.evaluate(() => addEventListener('pageshow', (e) => ((window as any).__restored = e.persisted)));
      // Leave by a link, as a visitor would, then come back.
      const away = path === '/c/shoes' ? '/compare' : '/c/shoes';
      await page.locator(`header nav a[href="${away}"]`).click();
      await page.waitForURL(r.demo.storeUrl + away);
      await ready(page);
      await page.goBack({ waitUntil: 'commit' });
      // Restored from the cache: `pageshow` with `persisted`. Loaded again: a fresh page where `__restored` never gets set.
      await page.waitForFunction(() => (window as any).__restored !== undefined || (window as any).__cp?.events.length === 0, undefined, { timeout: 10_000 });
      const restored = await page.evaluate(() => ({
        persisted: (window as any).__restored as boolean,
        reasons: JSON.stringify((performance.getEntriesByType('navigation')[0] as any).notRestoredReasons),
      }));
      expect({ path, ...restored, notUsed }).toEqual({ path, persisted: true, reasons: 'null', notUsed: [] });
      // Back from the cache, it still delivers.
      const more = await outcomes(page, 1);
      await waitStored(r.demo, more);
    }
  } finally {
    await r.close();
  }
}, 90_000);
