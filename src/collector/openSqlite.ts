/**
 * The embedded event store: one SQLite file through better-sqlite3 (SPEC §9).
 *
 * better-sqlite3 is an optional dependency (a native build must never block installing the
 * widget), so it is loaded only when a store is opened, never when this module is imported.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { PulseEvent } from '../events/schema';
import { EVENT_COLUMNS, filterClauses, toColumnValues, toStoredEvent, type EventRow } from './eventColumns';
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
  // 2: columns for the report's filters and menus, filled from the stored bodies.
  `ALTER TABLE events ADD COLUMN question_type TEXT;
   ALTER TABLE events ADD COLUMN device TEXT;
   ALTER TABLE events ADD COLUMN outcome_name TEXT;
   UPDATE events SET
     question_type = json_extract(body, '$.question.type'),
     device = CASE WHEN json_type(body, '$.signals.viewport') = 'text' THEN json_extract(body, '$.signals.viewport') END,
     outcome_name = json_extract(body, '$.outcome.name'),
     ts = COALESCE(strftime('%Y-%m-%dT%H:%M:%fZ', ts), ts);
   CREATE INDEX events_page_ts ON events (page_type, ts);
   CREATE INDEX events_ts_id ON events (ts, id);`,
];

/** The schema version this code writes, kept in `PRAGMA user_version`. */
export const SCHEMA_VERSION = MIGRATIONS.length;

const INSERT_SQL = `INSERT INTO events (${EVENT_COLUMNS.join(', ')})
  VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})
  ON CONFLICT (id) DO NOTHING`;

/** How long a write waits for another process's lock before SQLITE_BUSY, once the store is open. */
export const SQLITE_BUSY_TIMEOUT_MS = 100;

/** Rows per page of `scan`: big enough to amortise a query, small enough to keep memory flat. */
const DEFAULT_PAGE_SIZE = 1000;

/** The SQLite store: `EventStore` with synchronous answers, plus the file it writes. */
export interface SqliteEventStore extends EventStore {
  insertMany(events: readonly PulseEvent[], context?: InsertContext): InsertStatus[];
  count(filter?: EventFilter): number;
  all(query?: EventQuery): StoredEvent[];
  ping(): void;
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
    // Another process (an export, a second collector) may hold the write lock briefly. Opening may wait for it:
    // a collector starting beside another waits out that one's migration.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    // Once open, a wait on a lock holds the event loop (the driver is synchronous), so it stays short; past it the
    // write fails with SQLITE_BUSY, the collector answers 503 and the client sends the batch again.
    db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
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

function createSqliteStore(db: Database, path: string): SqliteEventStore {
  const insert = db.prepare(INSERT_SQL);
  // Filters produce a handful of distinct SQL texts; each is prepared once and reused.
  const statements = new Map<string, Statement>();
  const prepared = (sql: string): Statement => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    return statement;
  };
  const where = (filter: EventFilter, params: unknown[], extra: string[] = []): string => {
    const clauses = [...filterClauses(filter, (value) => (params.push(value), '?')), ...extra];
    return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
  };

  const insertAll = db.transaction((events: readonly PulseEvent[], receivedAt: string, sentAt: string | null) =>
    events.map((event): InsertStatus => (insert.run(...toColumnValues(event, receivedAt, sentAt)).changes === 1 ? 'accepted' : 'duplicate')),
  );

  return {
    path,
    description: `SQLite ${path}`,
    insertMany(events, context = {}) {
      if (events.length === 0) return [];
      return insertAll(events, context.receivedAt ?? new Date().toISOString(), context.sentAt ?? null);
    },
    count(filter = {}) {
      const params: unknown[] = [];
      const row = prepared(`SELECT COUNT(*) AS n FROM events${where(filter, params)}`).get(...params) as { n: number };
      return row.n;
    },
    all(query = {}) {
      const params: unknown[] = [];
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      // (ts, id) orders ties the way the PostgreSQL store does.
      const sql = `SELECT * FROM events${where(query, params)} ORDER BY ts ${direction}, id ${direction} LIMIT ?`;
      // LIMIT -1 is SQLite for "no limit"; a bound value keeps one statement for every limit.
      const limit = query.limit === undefined ? -1 : Math.max(0, Math.floor(query.limit));
      return (prepared(sql).all(...params, limit) as EventRow[]).map(toStoredEvent);
    },
    async *scan(filter = {}, options = {}) {
      const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
      let after: { ts: string; id: string } | undefined;
      for (;;) {
        const params: unknown[] = [];
        const clauses = where(filter, params, after ? ['(ts, id) > (?, ?)'] : []);
        if (after) params.push(after.ts, after.id);
        // Walking the (ts, id) index keeps each page proportional to its size whatever the filter; without
        // INDEXED BY the planner may pick a filter's index and sort every remaining row for each page.
        const sql = `SELECT * FROM events INDEXED BY events_ts_id${clauses} ORDER BY ts, id LIMIT ?`;
        const rows = prepared(sql).all(...params, pageSize) as EventRow[];
        if (rows.length === 0) return;
        const last = rows[rows.length - 1]!;
        after = { ts: last.ts as string, id: last.id };
        yield rows.map(toStoredEvent);
        if (rows.length < pageSize) return;
      }
    },
    facets() {
      const strings = (sql: string) => (prepared(sql).all() as { v: string }[]).map((r) => r.v);
      const surveys = new Map<string, number[]>();
      const pairs = prepared(
        'SELECT DISTINCT survey_id AS id, survey_version AS version FROM events WHERE survey_id IS NOT NULL ORDER BY survey_id, survey_version',
      ).all() as { id: string; version: number }[];
      for (const { id, version } of pairs) surveys.set(id, [...(surveys.get(id) ?? []), version]);
      return {
        surveys: [...surveys].map(([id, versions]) => ({ id, versions })),
        pageTypes: strings('SELECT DISTINCT page_type AS v FROM events WHERE page_type IS NOT NULL ORDER BY v'),
        devices: strings('SELECT DISTINCT device AS v FROM events WHERE device IS NOT NULL ORDER BY v'),
        outcomes: strings("SELECT DISTINCT outcome_name AS v FROM events WHERE type = 'outcome' AND outcome_name IS NOT NULL ORDER BY v"),
        scaleQuestions: strings("SELECT DISTINCT question_id AS v FROM events WHERE type = 'answer' AND question_type = 'scale' ORDER BY v"),
      };
    },
    ping() {
      // Takes the write lock and lets it go at once: a database another process keeps locked fails here
      // (SQLITE_BUSY), where SELECT 1 would not even read the file.
      db.exec('BEGIN IMMEDIATE; ROLLBACK');
    },
    close() {
      if (db.open) db.close();
    },
  };
}
