import { idbStore } from './idbStore';
import { memoryBackend, syncStore } from './syncStore';
import type { QueueStore } from './types';

/** How long an IndexedDB call may hang before we stop trusting it (idb-keyval #120: an open that never completes). */
export const IDB_TIMEOUT_MS = 2000;

/** The window's localStorage as a queue store, made at each call: reading `localStorage` throws where it is blocked. */
const localStore = (win: Window) => () => syncStore(win.localStorage as unknown as Record<string, string>, 'localstorage');

/**
 * The queue store with its fallback chain, IndexedDB → localStorage → memory.
 * Any failure or hang moves to the next backend and retries the call there, so the page never sees
 * a storage error and no event is lost by the switch. `mode` tells which backend is active.
 * A quota error first asks `makeRoom` to free space (it answers how many entries it removed) and retries
 * on the same backend: a full disk is not a broken backend. Only when nothing more can go does it move on.
 * `win` is the queue's window: its localStorage is the fallback and the spare store (IndexedDB is the global one,
 * which idb-keyval opens).
 */
export function createQueueStore(
  win: Window = window,
  // Reading `localStorage` throws where it is blocked; a full one fails its first write. Either way: next.
  candidates: (() => QueueStore)[] = [idbStore, localStore(win), () => syncStore(memoryBackend(), 'memory')],
  onFallback: (error: unknown, from: string) => void = () => {},
  makeRoom: (store: QueueStore) => Promise<number> = async () => 0,
): QueueStore {
  let index = -1;
  let current!: QueueStore;
  const next = (): QueueStore => {
    for (;;) {
      index++;
      try {
        return (current = candidates[index]!());
      } catch (error) {
        onFallback(error, String(index));
      }
    }
  };
  next();

  const run = <T>(op: (store: QueueStore) => Promise<T>): Promise<T> => {
    const store = current;
    const attempt = new Promise<T>((resolve, reject) => {
      // A synchronous throw (idb-keyval with `indexedDB` missing) rejects through the executor, before any timer;
      // a hang rejects after the timeout. However it ends, the timer goes with it (`destroy` leaves none behind).
      op(store)
        .then(resolve, reject)
        .finally(() => clearTimeout(timer));
      // Only IndexedDB hangs; the other stores settle at once, and their timer goes with them.
      const timer = setTimeout(reject, IDB_TIMEOUT_MS, Error('storage timed out'));
    });
    return attempt.catch(async (error) => {
      if (error?.name === 'QuotaExceededError' && (await makeRoom(composite))) return run(op);
      if (index >= candidates.length - 1) throw error;
      if (current === store) {
        onFallback(error, store.mode);
        next();
      }
      return run(op);
    });
  };

  const composite: QueueStore = {
    get mode() {
      return current.mode;
    },
    put: (entries) => run((s) => s.put(entries)),
    oldest: (limit, prefix, after) => run((s) => s.oldest(limit, prefix, after)),
    remove: (keys) => run((s) => s.remove(keys)),
    size: (prefix) => run((s) => s.size(prefix)),
    clear: () => run((s) => s.clear()),
    spare: localStore(win),
  };
  return composite;
}
