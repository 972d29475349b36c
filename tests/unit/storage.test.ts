import { beforeEach, describe, expect, test, vi } from 'vitest';
import { createQueueStore } from '../../src/storage/createQueueStore';
import { idbStore } from '../../src/storage/idbStore';
import { memoryBackend, syncStore } from '../../src/storage/syncStore';
import type { QueueStore } from '../../src/storage/types';

describe('createQueueStore', () => {
  beforeEach(async () => {
    await idbStore().clear();
  });

  test('uses IndexedDB and reads a bounded batch in key order', async () => {
    const store = createQueueStore();
    for (const key of ['c', 'a', 'b']) await store.put(key, { key });
    expect(store.mode).toBe('indexeddb');
    expect(await store.oldest(2)).toEqual([{ key: 'a' }, { key: 'b' }]);
    await store.remove(['a']);
    expect(await store.size()).toBe(2);
  });

  test('falls back when IndexedDB is missing, and loses nothing', async () => {
    const failures: string[] = [];
    const missing = () => {
      throw new ReferenceError('indexedDB is not defined');
    };
    const store = createQueueStore([missing, () => syncStore(memoryBackend(), 'memory')], (_e, from) => failures.push(from));
    await store.put('a', 1);
    expect(store.mode).toBe('memory');
    expect(await store.oldest(10)).toEqual([1]);
    expect(failures).toHaveLength(1);
  });

  test('moves on when IndexedDB hangs, retrying the same write there', async () => {
    vi.useFakeTimers();
    const hanging: QueueStore = { ...syncStore(memoryBackend(), 'indexeddb'), put: () => new Promise(() => {}) };
    const store = createQueueStore([() => hanging, () => syncStore(memoryBackend(), 'localstorage')]);
    const write = store.put('a', 1);
    await vi.advanceTimersByTimeAsync(2100);
    await write;
    vi.useRealTimers();
    expect(store.mode).toBe('localstorage');
    expect(await store.oldest(10)).toEqual([1]);
  });
});
