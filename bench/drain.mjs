// Drain throughput: how fast the built script tag empties a queue of 10,000 events into the local collector.
// Real Chromium, the demo store, the real collector and its SQLite file on 127.0.0.1. A measurement, not a test.
//
//   npm run build && node bench/drain.mjs [events=10000] [runs=3]
//
// Each run: load the demo category page, go offline, write the events into the outbox (IndexedDB), come back
// online, and time from the `online` event until SQLite holds every event and the page's queue is empty. Right after
// each run, Node posts the same number of events straight to a fresh collector (the floor), so a run and its floor
// share the machine's load of that minute: the figure to read is the median of the runs' "% of direct".
// CPU time is counted for the drain too: Chromium's processes (page, browser, network service) and this Node process
// (the collector, the polling and Playwright).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chromium } from 'playwright-core';
import { startDemo } from '../demo/startDemo.mjs';
import { childrenCpuMs } from './childrenCpuMs.mjs';

const EVENTS = Number(process.argv[2] ?? 10_000);
const RUNS = Number(process.argv[3] ?? 3);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/** One benchmark answer, as the widget stores and sends it; `id`, `ts`, `pageViewId` and the value vary. */
const TEMPLATE = {
  type: 'answer',
  visitorId: 'bench-visitor',
  sessionId: 'bench-session',
  page: { type: 'category', path: '/c/shoes' },
  survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
  question: { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you that you can pick the right product?' },
  locale: 'en',
  signals: { activeMs: 4100, maxScrollDepth: 0.62, pageIndex: 1, journey: ['category'] },
};

/** Writes `n` answers into the outbox as the widget stores them (key "a" + id), in one transaction. */
const seed = (n) => {
  const run = async ([count, template]) => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('confidence-pulse');
      request.onupgradeneeded = () => request.result.createObjectStore('outbox');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const tx = db.transaction('outbox', 'readwrite');
    for (let i = 0; i < count; i++) {
      const id = crypto.randomUUID();
      tx.objectStore('outbox').put(
        { ...template, id, ts: new Date().toISOString(), pageViewId: `bench-${i}`, answer: { value: 1 + (i % 5) } },
        `a${id}`,
      );
    }
    await new Promise((resolve, reject) => {
      tx.oncomplete = resolve;
      tx.onabort = () => reject(tx.error);
    });
    db.close();
  };
  return [run, [n, TEMPLATE]];
};

/**
 * The floor: the same number of events posted from Node straight to a fresh collector, in batches of 50, one request
 * at a time: what the collector and loopback allow without the browser's queue. Answers events per second.
 */
const postDirect = async () => {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
  const demo = await startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite') });
  try {
    const start = performance.now();
    for (let sent = 0; sent < EVENTS; sent += 50) {
      const events = Array.from({ length: Math.min(50, EVENTS - sent) }, (_, i) => ({
        ...TEMPLATE,
        id: crypto.randomUUID(),
        ts: new Date().toISOString(),
        pageViewId: `bench-${sent + i}`,
        answer: { value: 1 + (i % 5) },
      }));
      const response = await fetch(demo.endpoint, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events }) });
      if (!response.ok) throw new Error(`direct post answered ${response.status}`);
      await response.arrayBuffer();
    }
    return Math.round((EVENTS / (performance.now() - start)) * 1000);
  } finally {
    await demo.close();
    rmSync(dir, { recursive: true, force: true });
  }
};

const nodeCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
const results = [];
try {
  for (let run = 1; run <= RUNS; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
    const demo = await startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite') });
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${demo.storeUrl}/c/shoes`);
      await page.waitForFunction(() => typeof window.ConfidencePulse?.v === 'string');
      await context.setOffline(true);
      await page.evaluate(...seed(EVENTS));
      const queued = (await page.evaluate(() => window.ConfidencePulse('stats'))).queued;
      if (queued < EVENTS) throw new Error(`only ${queued} events queued`);

      const db = new Database(demo.db, { readonly: true, fileMustExist: true });
      const count = db.prepare("SELECT COUNT(*) AS n FROM events WHERE type = 'answer'");
      const start = performance.now();
      const [chromiumBefore, nodeBefore] = [childrenCpuMs(), nodeCpuMs()];
      await context.setOffline(false);
      while (count.get().n < EVENTS) await new Promise((resolve) => setTimeout(resolve, 20));
      const stored = performance.now() - start;
      while ((await page.evaluate(() => window.ConfidencePulse('stats'))).queued > 0) await new Promise((resolve) => setTimeout(resolve, 20));
      const emptied = performance.now() - start;
      const [chromiumMs, nodeMs] = [childrenCpuMs() - chromiumBefore, nodeCpuMs() - nodeBefore];
      const distinct = db.prepare("SELECT COUNT(DISTINCT id) AS n FROM events WHERE type = 'answer'").get().n;
      db.close();
      const stats = await page.evaluate(() => window.ConfidencePulse('stats'));
      const eventsPerSecond = Math.round((EVENTS / emptied) * 1000);
      const direct = await postDirect();
      results.push({
        run,
        events: EVENTS,
        storedMs: Math.round(stored),
        emptyMs: Math.round(emptied),
        eventsPerSecond,
        direct,
        ofDirect: `${Math.round((100 * eventsPerSecond) / direct)}%`,
        'chromium CPU µs/event': Math.round((1000 * chromiumMs) / EVENTS),
        'node CPU µs/event': Math.round((1000 * nodeMs) / EVENTS),
        distinct,
        sent: stats.sent,
        retried: stats.retried,
      });
    } finally {
      await context.close();
      await demo.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
} finally {
  await browser.close();
}

console.table(results);
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`direct posting: ${median(results.map((r) => r.direct))} events/s (median; the same events from Node, batches of 50, one request at a time, right after each run)`);
console.log(`median drain throughput: ${median(results.map((r) => r.eventsPerSecond))} events/s (${EVENTS} events, one request at a time)`);
console.log(`median % of direct: ${median(results.map((r) => Number.parseInt(r.ofDirect)))}% (each run against its own floor)`);
