import type { QueueStore, StorageMode } from './types';

/** The subset of the Web Storage API the fallbacks need; a Map-backed one serves as memory. */
interface SyncBackend {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  key(index: number): string | null;
  readonly length: number;
}

/** Key prefix of queued events in localStorage. */
const QUEUE_PREFIX = 'cp:q:';

/**
 * The queue in localStorage (or any Web-Storage-like backend): the fallback when IndexedDB
 * is missing, fails to open, hangs or closes, and the page-hide path's spare store. Keys are time-ordered ids, so sorting them is age order.
 */
export function syncStore(backend: SyncBackend, mode: StorageMode): QueueStore {
  // Every queued key is longer than the prefix alone, so without `after` every key passes the second test.
  const keys = (prefix = '', after = '') =>
    Array.from({ length: backend.length }, (_, i) => backend.key(i)!)
      .filter((k) => k.startsWith(QUEUE_PREFIX + prefix) && k > QUEUE_PREFIX + after)
      .sort();
  return {
    mode,
    // Not `async`: the writes are done, or have thrown, when `put` returns (what `spare` in types.ts needs).
    put: (entries) => (entries.forEach(([key, value]) => backend.setItem(QUEUE_PREFIX + key, JSON.stringify(value))), Promise.resolve()),
    oldest: async (limit, prefix, after) => keys(prefix, after).slice(0, limit).map((k) => JSON.parse(backend.getItem(k)!)),
    remove: async (list) => list.forEach((k) => backend.removeItem(QUEUE_PREFIX + k)),
    size: async (prefix) => keys(prefix).length,
    clear: async () => keys().forEach((k) => backend.removeItem(k)),
  };
}

/** A Web-Storage-shaped Map: the last resort, lost on reload but never failing. */
export function memoryBackend(): SyncBackend {
  const map = new Map<string, string>();
  return {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
    key: (i) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}
