/**
 * The PostgreSQL event store: many stateless collectors behind a load balancer share one
 * database. Same behaviour as the SQLite store (idempotent on id, same filters, same answers), which
 * `tests/collector/storeContract.test.ts` checks against a real server.
 *
 * `pg` is an optional dependency, loaded only when a PostgreSQL store is opened.
 */
import { createRequire } from 'node:module';
import type * as Pg from 'pg';
import pLimit from 'p-limit';
import type { PulseEvent } from '../contract/eventShapes';
import { EVENT_COLUMNS, filterClauses, normalizeTime, toColumnValues, toStoredEvent, type EventRow } from './eventColumns';
import { facetRows, pageViewDays, toFacets } from './facetValues';
import { POSTGRES_DIALECT, REPORT_READERS, sqlReportSource, type RunRows } from './report/reportQueries';
import { DEFAULT_EXPORT_TIMEOUT_MS, DEFAULT_REPORT_TIMEOUT_MS, isStatementTimeout, QueryTimeoutError, type QueryKind } from './queryTimeout';
import type { EventFilter, EventStore, Facets, InsertBatch, InsertStatus } from './store';

type PgModule = typeof Pg;

/**
 * Schema migrations, in order: entry `i` takes the database from version `i` to `i + 1`.
 * Append only. Tables carry a `cp_` prefix because the database is usually shared with other data.
 * Bodies and answer values are text, not jsonb: jsonb refuses some strings JSON allows (a lone
 * surrogate escape), and the report parses them in Node anyway.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE cp_events (
     id             text PRIMARY KEY,
     type           text NOT NULL,
     ts             timestamptz NOT NULL,
     received_at    timestamptz NOT NULL,
     sent_at        timestamptz,
     visitor_id     text,
     session_id     text,
     page_view_id   text NOT NULL,
     response_id    text,
     page_type      text,
     page_path      text NOT NULL,
     survey_id      text,
     survey_version bigint,
     variant        text,
     sample_rate    double precision,
     question_id    text,
     question_type  text,
     answer_value   text,
     device         text,
     outcome_name   text,
     body           text NOT NULL
   );
   CREATE INDEX cp_events_ts_id ON cp_events (ts, id);
   CREATE INDEX cp_events_type_ts ON cp_events (type, ts);
   CREATE INDEX cp_events_survey_ts ON cp_events (survey_id, ts);
   CREATE INDEX cp_events_page_ts ON cp_events (page_type, ts);
   CREATE INDEX cp_events_session ON cp_events (session_id);`,
  // 2: the report's columns (a numeric answer, open text, signals), filled from the stored bodies, and the
  // indexes of its per-visitor joins, covering what it reads. A body jsonb refuses (a lone surrogate escape)
  // leaves its columns empty. The facets table answers the report's menus without a scan.
  `ALTER TABLE cp_events
     ADD COLUMN answer_number double precision, ADD COLUMN answer_text text, ADD COLUMN page_index double precision,
     ADD COLUMN active_ms double precision, ADD COLUMN scroll_depth double precision, ADD COLUMN products_compared double precision,
     ADD COLUMN products_viewed double precision, ADD COLUMN filter_changes double precision;
   CREATE FUNCTION pg_temp.cp_jsonb(body text) RETURNS jsonb LANGUAGE plpgsql IMMUTABLE AS $$
     BEGIN RETURN body::jsonb; EXCEPTION WHEN others THEN RETURN NULL; END $$;
   CREATE FUNCTION pg_temp.cp_number(value jsonb) RETURNS double precision LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN jsonb_typeof(value) = 'number' THEN (value #>> '{}')::double precision END $$;
   CREATE FUNCTION pg_temp.cp_text(value jsonb) RETURNS text LANGUAGE sql IMMUTABLE AS $$
     SELECT CASE WHEN jsonb_typeof(value) = 'string' AND btrim(value #>> '{}', E' \t\n\r') <> '' THEN value #>> '{}' END $$;
   UPDATE cp_events e SET
     answer_number = pg_temp.cp_number(b.j #> '{answer,value}'),
     answer_text = COALESCE(CASE WHEN b.j #>> '{question,type}' = 'text' THEN pg_temp.cp_text(b.j #> '{answer,value}') END, pg_temp.cp_text(b.j #> '{answer,other}')),
     page_index = pg_temp.cp_number(b.j #> '{signals,pageIndex}'),
     active_ms = pg_temp.cp_number(b.j #> '{signals,activeMs}'),
     scroll_depth = pg_temp.cp_number(b.j #> '{signals,maxScrollDepth}'),
     products_compared = pg_temp.cp_number(b.j #> '{signals,productsCompared}'),
     products_viewed = pg_temp.cp_number(b.j #> '{signals,productsViewed}'),
     filter_changes = pg_temp.cp_number(b.j #> '{signals,filterChanges}')
   FROM (SELECT id, pg_temp.cp_jsonb(body) AS j FROM cp_events) b WHERE e.id = b.id;
   DROP INDEX cp_events_session;
   DROP INDEX cp_events_type_ts;
   CREATE INDEX cp_events_type_cover ON cp_events (type, ts) INCLUDE (page_type, device, survey_id, survey_version);
   CREATE INDEX cp_events_session_cover ON cp_events (session_id, ts) INCLUDE (type, outcome_name, page_view_id);
   CREATE INDEX cp_events_outcome_visitor ON cp_events (outcome_name, visitor_id, ts) WHERE type = 'outcome';
   CREATE INDEX cp_events_response ON cp_events (response_id, type, ts) INCLUDE (question_type, question_id, answer_value) WHERE response_id IS NOT NULL;
   CREATE INDEX cp_events_open_text ON cp_events (ts, id) WHERE answer_text IS NOT NULL;
   CREATE INDEX cp_events_scale_answers ON cp_events (question_id, visitor_id, ts, id) INCLUDE (session_id, page_view_id, response_id, page_type,
     device, survey_id, survey_version, variant, sample_rate, answer_number, page_index, active_ms, scroll_depth, products_compared,
     products_viewed, filter_changes) WHERE type = 'answer' AND question_type = 'scale' AND answer_number IS NOT NULL;
   CREATE INDEX cp_events_impressions ON cp_events (visitor_id, ts, id) INCLUDE (response_id, session_id, page_view_id, page_type, device, survey_id,
     survey_version, variant, sample_rate, page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes)
     WHERE type = 'impression';
   CREATE TABLE cp_facets (kind text NOT NULL, value text NOT NULL, PRIMARY KEY (kind, value));
   INSERT INTO cp_facets SELECT DISTINCT 'survey', json_build_array(survey_id, survey_version)::text FROM cp_events WHERE survey_id IS NOT NULL;
   INSERT INTO cp_facets SELECT DISTINCT 'page_type', page_type FROM cp_events WHERE page_type IS NOT NULL;
   INSERT INTO cp_facets SELECT DISTINCT 'device', device FROM cp_events WHERE device IS NOT NULL;
   INSERT INTO cp_facets SELECT DISTINCT 'outcome', outcome_name FROM cp_events WHERE type = 'outcome' AND outcome_name IS NOT NULL;
   INSERT INTO cp_facets SELECT DISTINCT 'scale_question', question_id FROM cp_events
     WHERE type = 'answer' AND question_type = 'scale' AND question_id IS NOT NULL;
   CREATE TABLE cp_pageview_days (day text NOT NULL, page_type text NOT NULL, device text NOT NULL, n bigint NOT NULL,
     PRIMARY KEY (day, page_type, device));
   INSERT INTO cp_pageview_days SELECT to_char(ts AT TIME ZONE 'UTC', 'YYYY-MM-DD'), COALESCE(page_type, ''), COALESCE(device, ''), COUNT(*)
     FROM cp_events WHERE type = 'pageview' GROUP BY 1, 2, 3;`,
];

/** The PostgreSQL schema version this code writes, kept in the `cp_schema` table. */
export const POSTGRES_SCHEMA_VERSION = MIGRATIONS.length;

/** Rows per page of `scan`. */
const DEFAULT_PAGE_SIZE = 1000;

/** Rows per fetch of a report query's cursor. */
const REPORT_FETCH_SIZE = 5000;

/** Any fixed number: collectors starting together take this advisory lock, so one migrates and the rest wait. */
const MIGRATION_LOCK = 0x63702d31;

/** PostgreSQL type of each column, for the `unnest` of a multi-row insert. */
const COLUMN_TYPES: Record<(typeof EVENT_COLUMNS)[number], string> = {
  id: 'text',
  type: 'text',
  ts: 'timestamptz',
  received_at: 'timestamptz',
  sent_at: 'timestamptz',
  visitor_id: 'text',
  session_id: 'text',
  page_view_id: 'text',
  response_id: 'text',
  page_type: 'text',
  page_path: 'text',
  survey_id: 'text',
  survey_version: 'bigint',
  variant: 'text',
  sample_rate: 'float8',
  question_id: 'text',
  question_type: 'text',
  answer_value: 'text',
  device: 'text',
  outcome_name: 'text',
  answer_number: 'float8',
  answer_text: 'text',
  page_index: 'float8',
  active_ms: 'float8',
  scroll_depth: 'float8',
  products_compared: 'float8',
  products_viewed: 'float8',
  filter_changes: 'float8',
  body: 'text',
};

// One statement per batch whatever its size: one array parameter per column, unnested into rows.
// ON CONFLICT DO NOTHING also skips a repeated id inside the same batch; RETURNING tells which rows went in.
// Rows go in id order: two collectors inserting overlapping batches (a retry racing its original) then
// lock the same keys in the same order, and cannot deadlock.
const INSERT_SQL = `INSERT INTO cp_events (${EVENT_COLUMNS.join(', ')})
  SELECT * FROM unnest(${EVENT_COLUMNS.map((column, i) => `$${i + 1}::${COLUMN_TYPES[column]}[]`).join(', ')})
  ORDER BY 1
  ON CONFLICT (id) DO NOTHING
  RETURNING id`;

/** Options of `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** Connections per collector. Default 10. */
  maxConnections?: number;
  /** Longest one report query may run, in ms, before PostgreSQL cancels it and the report answers 503; 0 for no limit. Default 30 s. */
  reportTimeoutMs?: number | undefined;
  /** Longest the read of one page of an export (1,000 events) may run, in ms; 0 for no limit. Default 60 s. */
  exportTimeoutMs?: number | undefined;
}

/**
 * Connects to PostgreSQL, creates or migrates the `cp_events` table, and answers a store.
 * Throws a readable error when `pg` is not installed, the server cannot be reached, or the
 * database was migrated by a newer version of Confidence Pulse.
 *
 * ```ts
 * const store = await openPostgresStore('postgres://pulse:secret@db.internal:5432/pulse');
 * await store.insertMany(events); // ['accepted', 'duplicate', …]
 * await store.close();
 * ```
 * @param loadDriver returns the `pg` module; replaceable in tests. Typed `unknown` so that the package's
 * declarations never name pg's types, which a user without the driver does not have.
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
  loadDriver: () => unknown = requirePg,
): Promise<EventStore> {
  const pg = loadDriverOrExplain(loadDriver);
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, application_name: 'confidence-pulse' });
  // An idle connection dropped by the server (restart, failover) must not crash the process.
  pool.on('error', () => {});
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw new Error(`PostgreSQL at ${describeUrl(url)}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const limits = { report: options.reportTimeoutMs ?? DEFAULT_REPORT_TIMEOUT_MS, export: options.exportTimeoutMs ?? DEFAULT_EXPORT_TIMEOUT_MS };
  return createPostgresStore(pool, describeUrl(url), limits);
}

function requirePg(): PgModule {
  return createRequire(import.meta.url)('pg') as PgModule;
}

function loadDriverOrExplain(loadDriver: () => unknown): PgModule {
  try {
    return loadDriver() as PgModule;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') {
      throw new Error('The PostgreSQL store needs pg, an optional dependency that is not installed. Run `npm install pg`.', { cause: error });
    }
    throw error;
  }
}

/** `postgres://user:secret@host:5432/db` → `host:5432/db`: logs and pages never show a password. */
export function describeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the configured database';
  }
}

async function readVersion(client: Pg.PoolClient): Promise<number> {
  const { rows } = await client.query<{ version: number }>('SELECT version FROM cp_schema');
  return rows[0]?.version ?? 0;
}

function checkNotNewer(version: number): void {
  if (version > POSTGRES_SCHEMA_VERSION) {
    throw new Error(`schema version ${version} is newer than this collector understands (${POSTGRES_SCHEMA_VERSION}). Upgrade confidence-pulse-collector.`);
  }
}

async function migrate(pool: Pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    // Up to date: only read, so a role with SELECT and INSERT alone can run the collector.
    const { rows } = await client.query<{ present: boolean }>("SELECT to_regclass('cp_schema') IS NOT NULL AS present");
    if (rows[0]!.present) {
      const version = await readVersion(client);
      checkNotNewer(version);
      if (version === POSTGRES_SCHEMA_VERSION) return;
    }
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS cp_schema (version integer NOT NULL)');
    // Read again under the lock: another collector may have migrated meanwhile.
    const current = await readVersion(client);
    checkNotNewer(current);
    // DDL is transactional in PostgreSQL: a failed step leaves the previous version intact.
    for (let version = current; version < POSTGRES_SCHEMA_VERSION; version++) await client.query(MIGRATIONS[version]!);
    await client.query('DELETE FROM cp_schema');
    await client.query('INSERT INTO cp_schema (version) VALUES ($1)', [POSTGRES_SCHEMA_VERSION]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Starts a read-only transaction on `client` whose statements PostgreSQL cancels after `limitMs` (none for 0).
 * `SET LOCAL` ends with the transaction, so the connection goes back to the pool, and to ingest, without it.
 */
async function beginLimited(client: Pg.PoolClient, limitMs: number): Promise<void> {
  await client.query('BEGIN READ ONLY');
  if (limitMs > 0) await client.query("SELECT set_config('statement_timeout', $1, true)", [String(limitMs)]);
}

/** A cancellation at the limit, told as what to do about it; any other error as it was. */
function explainTimeout(error: unknown, kind: QueryKind, limitMs: number, elapsedMs: number): unknown {
  return isStatementTimeout(error, elapsedMs, limitMs) ? new QueryTimeoutError(kind, limitMs, { cause: error }) : error;
}

/** Runs `work` on a pooled connection inside a read-only transaction limited to `limitMs` per statement. */
async function readLimited<T>(pool: Pg.Pool, kind: QueryKind, limitMs: number, work: (client: Pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const started = performance.now();
  try {
    await beginLimited(client, limitMs);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw explainTimeout(error, kind, limitMs, performance.now() - started);
  } finally {
    client.release();
  }
}

/**
 * Runs a report query through a server-side cursor, a few thousand rows per round trip, so the collector
 * holds one page of rows however many visitors the query answers. Each statement (the cursor's declaration and
 * every fetch) has `limitMs` to run.
 */
function cursorRows(pool: Pg.Pool, limitMs: number): RunRows {
  // The report issues its reads together; two at a time run side by side and leave the pool's other connections
  // to ingest.
  const limit = pLimit(REPORT_READERS);
  return (sql, params, onRow) =>
    limit(() => readLimited(pool, 'report', limitMs, async (client) => {
      await client.query(`DECLARE cp_report NO SCROLL CURSOR FOR ${sql}`, params as unknown[]);
      for (;;) {
        const { rows } = await client.query<Record<string, unknown>>(`FETCH ${REPORT_FETCH_SIZE} FROM cp_report`);
        for (const row of rows) onRow(row);
        if (rows.length < REPORT_FETCH_SIZE) break;
      }
    }));
}

function createPostgresStore(pool: Pg.Pool, where: string, limits: Record<QueryKind, number>): EventStore {
  const whereSql = (filter: EventFilter, params: unknown[], extra: (p: (v: unknown) => string) => string[] = () => []): string => {
    const bind = (value: unknown) => (params.push(value), `$${params.length}`);
    const clauses = [...filterClauses(filter, bind), ...extra(bind)];
    return clauses.length ? ` WHERE ${clauses.join(' AND ')}` : '';
  };
  const rowsOf = async (sql: string, params: unknown[] = []) => (await pool.query<EventRow>(sql, params)).rows;
  const knownFacets = new Set<string>();

  /**
   * Stores batches in one statement (a group commit when there are several), each row with its own batch's times.
   * A crash between the statements leaves a few page views uncounted in the coverage figure, never events lost.
   */
  const insertBatches = async (batches: readonly InsertBatch[]): Promise<InsertStatus[][]> => {
    const columns: unknown[][] = EVENT_COLUMNS.map(() => []);
    for (const { events, context } of batches) {
      const receivedAt = context.receivedAt ?? new Date().toISOString();
      const sentAt = context.sentAt == null ? null : normalizeTime(context.sentAt);
      for (const event of events) toColumnValues(event, receivedAt, sentAt).forEach((value, i) => columns[i]!.push(value));
    }
    const events = batches.flatMap((batch) => batch.events);
    // Facets first: a value whose events then fail to insert only adds a menu entry with no data.
    const fresh = facetRows(events).filter(([kind, value]) => !knownFacets.has(`${kind}\0${value}`));
    if (fresh.length) {
      await pool.query('INSERT INTO cp_facets (kind, value) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING', [fresh.map((f) => f[0]), fresh.map((f) => f[1])]);
      for (const [kind, value] of fresh) knownFacets.add(`${kind}\0${value}`);
    }
    const { rows } = await pool.query<{ id: string }>({ name: 'cp_insert_events', text: INSERT_SQL, values: columns });
    // Each inserted id is claimed by its first occurrence in the group; every other occurrence is a duplicate.
    const inserted = new Set(rows.map((row) => row.id));
    const accepted: PulseEvent[] = [];
    const statuses = batches.map(({ events: batch }) =>
      batch.map((event): InsertStatus => {
        if (!inserted.delete(event.id)) return 'duplicate';
        accepted.push(event);
        return 'accepted';
      }),
    );
    // Counted after the insert, from what it accepted: a retried batch counts nothing twice.
    const days = pageViewDays(accepted);
    if (days.length) {
      await pool.query(
        `INSERT INTO cp_pageview_days (day, page_type, device, n) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[])
         ON CONFLICT (day, page_type, device) DO UPDATE SET n = cp_pageview_days.n + excluded.n`,
        [days.map((d) => d[0]), days.map((d) => d[1]), days.map((d) => d[2]), days.map((d) => d[3])],
      );
    }
    return statuses;
  };

  return {
    description: `PostgreSQL ${where}`,
    report: sqlReportSource(POSTGRES_DIALECT, cursorRows(pool, limits.report)),
    async insertMany(events: readonly PulseEvent[], context = {}) {
      return events.length === 0 ? [] : (await insertBatches([{ events, context }]))[0]!;
    },
    insertGroup: insertBatches,
    async count(filter = {}) {
      const params: unknown[] = [];
      const { rows } = await pool.query<{ n: string }>(`SELECT COUNT(*) AS n FROM cp_events${whereSql(filter, params)}`, params);
      return Number(rows[0]!.n);
    },
    async all(query = {}) {
      const params: unknown[] = [];
      const direction = query.order === 'desc' ? 'DESC' : 'ASC';
      let sql = `SELECT * FROM cp_events${whereSql(query, params)} ORDER BY ts ${direction}, id ${direction}`;
      if (query.limit !== undefined) {
        params.push(Math.max(0, Math.floor(query.limit)));
        sql += ` LIMIT $${params.length}`;
      }
      return (await rowsOf(sql, params)).map(toStoredEvent);
    },
    async *scan(filter = {}, options = {}) {
      const pageSize = Math.max(1, Math.floor(options.pageSize ?? DEFAULT_PAGE_SIZE));
      let after: { ts: Date | string; id: string } | undefined;
      for (;;) {
        const params: unknown[] = [];
        const clauses = whereSql(filter, params, (p) => (after ? [`(ts, id) > (${p(after.ts)}, ${p(after.id)})`] : []));
        params.push(pageSize);
        // Each page is a query of its own, limited on its own: the export streams as long as its reader reads.
        const sql = `SELECT * FROM cp_events${clauses} ORDER BY ts, id LIMIT $${params.length}`;
        const rows = await readLimited(pool, 'export', limits.export, async (client) => (await client.query<EventRow>(sql, params)).rows);
        if (rows.length === 0) return;
        const last = rows[rows.length - 1]!;
        after = { ts: last.ts, id: last.id };
        yield rows.map(toStoredEvent);
        if (rows.length < pageSize) return;
      }
    },
    async facets(): Promise<Facets> {
      // The report's menus: a small table, read under the report's limit all the same.
      const read = (client: Pg.PoolClient) => client.query<{ kind: string; value: string }>('SELECT kind, value FROM cp_facets');
      return toFacets((await readLimited(pool, 'report', limits.report, read)).rows);
    },
    async ping() {
      await pool.query('SELECT 1');
    },
    async sizeBytes() {
      const { rows } = await pool.query<{ bytes: string }>('SELECT pg_database_size(current_database()) AS bytes');
      return Number(rows[0]!.bytes);
    },
    async close() {
      await pool.end();
    },
  };
}
