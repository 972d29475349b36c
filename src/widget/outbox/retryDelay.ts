/** First retry after 1 s, doubling per failure. */
export const BASE_DELAY_MS = 1000;
/** Backoff and `Retry-After` never wait longer than 5 minutes. */
export const MAX_DELAY_MS = 300_000;

/** Exponential backoff with ±10% jitter, so many clients recovering together do not stampede. */
export function retryDelay(failures: number, random: () => number = Math.random): number {
  const base = Math.min(BASE_DELAY_MS * 2 ** Math.max(0, failures - 1), MAX_DELAY_MS);
  return Math.round(base * (0.9 + 0.2 * random()));
}

/** Reads `Retry-After` as seconds or an HTTP date, capped at 5 minutes; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (!value) return undefined;
  // Seconds when it reads as a non-zero number (whitespace allowed), else an HTTP date. "0" goes to `Date.parse`,
  // which reads it as a year long past (0) or not at all (undefined): either way the wait is the backoff alone.
  const ms = +value * 1000 || Date.parse(value) - now;
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), MAX_DELAY_MS) : undefined;
}
