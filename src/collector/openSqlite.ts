/**
 * The embedded event store: one SQLite file through better-sqlite3 (SPEC §9).
 *
 * better-sqlite3 is an optional dependency (a native build must never block installing the
 * widget), so it is loaded only when a store is opened, never when this module is imported.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { EventType, PulseEvent } from '../events/schema';
import type { EventFilter, EventQuery, EventStore, InsertContext, InsertStatus, StoredEvent } from './store';

type Database = BetterSqlite3.Database;
type Statement = BetterSqlite3.Statement<unknown[], unknown>;
type DatabaseConstructor = typeof BetterSqlite3;

/**
 * Schema migrations, in order: entry `i` takes the database from version `i` to `i + 1`.
 * Append only; never edit a released entry, since existing files have already run it.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE events (
     id             TEXT PRIMARY KEY,
     type           TEXT NOT NULL,
     ts             TEXT NOT NULL,
     received_at    TEXT NOT NULL,
     sent_at        TEXT,
     visitor_id     TEXT,
     session_id     TEXT,
     page_view_id   TEXT NOT NULL,
     response_id    TEXT,
     page_type      TEXT,
     page_path      TEXT NOT NULL,
     survey_id      TEXT,
     survey_version INTEGER,
     variant        TEXT,
     sample_rate    REAL,
     question_id    TEXT,
     answer_value   TEXT,
     body           TEXT NOT NULL
   ) STRICT;
   CREATE INDEX events_type_ts ON events (type, ts);
   CREATE INDEX events_survey_ts ON events (survey_id, ts);
   CREATE INDEX events_session ON events (session_id);
   CREATE INDEX events_ts ON events (ts);`,
];

/** The schema version this code writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Filter fields that map to one column each; the only names ever spliced into SQL. */
const FILTER_COLUMNS = {
  type: 'type',
  surveyId: 'survey_id',
  sessionId: 'session_id',
  visitorId: 'visitor_id',
  responseId: 'response_id',
  pageType: 'page_type',
} as const satisfies Partial<Record<keyof EventFilter, string>>;

const INSERT_SQL = `INSERT INTO events (id, type, ts, received_at, sent_at, visitor_id, session_id, page_view_id,
  response_id, page_type, page_path, survey_id, survey_version, variant, sample_rate, question_id, answer_value, body)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
  ON CONFLICT (id) DO NOTHING`;

/** The SQLite store: `EventStore` with synchronous answers, plus the file it writes. */
export interface SqliteEventStore extends EventStore {
  insertMany(events: readonly PulseEvent[], context?: InsertContext): InsertStatus[];
  count(filter?: EventFilter): number;
  all(query?: EventQuery): StoredEvent[];
  close(): void;
  /** The database file, as given (`:memory:` for an in-memory store). */
  readonly path: string;
}

/**
 * Opens (creating and migrating as needed) a SQLite event store in WAL mode.
 * Throws a readable error when better-sqlite3 is not installed, or when the file was
 * written by a newer version of Confidence Pulse.
 *
 * ```ts
 * const store = openSqliteStore('./pulse.sqlite');
 * store.insertMany(events); // ['accepted', 'duplicate', …]
 * store.close();
 * ```
 * @param loadDriver returns the better-sqlite3 constructor; replaceable in tests.
 */
export function openSqliteStore(path: string, loadDriver: () => DatabaseConstructor = requireBetterSqlite3): SqliteEventStore {
  const Driver = loadDriverOrExplain(loadDriver);
  const db = new Driver(path);
  try {
    // WAL lets the report read while ingest writes; NORMAL is durable across crashes of this
    // process (only a power loss can drop the last commits), and many times faster than FULL.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // Another process (an export, a second collector) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return createSqliteStore(db, path);
}

function requireBetterSqlite3(): DatabaseConstructor {
  // createRequire keeps the native module out of the import graph: importing the collector
  // without better-sqlite3 works, and only opening a SQLite store asks for it.
  return createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
}

function loadDriverOrExplain(loadDriver: () => DatabaseConstructor): DatabaseConstructor {
  try {
    return loadDriver();
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error(
        'The SQLite store needs better-sqlite3, an optional dependency that is not installed. ' +
          'Run `npm install better-sqlite3` (it needs a prebuilt binary or a C++ toolchain).',
        { cause: error },
      );
    }
    throw error;
  }
}

function migrate(db: Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(
      `${db.name} has schema version ${current}, newer than this collector understands (${SCHEMA_VERSION}). Upgrade confidence-pulse.`,
    );
  }
  for (let version = current; version < SCHEMA_VERSION; version++) {
    // One transaction per step: a crash mid-migration leaves the previous version intact.
    db.transaction(() => {
      db.exec(MIGRATIONS[version]!);
      db.pragma(`user_version = ${version + 1}`);
    }).immediate();
  }
}

interface EventRow {
  id: string;
  type: EventType;
  ts: string;
  received_at: string;
  sent_at: string | null;
  visitor_id: string | null;
  session_id: string | null;
  page_view_id: string;
  response_id: string | null;
  page_type: string | null;
  page_path: string;
  survey_id: string | null;
  survey_version: number | null;
  variant: string | null;
  sample_rate: number | null;
  question_id: string | null;
  answer_value: string | null;
  body: string;
}

function createSqliteStore(db: Database, path: string): SqliteEventStore {
  const insert = db.prepare(INSERT_SQL);
  // Filters produce a handful of distinct SQL texts; each is prepared once and reused.
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };

  const insertAll = db.transaction((events: readonly PulseEvent[], receivedAt: string, sentAt: string | null) =>
    events.map((event): InsertStatus => {
      const { changes } = insert.run(
        event.id,
        event.type,
        event.ts,
        receivedAt,
        sentAt,
        event.visitorId ?? null,
        event.sessionId ?? null,
        event.pageViewId,
        event.responseId ?? null,
        event.page.type ?? null,
        event.page.path,
        event.survey?.id ?? null,
        event.survey?.version ?? null,
        event.survey?.variant ?? null,
        event.survey?.sampleRate ?? null,
        event.question?.id ?? null,
        event.answer ? JSON.stringify(event.answer.value) : null,
        JSON.stringify(event),
      );
      return changes === 1 ? 'accepted' : 'duplicate';
    }),
  );

  return {
    path,
    insertMany(events, context = {}) {
      if (events.length === 0) return [];
      return insertAll(events, context.receivedAt ?? new Date().toISOString(), context.sentAt ?? null);
    },
    count(filter = {}) {
      const { where, params } = toWhere(filter);
      const row = prepared(`SELECT COUNT(*) AS n FROM events${where}`).get(...params) as { n: number };
      return row.n;
    },
    all(query = {}) {
      const { where, params } = toWhere(query);
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      const sql = `SELECT * FROM events${where} ORDER BY ts ${direction}, rowid ${direction} LIMIT ?`;
      // LIMIT -1 is SQLite for "no limit"; a bound value keeps one statement for every limit.
      const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
      return (prepared(sql).all(...params, limit) as EventRow[]).map(toStoredEvent);
    },
    close() {
      if (db.open) db.close();
    },
  };
}

function toWhere(filter: EventFilter): { where: string; params: unknown[] } {
  const clauses: string[] = [];
  const params: unknown[] = [];
  for (const key of Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[]) {
    const value = filter[key];
    if (value === undefined) continue;
    clauses.push(`${FILTER_COLUMNS[key]} = ?`);
    params.push(value);
  }
  if (filter.since !== undefined) {
    clauses.push('ts >= ?');
    params.push(filter.since);
  }
  if (filter.until !== undefined) {
    clauses.push('ts < ?');
    params.push(filter.until);
  }
  return { where: clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '', params };
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    ts: row.ts,
    receivedAt: row.received_at,
    sentAt: row.sent_at,
    visitorId: row.visitor_id,
    sessionId: row.session_id,
    pageViewId: row.page_view_id,
    responseId: row.response_id,
    pageType: row.page_type,
    pagePath: row.page_path,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version,
    variant: row.variant,
    sampleRate: row.sample_rate,
    questionId: row.question_id,
    answerValue: row.answer_value === null ? null : (JSON.parse(row.answer_value) as StoredEvent['answerValue']),
    body: JSON.parse(row.body) as PulseEvent,
  };
}
