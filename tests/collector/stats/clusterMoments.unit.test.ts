/**
 * The "all responses" view's clustered intervals (src/collector/stats/clusterMoments.ts through the report's fold):
 * known answers where the clustered estimator must reduce to a textbook one, invariance to repeated
 * answers, and coverage by simulation with visitors who answer one to four times. Figures of the runs
 * are in the comments; the assertions leave room for the Monte Carlo error of 1,000 sets (±1.4% at 95%).
 */
import { describe, expect, it } from 'vitest';
import { clusteredReader } from '../../../src/collector/report/clusteredFigures';
import { foldClusters } from '../../../src/collector/report/clusterUnits';
import { cellsOf, foldUnits } from '../../../src/collector/report/summarizeUnits';
import type { ConfidenceUnit } from '../../../src/collector/report/units';
import { delongAuc } from '../../../src/collector/stats/delongAuc';
import { logisticTrend } from '../../../src/collector/stats/logisticTrend';
import { studentTwoSidedP } from '../../../src/collector/stats/studentTwoSidedP';
import { meanFromSums } from '../../../src/collector/stats/weightedMean';
import { wilsonInterval } from '../../../src/collector/stats/wilsonInterval';
import { draw, seeded } from '../../fixtures/simulate';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-30T00:00:00.000Z');

/** One answer of `visitor`, a day before the report's clock, so its 7-day window is… not over: 10 days before. */
function answer(visitor: string, value: number, converted: boolean, { weight = 1, pageType = 'category', n = 0 } = {}): ConfidenceUnit {
  return {
    id: `${visitor}-${n}-${value}`,
    ts: new Date(NOW - 10 * DAY).toISOString(),
    joinable: true,
    cluster: visitor,
    value,
    weight,
    pageType,
    step: null,
    variant: null,
    sessionLast: null,
    sessionOutcome: false,
    windowOutcome: converted,
    wentOn: false,
    activeMs: null,
    scrollDepth: null,
    productsCompared: null,
    productsViewed: null,
    filterChanges: null,
  };
}

/** Folds answers (grouped by visitor) as the "all responses" view does, and reads its figures. */
function analyse(units: readonly ConfidenceUnit[]) {
  const fold = foldUnits({ min: 1, max: 5, lowMax: 2, window: { kind: 'days', days: 7 }, windowMs: 7 * DAY, now: NOW, change: null });
  const clusters = foldClusters(fold, [1, 2, 3, 4, 5]);
  for (const unit of units) clusters.add(unit);
  const design = clusters.finish();
  const read = clusteredReader(design, 2);
  const overall = fold.summary.overall;
  return { fold, design, read, overall: read.overall(cellsOf(overall), overall.visitors), trend: read.trend(cellsOf(overall)) };
}

// A textbook sample: 2, 4, 4, 4, 5, 5, 7, 9 has mean 5 and standard deviation 2.138 (n − 1), so the
// standard error of its mean is 2.138/√8 = 0.7559. (Values past 5 are clipped to the scale, so the scale here is 1..9.)
describe('known answers: one answer per visitor gives the unclustered estimators', () => {
  it('the mean: s/√n, exactly the weighted mean of meanFromSums', () => {
    const fold = foldUnits({ min: 1, max: 9, lowMax: 2, window: { kind: 'days', days: 7 }, windowMs: 7 * DAY, now: NOW, change: null });
    const clusters = foldClusters(fold, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
    [2, 4, 4, 4, 5, 5, 7, 9].forEach((value, i) => clusters.add(answer(`v${i}`, value, false)));
    const read = clusteredReader(clusters.finish(), 2);
    const mean = read.overall(cellsOf(fold.summary.overall), 8).mean!;
    expect(mean.mean).toBeCloseTo(5, 12);
    expect(mean.se).toBeCloseTo(2.13809 / Math.sqrt(8), 5);
    expect(mean.se).toBeCloseTo(meanFromSums(fold.summary.overall.confidence)!.se!, 12);
    // t with 7 degrees of freedom: 2.3646.
    expect(mean.low).toBeCloseTo(5 - 2.36462 * 0.755929, 3);
  });

  it('a share: the Wilson interval of the counts (30 of 100 low: 0.2189–0.3958)', () => {
    const units = Array.from({ length: 100 }, (_, i) => answer(`v${String(i).padStart(3, '0')}`, i < 30 ? 1 : 4, false));
    const low = analyse(units).overall.low!;
    const wilson = wilsonInterval(30, 100)!;
    expect(low.p).toBeCloseTo(0.3, 12);
    expect(low.low).toBeCloseTo(wilson.low, 10);
    expect(low.high).toBeCloseTo(wilson.high, 10);
    expect(wilson.low).toBeCloseTo(0.2189, 4);
    expect(wilson.high).toBeCloseTo(0.3958, 4);
  });

  // Hanley & McNeil (1982): normal 33, 6, 6, 11, 2 and abnormal 3, 2, 2, 11, 33 on 1..5; AUC 0.8932, DeLong se 0.0307.
  const radiology = () => {
    const units: ConfidenceUnit[] = [];
    const add = (counts: number[], positive: boolean) =>
      counts.forEach((count, level) => {
        for (let k = 0; k < count; k++) units.push(answer(`${positive ? 'a' : 'n'}${level}-${k}`, level + 1, positive));
      });
    add([33, 6, 6, 11, 2], false);
    add([3, 2, 2, 11, 33], true);
    return units;
  };

  it("the AUC: Hanley & McNeil's 0.8932, the se DeLong's within its small-sample factor", () => {
    const { overall, fold } = analyse(radiology());
    const delong = delongAuc(cellsOf(fold.summary.overall))!;
    expect(overall.auc!.auc).toBeCloseTo(0.8932, 4);
    expect(delong.se).toBeCloseTo(0.0307, 4);
    // DeLong divides each class's spread by m(m − 1); the linearisation over the 109 visitors by m²·108/109.
    // With 51 positives and 58 negatives that is about 1% apart, never more.
    expect(Math.abs(overall.auc!.se / delong.se - 1)).toBeLessThan(0.011);
    expect(overall.auc!.low).toBeGreaterThan(0.8);
    expect(overall.auc!.high).toBeLessThan(0.95);
  });

  it("the odds ratio per point: exactly logisticTrend's sandwich", () => {
    const { trend, fold } = analyse(radiology());
    const plain = logisticTrend(cellsOf(fold.summary.overall))!;
    expect(trend!.slope).toBeCloseTo(plain.slope, 12);
    expect(trend!.se).toBeCloseTo(plain.se, 10);
  });
});

describe('a visitor repeating an answer adds no information', () => {
  const base = (repeat: number) => {
    const random = seeded(7);
    const units: ConfidenceUnit[] = [];
    for (let v = 0; v < 60; v++) {
      const value = draw(random, [0.1, 0.15, 0.25, 0.3, 0.2]);
      const converted = random() < 0.2 + 0.1 * value;
      for (let k = 0; k < repeat; k++) units.push(answer(`v${String(v).padStart(3, '0')}`, value, converted, { n: k, weight: v % 3 === 0 ? 4 : 1 }));
    }
    return analyse(units);
  };

  it('each answer given three times: the same estimates and the same intervals as once', () => {
    const once = base(1);
    const thrice = base(3);
    expect(thrice.overall.mean!.mean).toBeCloseTo(once.overall.mean!.mean, 12);
    expect(thrice.overall.mean!.se).toBeCloseTo(once.overall.mean!.se!, 12);
    expect(thrice.overall.low!.low).toBeCloseTo(once.overall.low!.low, 10);
    expect(thrice.overall.conversion!.high).toBeCloseTo(once.overall.conversion!.high, 10);
    expect(thrice.overall.auc!.auc).toBeCloseTo(once.overall.auc!.auc, 12);
    expect(thrice.overall.auc!.se).toBeCloseTo(once.overall.auc!.se, 12);
    expect(thrice.trend!.se).toBeCloseTo(once.trend!.se, 10);
    // The answers counted three times over, treated as independent, would claim √3 times the precision.
    const naive = meanFromSums(thrice.fold.summary.overall.confidence)!;
    expect(once.overall.mean!.se! / naive.se!).toBeGreaterThan(1.6);
  });

  it('a group against the rest counts a visitor who answered in both once', () => {
    // Every visitor answers once on a category page and once on a product page, the same value.
    const units: ConfidenceUnit[] = [];
    const random = seeded(11);
    for (let v = 0; v < 80; v++) {
      const value = draw(random, [0.1, 0.15, 0.25, 0.3, 0.2]);
      const id = `v${String(v).padStart(3, '0')}`;
      units.push(answer(id, value, false, { pageType: 'category', n: 0 }), answer(id, value, false, { pageType: 'product', n: 1 }));
    }
    const { read, design, fold } = analyse(units);
    const category = fold.summary.byPageType.get('category')!;
    const product = fold.summary.byPageType.get('product')!;
    const compared = read.group(design.domains.get(category), cellsOf(category), cellsOf(product), category.visitors, product.visitors);
    // The same answers on both sides: no difference, and no variance to test it with.
    expect(compared.figures.mean!.mean).toBeCloseTo(fold.summary.overall.confidence.wx / fold.summary.overall.confidence.w, 12);
    expect(compared.tests.mean).toBeNull();
  });
});

/** Visitors answering 1 to 4 times, each answer the visitor's usual level 70% of the time; outcomes per visitor. */
function clusteredSample(random: () => number, visitors: number, effect: boolean): ConfidenceUnit[] {
  const units: ConfidenceUnit[] = [];
  for (let v = 0; v < visitors; v++) {
    const usual = draw(random, SCORES);
    const converted = random() < (effect ? 0.03 + 0.12 * (usual - 1) : 0.3);
    const answers = 1 + Math.floor(random() * 4);
    for (let k = 0; k < answers; k++) {
      const value = random() < 0.7 ? usual : draw(random, SCORES);
      units.push(answer(`v${String(v).padStart(4, '0')}`, value, converted, { n: k }));
    }
  }
  return units;
}

const SCORES = [0.1, 0.15, 0.25, 0.3, 0.2];
// Each answer's level is drawn from SCORES (the visitor's usual one is too), so the mean answer is 3.35 and
// the share at 1–2 is 0.25 whatever the number of answers.
const TRUE_MEAN = 3.35;
const TRUE_LOW = 0.25;

function coverage(seed: number, visitors: number, sets = 1000) {
  const random = seeded(seed);
  const hits = { auc: 0, naiveAuc: 0, mean: 0, naiveMean: 0, low: 0, trend: 0 };
  let counted = 0;
  while (counted < sets) {
    const { overall, trend, fold } = analyse(clusteredSample(random, visitors, false));
    if (!overall.auc || !overall.mean || overall.mean.low === null || !overall.low || !trend) continue;
    counted++;
    if (overall.auc.low <= 0.5 && 0.5 <= overall.auc.high) hits.auc++;
    const naive = delongAuc(cellsOf(fold.summary.overall))!;
    if (naive.low <= 0.5 && 0.5 <= naive.high) hits.naiveAuc++;
    if (overall.mean.low <= TRUE_MEAN && TRUE_MEAN <= overall.mean.high!) hits.mean++;
    const plain = meanFromSums(fold.summary.overall.confidence)!;
    if (plain.low! <= TRUE_MEAN && TRUE_MEAN <= plain.high!) hits.naiveMean++;
    if (overall.low.low <= TRUE_LOW && TRUE_LOW <= overall.low.high) hits.low++;
    if (trend.low <= 1 && 1 <= trend.high) hits.trend++;
  }
  return Object.fromEntries(Object.entries(hits).map(([k, v]) => [k, v / sets])) as Record<keyof typeof hits, number>;
}

describe('coverage with repeated answers, 1,000 simulated data sets, no effect', () => {
  // Runs: 30 visitors: AUC 0.958 (answers as independent: 0.812), mean 0.946 (0.841), low 0.984, trend 0.968.
  // 200 visitors: AUC 0.950 (0.828), mean 0.943 (0.828), low 0.983, trend 0.950.
  it.each([
    [30, 2026],
    [200, 1202],
  ])('%i visitors (about 2.5 answers each)', (visitors, seed) => {
    const run = coverage(seed, visitors);
    for (const key of ['auc', 'mean', 'low', 'trend'] as const) expect(run[key], key).toBeGreaterThanOrEqual(0.93);
    // Treating the answers as independent is what this view exists to avoid: it falls well short.
    expect(run.naiveAuc).toBeLessThan(0.9);
    expect(run.naiveMean).toBeLessThan(0.9);
  }, 120_000);
});

describe('coverage with repeated answers and an effect', () => {
  // The truth: the answer-level AUC of the model, read from one sample of 40,000 visitors (about 100,000 answers).
  const truth = analyse(clusteredSample(seeded(99), 40_000, true)).overall.auc!.auc;

  // Run: true AUC 0.631; coverage 0.948 (answers as independent: 0.840); the interval above 0.5 in 96.3% of sets.
  it('200 visitors, true AUC about 0.63', () => {
    expect(truth).toBeGreaterThan(0.6);
    expect(truth).toBeLessThan(0.66);
    const random = seeded(4242);
    let covered = 0;
    let naive = 0;
    let above = 0;
    for (let k = 0; k < 1000; k++) {
      const { overall, fold } = analyse(clusteredSample(random, 200, true));
      const auc = overall.auc!;
      if (auc.low <= truth && truth <= auc.high) covered++;
      if (auc.low > 0.5) above++;
      // The test agrees with the interval: p < 0.05 exactly when 0.5 is outside it.
      expect(auc.p < 0.05).toBe(auc.low > 0.5 || auc.high < 0.5);
      const plain = delongAuc(cellsOf(fold.summary.overall))!;
      if (plain.low <= truth && truth <= plain.high) naive++;
    }
    expect(covered / 1000).toBeGreaterThanOrEqual(0.93);
    expect(naive / 1000).toBeLessThan(0.92);
    expect(above / 1000).toBeGreaterThan(0.9);
  }, 120_000);
});

describe("studentTwoSidedP: the t table's values", () => {
  it.each([
    [2.228, 10, 0.05],
    [12.706, 1, 0.05],
    [3.182, 3, 0.05],
    [2.0, 5, 0.1019],
    [1, 1, 0.5],
    [0, 7, 1],
    [1.959964, 1e6, 0.05],
  ])('t = %f, %i df: p = %f', (t, df, p) => expect(studentTwoSidedP(t, df)).toBeCloseTo(p, 4));
  it('is symmetric in t and NaN below one degree of freedom', () => {
    expect(studentTwoSidedP(-2, 5)).toBe(studentTwoSidedP(2, 5));
    expect(studentTwoSidedP(2, 0)).toBeNaN();
  });
});
