import { createStore, promisifyRequest, setMany, delMany, clear } from 'idb-keyval';
import type { QueueStore } from './types';

/** IndexedDB database and object store names: one key per queued event. */
export const DB_NAME = 'confidence-pulse';
const STORE_NAME = 'outbox';

/** Every string key starting with `prefix`: our keys are ASCII, so `\uffff` sorts after all of them. */
const range = (prefix = '') => IDBKeyRange.bound(prefix, prefix + '\uffff');

/**
 * The queue in IndexedDB through idb-keyval: each `put` is one small transaction.
 * Throws synchronously when `indexedDB` is missing; callers fall back.
 */
export function idbStore(): QueueStore {
  const store = createStore(DB_NAME, STORE_NAME);
  return {
    mode: 'indexeddb',
    put: (key, value) => setMany([[key, value]], store),
    oldest: (limit, prefix) => store('readonly', (s) => promisifyRequest(s.getAll(range(prefix), limit))),
    remove: (keys) => delMany(keys, store),
    size: (prefix) => store('readonly', (s) => promisifyRequest(s.count(range(prefix)))),
    clear: () => clear(store),
  };
}
