// What a drain's IndexedDB work costs Chromium, per event: reading batches with `getAll`, then deleting them key by
// key, as one key range, or as one key range checked first with `getAllKeys` (what the outbox does). Real Chromium on
// the demo store's origin; CPU time of Chromium's processes (Linux /proc). A measurement, not a test.
//
//   node bench/idbDelete.mjs [events=10000] [batch=250]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemo } from '../demo/startDemo.mjs';
import { childrenCpuMs } from './childrenCpuMs.mjs';

const EVENTS = Number(process.argv[2] ?? 10_000);
const BATCH = Number(process.argv[3] ?? 250);

/** Chromium's CPU milliseconds: it is this process's only descendant. */
const chromiumCpuMs = childrenCpuMs;

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
const demo = await startDemo({ storePort: 0, collectorPort: 0, db: join(dir, 'pulse.sqlite') });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await (await browser.newContext()).newPage();
  // Any page of the store's origin: IndexedDB needs one. The widget is not loaded (a 404 page).
  await page.goto(`${demo.storeUrl}/bench-blank`);
  await page.evaluate(async () => {
    const db = await new Promise((resolve) => {
      const open = indexedDB.open('bench');
      open.onupgradeneeded = () => open.result.createObjectStore('s');
      open.onsuccess = () => resolve(open.result);
    });
    window.tx = (mode, work) =>
      new Promise((resolve, reject) => {
        const t = db.transaction('s', mode);
        const request = work(t.objectStore('s'));
        t.oncomplete = () => resolve(request?.result);
        t.onabort = reject;
      });
  });
  const variants = {
    'getAll only': 'read',
    'getAll, then delete key by key': 'keys',
    'getAll, then delete the range': 'range',
    'getAll, then getAllKeys and delete the range (the outbox)': 'checked',
  };
  for (const [name, how] of Object.entries(variants)) {
    await page.evaluate(([n]) =>
      tx('readwrite', (s) => {
        for (let i = 0; i < n; i++) {
          const key = `a${1e6 + i}`;
          s.put({ type: 'answer', id: key, ts: new Date().toISOString(), pageViewId: `bench-${i}`, page: { type: 'category', path: '/c/shoes' }, question: { id: 'confidence', type: 'scale', text: 'How confident are you that you can pick the right product?' }, answer: { value: 1 + (i % 5) }, signals: { activeMs: 4100, maxScrollDepth: 0.62, journey: ['category'] } }, key);
        }
      }), [EVENTS]);
    const cpu = chromiumCpuMs();
    const start = performance.now();
    await page.evaluate(async ([n, batch, how]) => {
      let after = '';
      for (let i = 0; i < n / batch; i++) {
        const events = await tx('readonly', (s) => s.getAll(IDBKeyRange.lowerBound(after, true), batch));
        const keys = events.map((e) => e.id);
        after = keys[keys.length - 1];
        const all = IDBKeyRange.bound(keys[0], after);
        if (how === 'keys') await tx('readwrite', (s) => keys.forEach((key) => s.delete(key)));
        if (how === 'range') await tx('readwrite', (s) => s.delete(all));
        if (how === 'checked')
          await tx('readwrite', (s) => {
            const found = s.getAllKeys(all);
            found.onsuccess = () => (`${found.result}` == `${keys}` ? s.delete(all) : keys.forEach((key) => s.delete(key)));
          });
      }
      await tx('readwrite', (s) => s.clear());
    }, [EVENTS, BATCH, how]);
    const perEvent = (ms) => `${Math.round((1000 * ms) / EVENTS)} µs`;
    console.log(`${name}: Chromium CPU ${perEvent(chromiumCpuMs() - cpu)} per event, wall ${perEvent(performance.now() - start)} per event`);
  }
} finally {
  await browser.close();
  await demo.close();
  rmSync(dir, { recursive: true, force: true });
}
