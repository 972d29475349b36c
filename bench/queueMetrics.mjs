// Queue figures of `npm run bench` and `npm run bench:queue`: the time to write 1,000 events through the widget's
// outbox, beside 1,000 bare IndexedDB writes (one transaction each, and all in one transaction) in the same browser and page.
import { chromium } from 'playwright-core';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * @param {{ storeUrl: string, events?: number }} options
 * @returns {Promise<string[][]>} table rows
 */
export async function measureQueue({ storeUrl, events = 1000 }) {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: FLAGS });
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${storeUrl}/c/shoes`);
    await page.waitForFunction(() => typeof window.ConfidencePulse?.v === 'string');
    // Offline, so nothing leaves the queue while it is being written.
    await context.setOffline(true);
    const widgetMs = await page.evaluate(async (n) => {
      const start = performance.now();
      for (let i = 0; i < n; i++) window.ConfidencePulse('outcome', 'bench', { value: i });
      while ((await window.ConfidencePulse('stats')).queued < n) await new Promise((r) => setTimeout(r, 5));
      return performance.now() - start;
    }, events);
    const bareMs = await page.evaluate(async (n) => {
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('bench-baseline');
        request.onupgradeneeded = () => request.result.createObjectStore('s');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const start = performance.now();
      for (let i = 0; i < n; i++) {
        await new Promise((resolve, reject) => {
          const tx = db.transaction('s', 'readwrite');
          tx.objectStore('s').put({ id: crypto.randomUUID(), type: 'outcome', ts: new Date().toISOString(), outcome: { name: 'bench', value: i } }, String(i));
          tx.oncomplete = resolve;
          tx.onabort = () => reject(tx.error);
        });
      }
      return performance.now() - start;
    }, events);
    // The floor for writes made in one task: the same puts in one transaction, as the outbox now writes them.
    const oneTxMs = await page.evaluate(async (n) => {
      const db = await new Promise((resolve, reject) => {
        const request = indexedDB.open('bench-baseline-one');
        request.onupgradeneeded = () => request.result.createObjectStore('s');
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      const start = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction('s', 'readwrite');
        for (let i = 0; i < n; i++) tx.objectStore('s').put({ id: crypto.randomUUID(), type: 'outcome', ts: new Date().toISOString(), outcome: { name: 'bench', value: i } }, String(i));
        tx.oncomplete = resolve;
        tx.onabort = () => reject(tx.error);
      });
      return performance.now() - start;
    }, events);
    await context.close();
    return [
      [`queue: write ${events} events (outbox vs bare IndexedDB puts)`, `${widgetMs.toFixed(0)} ms (${((widgetMs / events) * 1000).toFixed(0)} µs/event)`, `${bareMs.toFixed(0)} ms`, `×${(widgetMs / bareMs).toFixed(2)}`],
      [`queue: write ${events} events in one task (outbox vs the same puts in one transaction)`, `${widgetMs.toFixed(0)} ms`, `${oneTxMs.toFixed(0)} ms`, `×${(widgetMs / oneTxMs).toFixed(2)}`],
    ];
  } finally {
    await browser.close();
  }
}
