/**
 * The "all responses" view's intervals and tests: the same estimates as the visitor view's, over every
 * answer, with variances from the moments over visitors (`clusterUnits`), so a visitor who answered three
 * times weighs in as one independent unit, not three.
 *
 * A figure is read from a *view* of the totals: the whole, one group (a page type, a week), or the rest of
 * the whole outside a group. A group compared with its rest uses the variance of the difference itself,
 * which counts the visitors who answered in both.
 */
import { differenceTest } from '../stats/compareEstimates';
import { domainSquares, domainVariance, ratioOf } from '../stats/clusterMoments';
import { delongAuc, type AucEstimate } from '../stats/delongAuc';
import { logisticTrend, type TrendEstimate } from '../stats/logisticTrend';
import type { ClusteredCells, LevelGradient, ScoreCell } from '../stats/scoreCells';
import { studentT975 } from '../stats/studentT975';
import type { WeightedMeanWithSe } from '../stats/weightedMean';
import { wilsonInterval } from '../stats/wilsonInterval';
import { OutcomeSlot, SLOTS, type ClusterDesign, type DomainMoments } from './clusterUnits';
import type { Difference, Share } from './reportData';

/** Totals of one view, and the variance of a function of them given its gradient. */
interface View {
  totals: Float64Array;
  /** Visitors with an answer in the view; with a converting, and a non-converting one. */
  clusters: number;
  positives: number;
  negatives: number;
  variance(gradient: Float64Array, correct?: boolean): number;
  /** Σ over visitors of (u·x)², for Kish's size over visitors. */
  squares(u: Float64Array): number;
}

const scale = (g: Float64Array, k: number) => g.map((x) => x * k);
const plus = (a: Float64Array, b: Float64Array) => a.map((x, i) => x + b[i]!);

/** The whole (`domain` null) or one group of it. */
function viewOf(design: ClusterDesign, domain: DomainMoments | null): View {
  const { whole } = design;
  const own = domain ?? whole;
  return {
    totals: own.moments.total,
    clusters: own.clusters,
    positives: own.positives,
    negatives: own.negatives,
    variance: (g, correct) => (domain ? domainVariance(whole.moments, whole.clusters, domain.moments, g, null, correct) : domainVariance(whole.moments, whole.clusters, null, null, g, correct)),
    squares: (u) => (domain ? domainSquares(whole.moments, domain.moments, u, null) : domainSquares(whole.moments, null, null, u)),
  };
}

/** Everything outside `domain`: totals t − t_g, so the gradient g is −g on the group and +g on the whole. */
function restView(design: ClusterDesign, domain: DomainMoments): View {
  const { whole } = design;
  return {
    totals: whole.moments.total.map((t, i) => t - domain.moments.total[i]!),
    // Visitors in both the group and the rest are counted out: fewer, the safe side for the sizes they set.
    clusters: Math.max(0, whole.clusters - domain.clusters),
    positives: Math.max(0, whole.positives - domain.positives),
    negatives: Math.max(0, whole.negatives - domain.negatives),
    variance: (g, correct) => domainVariance(whole.moments, whole.clusters, domain.moments, scale(g, -1), g, correct),
    squares: (u) => domainSquares(whole.moments, domain.moments, scale(u, -1), u),
  };
}

/** The vectors the figures are linear forms of, over the slots (level i, outcome s) = i·3 + s. */
function vectorsOf(design: ClusterDesign, lowMax: number) {
  const d = design.levels.length * SLOTS;
  const where = (test: (level: number, slot: number) => boolean, value: (level: number) => number = () => 1) => {
    const v = new Float64Array(d);
    design.levels.forEach((level, i) => {
      for (let slot = 0; slot < SLOTS; slot++) if (test(level, slot)) v[i * SLOTS + slot] = value(level);
    });
    return v;
  };
  const decided = (slot: number) => slot === OutcomeSlot.Yes || slot === OutcomeSlot.No;
  return {
    all: where(() => true),
    value: where(() => true, (level) => level),
    low: where((level) => level <= lowMax),
    at: (target: number) => where((level) => level === target),
    yes: where((_, slot) => slot === OutcomeSlot.Yes),
    decided: where((_, slot) => decided(slot)),
    yesAt: (target: number) => where((level, slot) => level === target && slot === OutcomeSlot.Yes),
    decidedAt: (target: number) => where((level, slot) => level === target && decided(slot)),
  };
}

type Vectors = ReturnType<typeof vectorsOf>;

/**
 * A share with a Wilson interval on the smaller of two sizes: Kish's over visitors, (Σw)² / Σ_c (Σ_c w)²,
 * and the design-based p(1 − p)/v with v the linearisation variance over visitors; with one answer per
 * visitor they are the unclustered share's two sizes. At p = 0 or 1 only Kish's size is defined.
 */
function shareOf(view: View, numerator: Float64Array, denominator: Float64Array): Share | null {
  const ratio = ratioOf(view.totals, numerator, denominator);
  if (!ratio || view.clusters < 1) return null;
  const p = Math.min(1, Math.max(0, ratio.ratio));
  const squares = view.squares(denominator);
  let n = squares > 0 ? (ratio.denominator * ratio.denominator) / squares : view.clusters;
  if (p > 0 && p < 1) {
    const variance = view.variance(ratio.gradient, false);
    if (variance > 0) n = Math.min(n, (p * (1 - p)) / variance);
  }
  const interval = wilsonInterval(p * n, n);
  return interval && { ...interval, se: Math.sqrt((p * (1 - p)) / n) };
}

/** The mean answer with a t interval on the visitors' degrees of freedom, clipped to the scale. */
function meanOf(view: View, vectors: Vectors, answers: number, min: number, max: number): WeightedMeanWithSe | null {
  const ratio = ratioOf(view.totals, vectors.value, vectors.all);
  if (!ratio || answers < 1) return null;
  const base = { mean: ratio.ratio, n: answers, weight: ratio.denominator, effectiveN: view.clusters };
  const variance = view.variance(ratio.gradient);
  if (view.clusters < 2 || !Number.isFinite(variance)) return { ...base, low: null, high: null, se: null };
  const se = Math.sqrt(variance);
  const half = studentT975(view.clusters - 1) * se;
  return { ...base, low: Math.max(min, ratio.ratio - half), high: Math.min(max, ratio.ratio + half), se };
}

/** A `LevelGradient` (by score) as a gradient over the slots. */
function toSlots(design: ClusterDesign, gradient: LevelGradient): Float64Array {
  const g = new Float64Array(design.levels.length * SLOTS);
  gradient.scores.forEach((score, k) => {
    const i = design.levels.indexOf(score);
    if (i < 0) return;
    g[i * SLOTS + OutcomeSlot.Yes] = gradient.positive[k]!;
    g[i * SLOTS + OutcomeSlot.No] = gradient.negative[k]!;
  });
  return g;
}

/** The clustered variance hook of `delongAuc` and `logisticTrend`, keeping the last gradient it was given. */
function clusteredCells(design: ClusterDesign, view: View): ClusteredCells & { gradient: Float64Array | null } {
  const hook = {
    gradient: null as Float64Array | null,
    positives: view.positives,
    negatives: view.negatives,
    df: Math.max(1, Math.min(view.positives, view.negatives) - 1),
    variance: (gradient: LevelGradient) => view.variance((hook.gradient = toSlots(design, gradient))),
  };
  return hook;
}

/** The confidence figures of one view. */
export interface ClusteredFigures {
  mean: WeightedMeanWithSe | null;
  low: Share | null;
  distribution: (Share | null)[];
  conversion: Share | null;
  auc: AucEstimate | null;
  /** Conversion at each level. */
  byLevel: (Share | null)[];
}

/** A view's figures, with the gradients the tests between views reuse. */
interface Computed extends ClusteredFigures {
  gradients: { mean: Float64Array | null; low: Float64Array | null; conversion: Float64Array | null; auc: Float64Array | null };
}

function compute(design: ClusterDesign, view: View, vectors: Vectors, cells: ScoreCell[], answers: number): Computed {
  const levels = design.levels;
  const aucHook = clusteredCells(design, view);
  const auc = delongAuc(cells, aucHook);
  return {
    mean: meanOf(view, vectors, answers, levels[0]!, levels[levels.length - 1]!),
    low: shareOf(view, vectors.low, vectors.all),
    distribution: levels.map((level) => shareOf(view, vectors.at(level), vectors.all)),
    conversion: shareOf(view, vectors.yes, vectors.decided),
    auc,
    byLevel: levels.map((level) => shareOf(view, vectors.yesAt(level), vectors.decidedAt(level))),
    gradients: {
      mean: ratioOf(view.totals, vectors.value, vectors.all)?.gradient ?? null,
      low: ratioOf(view.totals, vectors.low, vectors.all)?.gradient ?? null,
      conversion: ratioOf(view.totals, vectors.yes, vectors.decided)?.gradient ?? null,
      auc: auc ? aucHook.gradient : null,
    },
  };
}

const strip = ({ gradients: _gradients, ...figures }: Computed): ClusteredFigures => figures;

/** The clustered tests of a group against the rest of its table: mean, low share, AUC, conversion. */
export interface ClusteredTests {
  mean: Omit<Difference, 'pAdjusted'> | null;
  low: Omit<Difference, 'pAdjusted'> | null;
  auc: Omit<Difference, 'pAdjusted'> | null;
  conversion: Omit<Difference, 'pAdjusted'> | null;
}

/**
 * Reads clustered figures from a design: `overall()` for all answers, `group(sums)` for one group with its
 * test against the rest of the table.
 *
 * ```ts
 * const read = clusteredReader(design, lowMax);
 * read.overall(cellsOf(summary.overall), summary.overall.confidence.n).auc;
 * read.group(pageType, cellsOf(pageType), cellsOf(rest), answers, restAnswers).tests.mean;
 * ```
 */
export function clusteredReader(design: ClusterDesign, lowMax: number) {
  const vectors = vectorsOf(design, lowMax);
  const whole = viewOf(design, null);
  return {
    overall(cells: ScoreCell[], answers: number): ClusteredFigures {
      return strip(compute(design, whole, vectors, cells, answers));
    },
    /** The odds ratio per scale point over all answers, its interval clustered by visitor. */
    trend(cells: ScoreCell[]): TrendEstimate | null {
      return logisticTrend(cells, clusteredCells(design, whole));
    },
    /** A group's figures, and its tests against the rest of the whole (null tests without a rest). */
    group(domain: DomainMoments | undefined, cells: ScoreCell[], restCells: ScoreCell[], answers: number, restAnswers: number): { figures: ClusteredFigures; tests: ClusteredTests } {
      if (!domain) {
        const none = { mean: null, low: null, distribution: design.levels.map(() => null), conversion: null, auc: null, byLevel: design.levels.map(() => null) };
        return { figures: none, tests: { mean: null, low: null, auc: null, conversion: null } };
      }
      const own = compute(design, viewOf(design, domain), vectors, cells, answers);
      const rest = compute(design, restView(design, domain), vectors, restCells, restAnswers);
      /** f(t_g) − f(t − t_g): gradient ∇f_g + ∇f_r on the group, −∇f_r on the whole. */
      const test = (a: number | undefined, b: number | undefined, ga: Float64Array | null, gb: Float64Array | null): Omit<Difference, 'pAdjusted'> | null => {
        if (a === undefined || b === undefined || !ga || !gb || restAnswers < 1) return null;
        const variance = domainVariance(design.whole.moments, design.whole.clusters, domain.moments, plus(ga, gb), scale(gb, -1));
        if (!(variance > 0)) return null;
        const d = differenceTest({ estimate: a, se: Math.sqrt(variance) }, { estimate: b, se: 0 });
        return { difference: d.difference, low: d.low, high: d.high, p: d.p };
      };
      return {
        figures: strip(own),
        tests: {
          mean: test(own.mean?.mean, rest.mean?.mean, own.gradients.mean, rest.gradients.mean),
          low: test(own.low?.p, rest.low?.p, own.gradients.low, rest.gradients.low),
          auc: test(own.auc?.auc, rest.auc?.auc, own.gradients.auc, rest.gradients.auc),
          conversion: test(own.conversion?.p, rest.conversion?.p, own.gradients.conversion, rest.gradients.conversion),
        },
      };
    },
  };
}

/** What `clusteredReader` returns. */
export type ClusteredReader = ReturnType<typeof clusteredReader>;
