import { createStore, promisifyRequest } from 'idb-keyval';
import type { QueueStore } from './types';

/** IndexedDB database and object store names: one key per queued event. */
export const DB_NAME = 'confidence-pulse';
const STORE_NAME = 'outbox';

/**
 * Every string key starting with `prefix` and, when given, sorting after `after` (which may sort before the prefix):
 * our keys are ASCII, so `\uffff` sorts after all of them.
 */
const range = (prefix = '', after = '') => IDBKeyRange.bound(after > prefix ? after : prefix, prefix + '\uffff', !!after);

/**
 * The queue in IndexedDB through idb-keyval's store: each `put` (however many entries), `remove` or `clear` is one
 * transaction. Written with `createStore` directly rather than `setMany`/`delMany`/`clear`, whose default arguments
 * would bring idb-keyval's own default database into the script tag.
 * Throws synchronously when `indexedDB` is missing; callers fall back.
 */
export function idbStore(): QueueStore {
  const store = createStore(DB_NAME, STORE_NAME);
  /** Runs `change` in one read-write transaction, resolving once it is committed. */
  const write = (change: (s: IDBObjectStore) => void) => store('readwrite', (s) => (change(s), promisifyRequest(s.transaction)));
  return {
    mode: 'indexeddb',
    put: (entries) => write((s) => entries.forEach(([key, value]) => s.put(value, key))),
    oldest: (limit, prefix, after) => store('readonly', (s) => promisifyRequest(s.getAll(range(prefix, after), limit))),
    // A delete per key costs Chromium 130–170 µs of CPU per event, a range delete checked with `getAllKeys` under 30
    // (BENCHMARKS.md, "Queue drain, range deletes and batches bounded by bytes"). So when the keys from the first to
    // the last are exactly these, as this same transaction reads them, the range goes; else (an event stored inside the
    // range meanwhile, one of these evicted) key by key.
    remove: (keys) =>
      write((s) => {
        const all = IDBKeyRange.bound(keys[0], keys[keys.length - 1]);
        const found = s.getAllKeys(all);
        found.onsuccess = () => (`${found.result}` == `${keys}` ? s.delete(all) : keys.forEach((key) => s.delete(key)));
      }),
    size: (prefix) => store('readonly', (s) => promisifyRequest(s.count(range(prefix)))),
    clear: () => write((s) => s.clear()),
  };
}
