/**
 * One event of a batch, checked in the order that keeps a hostile event cheap: an unsafe key, then the shape
 * (bounded: it stops at the first few problems and reads sizes before walking), then zod, then the time window,
 * then NUL characters. A valid event goes through every step; an invalid one costs about what it weighs.
 */
import { eventSchema, type PulseEvent } from '../contract/eventShapes';
import { describeIssues, findNul, findShapeIssues, formatIssues } from './describeIssues';
import { findUnsafeKey } from './findUnsafeKey';
import { outsideWindow, type TimeWindow } from './timeWindow';

/** An event ready to store, or why it was refused (`path: message; …`). */
export type EventCheck = { ok: true; event: PulseEvent } | { ok: false; reason: string };

/**
 * Checks one raw event of a batch.
 * @param limit how many problems to look for; past five the reason ends with "and more".
 *
 * ```ts
 * checkEvent({ id: 'x' }, timeWindow(Date.now()), 6); // { ok: false, reason: 'id: needs at least 8 characters; type: required (…); …' }
 * ```
 */
export function checkEvent(raw: unknown, window: TimeWindow, limit: number): EventCheck {
  const unsafe = findUnsafeKey(raw);
  if (unsafe !== undefined) return { ok: false, reason: unsafe };
  const shape = findShapeIssues(eventSchema, raw, limit);
  if (shape.length) return { ok: false, reason: formatIssues(shape, '(event)') };
  // Without `reportInput`: the reasons are worded from the path and code, never from a copy of the input (a fifth of zod's time).
  const parsed = eventSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: describeIssues(eventSchema, raw, parsed.error.issues, '(event)') };
  const event = parsed.data;
  const time = outsideWindow('ts', event.ts, window);
  if (time !== undefined) return { ok: false, reason: time };
  const nul = findNul(event);
  if (nul !== undefined) return { ok: false, reason: `${nul || '(event)'}: contains a NUL character (\\u0000)` };
  return { ok: true, event };
}
