/** Where queued events currently live; observable through `stats().storage`. */
export type StorageMode = 'indexeddb' | 'localstorage' | 'memory';

/**
 * A persisted key-value store of queued events, oldest key first. Calls take effect in the order they are made: a
 * read made after a `remove` does not see what it removes, even before that `remove` settles (IndexedDB runs a
 * store's transactions in the order they were created; the sync stores act at once).
 */
export interface QueueStore {
  mode: StorageMode;
  /** Writes every `[key, value]` entry at once: one IndexedDB transaction, however many entries. */
  put(entries: [string, unknown][]): Promise<void>;
  /**
   * Where the page-hide path keeps events: a store whose `put` has written them, or thrown, when it returns
   * (localStorage), so they outlive an unload that cuts an IndexedDB transaction short. Throws where there is none.
   * The queue moves what it holds back into this store on the next page. Without it (a store given to the queue),
   * page-hide events are stored with `put`.
   */
  spare?(): QueueStore;
  /**
   * At most `limit` values whose keys start with `prefix` (default: all) and sort after `after` (default: any),
   * in key order: a bounded read, never the whole queue.
   */
  oldest(limit: number, prefix?: string, after?: string): Promise<unknown[]>;
  /** Deletes these keys: one or more, in key order (as `oldest` answers them). */
  remove(keys: string[]): Promise<void>;
  /** How many keys start with `prefix` (default: all). */
  size(prefix?: string): Promise<number>;
  /** Deletes every queued event (`consent(false)`). */
  clear(): Promise<void>;
}
