/**
 * The times an event may carry. A clock far off (a dead phone battery, a test rig, a forged event) would
 * otherwise put an answer dated 9999 first in every "newest first" list forever, or one dated year 0 in
 * front of a database that cannot store it.
 */

/** The earliest `ts` or `sentAt` accepted: before the first release, so never a real event. */
export const EARLIEST_TIME = '2020-01-01T00:00:00.000Z';

/**
 * How far past the collector's clock `ts` and `sentAt` may be. A day covers a device set to local time as if it
 * were UTC (up to 14 hours ahead) and ordinary drift; a device further ahead is misconfigured, and its events
 * are rejected rather than stored out of order.
 */
export const MAX_CLOCK_AHEAD_MS = 24 * 60 * 60 * 1000;

/** The accepted range, in milliseconds since 1970, both ends included. */
export interface TimeWindow {
  earliest: number;
  latest: number;
}

const EARLIEST_MS = Date.parse(EARLIEST_TIME);

/** The window for a batch received at `now` (the collector's clock, in ms). */
export function timeWindow(now: number): TimeWindow {
  return { earliest: EARLIEST_MS, latest: now + MAX_CLOCK_AHEAD_MS };
}

/**
 * Why the ISO time `value` of `field` is outside `window`, or undefined when it is inside.
 *
 * ```ts
 * outsideWindow('ts', '9999-12-31T00:00:00.000Z', timeWindow(Date.now()));
 * // 'ts: must be from 2020-01-01 to one day after the collector's clock (2026-12-02T10:00:00.000Z), got 9999-12-31T00:00:00.000Z'
 * ```
 */
export function outsideWindow(field: string, value: string, window: TimeWindow): string | undefined {
  const time = Date.parse(value);
  if (time >= window.earliest && time <= window.latest) return undefined;
  return `${field}: must be from ${EARLIEST_TIME.slice(0, 10)} to one day after the collector's clock (${new Date(window.latest).toISOString()}), got ${value}`;
}
