/**
 * Folds the report's units, one at a time, into running sums per group: counts, weights and squared
 * weights, which are all the statistics need. Memory holds the sums and a bounded sample for the
 * low-confidence model, however many visitors there are.
 */
import { SESSION_IDLE_MS } from '../../contract/sessionRules';
import type { ScoreCell } from '../stats/scoreCells';
import { emptySums, type WeightedSums } from '../stats/weightedMean';
import type { BehaviourKey } from './reportData';
import type { FollowUpWindow } from './reportSettings';
import type { BehaviourCell, ConfidenceCell, ConfidenceUnit, DisplayCell, DisplayUnit, GroupKeys, ModelRow, Moments, NonResponseCell, ShownCell, UnitSignals } from './units';

export type { ModelRow } from './units';

/** Units, Σw and Σw² of a subset: a weighted share needs these three. */
export interface Tally {
  n: number;
  w: number;
  w2: number;
}

export const emptyTally = (): Tally => ({ n: 0, w: 0, w2: 0 });

/** Adds `count` units of weight `w`. */
function addTally(tally: Tally, w: number, count = 1): void {
  tally.n += count;
  tally.w += count * w;
  tally.w2 += count * w * w;
}

/** `a − b`, for "everyone else" in a table. */
export function subtractTally(a: Tally, b: Tally): Tally {
  return { n: a.n - b.n, w: a.w - b.w, w2: a.w2 - b.w2 };
}

/** The running sums of one group of visitors and displays. */
export interface GroupSums {
  visitors: number;
  confidence: WeightedSums;
  /** Per level: visitors at that level. */
  levels: Map<number, Tally>;
  low: Tally;
  /** Per level: visitors whose window is over, converting or not. */
  converted: Map<number, { yes: Tally; no: Tally }>;
  pending: number;
  shown: Tally;
  answered: Tally;
  dismissed: Tally;
}

export const emptyGroup = (): GroupSums => ({
  visitors: 0,
  confidence: emptySums(),
  levels: new Map(),
  low: emptyTally(),
  converted: new Map(),
  pending: 0,
  shown: emptyTally(),
  answered: emptyTally(),
  dismissed: emptyTally(),
});

/** The score cells of a group's converted map, for the AUC and the trend. */
export function cellsOf(group: GroupSums): ScoreCell[] {
  const cells: ScoreCell[] = [];
  for (const [score, { yes, no }] of group.converted) {
    if (yes.n) cells.push({ score, positive: true, n: yes.n, weight: yes.w, weight2: yes.w2 });
    if (no.n) cells.push({ score, positive: false, n: no.n, weight: no.w, weight2: no.w2 });
  }
  return cells.sort((a, b) => a.score - b.score || Number(a.positive) - Number(b.positive));
}

/** A behaviour the report compares: a unit's signal, times `scale` (milliseconds to seconds, a share to %). */
export interface Behaviour {
  key: BehaviourKey;
  label: string;
  signal: keyof UnitSignals;
  scale: number;
  read(signals: UnitSignals): number | null;
}

const behaviour = (key: BehaviourKey, label: string, signal: keyof UnitSignals, scale: number): Behaviour => ({
  key,
  label,
  signal,
  scale,
  read: (s) => (s[signal] === null ? null : s[signal] * scale),
});

/** Behaviours compared across levels and between respondents and non-respondents, read from a unit's signals. */
export const BEHAVIOURS: readonly Behaviour[] = [
  behaviour('activeSeconds', 'Active time (s)', 'activeMs', 0.001),
  behaviour('scrollDepth', 'Scroll depth (%)', 'scrollDepth', 100),
  behaviour('productsCompared', 'Products compared', 'productsCompared', 1),
  behaviour('productsViewed', 'Products viewed', 'productsViewed', 1),
  behaviour('filterChanges', 'Filter changes', 'filterChanges', 1),
];

/** Adds `m`, observations of weight `w` each, to running weighted sums. */
function addMoments(sums: WeightedSums, m: Moments, w: number): void {
  if (m.n === 0 || !(w > 0) || !Number.isFinite(w)) return;
  sums.n += m.n;
  sums.w += m.n * w;
  sums.w2 += m.n * w * w;
  sums.wx += w * m.sum;
  sums.w2x += w * w * m.sum;
  sums.w2x2 += w * w * m.sum2;
}

/** One observation as moments, or null. */
const momentsOf = (value: number | null): Moments | null =>
  value === null || !Number.isFinite(value) ? null : { n: 1, sum: value, sum2: value * value };

/** Journey steps at or past this page of the visit share one group. */
export const LAST_STEP = 5;

/** Visitors the low-confidence model is fitted on at most: a uniform sample (by a hash of the answer's id) beyond. */
export const LOW_MODEL_SAMPLE = 4000;

/** What the fold needs to know about the scale and the window. */
export interface FoldOptions {
  min: number;
  max: number;
  lowMax: number;
  window: FollowUpWindow;
  /** The window in milliseconds; null for the session window. */
  windowMs: number | null;
  now: number;
  /** The day of a change to compare before and after (ISO day), or null. */
  change: string | null;
}

/** Everything the report's numbers come from. */
export interface Summary {
  overall: GroupSums;
  byPageType: Map<string, GroupSums>;
  byStep: Map<string, GroupSums>;
  byVariant: Map<string, GroupSums>;
  byWeek: Map<string, GroupSums>;
  byPeriod: Map<'before' | 'after', GroupSums>;
  anonymous: number;
  /** Per level: momentum among visitors whose session is over. */
  momentum: Map<number, { outcome: Tally; page: Tally; left: Tally; all: Tally }>;
  momentumPending: number;
  /** Per behaviour, per level. */
  behaviour: Map<BehaviourKey, Map<number, WeightedSums>>;
  /** Visitors' first displays whose window is over, by whether they answered. */
  nonResponse: { respondents: { yes: Tally; all: Tally }; others: { yes: Tally; all: Tally } };
  /** Behaviour at the impression, by whether the display was answered. */
  nonResponseSignals: Map<BehaviourKey, { respondents: WeightedSums; others: WeightedSums }>;
  model: ModelRow[];
  /** Rows offered to the model before sampling. */
  modelSeen: number;
}

/** FNV-1a: a stable pseudo-random number per id, so the model's sample is the same on every store and run. */
export function hashOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Monday of the ISO week of an instant, as a day (`2026-11-23`). */
export function weekOf(ts: string): string {
  const day = Math.floor(Date.parse(ts) / 86_400_000);
  // 1970-01-01 (day 0) was a Thursday, so day d is a Monday when (d + 3) % 7 is 0.
  const monday = day - ((day + 3) % 7);
  return new Date(monday * 86_400_000).toISOString().slice(0, 10);
}

/** `weekOf` remembered per calendar day: a report asks it once per visitor, about a few hundred days. */
function weekCache(): (ts: string) => string {
  const weeks = new Map<string, string>();
  return (ts) => {
    const day = ts.slice(0, 10);
    let week = weeks.get(day);
    if (week === undefined) weeks.set(day, (week = weekOf(`${day}T00:00:00.000Z`)));
    return week;
  };
}

function group<K>(map: Map<K, GroupSums>, key: K): GroupSums {
  let sums = map.get(key);
  if (!sums) map.set(key, (sums = emptyGroup()));
  return sums;
}

/** The folding side: hand it units (or cells of units), then read `summary`. */
export interface UnitFold {
  addConfidence(unit: ConfidenceUnit): void;
  addDisplay(unit: DisplayUnit): void;
  addConfidenceCell(cell: ConfidenceCell): void;
  addDisplayCell(cell: DisplayCell): void;
  addBehaviourCell(cell: BehaviourCell): void;
  addShownCell(cell: ShownCell): void;
  addNonResponseCell(cell: NonResponseCell): void;
  /** Offers rows to the low-confidence model's sample (with cells, the database chose them). */
  addModelRows(rows: readonly ModelRow[]): void;
  readonly summary: Summary;
  /** The groups a unit counts in, the overall sums first. */
  groupsOf(unit: { ts: string; pageType: string | null; step: number | null; variant: string | null }): GroupSums[];
  /** A confidence unit's outcome: null while its window is not over, or when it cannot be joined. */
  outcomeOf(unit: ConfidenceUnit): boolean | null;
  /** The scale level an answer counts at. */
  levelOf(value: number): number;
}

/**
 * Starts a fold.
 *
 * ```ts
 * const fold = foldUnits({ min: 1, max: 5, lowMax: 2, window, windowMs, now: Date.now(), change: null });
 * await source.confidenceUnits(query, fold.addConfidence);
 * await source.displayUnits(query, fold.addDisplay);
 * fold.summary.overall.visitors;
 * ```
 */
export function foldUnits(options: FoldOptions): UnitFold {
  const summary: Summary = {
    overall: emptyGroup(),
    byPageType: new Map(),
    byStep: new Map(),
    byVariant: new Map(),
    byWeek: new Map(),
    byPeriod: new Map(),
    anonymous: 0,
    momentum: new Map(),
    momentumPending: 0,
    behaviour: new Map(BEHAVIOURS.map((b) => [b.key, new Map()])),
    nonResponse: { respondents: { yes: emptyTally(), all: emptyTally() }, others: { yes: emptyTally(), all: emptyTally() } },
    nonResponseSignals: new Map(BEHAVIOURS.map((b) => [b.key, { respondents: emptySums(), others: emptySums() }])),
    model: [],
    modelSeen: 0,
  };
  const levelOf = (value: number) => Math.min(options.max, Math.max(options.min, Math.round(value)));
  const stepOf = (step: number | null) => (step !== null && step >= 1 ? String(Math.min(Math.floor(step), LAST_STEP)) : null);
  const changeAt = options.change === null ? null : `${options.change}T00:00:00.000Z`;
  const weekOfTs = weekCache();
  const sessionOver = (last: string | null) => last !== null && Date.parse(last) + SESSION_IDLE_MS <= options.now;
  /** Whether the unit's window is over, and if so whether it converted. */
  const outcomeOf = (unit: { ts: string; sessionLast: string | null; sessionOutcome: boolean; windowOutcome: boolean }): boolean | null => {
    if (options.window.kind === 'session') return sessionOver(unit.sessionLast) ? unit.sessionOutcome : null;
    return Date.parse(unit.ts) + (options.windowMs ?? 0) <= options.now ? unit.windowOutcome : null;
  };
  const keysOf = (unit: { ts: string; pageType: string | null; step: number | null; variant: string | null }): GroupKeys => ({
    pageType: unit.pageType,
    step: unit.step,
    variant: unit.variant,
    week: weekOfTs(unit.ts),
    before: changeAt === null ? null : unit.ts < changeAt,
  });
  const groupsFor = (keys: GroupKeys): GroupSums[] => {
    const groups = [summary.overall, group(summary.byPageType, keys.pageType ?? '(no page type)')];
    const step = stepOf(keys.step);
    if (step !== null) groups.push(group(summary.byStep, step));
    groups.push(group(summary.byVariant, keys.variant ?? ''));
    groups.push(group(summary.byWeek, keys.week));
    if (keys.before !== null) groups.push(group(summary.byPeriod, keys.before ? 'before' : 'after'));
    return groups;
  };
  const behavioursOf = (signals: UnitSignals): (Moments | null)[] => {
    const moments: (Moments | null)[] = [];
    for (const b of BEHAVIOURS) moments.push(momentsOf(b.read(signals)));
    return moments;
  };

  const addConfidenceCell = (cell: ConfidenceCell): void => {
    const { count, weight } = cell;
    const level = levelOf(cell.value);
    const low = cell.value <= options.lowMax;
    const values: Moments = { n: count, sum: count * cell.value, sum2: count * cell.value * cell.value };
    for (const g of groupsFor(cell)) {
      g.visitors += count;
      addMoments(g.confidence, values, weight);
      let tally = g.levels.get(level);
      if (!tally) g.levels.set(level, (tally = emptyTally()));
      addTally(tally, weight, count);
      if (low) addTally(g.low, weight, count);
      if (!cell.joinable) continue;
      if (cell.converted === null) {
        g.pending += count;
        continue;
      }
      let outcome = g.converted.get(level);
      if (!outcome) g.converted.set(level, (outcome = { yes: emptyTally(), no: emptyTally() }));
      addTally(cell.converted ? outcome.yes : outcome.no, weight, count);
    }
    if (!cell.joinable) summary.anonymous += count;

    if (cell.momentum === 'pending') summary.momentumPending += count;
    else if (cell.momentum !== null) {
      let m = summary.momentum.get(level);
      if (!m) summary.momentum.set(level, (m = { outcome: emptyTally(), page: emptyTally(), left: emptyTally(), all: emptyTally() }));
      addTally(m.all, weight, count);
      addTally(m[cell.momentum], weight, count);
    }

    addBehaviourCell(cell);
  };

  const addBehaviourCell = (cell: BehaviourCell): void => {
    const level = levelOf(cell.value);
    BEHAVIOURS.forEach((b, i) => {
      const moments = cell.behaviours[i];
      if (!moments) return;
      const byLevel = summary.behaviour.get(b.key)!;
      let sums = byLevel.get(level);
      if (!sums) byLevel.set(level, (sums = emptySums()));
      addMoments(sums, moments, cell.weight);
    });
    summary.modelSeen += cell.modelSeen;
  };

  const addShownCell = (cell: ShownCell): void => {
    const { count, weight } = cell;
    for (const g of groupsFor(cell)) {
      addTally(g.shown, weight, count);
      if (cell.status === 'answered') addTally(g.answered, weight, count);
      else if (cell.status === 'dismissed') addTally(g.dismissed, weight, count);
    }
  };

  const addNonResponseCell = (cell: NonResponseCell): void => {
    const { count, weight, answered } = cell;
    const side = answered ? summary.nonResponse.respondents : summary.nonResponse.others;
    addTally(side.all, weight, count);
    if (cell.converted) addTally(side.yes, weight, count);
    BEHAVIOURS.forEach((b, i) => {
      const moments = cell.behaviours[i];
      if (!moments) return;
      const sums = summary.nonResponseSignals.get(b.key)!;
      addMoments(answered ? sums.respondents : sums.others, moments, weight);
    });
  };

  const addDisplayCell = (cell: DisplayCell): void => {
    addShownCell(cell);
    if (cell.converted !== null) addNonResponseCell({ ...cell, answered: cell.status === 'answered', converted: cell.converted });
  };

  const addModelRow = (row: ModelRow): void => {
    summary.model.push(row);
    if (summary.model.length >= 2 * LOW_MODEL_SAMPLE) trimSample(summary.model);
  };
  const addModelRows = (rows: readonly ModelRow[]): void => rows.forEach(addModelRow);

  return {
    summary,
    groupsOf: (unit) => groupsFor(keysOf(unit)),
    outcomeOf: (unit) => (unit.joinable ? outcomeOf(unit) : null),
    levelOf,
    addConfidenceCell,
    addDisplayCell,
    addBehaviourCell,
    addShownCell,
    addNonResponseCell,
    addModelRows,
    addConfidence(unit) {
      const withModel = unit.activeMs !== null && unit.scrollDepth !== null;
      addConfidenceCell({
        pageType: unit.pageType,
        step: unit.step,
        variant: unit.variant,
        week: weekOfTs(unit.ts),
        before: changeAt === null ? null : unit.ts < changeAt,
        count: 1,
        value: unit.value,
        weight: unit.weight,
        joinable: unit.joinable,
        converted: unit.joinable ? outcomeOf(unit) : null,
        momentum: !unit.joinable ? null : !sessionOver(unit.sessionLast) ? 'pending' : unit.sessionOutcome ? 'outcome' : unit.wentOn ? 'page' : 'left',
        behaviours: behavioursOf(unit),
        modelSeen: withModel ? 1 : 0,
      });
      // The model needs the time and scroll of the page view; counts a page did not report are zero.
      if (withModel) addModelRow(modelRowOf(unit.id, unit, unit.value <= options.lowMax, unit.weight));
    },
    addDisplay(unit) {
      addDisplayCell({
        pageType: unit.pageType,
        step: unit.step,
        variant: unit.variant,
        week: weekOfTs(unit.ts),
        before: changeAt === null ? null : unit.ts < changeAt,
        count: 1,
        weight: unit.weight,
        status: unit.status,
        converted: unit.firstOfVisitor && unit.joinable ? outcomeOf(unit) : null,
        behaviours: behavioursOf(unit),
      });
    },
  };
}

/** A row of the low-confidence model: the behaviours (absent counts are zero), low or not, weight. */
export function modelRowOf(id: string, signals: UnitSignals, low: boolean, weight: number): ModelRow {
  return { id, x: BEHAVIOURS.map((b) => b.read(signals) ?? 0), y: low, w: weight, hash: hashOf(id) };
}

/** Keeps the `LOW_MODEL_SAMPLE` rows of smallest hash: a uniform sample whatever the order rows came in. */
export function trimSample(rows: ModelRow[]): void {
  rows.sort((a, b) => a.hash - b.hash || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  rows.length = Math.min(rows.length, LOW_MODEL_SAMPLE);
}
