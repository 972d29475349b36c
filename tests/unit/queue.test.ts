import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { classifyStatus } from '../../src/queue/classifyStatus';
import { parseRetryAfter, retryDelay } from '../../src/queue/retryDelay';
import { createQueue } from '../../src/queue/createQueue';
import { memoryBackend, syncStore } from '../../src/storage/syncStore';
import type { Transport } from '../../src/queue/transport';
import type { PulseEvent } from '../../src/events/schema';
import { createId } from '../../src/lib/createId';

const event = (n = 0): PulseEvent => ({
  id: createId(Date.now() + n),
  type: 'answer',
  ts: new Date().toISOString(),
  pageViewId: 'pv',
  page: { path: '/c' },
});

describe('classifyStatus', () => {
  test.each([
    [200, 'delete'], [204, 'delete'], [0, 'retry'], [408, 'retry'], [429, 'retry'], [500, 'retry'], [503, 'retry'],
    [501, 'drop'], [505, 'drop'], [511, 'drop'], [413, 'split'], [401, 'pause'], [403, 'pause'], [400, 'drop'], [404, 'drop'], [422, 'drop'],
  ])('%i → %s', (status, action) => expect(classifyStatus(status)).toBe(action));
});

describe('retry timing', () => {
  test('doubles from 1 s to a 5 minute cap, ±10%', () => {
    expect(retryDelay(1, () => 0.5)).toBe(1000);
    expect(retryDelay(2, () => 0.5)).toBe(2000);
    expect(retryDelay(30, () => 0.5)).toBe(300_000);
    expect(retryDelay(1, () => 0)).toBe(900);
    expect(retryDelay(1, () => 1)).toBe(1100);
  });
  test('Retry-After in seconds or as an HTTP date, capped at 300 s', () => {
    const now = Date.UTC(2026, 0, 1);
    expect(parseRetryAfter('7')).toBe(7000);
    expect(parseRetryAfter('9999')).toBe(300_000);
    expect(parseRetryAfter(new Date(now + 30_000).toUTCString(), now)).toBe(30_000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('createQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (statuses: number[]) => {
    const store = syncStore(memoryBackend(), 'memory');
    const sent: PulseEvent[][] = [];
    const transport: Transport = async (_url, batch) => {
      sent.push(batch.events);
      return { status: statuses.shift() ?? 200 };
    };
    const errors: unknown[] = [];
    const queue = createQueue({ endpoint: '/e', store, transport, onError: (e) => errors.push(e) });
    return { store, sent, queue, errors };
  };

  test('writes before sending and deletes only after a 2xx', async () => {
    const { store, sent, queue } = setup([503, 200]);
    await queue.add(event());
    expect(await store.size()).toBe(1);
    await queue.flush();
    expect(sent).toHaveLength(1);
    expect(await store.size()).toBe(1);
    await vi.advanceTimersByTimeAsync(1200);
    expect(sent).toHaveLength(2);
    expect(sent[1]![0]!.id).toBe(sent[0]![0]!.id);
    expect(await store.size()).toBe(0);
    expect((await queue.stats()).sent).toBe(1);
  });

  test('sends in batches of at most 50, oldest first', async () => {
    const { sent, queue } = setup([]);
    for (let i = 0; i < 120; i++) await queue.add(event(i));
    await queue.flush();
    expect(sent.map((b) => b.length)).toEqual([50, 50, 20]);
    const ids = sent.flat().map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
  });

  test('413 halves the batch; a single oversized event is dropped and reported', async () => {
    const { sent, queue, errors, store } = setup([413, 413, 200, 200]);
    for (let i = 0; i < 4; i++) await queue.add(event(i));
    await queue.flush();
    expect(sent.map((b) => b.length)).toEqual([4, 2, 1, 2, 1]);
    expect(await store.size()).toBe(0);
    expect(errors).toEqual([]);

    const one = setup([413]);
    await one.queue.add(event());
    await one.queue.flush();
    expect(await one.store.size()).toBe(0);
    expect(one.errors).toEqual([{ reason: 'too_large', count: 1, status: 413 }]);
  });

  test('400 drops and reports; 401 pauses without dropping', async () => {
    const dropped = setup([400]);
    await dropped.queue.add(event());
    await dropped.queue.flush();
    expect(await dropped.store.size()).toBe(0);
    expect((await dropped.queue.stats()).dropped).toEqual({ status_400: 1 });

    const paused = setup([401]);
    await paused.queue.add(event());
    await paused.queue.flush();
    expect(await paused.store.size()).toBe(1);
    expect((await paused.queue.stats()).paused).toBe(true);
  });

  test('the page-hide path sends at most 60,000 bytes and deletes nothing', async () => {
    const { sent, queue, store } = setup([]);
    for (let i = 0; i < 80; i++) await queue.add({ ...event(i), answer: { value: 'x'.repeat(1000) } });
    queue.flushOnHide();
    expect(sent).toHaveLength(1);
    const bytes = new TextEncoder().encode(JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: sent[0] })).length;
    expect(bytes).toBeLessThanOrEqual(60_000);
    expect(sent[0]!.length).toBeLessThan(80);
    expect(await store.size()).toBe(80);
  });

  test('an event added in a page-hide handler leaves with that page-hide send, before its write completes', async () => {
    const { sent, queue, store } = setup([]);
    const last = event();
    const stored = queue.add(last);
    queue.flushOnHide();
    expect(sent[0]?.map((e) => e.id)).toEqual([last.id]);
    await stored;
    expect(await store.size()).toBe(1);
  });
});
