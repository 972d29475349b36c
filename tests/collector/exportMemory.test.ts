/**
 * The export streams: 100,000 rows leave the collector while its live heap stays flat. The heap is read
 * after forced collections (the node project runs with --expose-gc), so garbage waiting for the
 * collector does not count, only what the export keeps alive. Buffering the export would keep the whole
 * body (tens of MB) alive at once.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { start, stopAll } from './helpers';

const ROWS = 100_000;
const MB = 1024 * 1024;

let collector: RunningCollector;

beforeAll(async () => {
  collector = await start({ token: 's3cret' });
  const t0 = Date.parse('2026-11-01T00:00:00.000Z');
  for (let offset = 0; offset < ROWS; offset += 5000) {
    const events: PulseEvent[] = [];
    for (let i = offset; i < offset + 5000; i++) {
      events.push({
        id: `export-${String(i).padStart(8, '0')}`,
        type: 'answer',
        ts: new Date(t0 + i * 1000).toISOString(),
        visitorId: `visitor-${i % 5000}`,
        sessionId: `session-${i % 20000}`,
        pageViewId: `page-view-${i}`,
        responseId: `response-${i}`,
        page: { type: i % 3 ? 'category' : 'comparison', path: '/c/trail-running-shoes' },
        survey: { id: 'decision-confidence', version: 3, variant: i % 2 ? 'A' : 'B', sampleRate: 0.2 },
        question: { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you that you can pick the right product?' },
        answer: { value: 1 + (i % 5), label: 'Somewhat confident' },
        trigger: 'scrollDepth',
        locale: 'en',
        signals: { activeMs: 4100 + i, maxScrollDepth: 0.62, pageIndex: 1 + (i % 6), journey: ['category', 'comparison'], viewport: 'desktop', timeToAnswerMs: 2300 },
      });
    }
    await collector.store.insertMany(events);
  }
}, 120_000);

afterAll(stopAll);

it(`exports ${ROWS.toLocaleString('en-US')} rows as a stream, without growing the heap`, async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run the node tests with --expose-gc (vitest.config.ts sets it)');
  gc();
  const baseline = process.memoryUsage().heapUsed;

  const response = await fetch(`${collector.url}/v1/export?format=csv`, { headers: { authorization: 'Bearer s3cret' } });
  expect(response.status).toBe(200);
  // Streamed: no length known up front.
  expect(response.headers.get('content-length')).toBeNull();
  expect(response.headers.get('transfer-encoding')).toBe('chunked');

  const reader = response.body!.getReader();
  let bytes = 0;
  let lines = 0;
  let sinceCheck = 0;
  let peak = 0;
  let chunks = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks++;
    bytes += value.length;
    sinceCheck += value.length;
    for (const byte of value) if (byte === 10) lines++;
    if (sinceCheck >= 4 * MB) {
      sinceCheck = 0;
      gc();
      peak = Math.max(peak, process.memoryUsage().heapUsed - baseline);
    }
  }
  gc();
  const after = process.memoryUsage().heapUsed - baseline;

  expect(lines).toBe(ROWS + 1);
  expect(chunks).toBeGreaterThan(50);
  // The body is far larger than the bound, so holding it (or its rows) would fail the test.
  expect(bytes).toBeGreaterThan(30 * MB);
  expect(peak).toBeLessThan(24 * MB);
  expect(after).toBeLessThan(8 * MB);
}, 120_000);
