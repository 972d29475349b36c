/**
 * The collector's storage contract. SQLite (`openSqliteStore`) is the embedded default;
 * a PostgreSQL store for many stateless collectors implements the same interface,
 * which is why every method may also answer with a promise.
 */
import type { EventType, PulseEvent } from '../events/schema';

/** What happened to one event on insert: stored now, or already stored under the same id. */
export type InsertStatus = 'accepted' | 'duplicate';

/** A value, or a promise of it: SQLite answers synchronously, a network database cannot. */
export type MaybePromise<T> = T | Promise<T>;

/** When and how a batch arrived, stored next to each event so a report can correct client clock skew. */
export interface InsertContext {
  /** Server time the batch was received (ISO 8601 UTC). Defaults to now. */
  receivedAt?: string;
  /** The batch's `sentAt` (client clock); `receivedAt - sentAt` is the client's skew. */
  sentAt?: string;
}

/** Narrows `count` and `all`; every field is optional and they combine with AND. */
export interface EventFilter {
  type?: EventType;
  surveyId?: string;
  sessionId?: string;
  visitorId?: string;
  responseId?: string;
  pageType?: string;
  /** Events with `ts` at or after this ISO time. */
  since?: string;
  /** Events with `ts` before this ISO time. */
  until?: string;
}

/** Options of `all`: a filter plus ordering by event time and a row limit. */
export interface EventQuery extends EventFilter {
  /** `asc` (default) oldest first, `desc` newest first. */
  order?: 'asc' | 'desc';
  /** At most this many rows. */
  limit?: number;
}

/** One stored event: the indexed columns, then the whole event as validated. */
export interface StoredEvent {
  id: string;
  type: EventType;
  ts: string;
  receivedAt: string;
  sentAt: string | null;
  visitorId: string | null;
  sessionId: string | null;
  pageViewId: string;
  responseId: string | null;
  pageType: string | null;
  pagePath: string;
  surveyId: string | null;
  surveyVersion: number | null;
  variant: string | null;
  sampleRate: number | null;
  questionId: string | null;
  /** `answer.value` of an answer event, else null. */
  answerValue: NonNullable<PulseEvent['answer']>['value'] | null;
  /** The event exactly as it was accepted. */
  body: PulseEvent;
}

/** Where the collector keeps events; idempotent on event id so retried batches are stored once. */
export interface EventStore {
  /** Stores valid events in one transaction; answers, in order, `accepted` or `duplicate` per event. */
  insertMany(events: readonly PulseEvent[], context?: InsertContext): MaybePromise<InsertStatus[]>;
  /** Counts stored events matching the filter. */
  count(filter?: EventFilter): MaybePromise<number>;
  /** Reads stored events matching the query, ordered by event time. */
  all(query?: EventQuery): MaybePromise<StoredEvent[]>;
  /** Releases the database; the store is unusable afterwards. */
  close(): MaybePromise<void>;
}
