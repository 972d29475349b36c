/** The Web Locks name: one sending tab per origin. */
export const SENDER_LOCK = 'cp:sender';

/** Which tab of the origin sends the shared queue. */
export interface Sender {
  /** True when this tab is the sender now. Asks for the role when it does not hold it (again after `release`). */
  held(): boolean;
  /** Gives the role up, on `pagehide` or `destroy`, so another tab takes over and the page stays bfcache-eligible. */
  release(): void;
}

/**
 * Elects one sending tab per origin, so N open tabs neither multiply requests nor send an event twice.
 * The sender holds an exclusive Web Lock for as long as it lives; the others queue for it, and the browser hands it
 * on when the sender closes. `onElected` then runs in the new sender.
 * Without Web Locks (insecure contexts, Safari before 15.4) every tab sends: the collector deduplicates, so the store
 * stays exact and only the requests multiply (see CONTRIBUTING, "One sending tab: a Web Lock, and no fallback lease").
 */
export function electSender(onElected: () => void, win: Window = window): Sender {
  const locks = win.navigator.locks;
  let held = !locks;
  let end: (() => void) | undefined;
  return {
    held() {
      if (locks && !end) {
        const abort = new AbortController();
        // While waiting, `end` withdraws the request: a page entering the bfcache must not be granted the lock.
        end = () => abort.abort();
        locks
          .request(SENDER_LOCK, { signal: abort.signal }, () => new Promise<void>((resolve) => {
            held = true;
            end = () => {
              held = false;
              resolve();
            };
            onElected();
          }))
          .catch(() => {});
      }
      return held;
    },
    release() {
      end?.();
      end = undefined;
    },
  };
}
