/** The Web Locks name, and the localStorage key of the fallback lease: one sending tab per origin. */
export const SENDER_LOCK = 'cp:sender';
/** The fallback lease lapses this long after the sending tab last renewed it (it renews before each request). */
export const LEASE_MS = 10_000;

/** Which tab of the origin sends the shared queue. */
export interface Sender {
  /** True when this tab is the sender now. Asks for the role when it does not hold it (again after `release`). */
  held(): boolean;
  /** Gives the role up, on `pagehide` or `destroy`, so another tab takes over and the page stays bfcache-eligible. */
  release(): void;
}

/**
 * Elects one sending tab per origin, so N open tabs neither multiply requests nor send an event twice.
 * With Web Locks, the sender holds an exclusive lock for as long as it lives; the others queue for it, and the
 * browser hands it on when the sender closes. `onElected` then runs in the new sender.
 * Without Web Locks (Safari before 15.4, insecure contexts), a lease in localStorage, renewed while the tab
 * sends, does the same job; a tab refused the lease tries again when it lapses. Without localStorage either,
 * every tab sends and the collector's deduplication keeps the store exact.
 */
export function electSender(onElected: () => void, win: Window = window): Sender {
  const locks = win.navigator.locks;
  let held = false;
  let end: (() => void) | undefined;
  if (locks) {
    return {
      held() {
        if (!end) {
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
  const me = `${Math.random()}`;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const lease = () => (win.localStorage.getItem(SENDER_LOCK) ?? '').split(' ');
  return {
    held() {
      try {
        const [owner, until] = lease();
        const now = Date.now();
        if (owner !== me && +until! > now) {
          clearTimeout(timer);
          timer = setTimeout(onElected, +until! - now + 50);
          return false;
        }
        win.localStorage.setItem(SENDER_LOCK, `${me} ${now + LEASE_MS}`);
      } catch {
        // No localStorage: every tab sends, and the collector deduplicates.
      }
      return true;
    },
    release() {
      clearTimeout(timer);
      try {
        if (lease()[0] === me) win.localStorage.removeItem(SENDER_LOCK);
      } catch {
        // Nothing stored, nothing to release.
      }
    },
  };
}
