/**
 * Keeps a locked database from freezing the collector. The SQLite driver is synchronous: every write that meets a
 * lock holds the event loop for its busy timeout. Once a write or a health check finds the database locked, the
 * collector leaves it alone for a second, answering ingest 503 with `Retry-After` and `/healthz` 503 at once, so
 * a lock held for minutes costs at most one short wait per second instead of one per request.
 */
import { isBusyError } from './storeErrors';

/** Seconds between tries of a locked database; also the `Retry-After` given to clients meanwhile. */
export const BUSY_RETRY_AFTER_S = 1;

/** Remembers a locked database for `BUSY_RETRY_AFTER_S`. */
export interface BusyGuard {
  /** True while the database was found locked less than a second ago. */
  busy(): boolean;
  /** True when `error` says the database is locked, which starts the pause; false for any other error. */
  trip(error: unknown): boolean;
}

/** A guard for one store. @param now the clock, replaceable in tests. */
export function createBusyGuard(now: () => number = Date.now): BusyGuard {
  let until = 0;
  return {
    busy: () => now() < until,
    trip(error) {
      if (!isBusyError(error)) return false;
      until = now() + BUSY_RETRY_AFTER_S * 1000;
      return true;
    },
  };
}
