import type { QueueStore, StorageMode } from './types';

/**
 * What the fallbacks store in: `localStorage`, or a plain object. A `Storage` reads, writes (throwing on quota, as
 * `setItem` does) and deletes its items as properties, and `Object.keys(localStorage)` lists them, so both are used
 * alike, with no `getItem`/`key(i)` walk.
 */
type SyncBackend = Record<string, string>;

/** Key prefix of queued events in localStorage. */
const QUEUE_PREFIX = 'cp:q:';

/**
 * The queue in localStorage (or any Web-Storage-like backend): the fallback when IndexedDB
 * is missing, fails to open, hangs or closes, and the page-hide path's spare store. Keys are time-ordered ids, so sorting them is age order.
 */
export function syncStore(backend: SyncBackend, mode: StorageMode): QueueStore {
  // Every queued key is longer than the prefix alone, so without `after` every key passes the second test.
  const keys = (prefix = '', after = '') =>
    Object.keys(backend)
      .filter((k) => k.startsWith(QUEUE_PREFIX + prefix) && k > QUEUE_PREFIX + after)
      .sort();
  return {
    mode,
    // Not `async`: the writes are done, or have thrown, when `put` returns (what `spare` in types.ts needs).
    put: (entries) => (entries.forEach(([key, value]) => (backend[QUEUE_PREFIX + key] = JSON.stringify(value))), Promise.resolve()),
    oldest: async (limit, prefix, after) => keys(prefix, after).slice(0, limit).map((k) => JSON.parse(backend[k]!)),
    remove: async (list) => list.forEach((k) => delete backend[QUEUE_PREFIX + k]),
    size: async (prefix) => keys(prefix).length,
    clear: async () => keys().forEach((k) => delete backend[k]),
  };
}

/** A plain object to store in: the last resort, lost on reload but never failing. */
export const memoryBackend = (): SyncBackend => ({});
