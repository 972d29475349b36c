/**
 * The default report view read from the rollups (`sqliteRollups.ts`), so a few thousand rows reach Node where
 * a million events are stored:
 * - confidence cells: each visitor's first answer grouped inside the database by what the fold reads of it
 *   (answer, weight, groups, outcome and momentum), the part that depends on the report's window and outcome;
 * - behaviour cells: the first answers' behaviours, summed per answer and weight at ingest;
 * - shown cells: the displays counted per day, groups and how they ended at ingest;
 * - non-response cells: the visitors' first displays whose window is over, by answered and converted.
 * The fold adds a cell as it adds a unit, `count` times over (`summarizeUnits.ts`); the tests hold the result
 * to the fold of the units the plain queries hand over.
 *
 * Only the view with no filter and one row per visitor reads them: a filter changes which answer is a
 * visitor's first, and every answer needs each answer's row.
 */
import { SESSION_IDLE_MS } from '../../contract/sessionRules';
import { binder, sqlReportSource, weightOfRate, type RunRows, type SqlDialect } from './reportQueries';
import { BEHAVIOURS, LOW_MODEL_SAMPLE, modelRowOf } from './summarizeUnits';
import type { CellRules, CellSink, ConfidenceCell, ModelRow, Moments, ReportSource, ShownCell, UnitQuery, UnitSignals } from './units';

/** The SQL function the stores register for the model's sample order, `hashOf` of an id: it fills `model_hash` when an older file is opened. */
export const HASH_FUNCTION = 'cp_hash';

/** Whether the rollups answer this query. */
export function rollupsAnswer(query: UnitQuery): boolean {
  const { type: _type, ...filter } = query.filter;
  return query.everyAnswer !== true && Object.values(filter).every((value) => value === undefined);
}

const SIGNAL_OF: Record<keyof UnitSignals, string> = {
  activeMs: 'active_ms',
  scrollDepth: 'scroll_depth',
  productsCompared: 'products_compared',
  productsViewed: 'products_viewed',
  filterChanges: 'filter_changes',
};

/** Per behaviour: how many observations, their sum and their sum of squares, as columns `b0_n`, `b0_s`, `b0_s2`, … */
const momentColumns = (alias: string) =>
  BEHAVIOURS.map((b, i) => {
    const column = `${alias}.${SIGNAL_OF[b.signal]}`;
    return `COUNT(${column}) AS b${i}_n, TOTAL(${column}) AS b${i}_s, TOTAL(${column} * ${column}) AS b${i}_s2`;
  }).join(',\n  ');

/** A behaviour's moments of a row, on the behaviour's scale. */
function momentsOf(row: Record<string, unknown>, i: number): Moments | null {
  const n = Number(row[`b${i}_n`]);
  if (!n) return null;
  const { scale } = BEHAVIOURS[i]!;
  return { n, sum: Number(row[`b${i}_s`]) * scale, sum2: Number(row[`b${i}_s2`]) * scale * scale };
}

/** The moments before which a session, or a window, is over: ISO text, as the stored times. */
interface Thresholds {
  sessionOver: string;
  windowOver: string | null;
}

function thresholds(options: CellRules): Thresholds {
  const iso = (ms: number) => new Date(ms).toISOString();
  return { sessionOver: iso(options.now - SESSION_IDLE_MS), windowOver: options.windowMs === null ? null : iso(options.now - options.windowMs) };
}

/**
 * Whether the unit `alias` converted once its window is over (1 or 0), null while it is not: the same rule as
 * `foldUnits`' `outcomeOf`, on the rollups. `s` is its session, `so` the session's outcome, `o` its first outcome after.
 */
function convertedSql(alias: string, options: CellRules, bind: (value: unknown) => string, at: Thresholds): string {
  if (options.windowMs === null) {
    return `CASE WHEN s.last_ts <= ${bind(at.sessionOver)} THEN COALESCE(so.last_ts >= ${alias}.ts, 0) END`;
  }
  return `CASE WHEN ${alias}.ts <= ${bind(at.windowOver)} THEN COALESCE(o.delay_ms <= ${bind(options.windowMs)}, 0) END`;
}

const GROUP_KEYS = (alias: string, options: CellRules, bind: (value: unknown) => string) => `${alias}.sample_rate, ${alias}.page_type, ${alias}.page_index, ${alias}.variant, ${alias}.week,
  ${options.change === null ? 'NULL' : `${alias}.ts < ${bind(`${options.change}T00:00:00.000Z`)}`} AS before`;

/** The confidence cells: each visitor's first answer grouped by what the fold reads of it. */
export function confidenceCellsSql(dialect: SqlDialect, query: UnitQuery, options: CellRules): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  const at = thresholds(options);
  const name = bind(query.outcome);
  const sessionOver = bind(at.sessionOver);
  const wentOn = `CASE WHEN s.last_pv <> f.page_view_id THEN s.last_ts >= f.ts ELSE COALESCE(s.other_pv_ts >= f.ts, 0) END`;
  const sql = `SELECT f.answer_number AS value, ${GROUP_KEYS('f', options, bind)},
  f.visitor_id IS NOT NULL AS joinable,
  CASE WHEN f.visitor_id IS NOT NULL THEN ${convertedSql('f', options, bind, at)} END AS converted,
  CASE WHEN f.visitor_id IS NULL THEN NULL
    WHEN s.last_ts <= ${sessionOver} THEN CASE WHEN so.last_ts >= f.ts THEN 'outcome' WHEN ${wentOn} THEN 'page' ELSE 'left' END
    ELSE 'pending' END AS momentum,
  COUNT(*) AS n
FROM report_first_answers f
LEFT JOIN report_sessions s ON s.session_id = f.session_id
LEFT JOIN report_session_outcomes so ON so.session_id = f.session_id AND so.outcome_name = ${name}
${options.windowMs === null ? '' : `LEFT JOIN report_answer_outcomes o ON o.question_id = f.question_id AND o.visitor_id = f.visitor_id AND o.outcome_name = ${name}`}
WHERE f.question_id = ${bind(query.questionId)}
GROUP BY value, f.sample_rate, f.page_type, f.page_index, f.variant, f.week, before, joinable, converted, momentum`;
  return { sql, params };
}

/** The behaviour cells: the first answers' behaviours summed per answer and weight, as kept at ingest (`report_answer_moments`). */
export function behaviourCellsSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  const sql = `SELECT answer_number AS value, sample_rate, SUM(model_seen) AS model_seen,
  ${BEHAVIOURS.map((_, i) => `SUM(b${i}_n) AS b${i}_n, TOTAL(b${i}_s) AS b${i}_s, TOTAL(b${i}_s2) AS b${i}_s2`).join(',\n  ')}
FROM report_answer_moments WHERE question_id = ${bind(query.questionId)}
GROUP BY answer_number, sample_rate`;
  return { sql, params };
}

/** The shown cells: the display counts kept per day (`report_display_counts`), summed into the fold's groups. */
export function shownCellsSql(dialect: SqlDialect, options: CellRules): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  // A display is before the change day exactly when its day is: the change starts at midnight.
  const sql = `SELECT c.sample_rate, c.page_type, c.page_index, c.variant, date(c.day, '-6 days', 'weekday 1') AS week,
  ${options.change === null ? 'NULL' : `c.day < ${bind(options.change)}`} AS before, c.status, SUM(c.n) AS n
FROM report_display_counts c
GROUP BY c.sample_rate, c.page_type, c.page_index, c.variant, week, before, c.status`;
  return { sql, params };
}

/**
 * The non-response cells: each joinable visitor's first display whose window is over, grouped by whether it
 * was answered and whether the visitor converted, with the behaviour at the impression.
 */
export function nonResponseCellsSql(dialect: SqlDialect, query: UnitQuery, options: CellRules): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  const at = thresholds(options);
  const name = bind(query.outcome);
  const sql = `SELECT sample_rate, answered, converted, COUNT(*) AS n, ${momentColumns('d')}
FROM (SELECT d.*, d.answered_ts IS NOT NULL AND (d.dismissed_ts IS NULL OR d.answered_ts <= d.dismissed_ts) AS answered,
    ${convertedSql('d', options, bind, at)} AS converted
  FROM report_first_displays fd JOIN report_displays d ON d.id = fd.id
${
    options.windowMs === null
      ? `  LEFT JOIN report_sessions s ON s.session_id = d.session_id
  LEFT JOIN report_session_outcomes so ON so.session_id = d.session_id AND so.outcome_name = ${name}`
      : `  LEFT JOIN report_display_outcomes o ON o.visitor_id = d.visitor_id AND o.outcome_name = ${name}`
  }
  WHERE fd.visitor_id IS NOT NULL) d
WHERE converted IS NOT NULL
GROUP BY sample_rate, answered, converted`;
  return { sql, params };
}

/** The low-confidence model's sample: the first answers with time and scroll, of smallest hash (`trimSample`'s order). */
export function modelSampleSql(dialect: SqlDialect, query: UnitQuery): { sql: string; params: unknown[] } {
  const { params, bind } = binder(dialect);
  const columns = BEHAVIOURS.map((b) => `f.${SIGNAL_OF[b.signal]}`).join(', ');
  const sql = `SELECT f.id, f.answer_number, f.sample_rate, ${columns}
FROM report_first_answers f
WHERE f.question_id = ${bind(query.questionId)} AND f.active_ms IS NOT NULL AND f.scroll_depth IS NOT NULL
ORDER BY f.model_hash, f.id LIMIT ${bind(LOW_MODEL_SAMPLE)}`;
  return { sql, params };
}

const text = (value: unknown): string | null => (value === null || value === undefined ? null : String(value));
const number = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
const flag = (value: unknown): boolean | null => (value === null || value === undefined ? null : Number(value) === 1);

function keysOf(row: Record<string, unknown>) {
  return {
    pageType: text(row.page_type),
    step: number(row.page_index),
    variant: text(row.variant),
    week: String(row.week),
    before: flag(row.before),
  };
}

const behavioursOf = (row: Record<string, unknown>) => BEHAVIOURS.map((_, i) => momentsOf(row, i));
/** A confidence cell's behaviours when the behaviour cells carry them. */
const NO_BEHAVIOURS: readonly null[] = BEHAVIOURS.map(() => null);

/**
 * Folds the view from the rollups. The caller checks `rollupsAnswer` first.
 *
 * ```ts
 * if (rollupsAnswer(query)) await foldRollups(SQLITE_DIALECT, run, query, fold, options);
 * ```
 */
export async function foldRollups(dialect: SqlDialect, run: RunRows, query: UnitQuery, fold: CellSink, options: CellRules): Promise<void> {
  // The five reads are independent: issued together, a store with several connections runs them side by side,
  // the longest first.
  const reads: (Promise<void> | void)[] = [];
  if (query.questionId !== null) {
    const cells = confidenceCellsSql(dialect, query, options);
    reads.push(
      run(cells.sql, cells.params, (row) => {
        const joinable = Number(row.joinable) === 1;
        fold.addConfidenceCell({
          ...keysOf(row),
          count: Number(row.n),
          value: Number(row.value),
          weight: weightOfRate(number(row.sample_rate)),
          joinable,
          converted: joinable ? flag(row.converted) : null,
          momentum: row.momentum === null ? null : (String(row.momentum) as ConfidenceCell['momentum']),
          behaviours: NO_BEHAVIOURS,
          modelSeen: 0,
        });
      }),
    );
  }
  const nonResponse = nonResponseCellsSql(dialect, query, options);
  reads.push(
    run(nonResponse.sql, nonResponse.params, (row) => {
      fold.addNonResponseCell({
        count: Number(row.n),
        weight: weightOfRate(number(row.sample_rate)),
        answered: Number(row.answered) === 1,
        converted: Number(row.converted) === 1,
        behaviours: behavioursOf(row),
      });
    }),
  );
  if (query.questionId !== null) {
    const sample = modelSampleSql(dialect, query);
    const rows: ModelRow[] = [];
    reads.push(
      Promise.resolve(
        run(sample.sql, sample.params, (row) => {
          const signals = Object.fromEntries(BEHAVIOURS.map((b) => [b.signal, number(row[SIGNAL_OF[b.signal]])])) as unknown as UnitSignals;
          rows.push(modelRowOf(String(row.id), signals, Number(row.answer_number) <= options.lowMax, weightOfRate(number(row.sample_rate))));
        }),
      ).then(() => fold.addModelRows(rows)),
    );
    const behaviours = behaviourCellsSql(dialect, query);
    reads.push(
      run(behaviours.sql, behaviours.params, (row) => {
        fold.addBehaviourCell({ value: Number(row.value), weight: weightOfRate(number(row.sample_rate)), behaviours: behavioursOf(row), modelSeen: Number(row.model_seen) });
      }),
    );
  }
  const shown = shownCellsSql(dialect, options);
  reads.push(
    run(shown.sql, shown.params, (row) => {
      fold.addShownCell({ ...keysOf(row), count: Number(row.n), weight: weightOfRate(number(row.sample_rate)), status: String(row.status) as ShownCell['status'] });
    }),
  );
  await Promise.all(reads);
}

/** `sqlReportSource` of a store that keeps the rollups: the default view is folded from them. */
export function sqlReportSourceWithRollups(dialect: SqlDialect, run: RunRows): ReportSource {
  return {
    ...sqlReportSource(dialect, run),
    async foldRollups(query, rules, sink) {
      if (!rollupsAnswer(query)) return false;
      await foldRollups(dialect, run, query, sink, rules);
      return true;
    },
  };
}
