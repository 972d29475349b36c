/**
 * The outbox's batching: the events of one task go to storage in one write, and a drain reads the next batch while
 * the current one is on the wire, deleting each delivered batch in one call. Order and exactly-once stay as before.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { createQueue, keyOf, MAX_OTHER_EVENTS } from '../../../src/widget/outbox/createQueue';
import { memoryBackend, syncStore } from '../../../src/widget/outbox/storage/syncStore';
import type { QueueStore } from '../../../src/widget/outbox/storage/types';
import type { Transport } from '../../../src/widget/outbox/transport';
import type { PulseEvent } from '../../../src/contract/eventShapes';
import { createId } from '../../../src/widget/lib/createId';
import { clear, createStore } from 'idb-keyval';
import { DB_NAME, idbStore } from '../../../src/widget/outbox/storage/idbStore';

const event = (n: number, type: PulseEvent['type'] = 'answer'): PulseEvent => ({
  id: createId(Date.now() + n),
  type,
  ts: new Date().toISOString(),
  pageViewId: 'pv',
  page: { path: '/c' },
});

/** A memory store that logs every call, so a test can see how many writes, reads and deletes happened, and when. */
function loggedStore(deleteMs = 0) {
  const store = syncStore(memoryBackend(), 'memory');
  const log: string[] = [];
  const logged: QueueStore = {
    mode: 'memory',
    put: (entries) => (log.push(`put ${entries.length}`), store.put(entries)),
    oldest: (limit, prefix, after) => (log.push(`oldest${after ? ' after' : ''}`), store.oldest(limit, prefix, after)),
    // With `deleteMs`, a delete takes a while, as an IndexedDB transaction does, and the log shows when it ends.
    remove: (keys) =>
      deleteMs
        ? (log.push(`remove ${keys.length}`), store.remove(keys).then(() => new Promise((resolve) => setTimeout(resolve, deleteMs))).then(() => void log.push(`removed ${keys.length}`)))
        : (log.push(`remove ${keys.length}`), store.remove(keys)),
    size: (prefix) => (log.push('size'), store.size(prefix)),
    clear: () => store.clear(),
  };
  return { store: logged, log };
}

describe('outbox batching', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    localStorage.clear();
  });
  afterEach(() => vi.useRealTimers());

  test('the events of one task are written in one call, each resolving once stored, in send order', async () => {
    const { store, log } = loggedStore();
    const queue = createQueue({ endpoint: '/e', store, transport: async () => ({ status: 200 }) });
    const events = Array.from({ length: 120 }, (_, i) => event(i));
    await Promise.all(events.map((e) => queue.add(e)));
    const writes = () => log.filter((entry) => /^(put|size|remove)/.test(entry));
    // One write for the whole task, and no cap bookkeeping: answers are never capped.
    expect(writes()).toEqual(['put 120']);
    expect(((await store.oldest(200)) as PulseEvent[]).map((e) => e.id)).toEqual(events.map((e) => e.id));
    // A later task gets a write of its own.
    await queue.add(event(500));
    expect(writes()).toEqual(['put 120', 'put 1']);
    queue.stop();
  });

  test('a task that passes the cap evicts the oldest other events once, counted once; answers stay', async () => {
    const { store } = loggedStore();
    const online = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    const queue = createQueue({ endpoint: '/e', store, transport: async () => ({ status: 200 }) });
    const answers = Array.from({ length: 10 }, (_, i) => event(i));
    const others = Array.from({ length: MAX_OTHER_EVENTS + 7 }, (_, i) => event(100 + i, 'outcome'));
    await Promise.all([...answers, ...others].map((e) => queue.add(e)));
    expect(await store.size('o')).toBe(MAX_OTHER_EVENTS);
    expect(await store.size('a')).toBe(10);
    // The seven oldest went, and only they.
    expect(((await store.oldest(1, 'o')) as PulseEvent[])[0]!.id).toBe(others[7]!.id);
    expect((await queue.stats()).dropped).toEqual({ cap: 7 });
    online.mockRestore();
    queue.stop();
  });

  test('a drain reads the next batch and deletes the previous one while the current one is on the wire, one call each', async () => {
    const { store, log } = loggedStore(2);
    const requests: string[][] = [];
    const transport: Transport = async (_url, batch) => {
      log.push(`request ${batch.events.length}`);
      requests.push(batch.events.map((e) => e.id));
      // The answer comes a task later, as over a network: the read ahead runs meanwhile.
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push('answered');
      return { status: 200 };
    };
    const queue = createQueue({ endpoint: '/e', store, transport });
    const events = Array.from({ length: 120 }, (_, i) => event(i));
    await Promise.all(events.map((e) => queue.add(e)));
    log.length = 0;
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    expect(log).toEqual([
      'oldest',
      'request 50',
      'oldest after',
      'answered',
      'remove 50',
      // Delivered in full: the next batch may be twice as large (the 70 left), and goes before the delete has ended.
      'request 70',
      'oldest after',
      'removed 50',
      'answered',
      'remove 70',
      // The read ahead found nothing: a fresh read from the oldest key ends the drain, and sees the delete done.
      'oldest',
      'removed 70',
    ]);
    // In order, each once.
    expect(requests.flat()).toEqual(events.map((e) => e.id));
    expect(await store.size()).toBe(0);
    expect((await queue.stats()).sent).toBe(120);
    queue.stop();
  });

  test('an answer queued while other events drain goes in the same flush, and nothing is sent twice', async () => {
    const { store } = loggedStore();
    const requests: PulseEvent[][] = [];
    let late: PulseEvent | undefined;
    const queue = createQueue({
      endpoint: '/e',
      store,
      transport: async (_url, batch) => {
        requests.push(batch.events);
        // During the first request an answer arrives: its key sorts before every other event's.
        if (!late) await queue.add((late = event(-1000)));
        await new Promise((resolve) => setTimeout(resolve, 5));
        return { status: 200 };
      },
    });
    const others = Array.from({ length: 100 }, (_, i) => event(i, 'outcome'));
    await Promise.all(others.map((e) => queue.add(e)));
    const flushed = queue.flush();
    await vi.advanceTimersByTimeAsync(100);
    await flushed;
    const ids = requests.flat().map((e) => e.id);
    expect(ids).toHaveLength(101);
    expect(new Set(ids).size).toBe(101);
    expect(ids).toContain(late!.id);
    expect(await store.size()).toBe(0);
    queue.stop();
  });

  test('after a 413 the batch read ahead is dropped: the next read starts from the oldest, at half the size', async () => {
    const { store, log } = loggedStore();
    const statuses = [413, 200, 200, 200];
    const queue = createQueue({ endpoint: '/e', store, transport: async (_url, batch) => (log.push(`request ${batch.events.length}`), { status: statuses.shift() ?? 200 }) });
    await Promise.all(Array.from({ length: 60 }, (_, i) => queue.add(event(i))));
    log.length = 0;
    await queue.flush();
    expect(log).toEqual(['oldest', 'request 50', 'oldest after', 'oldest', 'request 25', 'oldest after', 'remove 25', 'request 35', 'oldest after', 'remove 35', 'oldest']);
    expect(await store.size()).toBe(0);
    queue.stop();
  });

  test('keys of the sync stores read after a given key, as IndexedDB does', async () => {
    const store = syncStore(memoryBackend(), 'memory');
    await store.put(['o2', 'a1', 'o1', 'a2'].map((k) => [k, k]));
    expect(await store.oldest(10, undefined, 'a2')).toEqual(['o1', 'o2']);
    expect(await store.oldest(1, undefined, 'a1')).toEqual(['a2']);
    expect(await store.oldest(10, 'a', 'a1')).toEqual(['a2']);
    expect(keyOf(event(0))).toMatch(/^a/);
  });
});

describe('IndexedDB batching', () => {
  beforeEach(async () => {
    await clear(createStore(DB_NAME, 'outbox'));
  });

  test('a put of many entries is one transaction, and reads go after a given key', async () => {
    const store = idbStore();
    // Opens the database first, so only the write's own transaction is counted.
    await store.size();
    const transaction = vi.spyOn(IDBDatabase.prototype, 'transaction');
    try {
      await store.put(['o2', 'a1', 'o1', 'a2'].map((k) => [k, k]));
      expect(transaction).toHaveBeenCalledTimes(1);
      expect(transaction.mock.calls[0]![1]).toBe('readwrite');
    } finally {
      transaction.mockRestore();
    }
    expect(await store.oldest(10, undefined, 'a2')).toEqual(['o1', 'o2']);
    expect(await store.oldest(1, undefined, 'a1')).toEqual(['a2']);
    expect(await store.oldest(10, 'a', 'a1')).toEqual(['a2']);
    expect(await store.oldest(10, undefined, 'o2')).toEqual([]);
  });

  test('a delete is one range delete when the keys from the first to the last are exactly the ones given', async () => {
    const store = idbStore();
    await store.put(['a1', 'a2', 'a3', 'o1'].map((k) => [k, k]));
    const deletes = vi.spyOn(IDBObjectStore.prototype, 'delete');
    try {
      await store.remove(['a1', 'a2', 'a3']);
      expect(deletes).toHaveBeenCalledTimes(1);
      expect(deletes.mock.calls[0]![0]).toBeInstanceOf(IDBKeyRange);
    } finally {
      deletes.mockRestore();
    }
    expect(await store.oldest(10)).toEqual(['o1']);
  });

  test('a key stored inside the range meanwhile (another tab, an older id) is not deleted with the batch', async () => {
    const store = idbStore();
    // The batch read was a1, a2, a4; then a3 was stored (an event another tab created earlier), and a2 was evicted.
    await store.put(['a1', 'a3', 'a4', 'a5'].map((k) => [k, k]));
    await store.remove(['a1', 'a2', 'a4']);
    expect(await store.oldest(10)).toEqual(['a3', 'a5']);
    // As many keys in the range as given, but not the same ones: still key by key.
    await store.put(['b1', 'b3'].map((k) => [k, k]));
    await store.remove(['b1', 'b2']);
    expect(await store.oldest(10)).toEqual(['a3', 'a5', 'b3']);
  });
});
