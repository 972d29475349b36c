// What a document validated by the collector saves the browser (after `npm run build`): bytes of the UI chunk
// loaded to show a survey, and main-thread time from asking for the chunk to having a checked document, with the UI
// chunk that carries the validator (and validating demo/surveys.json) against the lean one (nothing to validate).
// Chromium at 4× CPU throttling, a fresh context per run (nothing cached), median of 15 runs. Prints, asserts nothing.
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants } from 'node:zlib';
import { chromium } from 'playwright-core';

const root = new URL('../', import.meta.url);
const file = (name) => readFileSync(new URL(`dist/${name}`, root));
const brotli = (buf) => brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const doc = readFileSync(new URL('demo/surveys.json', root), 'utf8');
const RUNS = 15;

const server = createServer((req, res) => {
  const name = new URL(req.url, 'http://x').pathname.slice(1);
  if (name.endsWith('.js')) return res.writeHead(200, { 'content-type': 'text/javascript' }).end(file(name));
  res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>bench</title>');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-quic'],
});

async function once(chunk) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await (await context.newCDPSession(page)).send('Emulation.setCPUThrottlingRate', { rate: 4 });
  await page.goto(`${base}/`);
  const ms = await page.evaluate(
    async ([url, text, validate]) => {
      const start = performance.now();
      const ui = await import(url);
      if (validate && ui.checkDocumentOnce(JSON.parse(text)).error) throw new Error('demo document invalid');
      return performance.now() - start;
    },
    [`${base}/confidence-pulse.${chunk}.js`, doc, chunk === 'ui'],
  );
  await context.close();
  return ms;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
for (const chunk of ['ui', 'lean']) {
  const times = [];
  for (let i = 0; i < RUNS; i++) times.push(await once(chunk));
  rows.push({ chunk, brotli: brotli(file(`confidence-pulse.${chunk}.js`)), ms: median(times) });
}
await browser.close();
server.close();
const [ui, lean] = rows;
console.log(`UI chunk with the validator: ${ui.brotli} B brotli, ${ui.ms.toFixed(1)} ms to load, evaluate and validate (median, 4× CPU)`);
console.log(`lean UI chunk (collector-validated document): ${lean.brotli} B brotli, ${lean.ms.toFixed(1)} ms to load and evaluate`);
console.log(`saved: ${ui.brotli - lean.brotli} B brotli, ${(ui.ms - lean.ms).toFixed(1)} ms`);
