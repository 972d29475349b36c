/**
 * The report's queries, written once for both stores. Each joins and groups where the events are (the
 * database walks its indexes), and answers one row per visitor or per display, never one per event:
 * a report over millions of events reads tens of thousands of rows. `memoryReportSource` computes the
 * same rows from a list of events; the tests hold the two to the same answers.
 */
import { filterClauses } from '../eventColumns';
import type { EventFilter } from '../store';
import { scaleOf } from './scaleOf';
import type { ConfidenceUnit, DisplayStatus, DisplayUnit, FollowUpRow, OpenTextRow, ReportDetails, ReportSource, UnitQuery } from './units';

/** What differs between SQLite and PostgreSQL in these queries. */
export interface SqlDialect {
  /** The events table: `events` or `cp_events`. */
  table: string;
  /** The marker of the n-th bound parameter (1-based): `?` or `$n`. */
  marker(n: number): string;
  /** SQL for the time `column` plus `ms` milliseconds, binding what it needs with `bind`. */
  plusMs(column: string, ms: number, bind: (value: unknown) => string): string;
}

/** Runs a read-only query and hands its rows over one at a time. */
export type RunRows = (sql: string, params: readonly unknown[], onRow: (row: Record<string, unknown>) => void) => Promise<void> | void;

/** SQLite: times are ISO text, so shifting one goes through strftime (same spelling as stored). */
export const SQLITE_DIALECT: SqlDialect = {
  table: 'events',
  // Named (`@p1`), so one value can appear several times in a query; the store binds them by name.
  marker: (n) => `@p${n}`,
  plusMs: (column, ms, bind) => `strftime('%Y-%m-%dT%H:%M:%fZ', ${column}, ${bind(`+${ms / 1000} seconds`)})`,
};

/** PostgreSQL: times are timestamptz. */
export const POSTGRES_DIALECT: SqlDialect = {
  table: 'cp_events',
  marker: (n) => `$${n}`,
  plusMs: (column, ms, bind) => `(${column} + ${bind(ms)}::double precision * interval '1 millisecond')`,
};

/** Collects bound values in order and answers their markers. */
function binder(dialect: SqlDialect) {
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

/** Partition key of a visitor: the visitor id, or the display itself when sent without one. */
const visitorKey = (alias: string) => `CASE WHEN ${alias}.visitor_id IS NOT NULL THEN 'v' || ${alias}.visitor_id ELSE 'r' || COALESCE(${alias}.response_id, ${alias}.id) END`;

const SIGNAL_COLUMNS = 'page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes';

/** The outcome within the window after a unit `alias` (answer or display), by the same visitor on any page. */
function windowJoin(dialect: SqlDialect, query: UnitQuery, bind: (value: unknown) => string, alias: string, name: string | null): string {
  if (name === null) return '(1 = 0)';
  const until = dialect.plusMs(`${alias}.ts`, query.windowMs, bind);
  return `EXISTS (SELECT 1 FROM ${dialect.table} o WHERE o.type = 'outcome' AND o.outcome_name = ${name} AND o.visitor_id = ${alias}.visitor_id AND o.ts >= ${alias}.ts AND o.ts <= ${until})`;
}

/** Answers to the confidence question: the terms a partial index of the stores is made for. */
const SCALE_ANSWER = "type = 'answer' AND question_type = 'scale' AND answer_number IS NOT NULL";

const UNIT_COLUMNS = `id, ts, visitor_id, page_type, variant, sample_rate, answer_number, ${SIGNAL_COLUMNS}`;

/**
 * Each visitor's first answer to the confidence question, with what followed in its session (one pass over
 * the session's later events: its last event, the outcome, another page view) and the outcome in the window.
 */
export function confidenceUnitsSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const t = dialect.table;
  const { params, bind } = binder(dialect);
  const question = bind(query.questionId);
  const filter = and(filterClauses(surveyFilter(query.filter), bind));
  const name = query.outcome === null ? null : bind(query.outcome);
  const sessionOutcome = name === null ? '0' : `MAX(CASE WHEN n.type = 'outcome' AND n.outcome_name = ${name} THEN 1 ELSE 0 END)`;
  const columns = UNIT_COLUMNS.split(', ').map((c) => `a.${c}`).join(', ');
  const sql = `WITH answered AS (
  SELECT ${UNIT_COLUMNS}, session_id, page_view_id, ROW_NUMBER() OVER (PARTITION BY ${visitorKey(t)} ORDER BY ts, id) AS k
  FROM ${t} WHERE ${SCALE_ANSWER} AND question_id = ${question}${filter}
), firsts AS (SELECT * FROM answered WHERE k = 1)
SELECT ${columns},
  MAX(n.ts) AS session_last,
  ${sessionOutcome} AS session_outcome,
  MAX(CASE WHEN n.page_view_id <> a.page_view_id THEN 1 ELSE 0 END) AS went_on,
  ${windowJoin(dialect, query, bind, 'a', name)} AS window_outcome
FROM firsts a LEFT JOIN ${t} n ON n.session_id = a.session_id AND n.ts >= a.ts
GROUP BY ${columns}, a.session_id, a.page_view_id
ORDER BY a.ts, a.id`;
  return { sql, params };
}

/** Every display (impression) with how it ended, and for each visitor's first display, the outcomes after it. */
export function displayUnitsSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const t = dialect.table;
  const { params, bind } = binder(dialect);
  const filter = and(filterClauses(surveyFilter(query.filter), bind));
  const name = query.outcome === null ? null : bind(query.outcome);
  const sessionOutcome =
    name === null ? '(1 = 0)' : `EXISTS (SELECT 1 FROM ${t} o WHERE o.session_id = d.session_id AND o.ts >= d.ts AND o.type = 'outcome' AND o.outcome_name = ${name})`;
  const sql = `WITH shown AS (
  SELECT id, ts, visitor_id, session_id, response_id, page_type, variant, sample_rate, ${SIGNAL_COLUMNS},
    ROW_NUMBER() OVER (PARTITION BY response_id ORDER BY ts, id) AS copy
  FROM ${t} WHERE type = 'impression' AND response_id IS NOT NULL${filter}
), displays AS (
  SELECT shown.*, ROW_NUMBER() OVER (PARTITION BY ${visitorKey('shown')} ORDER BY ts, id) AS k FROM shown WHERE copy = 1
)
SELECT d.id, d.ts, d.visitor_id, d.page_type, d.variant, d.sample_rate, ${SIGNAL_COLUMNS}, d.k,
  (SELECT MIN(x.ts) FROM ${t} x WHERE x.response_id = d.response_id AND x.type = 'answer') AS answered_at,
  (SELECT MIN(x.ts) FROM ${t} x WHERE x.response_id = d.response_id AND x.type = 'dismiss') AS dismissed_at,
  CASE WHEN d.k = 1 THEN (SELECT MAX(s.ts) FROM ${t} s WHERE s.session_id = d.session_id) END AS session_last,
  CASE WHEN d.k = 1 AND ${sessionOutcome} THEN 1 ELSE 0 END AS session_outcome,
  CASE WHEN d.k = 1 AND ${windowJoin(dialect, query, bind, 'd', name)} THEN 1 ELSE 0 END AS window_outcome
FROM displays d ORDER BY d.ts, d.id`;
  return { sql, params };
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : value instanceof Date ? value.toISOString() : String(value));
const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const flag = (value: unknown): boolean => value === true || value === 1 || value === '1' || value === 't';

/** 1 / sampleRate, or 1 when the rate is missing or not a probability. */
export function weightOfRate(rate: number | null): number {
  return rate !== null && rate > 0 && rate <= 1 ? 1 / rate : 1;
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
  return {
    id: String(row.id),
    ts: text(row.ts)!,
    joinable: row.visitor_id !== null,
    value: Number(row.answer_number),
    weight: weightOfRate(number(row.sample_rate)),
    pageType: text(row.page_type),
    variant: text(row.variant),
    ...signalsOf(row),
    sessionLast: text(row.session_last),
    sessionOutcome: row.visitor_id !== null && flag(row.session_outcome),
    windowOutcome: row.visitor_id !== null && flag(row.window_outcome),
    wentOn: flag(row.went_on),
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
  return {
    id: String(row.id),
    ts: text(row.ts)!,
    joinable: row.visitor_id !== null,
    weight: weightOfRate(number(row.sample_rate)),
    pageType: text(row.page_type),
    variant: text(row.variant),
    ...signalsOf(row),
    status: displayStatus(text(row.answered_at), text(row.dismissed_at)),
    firstOfVisitor: first,
    sessionLast: first ? text(row.session_last) : null,
    sessionOutcome: first && row.visitor_id !== null && flag(row.session_outcome),
    windowOutcome: first && row.visitor_id !== null && flag(row.window_outcome),
  };
}

/** Counts, follow-ups, open text and wordings, as a few small aggregate queries. */
async function readDetails(run: RunRows, dialect: SqlDialect, query: UnitQuery, lowMax: number | null, openTextLimit: number): Promise<ReportDetails> {
  const t = dialect.table;
  const details: ReportDetails = { events: {}, confidenceAnswers: 0, answerRange: null, scaleBody: null, pageViews: {}, followUps: [], followUpResponses: {}, openText: [], variantBodies: {} };
  const filter = surveyFilter(query.filter);

  {
    const { params, bind } = binder(dialect);
    const where = and(filterClauses(filter, bind));
    const sql = `SELECT type, COUNT(*) AS n FROM ${t} WHERE type IN ('impression', 'answer', 'complete', 'dismiss')${where} GROUP BY type`;
    await run(sql, params, (row) => {
      details.events[String(row.type)] = Number(row.n);
    });
  }
  if (query.questionId !== null) {
    const { params, bind } = binder(dialect);
    const where = `${SCALE_ANSWER} AND question_id = ${bind(query.questionId)}${and(filterClauses(filter, bind))}`;
    await run(`SELECT COUNT(*) AS n, MIN(answer_number) AS low, MAX(answer_number) AS high FROM ${t} WHERE ${where}`, params, (row) => {
      details.confidenceAnswers = Number(row.n);
      if (row.low !== null && row.high !== null) details.answerRange = { min: Number(row.low), max: Number(row.high) };
    });
    // The latest answer's body, for the scale's declared ends and for each variant's wording.
    await run(`SELECT body FROM ${t} WHERE ${where} ORDER BY ts DESC, id DESC LIMIT 1`, params, (row) => {
      details.scaleBody = String(row.body);
    });
    const variants: string[] = [];
    await run(`SELECT DISTINCT variant FROM ${t} WHERE ${where} AND variant IS NOT NULL`, params, (row) => void variants.push(String(row.variant)));
    for (const variant of variants.sort()) {
      const marker = dialect.marker(params.length + 1);
      await run(`SELECT body FROM ${t} WHERE ${where} AND variant = ${marker} ORDER BY ts DESC, id DESC LIMIT 1`, [...params, variant], (row) => {
        details.variantBodies[variant] = String(row.body);
      });
    }
  }
  {
    // Page views carry no survey: only the dates, page type and device narrow them.
    const { params, bind } = binder(dialect);
    const { since, until, pageType, device } = filter;
    const views: EventFilter = { ...(since ? { since } : {}), ...(until ? { until } : {}), ...(pageType ? { pageType } : {}), ...(device ? { device } : {}) };
    const sql = `SELECT page_type, COUNT(*) AS n FROM ${t} WHERE type = 'pageview'${and(filterClauses(views, bind))} GROUP BY page_type`;
    await run(sql, params, (row) => {
      details.pageViews[text(row.page_type) ?? ''] = Number(row.n);
    });
  }
  if (query.questionId !== null) {
    const { params, bind } = binder(dialect);
    const question = bind(query.questionId);
    const low = bind(scaleOf(details, lowMax).lowMax);
    const where = and(filterClauses(filter, bind));
    const lowResponses = `SELECT DISTINCT response_id FROM ${t} WHERE ${SCALE_ANSWER} AND question_id = ${question} AND answer_number <= ${low} AND response_id IS NOT NULL${where}`;
    await run(
      `WITH low AS (${lowResponses})
SELECT c.question_id, c.answer_value, COUNT(DISTINCT c.response_id) AS n, MAX(c.body) AS body
FROM ${t} c JOIN low ON low.response_id = c.response_id
WHERE c.type = 'answer' AND c.question_type = 'choice' AND c.answer_value IS NOT NULL
GROUP BY c.question_id, c.answer_value ORDER BY c.question_id, c.answer_value`,
      params,
      (row) => {
        details.followUps.push({ questionId: String(row.question_id), value: String(row.answer_value), responses: Number(row.n), body: String(row.body) } satisfies FollowUpRow);
      },
    );
    await run(
      `WITH low AS (${lowResponses})
SELECT c.question_id, COUNT(DISTINCT c.response_id) AS n
FROM ${t} c JOIN low ON low.response_id = c.response_id
WHERE c.type = 'answer' AND c.question_type = 'choice' AND c.answer_value IS NOT NULL GROUP BY c.question_id`,
      params,
      (row) => {
        details.followUpResponses[String(row.question_id)] = Number(row.n);
      },
    );
  }
  {
    const { params, bind } = binder(dialect);
    const question = bind(query.questionId);
    const where = and(filterClauses(filter, bind));
    const limit = bind(openTextLimit);
    const sql = `SELECT t.ts, t.page_type, t.question_id, t.answer_text,
  (SELECT c.answer_number FROM ${t} c WHERE c.response_id = t.response_id AND c.type = 'answer' AND c.question_id = ${question} AND c.question_type = 'scale' AND c.answer_number IS NOT NULL
   ORDER BY c.ts DESC, c.id DESC LIMIT 1) AS confidence
FROM ${t} t WHERE t.type = 'answer' AND t.answer_text IS NOT NULL${where} ORDER BY t.ts DESC, t.id DESC LIMIT ${limit}`;
    await run(sql, params, (row) => {
      details.openText.push({
        ts: text(row.ts)!,
        pageType: text(row.page_type),
        questionId: text(row.question_id) ?? '',
        text: String(row.answer_text),
        confidence: number(row.confidence),
      } satisfies OpenTextRow);
    });
  }
  return details;
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
    details: (query, lowMax, openTextLimit) => readDetails(run, dialect, query, lowMax, openTextLimit),
  };
}
