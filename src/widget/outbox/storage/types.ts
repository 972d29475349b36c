/** Where queued events currently live; observable through `stats().storage`. */
export type StorageMode = 'indexeddb' | 'localstorage' | 'memory';

/** A persisted key-value store of queued events, oldest key first. */
export interface QueueStore {
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
