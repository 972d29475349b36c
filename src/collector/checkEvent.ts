/**
 * One event of a batch. A valid event is walked once (`compileEventWalk`: shape, zod's checks, NUL characters and
 * `__proto__` keys together), then its time is checked. Anything that walk cannot vouch for goes through the
 * step-by-step check, which finds and words the problem: an invalid event costs about what it weighs, and its
 * reason is exactly what it always was.
 */
import { toJSONSchema } from 'zod/v4/core';
import { eventSchema, type PulseEvent } from '../contract/eventShapes';
import type { JsonSchema } from '../contract/validation/checkShape';
import { compileEventWalk, NOT_SURE, type Walk } from './compileEventWalk';
import { describeIssues, findNul, findShapeIssues, formatIssues } from './describeIssues';
import { findUnsafeKey } from './findUnsafeKey';
import { outsideWindow, type TimeWindow } from './timeWindow';

/** An event ready to store, or why it was refused (`path: message; …`). */
export type EventCheck = { ok: true; event: PulseEvent } | { ok: false; reason: string };

/** Compiled on first use, from the JSON Schema the shape check reads ('input': zod drops unknown keys rather than refusing them). */
let walkEvent: Walk | undefined;

/**
 * Checks one raw event of a batch.
 * @param limit how many problems to look for; past five the reason ends with "and more".
 *
 * ```ts
 * checkEvent({ id: 'x' }, timeWindow(Date.now()), 6); // { ok: false, reason: 'id: needs at least 8 characters; type: required (…); …' }
 * ```
 */
export function checkEvent(raw: unknown, window: TimeWindow, limit: number): EventCheck {
  walkEvent ??= compileEventWalk(toJSONSchema(eventSchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema);
  const event = walkEvent(raw);
  if (event === NOT_SURE) return checkEventStepByStep(raw, window, limit);
  const valid = event as PulseEvent;
  const time = outsideWindow('ts', valid.ts, window);
  return time === undefined ? { ok: true, event: valid } : { ok: false, reason: time };
}

/**
 * The check as four walks, in the order that keeps a hostile event cheap: an unsafe key, then the shape (bounded:
 * it stops at the first few problems and reads sizes before walking), then zod, then the time window, then NUL
 * characters. `checkEvent` answers the same for every event, and comes here for every event it cannot vouch for.
 */
export function checkEventStepByStep(raw: unknown, window: TimeWindow, limit: number): EventCheck {
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
