import type BetterSqlite3 from 'better-sqlite3';
import { EVENT_COLUMNS } from '../eventColumns';
import { hashOf } from './summarizeUnits';

/**
 * The report's rollups in SQLite: per visitor, the first answer to each scale question and the first display,
 * with what followed them (the session's end, a page view after, outcomes), kept up to date as events are
 * stored. The default report view (every date, each visitor's first answer) then groups these few tens of
 * thousands of rows inside the database instead of finding each visitor's first answer among millions of events
 * and probing their sessions: see `rollupCells.ts`, which reads them. The other views (filters, every answer)
 * find their units among the events, and read what followed each in its session from `report_sessions` and
 * `report_session_outcomes` (`SQLITE_DIALECT.sessionAfter` in reportQueries.ts).
 *
 * The insert path keeps them (`createRollupWriter`), in the batch's own transaction, for the events it newly
 * stored (a duplicate changes nothing); two small triggers on the first-answer and first-display tables look
 * a new first's outcomes up again. Events arrive out of order (a queue flushes late, a clock is behind): every
 * rule below holds whatever order rows come in, and the tests hold the tables kept at ingest to the same tables
 * rebuilt from scratch by `ROLLUP_BACKFILL`.
 *
 * A unit is `v<visitor id>`, or `a<event id>` for an event sent without a visitor id (Global Privacy Control):
 * such an answer or display is a visitor of its own, never joined to outcomes.
 */

const unitOf = (alias: string) => `CASE WHEN ${alias}.visitor_id IS NULL THEN 'a' || ${alias}.id ELSE 'v' || ${alias}.visitor_id END`;

const SIGNALS = 'page_index, active_ms, scroll_depth, products_compared, products_viewed, filter_changes';

const ANSWER_COLUMNS = `id, ts, week, visitor_id, session_id, page_view_id, page_type, variant, sample_rate, answer_number, ${SIGNALS}`;
const DISPLAY_COLUMNS = `id, ts, week, visitor_id, session_id, page_view_id, response_id, page_type, variant, sample_rate, ${SIGNALS}`;
/** The columns read from an events row `alias`; the week (Monday of the ISO week, as the report groups) is computed once, here. */
const columnsOf = (columns: string, alias: string, named = false) =>
  columns
    .split(', ')
    .map((c) => (c === 'week' ? `date(${alias}.ts, '-6 days', 'weekday 1')${named ? ' AS week' : ''}` : `${alias}.${c}`))
    .join(', ');
const replaceAll = (columns: string) => columns.split(', ').map((c) => `${c} = excluded.${c}`).join(', ');

/** The event becomes the session's latest: later, or as late and of a greater page view (ties decided the same whatever the order). */
const LATER = 'excluded.last_ts > last_ts OR (excluded.last_ts = last_ts AND excluded.last_pv > last_pv)';

/** Milliseconds from `from` to `to`, two stored times: exact, since both have whole milliseconds. */
const msBetween = (from: string, to: string) => `CAST(round((unixepoch(${to}, 'subsec') - unixepoch(${from}, 'subsec')) * 1000) AS INTEGER)`;

/** A first outcome replaces the one kept when it came earlier. */
const EARLIER_OUTCOME = 'first_ts = min(first_ts, excluded.first_ts), delay_ms = CASE WHEN excluded.first_ts < first_ts THEN excluded.delay_ms ELSE delay_ms END';

/** Strictly earlier in (ts, id) order: the rule that picks a visitor's first answer or display. */
const EARLIER = 'excluded.ts < ts OR (excluded.ts = ts AND excluded.id < id)';

/** The first outcome of each stored name at or after `ts` by `visitor`, one probe of the outcome index per name. */
const firstOutcomesAfter = (visitor: string, ts: string) => `SELECT name, first_ts FROM (
      SELECT f.value AS name, (SELECT MIN(o.ts) FROM events o WHERE o.type = 'outcome' AND o.outcome_name = f.value
        AND o.visitor_id = ${visitor} AND o.ts >= ${ts}) AS first_ts
      FROM facets f WHERE f.kind = 'outcome') WHERE first_ts IS NOT NULL`;

/** Tables, indexes and the triggers of the first tables; run once by the migration, before `ROLLUP_BACKFILL`. */
export const ROLLUP_TABLES = `
CREATE TABLE report_sessions (
  session_id  TEXT PRIMARY KEY,
  last_ts     TEXT NOT NULL,  -- the session's latest event
  last_pv     TEXT NOT NULL,  -- that event's page view
  other_pv_ts TEXT            -- the latest event of any other page view
) WITHOUT ROWID;
CREATE TABLE report_session_outcomes (
  session_id TEXT NOT NULL, outcome_name TEXT NOT NULL, last_ts TEXT NOT NULL,
  PRIMARY KEY (session_id, outcome_name)
) WITHOUT ROWID;
CREATE TABLE report_first_answers (
  question_id TEXT NOT NULL, unit TEXT NOT NULL,
  id TEXT NOT NULL, ts TEXT NOT NULL, week TEXT NOT NULL, visitor_id TEXT, session_id TEXT, page_view_id TEXT NOT NULL,
  page_type TEXT, variant TEXT, sample_rate REAL, answer_number REAL NOT NULL,
  page_index REAL, active_ms REAL, scroll_depth REAL, products_compared REAL, products_viewed REAL, filter_changes REAL,
  PRIMARY KEY (question_id, unit)
) WITHOUT ROWID;
CREATE INDEX report_first_answers_unit ON report_first_answers (unit);
CREATE TABLE report_answer_outcomes (
  question_id TEXT NOT NULL, visitor_id TEXT NOT NULL, outcome_name TEXT NOT NULL,
  first_ts TEXT NOT NULL,  -- the visitor's first outcome of this name at or after the first answer
  delay_ms INTEGER NOT NULL,  -- how long after the answer it came
  PRIMARY KEY (question_id, visitor_id, outcome_name)
) WITHOUT ROWID;
CREATE TABLE report_displays (
  id TEXT PRIMARY KEY, ts TEXT NOT NULL, week TEXT NOT NULL, visitor_id TEXT, session_id TEXT, page_view_id TEXT NOT NULL, response_id TEXT NOT NULL,
  page_type TEXT, variant TEXT, sample_rate REAL,
  page_index REAL, active_ms REAL, scroll_depth REAL, products_compared REAL, products_viewed REAL, filter_changes REAL,
  answered_ts TEXT, dismissed_ts TEXT  -- the response's first answer and first dismissal
) WITHOUT ROWID;
CREATE INDEX report_displays_response ON report_displays (response_id);
CREATE TABLE report_first_displays (
  unit TEXT PRIMARY KEY, id TEXT NOT NULL, ts TEXT NOT NULL, visitor_id TEXT
) WITHOUT ROWID;
CREATE TABLE report_display_outcomes (
  visitor_id TEXT NOT NULL, outcome_name TEXT NOT NULL,
  first_ts TEXT NOT NULL,  -- the visitor's first outcome of this name at or after the first display
  delay_ms INTEGER NOT NULL,  -- how long after the display it came
  PRIMARY KEY (visitor_id, outcome_name)
) WITHOUT ROWID;

-- A new (or earlier) first answer: its outcomes are looked up again from that moment on.
CREATE TRIGGER report_answer_outcomes_on_insert AFTER INSERT ON report_first_answers WHEN NEW.visitor_id IS NOT NULL BEGIN
  INSERT INTO report_answer_outcomes (question_id, visitor_id, outcome_name, first_ts, delay_ms)
    SELECT NEW.question_id, NEW.visitor_id, name, first_ts, ${msBetween('NEW.ts', 'first_ts')} FROM (${firstOutcomesAfter('NEW.visitor_id', 'NEW.ts')});
END;
CREATE TRIGGER report_answer_outcomes_on_update AFTER UPDATE OF ts ON report_first_answers WHEN NEW.visitor_id IS NOT NULL BEGIN
  DELETE FROM report_answer_outcomes WHERE question_id = NEW.question_id AND visitor_id = NEW.visitor_id;
  INSERT INTO report_answer_outcomes (question_id, visitor_id, outcome_name, first_ts, delay_ms)
    SELECT NEW.question_id, NEW.visitor_id, name, first_ts, ${msBetween('NEW.ts', 'first_ts')} FROM (${firstOutcomesAfter('NEW.visitor_id', 'NEW.ts')});
END;

CREATE TRIGGER report_display_outcomes_on_insert AFTER INSERT ON report_first_displays WHEN NEW.visitor_id IS NOT NULL BEGIN
  INSERT INTO report_display_outcomes (visitor_id, outcome_name, first_ts, delay_ms)
    SELECT NEW.visitor_id, name, first_ts, ${msBetween('NEW.ts', 'first_ts')} FROM (${firstOutcomesAfter('NEW.visitor_id', 'NEW.ts')});
END;
CREATE TRIGGER report_display_outcomes_on_update AFTER UPDATE OF ts ON report_first_displays WHEN NEW.visitor_id IS NOT NULL BEGIN
  DELETE FROM report_display_outcomes WHERE visitor_id = NEW.visitor_id;
  INSERT INTO report_display_outcomes (visitor_id, outcome_name, first_ts, delay_ms)
    SELECT NEW.visitor_id, name, first_ts, ${msBetween('NEW.ts', 'first_ts')} FROM (${firstOutcomesAfter('NEW.visitor_id', 'NEW.ts')});
END;
`;

/**
 * Fills the rollups from the events already stored, set-wise: what the insert path would have left after
 * storing them one by one. The triggers of the first tables fill the outcome tables as rows go in.
 */
export const ROLLUP_BACKFILL = `
INSERT INTO report_sessions (session_id, last_ts, last_pv, other_pv_ts)
  SELECT l.session_id, l.last_ts, l.last_pv,
    (SELECT MAX(o.ts) FROM events o WHERE o.session_id = l.session_id AND o.page_view_id <> l.last_pv)
  FROM (SELECT m.session_id, m.last_ts,
      (SELECT MAX(e.page_view_id) FROM events e WHERE e.session_id = m.session_id AND e.ts = m.last_ts) AS last_pv
    FROM (SELECT session_id, MAX(ts) AS last_ts FROM events WHERE session_id IS NOT NULL GROUP BY session_id) m) l;
INSERT INTO report_session_outcomes (session_id, outcome_name, last_ts)
  SELECT session_id, outcome_name, MAX(ts) FROM events WHERE type = 'outcome' AND outcome_name IS NOT NULL AND session_id IS NOT NULL
  GROUP BY session_id, outcome_name;
INSERT INTO report_first_answers (question_id, unit, ${ANSWER_COLUMNS})
  SELECT question_id, unit, ${ANSWER_COLUMNS} FROM (
    SELECT question_id, ${unitOf('e')} AS unit, ${columnsOf(ANSWER_COLUMNS, 'e', true)},
      ROW_NUMBER() OVER (PARTITION BY question_id, ${unitOf('e')} ORDER BY e.ts, e.id) AS k
    FROM events e WHERE e.type = 'answer' AND e.question_type = 'scale' AND e.answer_number IS NOT NULL AND e.question_id IS NOT NULL)
  WHERE k = 1;
INSERT INTO report_displays (${DISPLAY_COLUMNS}, answered_ts, dismissed_ts)
  SELECT ${columnsOf(DISPLAY_COLUMNS, 'd')},
    (SELECT MIN(x.ts) FROM events x WHERE x.response_id = d.response_id AND x.type = 'answer'),
    (SELECT MIN(x.ts) FROM events x WHERE x.response_id = d.response_id AND x.type = 'dismiss')
  FROM events d WHERE d.type = 'impression' AND d.response_id IS NOT NULL;
INSERT INTO report_first_displays (unit, id, ts, visitor_id)
  SELECT unit, id, ts, visitor_id FROM (
    SELECT ${unitOf('d')} AS unit, d.id, d.ts, d.visitor_id, ROW_NUMBER() OVER (PARTITION BY ${unitOf('d')} ORDER BY d.ts, d.id) AS k
    FROM report_displays d)
  WHERE k = 1;
`;

/** How a display ended, from its response's first answer and first dismissal (`foldUnits`' rule). */
const statusOf = (alias: string) => `CASE WHEN ${alias}.answered_ts IS NOT NULL AND (${alias}.dismissed_ts IS NULL OR ${alias}.answered_ts <= ${alias}.dismissed_ts) THEN 'answered'
    WHEN ${alias}.dismissed_ts IS NOT NULL THEN 'dismissed' ELSE 'ignored' END`;
/** The display count row a display counts in: its groups, its day and how it ended, as one key (the columns may be null). */
const countKeyOf = (alias: string) => `json_array(${alias}.sample_rate, ${alias}.page_type, ${alias}.page_index, ${alias}.variant, substr(${alias}.ts, 1, 10), ${statusOf(alias)})`;
const countDisplay = (alias: string) => `INSERT INTO report_display_counts (key, sample_rate, page_type, page_index, variant, day, status, n)
    VALUES (${countKeyOf(alias)}, ${alias}.sample_rate, ${alias}.page_type, ${alias}.page_index, ${alias}.variant, substr(${alias}.ts, 1, 10), ${statusOf(alias)}, 1)
    ON CONFLICT (key) DO UPDATE SET n = n + 1;`;
const uncountDisplay = (alias: string) => `UPDATE report_display_counts SET n = n - 1 WHERE key = ${countKeyOf(alias)};
  DELETE FROM report_display_counts WHERE key = ${countKeyOf(alias)} AND n = 0;`;

/** The behaviours summed per first answer: columns and their values from a first-answer row `alias`. */
const MOMENT_SIGNALS = ['active_ms', 'scroll_depth', 'products_compared', 'products_viewed', 'filter_changes'] as const;
const momentNames = MOMENT_SIGNALS.map((_, i) => `b${i}_n, b${i}_s, b${i}_s2`).join(', ');
const momentValues = (alias: string) =>
  MOMENT_SIGNALS.map((c) => `${alias}.${c} IS NOT NULL, COALESCE(${alias}.${c}, 0), COALESCE(${alias}.${c} * ${alias}.${c}, 0)`).join(', ');
const momentKeyOf = (alias: string) => `json_array(${alias}.question_id, ${alias}.answer_number, ${alias}.sample_rate)`;
const addMoments = (alias: string) => `INSERT INTO report_answer_moments (key, question_id, answer_number, sample_rate, n, model_seen, ${momentNames})
    VALUES (${momentKeyOf(alias)}, ${alias}.question_id, ${alias}.answer_number, ${alias}.sample_rate, 1,
      ${alias}.active_ms IS NOT NULL AND ${alias}.scroll_depth IS NOT NULL, ${momentValues(alias)})
    ON CONFLICT (key) DO UPDATE SET n = n + 1, model_seen = model_seen + excluded.model_seen,
      ${MOMENT_SIGNALS.map((_, i) => `b${i}_n = b${i}_n + excluded.b${i}_n, b${i}_s = b${i}_s + excluded.b${i}_s, b${i}_s2 = b${i}_s2 + excluded.b${i}_s2`).join(',\n      ')};`;
const removeMoments = (alias: string) => `UPDATE report_answer_moments SET n = n - 1,
      model_seen = model_seen - (${alias}.active_ms IS NOT NULL AND ${alias}.scroll_depth IS NOT NULL),
      ${MOMENT_SIGNALS.map((c, i) => `b${i}_n = b${i}_n - (${alias}.${c} IS NOT NULL), b${i}_s = b${i}_s - COALESCE(${alias}.${c}, 0), b${i}_s2 = b${i}_s2 - COALESCE(${alias}.${c} * ${alias}.${c}, 0)`).join(',\n      ')}
    WHERE key = ${momentKeyOf(alias)};
  DELETE FROM report_answer_moments WHERE key = ${momentKeyOf(alias)} AND n = 0;`;

/** Each first answer's place in the low-confidence model's sample order (`hashOf` of its id), set by the writer. */
export const MODEL_HASH_FILL = `UPDATE report_first_answers SET model_hash = cp_hash(id);`;

/**
 * Schema version 5: what the default view still read row by row, kept small.
 * - The displays counted per day, groups and how they ended (`report_display_counts`), kept by triggers on
 *   `report_displays` as displays arrive and their responses are answered or dismissed: the report's shown,
 *   answered and dismissed figures read a few thousand rows instead of every display.
 * - The behaviours of the first answers summed per answer and weight (`report_answer_moments`), kept by
 *   triggers on `report_first_answers`: they do not depend on the report's window or outcome. An earlier
 *   answer arriving late takes the replaced one's values out again, so the sums of fractions may differ from a
 *   rebuild's in the last digits.
 * - The model's sample order stored on each first answer, with an index in that order: the sample is the
 *   first rows of the index instead of a sort of every first answer by a hash computed on the fly.
 * Needs the `cp_hash` function on the connection (the store registers it).
 */
export const ROLLUP_COUNTS = `
ALTER TABLE report_first_answers ADD COLUMN model_hash INTEGER;
${MODEL_HASH_FILL}
CREATE INDEX report_first_answers_model ON report_first_answers (question_id, model_hash, id) WHERE active_ms IS NOT NULL AND scroll_depth IS NOT NULL;
CREATE TABLE report_display_counts (
  key TEXT PRIMARY KEY,  -- json_array of the columns below: they may be null, which a primary key may not
  sample_rate REAL, page_type TEXT, page_index REAL, variant TEXT, day TEXT NOT NULL, status TEXT NOT NULL,
  n INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO report_display_counts (key, sample_rate, page_type, page_index, variant, day, status, n)
  SELECT ${countKeyOf('d')}, d.sample_rate, d.page_type, d.page_index, d.variant, substr(d.ts, 1, 10), ${statusOf('d')}, COUNT(*)
  FROM report_displays d GROUP BY 1;
CREATE TRIGGER report_display_counts_on_insert AFTER INSERT ON report_displays BEGIN
  ${countDisplay('NEW')}
END;
CREATE TRIGGER report_display_counts_on_update AFTER UPDATE OF answered_ts, dismissed_ts ON report_displays
  WHEN ${statusOf('OLD')} IS NOT ${statusOf('NEW')} BEGIN
  ${uncountDisplay('OLD')}
  ${countDisplay('NEW')}
END;
CREATE TRIGGER report_display_counts_on_delete AFTER DELETE ON report_displays BEGIN
  ${uncountDisplay('OLD')}
END;
CREATE TABLE report_answer_moments (
  key TEXT PRIMARY KEY,  -- json_array of the three columns below
  question_id TEXT NOT NULL, answer_number REAL NOT NULL, sample_rate REAL,
  n INTEGER NOT NULL, model_seen INTEGER NOT NULL,
  ${MOMENT_SIGNALS.map((_, i) => `b${i}_n INTEGER NOT NULL, b${i}_s REAL NOT NULL, b${i}_s2 REAL NOT NULL`).join(',\n  ')}
) WITHOUT ROWID;
INSERT INTO report_answer_moments (key, question_id, answer_number, sample_rate, n, model_seen, ${momentNames})
  SELECT ${momentKeyOf('f')}, f.question_id, f.answer_number, f.sample_rate, COUNT(*), TOTAL(f.active_ms IS NOT NULL AND f.scroll_depth IS NOT NULL),
    ${MOMENT_SIGNALS.map((c) => `COUNT(f.${c}), TOTAL(f.${c}), TOTAL(f.${c} * f.${c})`).join(', ')}
  FROM report_first_answers f GROUP BY 1;
CREATE TRIGGER report_answer_moments_on_insert AFTER INSERT ON report_first_answers BEGIN
  ${addMoments('NEW')}
END;
CREATE TRIGGER report_answer_moments_on_update AFTER UPDATE ON report_first_answers WHEN OLD.id IS NOT NEW.id BEGIN
  ${removeMoments('OLD')}
  ${addMoments('NEW')}
END;
CREATE TRIGGER report_answer_moments_on_delete AFTER DELETE ON report_first_answers BEGIN
  ${removeMoments('OLD')}
END;
`;

/** Every rollup table, for tests that compare the tables kept at ingest with a rebuild. */
export const ROLLUP_TABLE_NAMES = [
  'report_sessions',
  'report_session_outcomes',
  'report_first_answers',
  'report_answer_outcomes',
  'report_displays',
  'report_first_displays',
  'report_display_outcomes',
  'report_display_counts',
  'report_answer_moments',
] as const;


/** Where each column sits in a row of `toColumnValues`. */
const AT = Object.fromEntries(EVENT_COLUMNS.map((column, i) => [column, i])) as Record<(typeof EVENT_COLUMNS)[number], number>;

/** `a` sorts after `b` as SQLite compares text (bytes of UTF-8), which JavaScript's `>` only matches for ASCII. */
const after = (a: string, b: string) => a !== b && Buffer.compare(Buffer.from(a), Buffer.from(b)) > 0;

/** The session table's rule, for one batch: the latest event, its page view, the latest event of another page view. */
interface SessionEnd {
  lastTs: string;
  lastPv: string;
  otherPvTs: string | null;
}

function addToSession(end: SessionEnd | undefined, ts: string, pv: string): SessionEnd {
  if (!end) return { lastTs: ts, lastPv: pv, otherPvTs: null };
  if (pv === end.lastPv) return { ...end, lastTs: ts > end.lastTs ? ts : end.lastTs };
  if (ts > end.lastTs || (ts === end.lastTs && after(pv, end.lastPv))) return { lastTs: ts, lastPv: pv, otherPvTs: end.lastTs };
  return { ...end, otherPvTs: end.otherPvTs === null || ts > end.otherPvTs ? ts : end.otherPvTs };
}

/** Keeps, per key, the row that is first in (ts, id) order. */
function keepFirst(map: Map<string, readonly unknown[]>, key: string, row: readonly unknown[]): void {
  const kept = map.get(key);
  const ts = row[AT.ts] as string;
  const keptTs = kept?.[AT.ts] as string | undefined;
  if (!kept || ts < keptTs! || (ts === keptTs && after(kept[AT.id] as string, row[AT.id] as string))) map.set(key, row);
}

const unitOfRow = (row: readonly unknown[]) => (row[AT.visitor_id] === null ? `a${row[AT.id] as string}` : `v${row[AT.visitor_id] as string}`);
/** Where each of a rollup's columns is in an events row; the week's placeholder computes it from the time. */
const positionsOf = (columns: string): number[] => columns.split(', ').map((c) => (c === 'week' ? AT.ts : AT[c as keyof typeof AT]));
const ANSWER_POSITIONS = positionsOf(ANSWER_COLUMNS);
const DISPLAY_POSITIONS = positionsOf(DISPLAY_COLUMNS);
/** A rollup row's values from an events row (positions found once: this runs for every stored answer and display). */
const valuesAt = (positions: readonly number[], row: readonly unknown[]) => positions.map((i) => row[i]);

/** Adds a batch's stored events to the rollups. */
export type RollupWriter = (rows: readonly (readonly unknown[])[]) => void;

/**
 * Prepares the statements that keep the rollups, for the insert path: it hands over each batch's newly stored
 * rows (`toColumnValues` order) inside the batch's transaction, after the events themselves are written, so a
 * lookup in `events` sees the whole batch and a rolled-back batch leaves nothing behind. A batch's events are
 * folded per session, visitor and response first: one statement per session rather than one per event.
 * (Triggers on `events` kept them too, at about twice the insert path's CPU time, measured, against a quarter
 * more this way: SQLite copies each new row, its body included, for a trigger.)
 */
export function createRollupWriter(db: BetterSqlite3.Database): RollupWriter {
  const week = "date(?, '-6 days', 'weekday 1')";
  const placeholders = (columns: string) => columns.split(', ').map((c) => (c === 'week' ? week : '?')).join(', ');
  const session = db.prepare(`INSERT INTO report_sessions (session_id, last_ts, last_pv, other_pv_ts) VALUES (?, ?, ?, ?)
    ON CONFLICT (session_id) DO UPDATE SET
      other_pv_ts = NULLIF(CASE WHEN ${LATER}
        THEN max(COALESCE(excluded.other_pv_ts, ''), CASE WHEN last_pv = excluded.last_pv THEN COALESCE(other_pv_ts, '') ELSE last_ts END)
        ELSE max(COALESCE(other_pv_ts, ''), CASE WHEN last_pv = excluded.last_pv THEN COALESCE(excluded.other_pv_ts, '') ELSE excluded.last_ts END) END, ''),
      last_pv = CASE WHEN ${LATER} THEN excluded.last_pv ELSE last_pv END,
      last_ts = max(last_ts, excluded.last_ts)`);
  const sessionOutcome = db.prepare(`INSERT INTO report_session_outcomes (session_id, outcome_name, last_ts) VALUES (?, ?, ?)
    ON CONFLICT (session_id, outcome_name) DO UPDATE SET last_ts = max(last_ts, excluded.last_ts)`);
  const firstAnswer = db.prepare(`INSERT INTO report_first_answers (question_id, unit, ${ANSWER_COLUMNS}, model_hash) VALUES (?, ?, ${placeholders(ANSWER_COLUMNS)}, ?)
    ON CONFLICT (question_id, unit) DO UPDATE SET ${replaceAll(ANSWER_COLUMNS)}, model_hash = excluded.model_hash WHERE ${EARLIER}`);
  const answerOutcome = db.prepare(`INSERT INTO report_answer_outcomes (question_id, visitor_id, outcome_name, first_ts, delay_ms)
    SELECT f.question_id, f.visitor_id, @name, @ts, ${msBetween('f.ts', '@ts')} FROM report_first_answers f WHERE f.unit = @unit AND f.ts <= @ts
    ON CONFLICT (question_id, visitor_id, outcome_name) DO UPDATE SET ${EARLIER_OUTCOME}`);
  const displayOutcome = db.prepare(`INSERT INTO report_display_outcomes (visitor_id, outcome_name, first_ts, delay_ms)
    SELECT f.visitor_id, @name, @ts, ${msBetween('f.ts', '@ts')} FROM report_first_displays f WHERE f.unit = @unit AND f.ts <= @ts
    ON CONFLICT (visitor_id, outcome_name) DO UPDATE SET ${EARLIER_OUTCOME}`);
  const display = db.prepare(`INSERT INTO report_displays (${DISPLAY_COLUMNS}, answered_ts, dismissed_ts) VALUES (${placeholders(DISPLAY_COLUMNS)},
    (SELECT MIN(x.ts) FROM events x WHERE x.response_id = @response AND x.type = 'answer'),
    (SELECT MIN(x.ts) FROM events x WHERE x.response_id = @response AND x.type = 'dismiss'))
    ON CONFLICT (id) DO NOTHING`);
  const firstDisplay = db.prepare(`INSERT INTO report_first_displays (unit, id, ts, visitor_id) VALUES (?, ?, ?, ?)
    ON CONFLICT (unit) DO UPDATE SET id = excluded.id, ts = excluded.ts WHERE ${EARLIER}`);
  const displayEnd = db.prepare(`UPDATE report_displays SET
      answered_ts = CASE WHEN @answered IS NULL THEN answered_ts ELSE min(COALESCE(answered_ts, @answered), @answered) END,
      dismissed_ts = CASE WHEN @dismissed IS NULL THEN dismissed_ts ELSE min(COALESCE(dismissed_ts, @dismissed), @dismissed) END
    WHERE response_id = @response`);

  return (rows) => {
    const sessions = new Map<string, SessionEnd>();
    const sessionOutcomes = new Map<string, { session: string; name: string; ts: string }>();
    const answers = new Map<string, readonly unknown[]>();
    const displays: (readonly unknown[])[] = [];
    const firstDisplays = new Map<string, readonly unknown[]>();
    const ends = new Map<string, { answered: string | null; dismissed: string | null }>();
    const outcomes: (readonly unknown[])[] = [];
    for (const row of rows) {
      const type = row[AT.type] as string;
      const ts = row[AT.ts] as string;
      const sessionId = row[AT.session_id] as string | null;
      const responseId = row[AT.response_id] as string | null;
      if (sessionId !== null) sessions.set(sessionId, addToSession(sessions.get(sessionId), ts, row[AT.page_view_id] as string));
      if (type === 'outcome' && row[AT.outcome_name] !== null) {
        const name = row[AT.outcome_name] as string;
        if (sessionId !== null) {
          const key = `${sessionId}\0${name}`;
          const kept = sessionOutcomes.get(key);
          if (!kept || ts > kept.ts) sessionOutcomes.set(key, { session: sessionId, name, ts });
        }
        if (row[AT.visitor_id] !== null) outcomes.push(row);
      } else if (type === 'answer') {
        if (row[AT.question_type] === 'scale' && row[AT.answer_number] !== null && row[AT.question_id] !== null) {
          keepFirst(answers, `${row[AT.question_id] as string}\0${unitOfRow(row)}`, row);
        }
      } else if (type === 'impression' && responseId !== null) {
        displays.push(row);
        keepFirst(firstDisplays, unitOfRow(row), row);
      }
      if ((type === 'answer' || type === 'dismiss') && responseId !== null) {
        const end = ends.get(responseId) ?? { answered: null, dismissed: null };
        const field = type === 'answer' ? 'answered' : 'dismissed';
        if (end[field] === null || ts < end[field]) end[field] = ts;
        ends.set(responseId, end);
      }
    }
    for (const [id, end] of sessions) session.run(id, end.lastTs, end.lastPv, end.otherPvTs);
    for (const { session: id, name, ts } of sessionOutcomes.values()) sessionOutcome.run(id, name, ts);
    for (const row of answers.values()) firstAnswer.run(row[AT.question_id], unitOfRow(row), ...valuesAt(ANSWER_POSITIONS, row), hashOf(row[AT.id] as string));
    for (const row of displays) display.run(...valuesAt(DISPLAY_POSITIONS, row), { response: row[AT.response_id] });
    for (const row of firstDisplays.values()) firstDisplay.run(unitOfRow(row), row[AT.id], row[AT.ts], row[AT.visitor_id]);
    for (const [response, end] of ends) displayEnd.run({ response, ...end });
    for (const row of outcomes) {
      const values = { unit: `v${row[AT.visitor_id] as string}`, name: row[AT.outcome_name], ts: row[AT.ts] };
      answerOutcome.run(values);
      displayOutcome.run(values);
    }
  };
}
