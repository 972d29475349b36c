import { beforeEach, describe, expect, test, vi } from 'vitest';
import { clear, createStore } from 'idb-keyval';
import { createQueueStore } from '../../../../src/widget/outbox/storage/createQueueStore';
import { DB_NAME, idbStore } from '../../../../src/widget/outbox/storage/idbStore';
import { memoryBackend, syncStore } from '../../../../src/widget/outbox/storage/syncStore';
import type { QueueStore } from '../../../../src/widget/outbox/storage/types';

describe('createQueueStore', () => {
  beforeEach(async () => {
    await clear(createStore(DB_NAME, 'outbox'));
  });

  test('uses IndexedDB and reads a bounded batch in key order', async () => {
    const store = createQueueStore();
    for (const key of ['c', 'a', 'b']) await store.put([[key, { key }]]);
    expect(store.mode).toBe('indexeddb');
    expect(await store.oldest(2)).toEqual([{ key: 'a' }, { key: 'b' }]);
    await store.remove(['a']);
    expect(await store.size()).toBe(2);
  });

  test('the spare store, where the page-hide copy goes, is the given window’s localStorage', async () => {
    const backend: Record<string, string> = {};
    const store = createQueueStore({ localStorage: backend } as unknown as Window);
    await store.spare!().put([['o1', { id: 1 }]]);
    expect(backend).toEqual({ 'cp:q:o1': '{"id":1}' });
    expect(localStorage.getItem('cp:q:o1')).toBeNull();
  });

  test('falls back when IndexedDB is missing, and loses nothing', async () => {
    const failures: string[] = [];
    const missing = () => {
      throw new ReferenceError('indexedDB is not defined');
    };
    const store = createQueueStore(window, [missing, () => syncStore(memoryBackend(), 'memory')], (_e, from) => failures.push(from));
    await store.put([['a', 1]]);
    expect(store.mode).toBe('memory');
    expect(await store.oldest(10)).toEqual([1]);
    expect(failures).toHaveLength(1);
  });

  test('moves on when IndexedDB hangs, retrying the same write there', async () => {
    vi.useFakeTimers();
    const hanging: QueueStore = { ...syncStore(memoryBackend(), 'indexeddb'), put: () => new Promise(() => {}) };
    const store = createQueueStore(window, [() => hanging, () => syncStore(memoryBackend(), 'localstorage')]);
    const write = store.put([['a', 1]]);
    await vi.advanceTimersByTimeAsync(2100);
    await write;
    vi.useRealTimers();
    expect(store.mode).toBe('localstorage');
    expect(await store.oldest(10)).toEqual([1]);
  });
});

describe('prefixes and quota', () => {
  beforeEach(async () => {
    await clear(createStore(DB_NAME, 'outbox'));
  });

  test('counts and reads one key prefix at a time, in IndexedDB and in the sync stores', async () => {
    for (const store of [idbStore(), syncStore(memoryBackend(), 'memory')]) {
      for (const key of ['o2', 'a1', 'o1', 'a2']) await store.put([[key, key]]);
      expect(await store.size()).toBe(4);
      expect(await store.size('o')).toBe(2);
      expect(await store.oldest(10, 'o')).toEqual(['o1', 'o2']);
      expect(await store.oldest(1)).toEqual(['a1']);
    }
  });

  test('a quota error makes room on the same backend first, then falls back when nothing more can go', async () => {
    const quota = () => new DOMException('full', 'QuotaExceededError');
    const full = syncStore(memoryBackend(), 'indexeddb');
    // A backend that holds at most three entries.
    const small: QueueStore = { ...full, put: async (entries) => ((await full.size()) >= 3 ? Promise.reject(quota()) : full.put(entries)) };
    const freed: number[] = [];
    const fallbacks: string[] = [];
    const store = createQueueStore(
      window,
      [() => small, () => syncStore(memoryBackend(), 'memory')],
      (_e, from) => fallbacks.push(from),
      async (s) => {
        const victims = (await s.oldest(1, 'o')) as string[];
        await s.remove(victims);
        freed.push(victims.length);
        return victims.length;
      },
    );
    for (const key of ['o1', 'o2', 'a1']) await store.put([[key, key]]);
    await store.put([['a2', 'a2']]);
    expect(store.mode).toBe('indexeddb');
    expect(await store.oldest(10)).toEqual(['a1', 'a2', 'o2']);
    await store.put([['a3', 'a3']]);
    await store.put([['a4', 'a4']]);
    // o2 made room for a3; for a4 nothing else could go, so the store moved on and kept it.
    expect(freed).toEqual([1, 1, 0]);
    expect(fallbacks).toEqual(['indexeddb']);
    expect(store.mode).toBe('memory');
    expect(await store.oldest(10)).toEqual(['a4']);
    expect(await full.oldest(10)).toEqual(['a1', 'a2', 'a3']);
  });
});
