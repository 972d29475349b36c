/** Where queued events currently live; observable through `stats().storage`. */
export type StorageMode = 'indexeddb' | 'localstorage' | 'memory';

/** One place that keeps queued events, oldest key first: IndexedDB, localStorage or memory. */
export interface StoreBackend {
  mode: StorageMode;
  /** Writes every `[key, value]` entry at once: one IndexedDB transaction, however many entries. */
  put(entries: [string, unknown][]): Promise<void>;
  /**
   * At most `limit` values whose keys start with `prefix` (default: all) and sort after `after` (default: any),
   * in key order: a bounded read, never the whole queue.
   */
  oldest(limit: number, prefix?: string, after?: string): Promise<unknown[]>;
  remove(keys: string[]): Promise<void>;
  /** How many keys start with `prefix` (default: all). */
  size(prefix?: string): Promise<number>;
  /** Deletes every queued event (`consent(false)`). */
  clear(): Promise<void>;
}

/** The outbox's one storage seam: a backend (or a chain of them), plus the page-hide copy that survives an unload. */
export interface QueueStore extends StoreBackend {
  /**
   * Writes every entry at once, synchronously (localStorage), so an unload cannot cut the write short: the copy a page
   * being hidden makes of events whose ordinary write may still be running. Throws where nothing synchronous is available.
   */
  copyNow(entries: [string, unknown][]): void;
  /** Moves the copies an earlier page left (`copyNow`, or a localStorage fallback) into this store. */
  adoptCopies(): Promise<void>;
}
