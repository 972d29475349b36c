/**
 * The collector's storage contract. SQLite (`openSqliteStore`) is the embedded default;
 * PostgreSQL (`openPostgresStore`) lets many stateless collectors share one database. Both
 * implement this interface with the same behaviour, which is why every method may also answer
 * with a promise, and `tests/collector/storeContract.test.ts` runs the same tests against both.
 */
import type { EventType, PulseEvent } from '../contract/eventShapes';
import type { EventFilter, MaybePromise } from './eventFilter';
import type { ReportSource } from './report/units';

export type { EventFilter, MaybePromise } from './eventFilter';

/** What happened to one event on insert: stored now, or already stored under the same id. */
export type InsertStatus = 'accepted' | 'duplicate';

/** When and how a batch arrived, stored next to each event so a report can correct client clock skew. */
export interface InsertContext {
  /** Server time the batch was received (ISO 8601 UTC). Defaults to now. */
  receivedAt?: string;
  /** The batch's `sentAt` (client clock); `receivedAt - sentAt` is the client's skew. */
  sentAt?: string;
}

/** One request's events with when and how they arrived: a unit of `insertGroup`. */
export interface InsertBatch {
  events: readonly PulseEvent[];
  context: InsertContext;
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
  /** The event's time, normalised to `YYYY-MM-DDTHH:mm:ss.sssZ` so that text order is time order. */
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
  questionType: string | null;
  /** `answer.value` of an answer event, else null. */
  answerValue: NonNullable<PulseEvent['answer']>['value'] | null;
  /** `signals.viewport` when it is a string (`mobile`, `tablet`, `desktop`), else null. */
  device: string | null;
  /** `outcome.name` of an outcome event, else null. */
  outcomeName: string | null;
  /** The event exactly as it was accepted. */
  body: PulseEvent;
}

/** The values present in the store, for the report's filter menus. */
export interface Facets {
  /** Each survey id with its versions, both sorted. */
  surveys: { id: string; versions: number[] }[];
  pageTypes: string[];
  devices: string[];
  /** Outcome names (`purchase`, `add_to_cart`, …). */
  outcomes: string[];
  /** Ids of questions answered as `scale`, the candidates for the confidence question. */
  scaleQuestions: string[];
}

/** Options of `scan`. */
export interface ScanOptions {
  /** Rows per page read from the database. Default 1,000. */
  pageSize?: number;
}

/** Where the collector keeps events; idempotent on event id so retried batches are stored once. */
export interface EventStore {
  /** What the report and the logs call it: `SQLite /path/pulse.sqlite` or `PostgreSQL host/db` (never a password). */
  readonly description: string;
  /** Stores valid events in one transaction; answers, in order, `accepted` or `duplicate` per event. */
  insertMany(events: readonly PulseEvent[], context?: InsertContext): MaybePromise<InsertStatus[]>;
  /**
   * Optional group commit: stores several requests' batches in one transaction, answering each batch's statuses in
   * order, as if each had been stored by `insertMany` in turn (an id repeated across batches is `accepted` at its
   * first occurrence only). All or nothing: when it throws, none of the batches was stored.
   */
  insertGroup?(batches: readonly InsertBatch[]): MaybePromise<InsertStatus[][]>;
  /** Counts stored events matching the filter. */
  count(filter?: EventFilter): MaybePromise<number>;
  /** Reads stored events matching the query, ordered by event time. */
  all(query?: EventQuery): MaybePromise<StoredEvent[]>;
  /**
   * Reads every event matching the filter in event-time order, one page of rows at a time (keyset
   * pagination: no cursor stays open, so ingest goes on and memory stays bounded, however many rows).
   */
  scan(filter?: EventFilter, options?: ScanOptions): AsyncIterable<StoredEvent[]>;
  /** The report's per-visitor and per-display units, joined and grouped by the database. */
  readonly report: ReportSource;
  /** The distinct surveys, page types, devices, outcomes and scale questions stored. */
  facets(): MaybePromise<Facets>;
  /** Throws when the database cannot be reached (for `GET /healthz`). */
  ping(): MaybePromise<void>;
  /** Optional: the database's size on disk in bytes, shown by `GET /healthz` (SQLite: its pages; PostgreSQL: `pg_database_size`). */
  sizeBytes?(): MaybePromise<number>;
  /** Releases the database; the store is unusable afterwards. */
  close(): MaybePromise<void>;
}
