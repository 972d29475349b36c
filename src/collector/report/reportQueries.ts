/**
 * The report's queries, written once for both stores. Each joins and groups where the events are (the
 * database walks its indexes), and answers one row per visitor or per display, never one per event:
 * a report over millions of events reads tens of thousands of rows. `memoryReportSource` computes the
 * same rows from a list of events; the tests hold the two to the same answers.
 */
import { filterClauses, normalizeTime } from '../eventColumns';
import type { EventFilter } from '../store';
import type { ConfidenceUnit, CountDetails, DisplayStatus, DisplayUnit, FollowUpRow, OpenTextRow, ReportSource, ScaleFacts, UnitQuery } from './units';

/** What differs between SQLite and PostgreSQL in these queries. */
export interface SqlDialect {
  /** The events table: `events` or `cp_events`. */
  table: string;
  /** The page views per day table: `pageview_days` or `cp_pageview_days`. */
  pageViewDays: string;
  /** The marker of the n-th bound parameter (1-based): `?` or `$n`. */
  marker(n: number): string;
  /** SQL for the time `column` plus `ms` milliseconds, binding what it needs with `bind`. */
  plusMs(column: string, ms: number, bind: (value: unknown) => string): string;
  /** A time as ISO 8601 text with milliseconds (`2026-11-22T10:00:00.000Z`), the stores' own spelling. */
  isoText(expression: string): string;
  /** The events table read through one of the report's indexes (`scale_answers`, `impressions`), where the planner needs telling. */
  through(index: 'scale_answers' | 'impressions' | 'open_text' | 'response' | 'ts_id', alias?: string): string;
  /**
   * What followed a unit `alias` (an event with `ts`, `session_id` and `page_view_id`) in its session:
   * `last|wentOn|outcome`, the session's last event, 1 when another page view of the session came at or after it,
   * 1 when the outcome `name` (a bound marker) did. Null without a session.
   */
  sessionAfter(alias: string, name: string | null): string;
}

/** How many of the report's queries a store runs at once: one per core of the machines it is meant for. */
export const REPORT_READERS = 2;

/** Runs a read-only query and hands its rows over one at a time. */
export type RunRows = (sql: string, params: readonly unknown[], onRow: (row: Record<string, unknown>) => void) => Promise<void> | void;

/** SQLite: times are ISO text, so shifting one goes through strftime (same spelling as stored). */
export const SQLITE_DIALECT: SqlDialect = {
  table: 'events',
  pageViewDays: 'pageview_days',
  // Named (`@p1`), so one value can appear several times in a query; the store binds them by name.
  marker: (n) => `@p${n}`,
  plusMs: (column, ms, bind) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, ${bind(`+${ms / 1000} seconds`)})`,
  isoText: (expression) => expression,
  // Without statistics, SQLite prefers the (type, ts) index and then reads every answer's row.
  through: (index, alias) => `events${alias ? ` AS ${alias}` : ''} INDEXED BY events_${index}`,
  // From the sessions' rollups (sqliteRollups.ts), kept at ingest over every event of a session: its last event and
  // page view, and the last event of any other page view, so "another page view at or after the unit" is a comparison;
  // an outcome's last time in the session likewise. One key lookup each, where the events would need an index by
  // session, which cost every stored event a page of its own.
  sessionAfter: (alias, name) => {
    const wentOn = `CASE WHEN s.last_pv <> ${alias}.page_view_id THEN s.last_ts >= ${alias}.ts ELSE COALESCE(s.other_pv_ts >= ${alias}.ts, 0) END`;
    const outcome =
      name === null
        ? '0'
        : `COALESCE((SELECT so.last_ts >= ${alias}.ts FROM report_session_outcomes so WHERE so.session_id = ${alias}.session_id AND so.outcome_name = ${name}), 0)`;
    return `(SELECT s.last_ts || '|' || (${wentOn}) || '|' || ${outcome} FROM report_sessions s WHERE s.session_id = ${alias}.session_id)`;
  },
};

/** PostgreSQL: times are timestamptz. */
export const POSTGRES_DIALECT: SqlDialect = {
  table: 'cp_events',
  pageViewDays: 'cp_pageview_days',
  marker: (n) => `$${n}`,
  plusMs: (column, ms, bind) => `(${column} + ${bind(ms)}::double precision * interval '1 millisecond')`,
  isoText: (expression) => `to_char(${expression} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  through: (_index, alias) => `cp_events${alias ? ` AS ${alias}` : ''}`,
  // One probe of the session's index; three subqueries would cost three probes per visitor.
  sessionAfter: (alias, name) => {
    const outcome = name === null ? '0' : `MAX(CASE WHEN s.type = 'outcome' AND s.outcome_name = ${name} THEN 1 ELSE 0 END)`;
    return `(SELECT ${POSTGRES_DIALECT.isoText('MAX(s.ts)')} || '|' || MAX(CASE WHEN s.page_view_id <> ${alias}.page_view_id THEN 1 ELSE 0 END) || '|' || ${outcome}
    FROM cp_events s WHERE s.session_id = ${alias}.session_id AND s.ts >= ${alias}.ts)`;
  },
};

/** Collects bound values in order and answers their markers. */
export function binder(dialect: SqlDialect) {
  const params: unknown[] = [];
  const bind = (value: unknown) => (params.push(value), dialect.marker(params.length));
  return { params, bind };
}

const and = (clauses: readonly string[]) => clauses.map((c) => ` AND ${c}`).join('');

/** The filter without its `type`: each query names the types it reads. */
function surveyFilter(filter: EventFilter): EventFilter {
  const { type: _type, ...rest } = filter;
  return rest;
}

/**
 * 1 for a visitor's first event of the query (by time, then id); an event sent without a visitor id is a
 * visitor of its own. The stores' indexes for the report are ordered by (visitor_id, ts, id), so SQLite
 * numbers the rows as it reads them instead of sorting them.
 */
const FIRST_OF_VISITOR = 'CASE WHEN visitor_id IS NULL THEN 1 ELSE ROW_NUMBER() OVER (PARTITION BY visitor_id ORDER BY ts, id) END';

const SIGNAL_COLUMNS = 'page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes';

/** The outcome within the window after a unit `alias` (answer or display), by the same visitor on any page. */
function windowJoin(dialect: SqlDialect, query: UnitQuery, bind: (value: unknown) => string, alias: string, name: string | null): string {
  if (name === null || query.windowMs === null) return '(1 = 0)';
  const until = dialect.plusMs(`${alias}.ts`, query.windowMs, bind);
  return `EXISTS (SELECT 1 FROM ${dialect.table} o WHERE o.type = 'outcome' AND o.outcome_name = ${name} AND o.visitor_id = ${alias}.visitor_id AND o.ts >= ${alias}.ts AND o.ts <= ${until})`;
}


/** Answers to the confidence question: the terms a partial index of the stores is made for. */
const SCALE_ANSWER = "type = 'answer' AND question_type = 'scale' AND answer_number IS NOT NULL";

const UNIT_COLUMNS = `id, ts, visitor_id, page_type, variant, sample_rate, answer_number, ${SIGNAL_COLUMNS}`;

/**
 * Each visitor's first answer to the confidence question, with what followed in its session and the outcome
 * in its window; with `everyAnswer`, every answer, one visitor's next to each other.
 */
export function confidenceUnitsSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  const question = bind(query.questionId);
  const filter = and(filterClauses(surveyFilter(query.filter), bind));
  const name = query.outcome === null ? null : bind(query.outcome);
  const every = query.everyAnswer === true;
  const sql = `WITH answered AS (
  SELECT ${UNIT_COLUMNS}, session_id, page_view_id${every ? '' : `, ${FIRST_OF_VISITOR} AS k`}
  FROM ${dialect.through('scale_answers')} WHERE ${SCALE_ANSWER} AND question_id = ${question}${filter}
)
SELECT ${UNIT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ')},
  ${dialect.sessionAfter('a', name)} AS session_after,
  CASE WHEN ${windowJoin(dialect, query, bind, 'a', name)} THEN 1 ELSE 0 END AS window_outcome
FROM answered a ${every ? 'ORDER BY a.visitor_id, a.ts, a.id' : 'WHERE a.k = 1'}`;
  return { sql, params };
}

/** Every display (impression) with how it ended, and for each visitor's first display, the outcomes after it. */
export function displayUnitsSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const t = dialect.table;
  const { params, bind } = binder(dialect);
  const filter = and(filterClauses(surveyFilter(query.filter), bind));
  const name = query.outcome === null ? null : bind(query.outcome);
  // One display per impression (the widget sends one per display; a retry keeps its id and is stored once).
  // Each join costs a probe per display: only the chosen window's is made.
  const ends = `COALESCE(${dialect.isoText("MIN(CASE WHEN x.type = 'answer' THEN x.ts END)")}, '') || '|' || COALESCE(${dialect.isoText("MIN(CASE WHEN x.type = 'dismiss' THEN x.ts END)")}, '')`;
  const sql = `WITH displays AS (
  SELECT id, ts, visitor_id, session_id, page_view_id, response_id, page_type, variant, sample_rate, ${SIGNAL_COLUMNS},
    ${FIRST_OF_VISITOR} AS k
  FROM ${dialect.through('impressions')} WHERE type = 'impression' AND response_id IS NOT NULL${filter}
)
SELECT d.id, d.ts, d.visitor_id, d.page_type, d.variant, d.sample_rate, ${SIGNAL_COLUMNS}, d.k,
  (SELECT ${ends} FROM ${t} x WHERE x.response_id = d.response_id AND x.type IN ('answer', 'dismiss')) AS ends,
  ${query.windowMs === null ? `CASE WHEN d.k = 1 THEN ${dialect.sessionAfter('d', name)} END` : 'NULL'} AS session_after,
  CASE WHEN d.k = 1 AND ${windowJoin(dialect, query, bind, 'd', name)} THEN 1 ELSE 0 END AS window_outcome
FROM displays d`;
  return { sql, params };
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value));
const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const flag = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

/** 1 / sampleRate, or 1 when the rate is missing or not a probability. */
export function weightOfRate(rate: number | null): number {
  return rate !== null && rate > 0 && rate <= 1 ? 1 / rate : 1;
}

/** `last|wentOn|outcome` of `sessionAfter`, read back. */
function readSessionAfter(value: unknown): { last: string | null; wentOn: boolean; outcome: boolean } {
  if (typeof value !== 'string') return { last: null, wentOn: false, outcome: false };
  const [last, wentOn, outcome] = value.split('|');
  return { last: last ?? null, wentOn: wentOn === '1', outcome: outcome === '1' };
}

function signalsOf(row: Record<string, unknown>) {
  return {
    step: number(row.page_index),
    activeMs: number(row.active_ms),
    scrollDepth: number(row.scroll_depth),
    productsCompared: number(row.products_compared),
    productsViewed: number(row.products_viewed),
    filterChanges: number(row.filter_changes),
  };
}

/** A row of `confidenceUnitsSql` as a unit. */
export function toConfidenceUnit(row: Record<string, unknown>): ConfidenceUnit {
  const session = readSessionAfter(row.session_after);
  return {
    id: String(row.id),
    ts: text(row.ts)!,
    joinable: row.visitor_id !== null,
    cluster: String(row.visitor_id ?? row.id),
    value: Number(row.answer_number),
    weight: weightOfRate(number(row.sample_rate)),
    pageType: text(row.page_type),
    variant: text(row.variant),
    ...signalsOf(row),
    sessionLast: session.last,
    sessionOutcome: row.visitor_id !== null && session.outcome,
    windowOutcome: row.visitor_id !== null && flag(row.window_outcome),
    wentOn: session.wentOn,
  };
}

/** How a display ended, from its first answer and first dismissal. */
export function displayStatus(answeredAt: string | null, dismissedAt: string | null): DisplayStatus {
  if (answeredAt !== null && (dismissedAt === null || answeredAt <= dismissedAt)) return 'answered';
  return dismissedAt !== null ? 'dismissed' : 'ignored';
}

/** A row of `displayUnitsSql` as a unit. */
export function toDisplayUnit(row: Record<string, unknown>): DisplayUnit {
  const first = Number(row.k) === 1;
  const session = readSessionAfter(row.session_after);
  const [answeredAt, dismissedAt] = String(row.ends ?? '|').split('|');
  return {
    id: String(row.id),
    ts: text(row.ts)!,
    joinable: row.visitor_id !== null,
    weight: weightOfRate(number(row.sample_rate)),
    pageType: text(row.page_type),
    variant: text(row.variant),
    ...signalsOf(row),
    status: displayStatus(answeredAt || null, dismissedAt || null),
    firstOfVisitor: first,
    sessionLast: first ? session.last : null,
    sessionOutcome: first && row.visitor_id !== null && session.outcome,
    windowOutcome: first && row.visitor_id !== null && flag(row.window_outcome),
  };
}

/** The scale's facts and the wordings: the confidence answers' count and range, and the latest bodies. */
async function readScaleFacts(run: RunRows, dialect: SqlDialect, query: UnitQuery): Promise<ScaleFacts> {
  const facts: ScaleFacts = { confidenceAnswers: 0, answerRange: null, scaleBody: null, variantBodies: {} };
  if (query.questionId === null) return facts;
  const filter = surveyFilter(query.filter);
  const { params, bind } = binder(dialect);
  const where = `${SCALE_ANSWER} AND question_id = ${bind(query.questionId)}${and(filterClauses(filter, bind))}`;
  const answers = dialect.through('scale_answers');
  // The latest answer's body, for the scale's declared ends, and each variant's, for its wording. One pass
  // finds each variant's latest time; each body is then found at that time through the (ts, id) index,
  // where sorting every answer by time would read them all once per variant.
  const latest = new Map<string | null, string>();
  await Promise.all([
    run(`SELECT COUNT(*) AS n, MIN(answer_number) AS low, MAX(answer_number) AS high FROM ${answers} WHERE ${where}`, params, (row) => {
      facts.confidenceAnswers = Number(row.n);
      if (row.low !== null && row.high !== null) facts.answerRange = { min: Number(row.low), max: Number(row.high) };
    }),
    run(`SELECT variant, ${dialect.isoText('MAX(ts)')} AS ts FROM ${answers} WHERE ${where} GROUP BY variant`, params, (row) => {
      latest.set(text(row.variant), text(row.ts)!);
    }),
  ]);
  const bodyAt = async (ts: string, variant?: string): Promise<string | undefined> => {
    let body: string | undefined;
    const more = [...params, ts, ...(variant === undefined ? [] : [variant])];
    const variantClause = variant === undefined ? '' : ` AND variant = ${dialect.marker(params.length + 2)}`;
    const sql = `SELECT body FROM ${dialect.through('ts_id')} WHERE ${where} AND ts = ${dialect.marker(params.length + 1)}${variantClause} ORDER BY id DESC LIMIT 1`;
    await run(sql, more, (row) => void (body = String(row.body)));
    return body;
  };
  const last = [...latest.values()].reduce<string | undefined>((a, b) => (a === undefined || b > a ? b : a), undefined);
  const variants = [...latest.keys()].filter((v): v is string => v !== null).sort();
  const [scaleBody, ...bodies] = await Promise.all([last === undefined ? undefined : bodyAt(last), ...variants.map((v) => bodyAt(latest.get(v)!, v))]);
  facts.scaleBody = scaleBody ?? null;
  variants.forEach((variant, i) => {
    if (bodies[i] !== undefined) facts.variantBodies[variant] = bodies[i]!;
  });
  return facts;
}

/** Counts, follow-ups and open text, as a few small aggregate queries run side by side. */
async function readDetails(run: RunRows, dialect: SqlDialect, query: UnitQuery, lowMax: number, openTextLimit: number): Promise<CountDetails> {
  const t = dialect.table;
  const details: CountDetails = { events: {}, pageViews: {}, followUps: [], followUpResponses: {}, openText: [] };
  const filter = surveyFilter(query.filter);
  const reads: (Promise<void> | void)[] = [];

  {
    const { params, bind } = binder(dialect);
    const where = and(filterClauses(filter, bind));
    const sql = `SELECT type, COUNT(*) AS n FROM ${t} WHERE type IN ('impression', 'answer', 'complete', 'dismiss')${where} GROUP BY type`;
    reads.push(
      run(sql, params, (row) => {
        details.events[String(row.type)] = Number(row.n);
      }),
    );
  }
  {
    // Page views carry no survey: only the dates, page type and device narrow them. Whole days are summed
    // from the table kept at ingest; a time of day falls back to counting the events.
    const { params, bind } = binder(dialect);
    const { since, until, pageType, device } = filter;
    const midnight = (iso: string | undefined) => iso === undefined || normalizeTime(iso).endsWith('T00:00:00.000Z');
    let sql: string;
    if (midnight(since) && midnight(until)) {
      const clauses = [
        ...(since ? [`day >= ${bind(normalizeTime(since).slice(0, 10))}`] : []),
        ...(until ? [`day < ${bind(normalizeTime(until).slice(0, 10))}`] : []),
        ...(pageType !== undefined ? [`page_type = ${bind(pageType)}`] : []),
        ...(device !== undefined ? [`device = ${bind(device)}`] : []),
      ];
      sql = `SELECT page_type, SUM(n) AS n FROM ${dialect.pageViewDays}${clauses.length ? ` WHERE ${clauses.join(' AND ')}` : ''} GROUP BY page_type`;
    } else {
      const views: EventFilter = { ...(since ? { since } : {}), ...(until ? { until } : {}), ...(pageType ? { pageType } : {}), ...(device ? { device } : {}) };
      sql = `SELECT COALESCE(page_type, '') AS page_type, COUNT(*) AS n FROM ${t} WHERE type = 'pageview'${and(filterClauses(views, bind))} GROUP BY page_type`;
    }
    reads.push(
      run(sql, params, (row) => {
        details.pageViews[text(row.page_type) ?? ''] = Number(row.n);
      }),
    );
  }
  if (query.questionId !== null) reads.push(readFollowUps(run, dialect, query, lowMax, details));
  {
    const { params, bind } = binder(dialect);
    const question = bind(query.questionId);
    const where = and(filterClauses(filter, bind));
    const limit = bind(openTextLimit);
    const sql = `SELECT t.ts, t.page_type, t.question_id, t.answer_text,
  (SELECT c.answer_number FROM ${dialect.through('response', 'c')} WHERE c.response_id = t.response_id AND c.type = 'answer' AND c.question_id = ${question} AND c.question_type = 'scale' AND c.answer_number IS NOT NULL
   ORDER BY c.ts DESC, c.id DESC LIMIT 1) AS confidence
FROM ${dialect.through('open_text', 't')} WHERE t.type = 'answer' AND t.answer_text IS NOT NULL${where} ORDER BY t.ts DESC, t.id DESC LIMIT ${limit}`;
    reads.push(
      run(sql, params, (row) => {
        details.openText.push({
          ts: text(row.ts)!,
          pageType: text(row.page_type),
          questionId: text(row.question_id) ?? '',
          text: String(row.answer_text),
          confidence: number(row.confidence),
        } satisfies OpenTextRow);
      }),
    );
  }
  await Promise.all(reads);
  return details;
}

/** The low-confidence responses' follow-up answers: per answer given, and per question. */
async function readFollowUps(run: RunRows, dialect: SqlDialect, query: UnitQuery, lowMax: number, details: CountDetails): Promise<void> {
  const t = dialect.table;
  const { params, bind } = binder(dialect);
  const question = bind(query.questionId);
  const low = bind(lowMax);
  const where = and(filterClauses(surveyFilter(query.filter), bind));
  const lowResponses = `SELECT DISTINCT response_id FROM ${dialect.through('scale_answers')} WHERE ${SCALE_ANSWER} AND question_id = ${question} AND answer_number <= ${low} AND response_id IS NOT NULL${where}`;
  // One pass over the low responses' follow-up answers, kept for two sums: per answer given, how many
  // responses gave it and one event's id whose body has its labels and the question's wording (fetched by
  // id after, a handful of rows); per question, how many responses answered it (a null value marks those rows).
  const choices = `SELECT c.id, c.question_id, c.answer_value, c.response_id FROM ${t} c JOIN low ON low.response_id = c.response_id
WHERE c.type = 'answer' AND c.question_type = 'choice' AND c.answer_value IS NOT NULL`;
  const combos: { questionId: string; value: string; responses: number; sample: string }[] = [];
  await run(
    `WITH low AS (${lowResponses}), choices AS MATERIALIZED (${choices})
SELECT question_id, answer_value, COUNT(DISTINCT response_id) AS n, MIN(id) AS sample FROM choices GROUP BY question_id, answer_value
UNION ALL
SELECT question_id, NULL, COUNT(DISTINCT response_id), NULL FROM choices GROUP BY question_id`,
    params,
    (row) => {
      if (row.answer_value === null) details.followUpResponses[String(row.question_id)] = Number(row.n);
      else combos.push({ questionId: String(row.question_id), value: String(row.answer_value), responses: Number(row.n), sample: String(row.sample) });
    },
  );
  const found: (FollowUpRow | undefined)[] = [];
  await Promise.all(
    combos.map(({ sample, ...combo }, i) =>
      run(`SELECT body FROM ${t} WHERE id = ${dialect.marker(1)}`, [sample], (row) => {
        found[i] = { ...combo, body: String(row.body) };
      }),
    ),
  );
  details.followUps.push(...found.filter((row): row is FollowUpRow => row !== undefined));
}

/** The report's reading side of a SQL store, given how the store runs a query. */
export function sqlReportSource(dialect: SqlDialect, run: RunRows): ReportSource {
  return {
    async confidenceUnits(query, onUnit) {
      if (query.questionId === null) return;
      const { sql, params } = confidenceUnitsSql(dialect, query);
      await run(sql, params, (row) => onUnit(toConfidenceUnit(row)));
    },
    async displayUnits(query, onUnit) {
      const { sql, params } = displayUnitsSql(dialect, query);
      await run(sql, params, (row) => onUnit(toDisplayUnit(row)));
    },
    scaleFacts: (query) => readScaleFacts(run, dialect, query),
    details: (query, lowMax, openTextLimit) => readDetails(run, dialect, query, lowMax, openTextLimit),
  };
}
