/**
 * What the store and the report's queries share: which events a question is about, and an answer that may come
 * now (SQLite) or later (PostgreSQL). Apart from `store.ts` so the report's sources need not import the store.
 */
import type { EventType } from '../contract/eventShapes';

/** A value, or a promise of it: SQLite answers synchronously, a network database cannot. */
export type MaybePromise<T> = T | Promise<T>;

/** Narrows `count`, `all` and `scan`; every field is optional and they combine with AND. */
export interface EventFilter {
  /** One event type, or any of several. */
  type?: EventType | readonly EventType[];
  surveyId?: string;
  surveyVersion?: number;
  sessionId?: string;
  visitorId?: string;
  responseId?: string;
  pageType?: string;
  /** Device class from the event's `signals.viewport`: `mobile`, `tablet` or `desktop`. */
  device?: string;
  /** Events with `ts` at or after this ISO time. */
  since?: string;
  /** Events with `ts` before this ISO time. */
  until?: string;
}
