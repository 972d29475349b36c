import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { classifyStatus } from '../../../src/widget/outbox/classifyStatus';
import { parseRetryAfter, retryDelay } from '../../../src/widget/outbox/retryDelay';
import { createQueue, keyOf, MAX_BATCH_BYTES, MAX_BATCH_EVENTS, MAX_OTHER_EVENTS, type QueueError } from '../../../src/widget/outbox/createQueue';
import { memoryBackend, syncStore } from '../../../src/widget/outbox/storage/syncStore';
import type { Transport } from '../../../src/widget/outbox/transport';
import type { PulseEvent } from '../../../src/contract/eventShapes';
import { createId } from '../../../src/widget/lib/createId';
import { clear, createStore } from 'idb-keyval';
import { DB_NAME } from '../../../src/widget/outbox/storage/idbStore';

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
    [501, 'drop'], [505, 'drop'], [511, 'drop'], [413, 'split'], [401, 'pause'], [403, 'pause'], [400, 'drop'], [404, 'pause'], [405, 'pause'], [422, 'drop'],
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
    expect(parseRetryAfter(' 7 ')).toBe(7000);
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(new Date(now - 30_000).toUTCString(), now)).toBe(0);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
  });
});

describe('createQueue', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  const setup = (statuses: number[]) => {
    localStorage.clear();
    const store = syncStore(memoryBackend(), 'memory');
    const sent: PulseEvent[][] = [];
    const transport: Transport = async (_url, batch) => {
      sent.push(batch.events);
      return { status: statuses.shift() ?? 200 };
    };
    const errors: QueueError[] = [];
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

  test('sends oldest first, at most 50 at first, then in batches that double while a backlog drains, up to 1,000', async () => {
    const { sent, queue } = setup([]);
    // Small events (about 80 bytes): the byte bound would allow more than 1,000.
    const events = Array.from({ length: 2600 }, (_, i) => ({ id: event(i).id, type: 'answer', ts: new Date().toISOString() }) as PulseEvent);
    expect(JSON.stringify(events[0]).length).toBeLessThan(MAX_BATCH_BYTES / MAX_BATCH_EVENTS);
    await Promise.all(events.map((e) => queue.add(e)));
    await queue.flush();
    expect(sent.map((b) => b.length)).toEqual([50, 100, 200, 400, 800, MAX_BATCH_EVENTS, 50]);
    const ids = sent.flat().map((e) => e.id);
    expect(ids).toEqual([...ids].sort());
  });

  test('batches grow only as far as the bytes per event of the last batch keep the next within MAX_BATCH_BYTES', async () => {
    const { sent, queue, store } = setup([]);
    // About 3 KB of UTF-8 per event, a third of that in UTF-16 code units: the bound counts bytes, as the collector does.
    const events = Array.from({ length: 300 }, (_, i) => ({ ...event(i), answer: { value: '€'.repeat(1000) } }));
    await Promise.all(events.map((e) => queue.add(e)));
    await queue.flush();
    const bytes = sent.map((b) => new TextEncoder().encode(JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: b })).length);
    // The first batch is 50 events whatever their size (a 413 would halve it); each later one fits the bound, give or
    // take an event (the limit is rounded up, so it is never 0).
    expect(sent[0]).toHaveLength(50);
    const perEvent = bytes[0]! / 50;
    for (const size of bytes.slice(1)) expect(size).toBeLessThanOrEqual(MAX_BATCH_BYTES + perEvent);
    // And grows to what fits: about 40 events of about 3 KB.
    expect(sent[1]!.length).toBeGreaterThanOrEqual(Math.floor(MAX_BATCH_BYTES / (bytes[0]! / 50)) - 1);
    expect(sent.flat().map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect(await store.size()).toBe(0);
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
    await vi.advanceTimersByTimeAsync(0);
    expect(one.errors).toMatchObject([{ reason: 'too_large', count: 1, status: 413, stats: { dropped: { too_large: 1 }, queued: 0 } }]);
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

describe('createQueue: delivery completed', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  const setup = (statuses: (number | { status: number; retryAfter?: string })[] = []) => {
    localStorage.clear();
    const store = syncStore(memoryBackend(), 'memory');
    const sent: { at: number; events: PulseEvent[]; keepalive: boolean }[] = [];
    const transport: Transport = async (_url, batch, { keepalive }) => {
      sent.push({ at: Date.now(), events: batch.events, keepalive });
      const next = statuses.shift() ?? 200;
      return typeof next === 'number' ? { status: next } : next;
    };
    const errors: QueueError[] = [];
    const queue = createQueue({ endpoint: '/e', store, transport, onError: (e) => errors.push(e) });
    return { store, sent, queue, errors };
  };
  const outcome = (n = 0): PulseEvent => ({ ...event(n), type: 'outcome', outcome: { name: 'o' } });

  test('answers sort before other events, so they are sent first', async () => {
    const { sent, queue } = setup();
    await queue.add(outcome(0));
    await queue.add(event(1));
    await queue.flush();
    expect(sent[0]!.events.map((e) => e.type)).toEqual(['answer', 'outcome']);
    expect(keyOf(event())).toMatch(/^a/);
    expect(keyOf(outcome())).toMatch(/^o/);
  });

  test('other events are capped at 1,000, oldest dropped and counted; answers are never evicted by the cap', async () => {
    const { store, queue, errors } = setup();
    vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    for (let i = 0; i < 20; i++) await queue.add(event(i));
    const first = outcome(100);
    await queue.add(first);
    for (let i = 1; i < MAX_OTHER_EVENTS + 5; i++) await queue.add(outcome(100 + i));
    expect(await store.size('o')).toBe(MAX_OTHER_EVENTS);
    expect(await store.size('a')).toBe(20);
    const stats = await queue.stats();
    expect(stats.dropped).toEqual({ cap: 5 });
    expect(stats.queued).toBe(MAX_OTHER_EVENTS + 20);
    // The oldest went.
    expect(((await store.oldest(1, 'o')) as PulseEvent[])[0]!.id).not.toBe(first.id);
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.filter((e) => e.reason === 'cap').reduce((n, e) => n + e.count, 0)).toBe(5);
  });

  test('a quota error while a batch is in flight evicts other events, never the batch the collector may hold', async () => {
    vi.useRealTimers();
    localStorage.clear();
    await clear(createStore(DB_NAME, 'outbox'));
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    let full = false;
    const put = IDBObjectStore.prototype.put;
    // The device fills up while the first batch is on the wire: the next write fails once with a quota error.
    const spy = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args) {
      if (full) {
        full = false;
        throw new DOMException('full', 'QuotaExceededError');
      }
      return put.apply(this, args);
    });
    const sent: PulseEvent[][] = [];
    let late: Promise<void> | undefined;
    const queue = createQueue({
      endpoint: '/e',
      transport: async (_url, batch) => {
        sent.push(batch.events);
        full = true;
        late ??= queue.add(outcome(500));
        await late;
        return { status: 200 };
      },
    });
    try {
      const made = Array.from({ length: 60 }, (_, i) => outcome(i));
      for (const e of made) await queue.add(e);
      online.mockReturnValue(true);
      await queue.flush();
      const batch = new Set(sent[0]!.map((e) => e.id));
      expect(batch.size).toBe(50);
      const stats = await queue.stats();
      // The ten events outside the batch made room; the fifty in flight arrived and count as sent, not dropped.
      expect(stats.dropped).toEqual({ quota: 10 });
      expect(stats.storage).toBe('indexeddb');
      // Then the late event went in a batch of its own: nothing else was left.
      expect(sent.map((b) => b.length)).toEqual([50, 1]);
      expect(stats.sent).toBe(51);
      expect(stats.queued).toBe(0);
    } finally {
      queue.stop();
      spy.mockRestore();
      online.mockRestore();
    }
  });

  test('events older than 30 days are dropped unsent and the rest keep flowing', async () => {
    const { sent, queue } = setup();
    const old = { ...event(0), id: createId(Date.now() - 31 * 86_400_000), ts: new Date(Date.now() - 31 * 86_400_000).toISOString() };
    await queue.add(old);
    await queue.add(event(1));
    await queue.flush();
    expect(sent.flatMap((b) => b.events).map((e) => e.id)).not.toContain(old.id);
    expect(sent.flatMap((b) => b.events)).toHaveLength(1);
    expect((await queue.stats()).dropped).toEqual({ expired: 1 });
  });

  test('offline: no request and no failure counted; online resumes at the first backoff step', async () => {
    const { sent, queue } = setup([503, 503]);
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    await queue.add(event());
    await queue.flush();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(0);
    expect((await queue.stats()).retried).toBe(0);
    online.mockReturnValue(true);
    await queue.flush();
    expect(sent).toHaveLength(1);
    // Still the first step (1 s ±10%), not a backoff grown during the offline minute.
    await vi.advanceTimersByTimeAsync(1150);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.at - sent[0]!.at).toBeLessThanOrEqual(1100);
  });

  test('Retry-After pauses the queue and is a floor under the backoff', async () => {
    const { sent, queue } = setup([{ status: 429, retryAfter: '4' }, { status: 503, retryAfter: '0' }]);
    await queue.add(event());
    await queue.flush();
    expect((await queue.stats()).paused).toBe(true);
    // New events and explicit flushes do not cut the pause short.
    await queue.add(event(1));
    await queue.flush();
    await vi.advanceTimersByTimeAsync(3900);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    expect(sent).toHaveLength(2);
    // "Retry-After: 0" does not retry at once: the backoff (second failure, 2 s) applies.
    await vi.advanceTimersByTimeAsync(1700);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toHaveLength(3);
    expect((await queue.stats()).paused).toBe(false);
  });

  test('errors carry the counters: sent, retried, dropped by reason, storage mode, queue length', async () => {
    const { queue, errors } = setup([200, 503, 400]);
    await queue.add(event(0));
    await queue.flush();
    await queue.add(event(1));
    await queue.flush();
    await vi.advanceTimersByTimeAsync(1200);
    expect(errors).toEqual([
      { reason: 'status_400', count: 1, status: 400, stats: { sent: 1, retried: 1, dropped: { status_400: 1 }, storage: 'memory', queued: 0, paused: false } },
    ]);
  });

  test('a page-hide send goes once per page view, as keepalive', async () => {
    const { sent, queue } = setup();
    await queue.add(event(0));
    queue.flushOnHide();
    queue.flushOnHide(true);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.keepalive).toBe(true);
  });

  test('a tab pings the others once it has stored an event, and the sending tab delivers every tab’s events', async () => {
    // Which tab sends is the Web Lock's business (tests/browser/delivery.test.ts); happy-dom has none, so here a
    // sends and b only stores.
    const shared = syncStore(memoryBackend(), 'memory');
    const requests: string[][] = [];
    const transport: Transport = async (_url, batch) => (requests.push(batch.events.map((e) => e.id)), { status: 200 });
    const a = createQueue({ endpoint: '/e', store: shared, transport });
    const b = createQueue({ endpoint: '/e', store: shared, transport });
    const fromB = event(1);
    await b.add(fromB);
    expect(localStorage.getItem('cp:ping')).toBe(fromB.id);
    expect(requests).toEqual([]);
    await a.flush();
    expect(requests).toEqual([[fromB.id]]);
    a.stop();
    b.stop();
  });
});

describe('createQueue: the page-hide copy goes through the store', () => {
  beforeEach(() => localStorage.clear());

  test('events added while hiding, and those still being written, go to the given store’s spare, never to localStorage directly', async () => {
    const spare = syncStore(memoryBackend(), 'memory');
    const store = { ...syncStore(memoryBackend(), 'memory'), spare: () => spare };
    const queue = createQueue({ endpoint: '/e', store, transport: async () => ({ status: 503 }) });
    const hidden = event(0);
    // Kept at once: synchronously, before `add` returns.
    void queue.add(hidden, true);
    expect(((await spare.oldest(10)) as PulseEvent[]).map((e) => e.id)).toEqual([hidden.id]);
    // An event whose write is still running when the page hides is copied there too.
    const writing = event(1);
    const stored = queue.add(writing);
    queue.flushOnHide(true);
    expect(((await spare.oldest(10)) as PulseEvent[]).map((e) => e.id)).toEqual([hidden.id, writing.id]);
    await stored;
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cp:q:'))).toEqual([]);
    queue.stop();
  });

  test('a store without a spare stores page-hide events the usual way', async () => {
    const store = syncStore(memoryBackend(), 'memory');
    const queue = createQueue({ endpoint: '/e', store, transport: async () => ({ status: 503 }) });
    await queue.add(event(0), true);
    expect(await store.size()).toBe(1);
    expect(Object.keys(localStorage).filter((k) => k.startsWith('cp:q:'))).toEqual([]);
    queue.stop();
  });
});

describe('createQueue with the default store', () => {
  beforeEach(async () => {
    localStorage.clear();
    await clear(createStore(DB_NAME, 'outbox'));
  });

  test('events an earlier page left in localStorage move back to IndexedDB and are sent', async () => {
    const left = [event(0), { ...event(1), type: 'outcome' as const }];
    const fallback = syncStore(localStorage, 'localstorage');
    await fallback.put(left.map((e) => [keyOf(e), e]));
    const sent: string[] = [];
    const queue = createQueue({ endpoint: '/e', transport: async (_u, batch) => (batch.events.forEach((e) => sent.push(e.id)), { status: 200 }) });
    await queue.flush();
    expect(sent.sort()).toEqual(left.map((e) => e.id).sort());
    expect(await fallback.size()).toBe(0);
    const stats = await queue.stats();
    expect(stats).toMatchObject({ storage: 'indexeddb', queued: 0, sent: 2 });
    queue.stop();
  });
});
