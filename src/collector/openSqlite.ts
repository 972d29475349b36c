/**
 * The embedded event store: one SQLite file through better-sqlite3.
 *
 * better-sqlite3 is an optional dependency (a native build must never block installing the
 * widget), so it is loaded only when a store is opened, never when this module is imported.
 */
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import type { PulseEvent } from '../contract/eventShapes';
import { EVENT_COLUMNS, filterClauses, normalizeTime, toColumnValues, toStoredEvent, type EventRow } from './eventColumns';
import { facetRows, pageViewDays, toFacets } from './facetValues';
import { SQLITE_DIALECT } from './report/reportQueries';
import { HASH_FUNCTION, sqlReportSourceWithRollups } from './report/rollupCells';
import { createRollupWriter, ROLLUP_BACKFILL, ROLLUP_COUNTS, ROLLUP_TABLES } from './report/sqliteRollups';
import { hashOf } from './report/summarizeUnits';
import { createReaderPool, type ReaderPool } from './sqliteReaders';
import { checkpointInWorker, type StopCheckpoints } from './sqliteCheckpoints';
import type { EventFilter, EventQuery, EventStore, InsertBatch, InsertContext, InsertStatus, StoredEvent } from './store';

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
  // 3: the report's columns (a numeric answer, open text, signals), filled from the stored bodies, and the
  // indexes of its per-visitor joins: outcomes by visitor and by session, a display's answers, open text.
  // The indexes cover what the report reads, the partial indexes' own terms included (SQLite checks them
  // again), so it never visits the table's rows, each with its whole body; the facets table answers the
  // report's menus, and page views per day its coverage figure, without a scan.
  `ALTER TABLE events ADD COLUMN answer_number REAL;
   ALTER TABLE events ADD COLUMN answer_text TEXT;
   ALTER TABLE events ADD COLUMN page_index REAL;
   ALTER TABLE events ADD COLUMN active_ms REAL;
   ALTER TABLE events ADD COLUMN scroll_depth REAL;
   ALTER TABLE events ADD COLUMN products_compared REAL;
   ALTER TABLE events ADD COLUMN products_viewed REAL;
   ALTER TABLE events ADD COLUMN filter_changes REAL;
   UPDATE events SET
     answer_number = CASE WHEN json_type(body, '$.answer.value') IN ('integer', 'real') THEN json_extract(body, '$.answer.value') END,
     answer_text = CASE
       WHEN json_extract(body, '$.question.type') = 'text' AND json_type(body, '$.answer.value') = 'text'
         AND trim(json_extract(body, '$.answer.value'), ' ' || char(9, 10, 13)) <> '' THEN json_extract(body, '$.answer.value')
       WHEN json_type(body, '$.answer.other') = 'text' AND trim(json_extract(body, '$.answer.other'), ' ' || char(9, 10, 13)) <> ''
         THEN json_extract(body, '$.answer.other')
     END,
     page_index = CASE WHEN json_type(body, '$.signals.pageIndex') IN ('integer', 'real') THEN json_extract(body, '$.signals.pageIndex') END,
     active_ms = CASE WHEN json_type(body, '$.signals.activeMs') IN ('integer', 'real') THEN json_extract(body, '$.signals.activeMs') END,
     scroll_depth = CASE WHEN json_type(body, '$.signals.maxScrollDepth') IN ('integer', 'real') THEN json_extract(body, '$.signals.maxScrollDepth') END,
     products_compared = CASE WHEN json_type(body, '$.signals.productsCompared') IN ('integer', 'real') THEN json_extract(body, '$.signals.productsCompared') END,
     products_viewed = CASE WHEN json_type(body, '$.signals.productsViewed') IN ('integer', 'real') THEN json_extract(body, '$.signals.productsViewed') END,
     filter_changes = CASE WHEN json_type(body, '$.signals.filterChanges') IN ('integer', 'real') THEN json_extract(body, '$.signals.filterChanges') END;
   DROP INDEX events_session;
   DROP INDEX events_type_ts;
   CREATE INDEX events_type_cover ON events (type, ts, page_type, device, survey_id, survey_version);
   CREATE INDEX events_session_cover ON events (session_id, ts, type, outcome_name, page_view_id);
   CREATE INDEX events_outcome_visitor ON events (outcome_name, visitor_id, ts, type) WHERE type = 'outcome';
   CREATE INDEX events_response ON events (response_id, type, ts, question_type, question_id, answer_value) WHERE response_id IS NOT NULL;
   CREATE INDEX events_open_text ON events (ts, id) WHERE answer_text IS NOT NULL;
   CREATE INDEX events_scale_answers ON events (question_id, visitor_id, ts, id, session_id, page_view_id, response_id, page_type, device,
     survey_id, survey_version, variant, sample_rate, answer_number, page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes,
     type, question_type) WHERE type = 'answer' AND question_type = 'scale' AND answer_number IS NOT NULL;
   CREATE INDEX events_impressions ON events (visitor_id, ts, id, response_id, session_id, page_view_id, page_type, device, survey_id, survey_version,
     variant, sample_rate, page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes, type) WHERE type = 'impression';
   CREATE TABLE facets (kind TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (kind, value)) WITHOUT ROWID;
   INSERT OR IGNORE INTO facets SELECT DISTINCT 'survey', json_array(survey_id, survey_version) FROM events WHERE survey_id IS NOT NULL;
   INSERT OR IGNORE INTO facets SELECT DISTINCT 'page_type', page_type FROM events WHERE page_type IS NOT NULL;
   INSERT OR IGNORE INTO facets SELECT DISTINCT 'device', device FROM events WHERE device IS NOT NULL;
   INSERT OR IGNORE INTO facets SELECT DISTINCT 'outcome', outcome_name FROM events WHERE type = 'outcome' AND outcome_name IS NOT NULL;
   INSERT OR IGNORE INTO facets SELECT DISTINCT 'scale_question', question_id FROM events
     WHERE type = 'answer' AND question_type = 'scale' AND question_id IS NOT NULL;
   CREATE TABLE pageview_days (day TEXT NOT NULL, page_type TEXT NOT NULL, device TEXT NOT NULL, n INTEGER NOT NULL,
     PRIMARY KEY (day, page_type, device)) WITHOUT ROWID;
   INSERT INTO pageview_days SELECT substr(ts, 1, 10), COALESCE(page_type, ''), COALESCE(device, ''), COUNT(*) FROM events
     WHERE type = 'pageview' GROUP BY 1, 2, 3;`,
  // 4: the report's rollups, per visitor, kept by triggers (report/sqliteRollups.ts), filled from the events stored.
  ROLLUP_TABLES + ROLLUP_BACKFILL,
  // 5: display counts per day kept by triggers, and the model's sample order stored (report/sqliteRollups.ts).
  ROLLUP_COUNTS,
  // 6: fewer pages written per event. The answers' and displays' covering indexes led with the visitor, whose ids come
  // in no order, so nearly every stored event dirtied a page of its own in each, and every commit wrote them all to
  // the WAL: they now lead with the time, like the events themselves, and take new rows at their end. The report
  // sorts a view's rows by visitor when it needs them so (its own sort, not the index's order). The session index
  // went the same way: what followed a unit in its session is read from the sessions' rollups (`sessionAfter` in
  // report/reportQueries.ts). `events_ts` is the first column of `events_ts_id`, and no query reads
  // `events_survey_ts` or `events_page_ts` any more (the report reads through its own indexes, the export through
  // `events_ts_id`): each cost every insert a b-tree descent.
  `DROP INDEX IF EXISTS events_session_cover;
   DROP INDEX IF EXISTS events_ts;
   DROP INDEX IF EXISTS events_survey_ts;
   DROP INDEX IF EXISTS events_page_ts;
   DROP INDEX events_scale_answers;
   DROP INDEX events_impressions;
   CREATE INDEX events_scale_answers ON events (question_id, ts, id, visitor_id, session_id, page_view_id, response_id, page_type, device,
     survey_id, survey_version, variant, sample_rate, answer_number, page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes,
     type, question_type) WHERE type = 'answer' AND question_type = 'scale' AND answer_number IS NOT NULL;
   CREATE INDEX events_impressions ON events (ts, id, visitor_id, response_id, session_id, page_view_id, page_type, device, survey_id, survey_version,
     variant, sample_rate, page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes, type) WHERE type = 'impression';`,
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
  insertGroup(batches: readonly InsertBatch[]): InsertStatus[][];
  count(filter?: EventFilter): number;
  all(query?: EventQuery): StoredEvent[];
  ping(): void;
  sizeBytes(): number;
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
 * @param loadDriver returns the better-sqlite3 constructor; replaceable in tests. Typed `unknown` so that the
 * package's declarations never name better-sqlite3's types, which a user without the driver does not have.
 */
export function openSqliteStore(path: string, loadDriver: () => unknown = requireBetterSqlite3): SqliteEventStore {
  const Driver = loadDriverOrExplain(loadDriver);
  const db = new Driver(path);
  // Migration 5 fills the model's sample order of older files through this function.
  db.function(HASH_FUNCTION, { deterministic: true }, (id: unknown) => hashOf(String(id)));
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
  // Checkpoints copy the WAL into the file and flush it: on a thread of their own, never inside a request's commit.
  const stopCheckpoints = checkpointInWorker(db, path);
  // The report reads on connections of its own, on worker threads (sqliteReaders.ts), while ingest writes on this
  // one; where workers cannot load the driver, on one connection here, pausing between rows (a read transaction on
  // a WAL file sees one snapshot). An in-memory database has no second connection.
  const inMemory = path === ':memory:' || path === '';
  const readers = inMemory ? null : createReaderPool(path, SQLITE_BUSY_TIMEOUT_MS);
  const openReader = inMemory ? null : () => new Driver(path, { readonly: true });
  return createSqliteStore(db, path, readers, openReader, stopCheckpoints);
}

function requireBetterSqlite3(): DatabaseConstructor {
  // createRequire keeps the native module out of the import graph: importing the collector
  // without better-sqlite3 works, and only opening a SQLite store asks for it.
  return createRequire(import.meta.url)('better-sqlite3') as DatabaseConstructor;
}

function loadDriverOrExplain(loadDriver: () => unknown): DatabaseConstructor {
  try {
    return loadDriver() as DatabaseConstructor;
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
      `${db.name} has schema version ${current}, newer than this collector understands (${SCHEMA_VERSION}). Upgrade confidence-pulse-collector.`,
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

/** Rows the report reads before letting other requests run: about a few milliseconds of work. */
const REPORT_ROWS_PER_TURN = 2000;

function createSqliteStore(
  db: Database,
  path: string,
  readers: ReaderPool | null,
  openReader: (() => Database) | null,
  stopCheckpoints: StopCheckpoints,
): SqliteEventStore {
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

  let reader: Database | undefined;
  let readerTurn: Promise<void> = Promise.resolve();
  const readerStatements = new Map<string, Statement>();
  /**
   * Runs a report query on the reader connection, handing rows over as arrays named here (better-sqlite3
   * builds a keyed object per row at a third more cost), and yields to the event loop every few thousand
   * rows so ingest and health checks keep being answered during a long report.
   */
  const readRows = async (sql: string, params: readonly unknown[], onRow: (row: Record<string, unknown>) => void): Promise<void> => {
    if (openReader && !reader) {
      reader = openReader();
      // Like writes, a read waiting on another process's lock fails soon rather than freezing every request.
      reader.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    }
    const connection = reader ?? db;
    let statement = connection === db ? prepared(sql) : readerStatements.get(sql);
    if (!statement) readerStatements.set(sql, (statement = connection.prepare(sql)));
    const named = Object.fromEntries(params.map((value, i) => [`p${i + 1}`, value]));
    const columns = statement.columns().map((c) => c.name);
    statement.raw(true);
    try {
      let count = 0;
      for (const values of statement.iterate(named) as IterableIterator<unknown[]>) {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
        onRow(row);
        // The main connection must not be left busy: only the reader pauses mid-query.
        if (connection !== db && ++count % REPORT_ROWS_PER_TURN === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } finally {
      statement.raw(false);
    }
  };

  const countPageViews = db.prepare(
    'INSERT INTO pageview_days (day, page_type, device, n) VALUES (?, ?, ?, ?) ON CONFLICT (day, page_type, device) DO UPDATE SET n = n + excluded.n',
  );
  const writeRollups = createRollupWriter(db);
  const insertFacet = db.prepare('INSERT OR IGNORE INTO facets (kind, value) VALUES (?, ?)');
  const knownFacets = new Set<string>();
  const insertAll = db.transaction((batches: readonly InsertBatch[]) => {
    const events = batches.length === 1 ? batches[0]!.events : batches.flatMap((batch) => batch.events);
    const fresh = facetRows(events).filter(([kind, value]) => !knownFacets.has(`${kind}\0${value}`));
    for (const [kind, value] of fresh) insertFacet.run(kind, value);
    const accepted: PulseEvent[] = [];
    const stored: unknown[][] = [];
    const statuses = batches.map(({ events: batch, context }) => {
      const receivedAt = context.receivedAt ?? new Date().toISOString();
      const sentAt = context.sentAt == null ? null : normalizeTime(context.sentAt);
      return batch.map((event): InsertStatus => {
        const values = toColumnValues(event, receivedAt, sentAt);
        if (insert.run(...values).changes !== 1) return 'duplicate';
        accepted.push(event);
        stored.push(values);
        return 'accepted';
      });
    });
    for (const [day, pageType, device, n] of pageViewDays(accepted)) countPageViews.run(day, pageType, device, n);
    writeRollups(stored);
    // Remembered once committed: a rolled-back batch must write its facets again.
    return { statuses, fresh };
  });
  /** Stores the batches in one transaction (the caller's group commit), remembering their facets once committed. */
  const insertBatches = (batches: readonly InsertBatch[]): InsertStatus[][] => {
    const { statuses, fresh } = insertAll(batches);
    for (const [kind, value] of fresh) knownFacets.add(`${kind}\0${value}`);
    return statuses;
  };

  return {
    path,
    description: `SQLite ${path}`,
    report: sqlReportSourceWithRollups(
      SQLITE_DIALECT,
      readers?.run ??
        ((sql, params, onRow) => {
          // One report query at a time on the reader: an open iterator keeps its connection busy.
          const run = readerTurn.then(() => readRows(sql, params, onRow));
          readerTurn = run.catch(() => {});
          return run;
        }),
    ),
    insertMany(events, context = {}) {
      return events.length === 0 ? [] : insertBatches([{ events, context }])[0]!;
    },
    insertGroup: insertBatches,
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
      return toFacets(prepared('SELECT kind, value FROM facets').all() as { kind: string; value: string }[]);
    },
    ping() {
      // Takes the write lock and lets it go at once: a database another process keeps locked fails here
      // (SQLITE_BUSY), where SELECT 1 would not even read the file.
      db.exec('BEGIN IMMEDIATE; ROLLBACK');
    },
    sizeBytes() {
      // Pages in the WAL not yet checkpointed count too: page_count is the database as readers see it.
      return (db.pragma('page_count', { simple: true }) as number) * (db.pragma('page_size', { simple: true }) as number);
    },
    close() {
      stopCheckpoints();
      readers?.close();
      if (reader?.open) reader.close();
      if (db.open) db.close();
    },
  };
}
