import { describe, expect, it } from 'vitest';
import { delongAuc } from '../../../src/collector/stats/delongAuc';
import { crossValidatedAuc, fitLogistic, standardize, type LogisticRow } from '../../../src/collector/stats/logisticRegression';
import { cochranArmitage, logisticTrend } from '../../../src/collector/stats/logisticTrend';
import { toScoreCells, type ScoreCell } from '../../../src/collector/stats/scoreCells';
import { seeded } from '../../fixtures/simulate';


/** Unweighted cells from counts with and without the outcome at each score. */
function tableCells(scores: readonly number[], present: readonly number[], absent: readonly number[]): ScoreCell[] {
  return scores.flatMap((score, i) => [
    { score, positive: true, n: present[i]!, weight: present[i]!, weight2: present[i]! },
    { score, positive: false, n: absent[i]!, weight: absent[i]!, weight2: absent[i]! },
  ]);
}

// Graubard & Korn (1987), as tabulated by Agresti, Categorical Data Analysis (2nd ed.), table 5.3 /
// An Introduction to CDA table 2.6: congenital sex organ malformation by the mother's average drinks a
// day, 0, <1, 1–2, 3–5, ≥6, with Agresti's scores 0, 0.5, 1.5, 4.0, 7.0.
const PRESENT = [48, 38, 5, 1, 1];
const ABSENT = [17066, 14464, 788, 126, 37];
const alcohol = tableCells([0, 0.5, 1.5, 4, 7], PRESENT, ABSENT);

describe('logisticTrend: known answers', () => {
  it('fits Agresti’s linear logit model of the alcohol data', () => {
    // Agresti (2002) §5.3.5: logit π̂ = −5.961 + 0.3166x, SE 0.1254 (model-based). Checked here against
    // an independent iteratively reweighted least squares fit in Python (numpy): b = 0.316560,
    // model-based se 0.125447, robust (sandwich × n/(n − 1)) se 0.131049.
    const trend = logisticTrend(alcohol)!;
    expect(trend.slope).toBeCloseTo(0.31656, 5);
    expect(trend.modelSe).toBeCloseTo(0.125447, 5);
    expect(trend.se).toBeCloseTo(0.131049, 5);
    expect(trend.oddsRatio).toBeCloseTo(Math.exp(0.31656), 5);
    expect(trend.z).toBeCloseTo(0.31656 / 0.131049, 3);
    expect(trend.low).toBeCloseTo(Math.exp(trend.slope - 1.959963984540054 * trend.se), 12);
    expect(trend).toMatchObject({ n: 32574, effectiveN: 32574 });
    // Wald statistic with the model-based se: 6.37 (Agresti quotes (0.3166/0.1254)² ≈ 6.4).
    expect((trend.slope / trend.modelSe) ** 2).toBeCloseTo(6.368, 3);
  });

  it('gives the Cochran–Armitage statistics Agresti and StatXact report', () => {
    // Agresti: z² = 6.57 (P = 0.01) with scores 0, 0.5, 1.5, 4, 7 (his M² = (n − 1)r² is 6.5699, the
    // Cochran–Armitage z² with n is 6.5701).
    const ca = cochranArmitage(alcohol)!;
    expect(ca.z).toBeCloseTo(2.5632, 4);
    expect(ca.z ** 2).toBeCloseTo(6.57, 2);
    expect(ca.p).toBeCloseTo(0.0104, 4);
    // Cytel's StatXact example 6 (the same table): asymptotic two-sided p 0.0078 (one-sided 0.0039) with
    // scores 0, 0.5, 1.5, 4, 8, and 0.1765 (one-sided 0.0882) with equally spaced scores 1..5. Here
    // 0.00780 and 0.17639: the last agrees with twice their one-sided value, not to their fourth decimal.
    expect(cochranArmitage(tableCells([0, 0.5, 1.5, 4, 8], PRESENT, ABSENT))!.p).toBeCloseTo(0.0078, 4);
    expect(cochranArmitage(tableCells([1, 2, 3, 4, 5], PRESENT, ABSENT))!.p / 2).toBeCloseTo(0.0882, 4);
    expect(cochranArmitage(tableCells([1, 2, 3, 4, 5], PRESENT, ABSENT))!.p).toBeCloseTo(0.1765, 3);
  });

  it('turns the sign of z with the direction of the trend', () => {
    const reversed = tableCells([0, 0.5, 1.5, 4, 7].map((s) => -s), PRESENT, ABSENT);
    expect(cochranArmitage(reversed)!.z).toBeCloseTo(-2.5632, 4);
    expect(logisticTrend(reversed)!.slope).toBeCloseTo(-0.31656, 5);
  });
});

describe('logisticTrend: weights and edge cases', () => {
  const cells: ScoreCell[] = [
    { score: 1, positive: false, n: 10, weight: 16, weight2: 34 },
    { score: 1, positive: true, n: 2, weight: 5, weight2: 17 },
    { score: 2, positive: false, n: 8, weight: 8, weight2: 8 },
    { score: 2, positive: true, n: 3, weight: 6, weight2: 18 },
    { score: 3, positive: false, n: 6, weight: 9, weight2: 21 },
    { score: 3, positive: true, n: 6, weight: 12, weight2: 36 },
    { score: 5, positive: false, n: 2, weight: 2, weight2: 2 },
    { score: 5, positive: true, n: 7, weight: 13, weight2: 37 },
  ];

  it('does not change when every weight is multiplied by the same number', () => {
    const plain = logisticTrend(cells)!;
    const scaled = logisticTrend(cells.map((c) => ({ ...c, weight: 3 * c.weight, weight2: 9 * c.weight2 })))!;
    expect(scaled.slope).toBeCloseTo(plain.slope, 10);
    expect(scaled.se).toBeCloseTo(plain.se, 10);
    expect(scaled.modelSe).toBeCloseTo(plain.modelSe, 10);
    expect(scaled.effectiveN).toBeCloseTo(plain.effectiveN, 10);
  });

  it('agrees with the general regression fitted on the same units', () => {
    const rows: LogisticRow[] = [];
    for (const cell of cells) {
      // Expand each cell into n units of equal weight (so Σw² changes, but both fits see the same units).
      const mean = cell.weight / cell.n;
      for (let k = 0; k < cell.n; k++) rows.push({ x: [cell.score], y: cell.positive, w: mean });
    }
    const expanded = toScoreCells(rows.map((r) => ({ score: r.x[0]!, positive: r.y, weight: r.w })));
    const trend = logisticTrend(expanded)!;
    const fit = fitLogistic(rows)!;
    expect(trend.slope).toBeCloseTo(fit.coefficients[1]!, 9);
    expect(trend.se).toBeCloseTo(fit.terms[1]!.se, 9);
    expect(trend.modelSe).toBeCloseTo(fit.terms[1]!.modelSe, 9);
  });

  it('is the model-based se times √(n/(n − 1)) when two scores make the model saturated', () => {
    const two = tableCells([1, 2], [5, 12], [20, 13]);
    const trend = logisticTrend(two)!;
    // Saturated: the slope is the log of the 2×2 odds ratio and its model se Woolf's √(Σ 1/count).
    expect(trend.slope).toBeCloseTo(Math.log((12 * 20) / (13 * 5)), 10);
    expect(trend.modelSe).toBeCloseTo(Math.sqrt(1 / 5 + 1 / 12 + 1 / 20 + 1 / 13), 10);
    expect(trend.se).toBeCloseTo(trend.modelSe * Math.sqrt(50 / 49), 10);
  });

  it('is null without both classes, with one score, or under separation', () => {
    expect(logisticTrend([])).toBeNull();
    expect(logisticTrend(tableCells([1, 2, 3], [0, 0, 0], [4, 5, 6]))).toBeNull();
    expect(logisticTrend(tableCells([3], [4], [6]))).toBeNull();
    // Complete: every buyer above every non-buyer.
    expect(logisticTrend(tableCells([1, 2, 3, 4], [0, 0, 3, 4], [5, 2, 0, 0]))).toBeNull();
    // Quasi-complete: they meet at one score only.
    expect(logisticTrend(tableCells([1, 2, 3, 4], [0, 1, 3, 4], [5, 2, 0, 0]))).toBeNull();
    // Reversed.
    expect(logisticTrend(tableCells([1, 2, 3], [4, 0, 0], [0, 3, 3]))).toBeNull();
    // One overlap is enough for a finite estimate.
    expect(logisticTrend(tableCells([1, 2, 3, 4], [0, 1, 3, 4], [5, 2, 1, 0]))).not.toBeNull();
  });

  it('gives a Cochran–Armitage test under separation but not without a spread of scores or classes', () => {
    expect(cochranArmitage(tableCells([1, 2, 3, 4], [0, 0, 3, 4], [5, 2, 0, 0]))!.z).toBeGreaterThan(3);
    expect(cochranArmitage(tableCells([3], [4], [6]))).toBeNull();
    expect(cochranArmitage(tableCells([1, 2], [0, 0], [4, 6]))).toBeNull();
  });

  it('scales weighted Cochran–Armitage counts to Kish’s effective n', () => {
    const unweighted = tableCells([1, 2, 3], [3, 5, 9], [9, 7, 4]);
    const doubled = unweighted.map((c) => ({ ...c, weight: 2 * c.n, weight2: 4 * c.n }));
    expect(cochranArmitage(doubled)!.z).toBeCloseTo(cochranArmitage(unweighted)!.z, 12);
    // Some cells at weight 4: the textbook z of the weighted counts, shrunk by √(n_eff / Σw).
    const mixed = unweighted.map((c, i) => (i % 2 ? { ...c, weight: 4 * c.n, weight2: 16 * c.n } : c));
    const scores = [1, 2, 3];
    const yes = scores.map((s) => mixed.find((c) => c.score === s && c.positive)!.weight);
    const all = scores.map((s, i) => yes[i]! + mixed.find((c) => c.score === s && !c.positive)!.weight);
    const total = all.reduce((a, b) => a + b, 0);
    const share = yes.reduce((a, b) => a + b, 0) / total;
    const mean = scores.reduce((a, s, i) => a + all[i]! * s, 0) / total;
    const zWeighted =
      scores.reduce((a, s, i) => a + yes[i]! * (s - mean), 0) / Math.sqrt(share * (1 - share) * scores.reduce((a, s, i) => a + all[i]! * (s - mean) ** 2, 0));
    const effective = total ** 2 / mixed.reduce((a, c) => a + c.weight2, 0);
    expect(cochranArmitage(mixed)!.z).toBeCloseTo(zWeighted * Math.sqrt(effective / total), 12);
  });
});

// Dalal, Fowlkes & Hoadley (1989), JASA 84:945–957, table 1: launch temperature (°F) of the 23 shuttle
// flights before Challenger and whether any field joint O-ring showed thermal distress.
const TEMPERATURE = [66, 70, 69, 68, 67, 72, 73, 70, 57, 63, 70, 78, 67, 53, 67, 75, 70, 81, 76, 79, 75, 76, 58];
const DISTRESS = [0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1];
const challenger: LogisticRow[] = TEMPERATURE.map((t, i) => ({ x: [t], y: DISTRESS[i] === 1, w: 1 }));

describe('fitLogistic: known answers', () => {
  it('reproduces the Challenger O-ring fit', () => {
    // R, glm(Fail > 0 ~ Temp, binomial) on alr4's Challeng data (the same 23 launches), as printed in
    // BYU-Idaho's Statistics Notebook: (Intercept) 15.0429 (7.3786), Temp −0.2322 (0.1082).
    const fit = fitLogistic(challenger)!;
    expect(fit.converged).toBe(true);
    expect(fit.coefficients[0]).toBeCloseTo(15.0429, 4);
    expect(fit.coefficients[1]).toBeCloseTo(-0.2322, 4);
    expect(fit.terms[0]!.modelSe).toBeCloseTo(7.3786, 4);
    expect(fit.terms[1]!.modelSe).toBeCloseTo(0.1082, 4);
    // Sandwich × n/(n − 1), recomputed with numpy: 6.05202, 0.092775.
    expect(fit.terms[0]!.se).toBeCloseTo(6.05202, 4);
    expect(fit.terms[1]!.se).toBeCloseTo(0.092775, 5);
    expect(fit.terms[1]!.low).toBeCloseTo(-0.23216 - 1.959963984540054 * 0.092775, 4);
    expect(fit.terms[1]!.p).toBeLessThan(0.05);
    expect(fit).toMatchObject({ n: 23, effectiveN: 23 });
    // The deviance R prints, 20.315, is −2 log-likelihood here.
    expect(-2 * fit.logLikelihood).toBeCloseTo(20.315, 3);
  });

  it('fits two weighted predictors as an independent numpy fit does', () => {
    // 40 units generated once in Python (logit = −1 + 0.8·x₁ + 0.3·x₂, weights 1 or 4) and fitted there by
    // IRLS: b = (−5.059243, 1.584456, 1.394471), sandwich × n/(n − 1) se = (1.726496, 0.641898, 0.457045),
    // model se with weights rescaled to sum to n = (1.743394, 0.665116, 0.463922), log-likelihood −44.225720.
    const data = [
      [-0.01, 1, 0, 1], [1.05, 3, 1, 1], [0.74, 2, 1, 1], [0.72, 2, 0, 4], [1.62, 4, 1, 4], [-1.21, 1, 0, 4], [-0.63, 5, 1, 4],
      [-1.32, 4, 0, 4], [-0.11, 4, 0, 1], [1.0, 5, 1, 1], [-0.02, 1, 0, 4], [0.5, 4, 0, 1], [-1.91, 5, 0, 1], [0.15, 4, 0, 1],
      [-0.91, 3, 1, 1], [1.78, 4, 0, 1], [0.89, 4, 1, 1], [0.95, 3, 1, 4], [-0.06, 3, 1, 1], [0.61, 3, 1, 4], [0.66, 4, 1, 4],
      [-0.34, 5, 0, 1], [-0.5, 5, 1, 4], [-0.11, 2, 0, 4], [-0.61, 5, 1, 4], [-0.59, 2, 0, 4], [-0.28, 4, 0, 4], [-0.73, 5, 0, 1],
      [0.77, 5, 1, 1], [-1.6, 5, 0, 1], [0.82, 4, 1, 4], [-0.63, 3, 0, 1], [-0.55, 1, 1, 1], [-1.35, 5, 0, 1], [-0.14, 5, 1, 1],
      [-0.25, 4, 1, 4], [0.19, 3, 0, 4], [-0.53, 5, 0, 1], [0.09, 2, 0, 4], [1.82, 1, 0, 4],
    ] as const;
    const fit = fitLogistic(data.map(([x1, x2, y, w]) => ({ x: [x1, x2], y: y === 1, w })))!;
    expect(fit.converged).toBe(true);
    [-5.059243, 1.584456, 1.394471].forEach((b, j) => expect(fit.coefficients[j]).toBeCloseTo(b, 5));
    [1.726496, 0.641898, 0.457045].forEach((se, j) => expect(fit.terms[j]!.se).toBeCloseTo(se, 5));
    [1.743394, 0.665116, 0.463922].forEach((se, j) => expect(fit.terms[j]!.modelSe).toBeCloseTo(se, 5));
    expect(fit.logLikelihood).toBeCloseTo(-44.22572, 5);
    expect(fit.effectiveN).toBeCloseTo((97 * 97) / 325, 10); // 19 units at weight 4, 21 at 1
  });
});

describe('fitLogistic: separation, ridge and bad input', () => {
  const separated: LogisticRow[] = [1, 2, 3, 4, 5, 6].map((x) => ({ x: [x], y: x > 3, w: 1 }));

  it('stops unconverged under separation and reports no inference', () => {
    const fit = fitLogistic(separated)!;
    expect(fit.converged).toBe(false);
    expect(fit.terms[1]!.estimate).toBeGreaterThan(5);
    expect(fit.terms[1]!.se).toBeNaN();
    expect(fit.terms[1]!.p).toBeNaN();
    // Quasi-complete separation too.
    const quasi = fitLogistic([...separated, { x: [3], y: true, w: 1 }])!;
    expect(quasi.converged).toBe(false);
  });

  it('converges to a finite, shrunken fit with a ridge', () => {
    const fit = fitLogistic(separated, { ridge: 1 })!;
    expect(fit.converged).toBe(true);
    expect(Number.isFinite(fit.terms[1]!.se)).toBe(true);
    expect(fit.coefficients[1]).toBeGreaterThan(0);
    expect(fit.coefficients[1]).toBeLessThan(fitLogistic(separated, { ridge: 0.1 })!.coefficients[1]!);
  });

  it('stops at maxIterations', () => {
    const fit = fitLogistic(challenger, { maxIterations: 2 })!;
    expect(fit.converged).toBe(false);
    expect(fit.iterations).toBe(2);
  });

  it('is null with nothing to estimate', () => {
    expect(fitLogistic([])).toBeNull();
    expect(fitLogistic(challenger.map((r) => ({ ...r, y: true })))).toBeNull();
    // A constant predictor carries no information beside the intercept.
    expect(fitLogistic(challenger.map((r) => ({ ...r, x: [r.x[0]!, 1] })))).toBeNull();
    // Collinear predictors.
    expect(fitLogistic(challenger.map((r) => ({ ...r, x: [r.x[0]!, 2 * r.x[0]!] })))).toBeNull();
  });

  it('leaves out rows with bad values and treats a weight of 2 like a repeated row', () => {
    const withJunk = [...challenger, { x: [Number.NaN], y: true, w: 1 }, { x: [60], y: true, w: 0 }, { x: [60, 1], y: true, w: 1 }];
    expect(fitLogistic(withJunk)!.coefficients[1]).toBeCloseTo(fitLogistic(challenger)!.coefficients[1]!, 10);
    const doubled = fitLogistic(challenger.map((r, i) => ({ ...r, w: i === 13 ? 2 : 1 })))!;
    const repeated = fitLogistic([...challenger, challenger[13]!])!;
    expect(doubled.coefficients[1]).toBeCloseTo(repeated.coefficients[1]!, 10);
  });
});

describe('standardize', () => {
  it('makes coefficients per standard deviation', () => {
    const { rows, mean, sd } = standardize(challenger);
    const m = TEMPERATURE.reduce((s, t) => s + t, 0) / 23;
    expect(mean[0]).toBeCloseTo(m, 12);
    expect(sd[0]).toBeCloseTo(Math.sqrt(TEMPERATURE.reduce((s, t) => s + (t - m) ** 2, 0) / 23), 12);
    const perSd = fitLogistic(rows)!;
    const perDegree = fitLogistic(challenger)!;
    expect(perSd.coefficients[1]! / sd[0]!).toBeCloseTo(perDegree.coefficients[1]!, 8);
    expect(perSd.terms[1]!.z).toBeCloseTo(perDegree.terms[1]!.z, 8);
  });

  it('weights the mean and leaves a constant column at zero', () => {
    const { rows, mean, sd } = standardize([
      { x: [1, 5], y: true, w: 3 },
      { x: [5, 5], y: false, w: 1 },
    ]);
    expect(mean).toEqual([2, 5]);
    expect(sd[0]).toBeCloseTo(Math.sqrt(3), 12);
    expect(sd[1]).toBe(0);
    expect(rows.map((r) => r.x[1])).toEqual([0, 0]);
  });
});

describe('crossValidatedAuc', () => {
  const random = seeded(5);
  const rows: LogisticRow[] = Array.from({ length: 300 }, () => {
    const signal = random() * 2 - 1;
    const noise = random() * 2 - 1;
    return { x: [signal, noise], y: random() < 1 / (1 + Math.exp(-(-0.8 + 2 * signal))), w: random() < 0.3 ? 4 : 1 };
  });

  it('is deterministic for a seed and close to the in-sample AUC with a real signal', () => {
    const first = crossValidatedAuc(rows, 5, 7)!;
    expect(crossValidatedAuc(rows, 5, 7)).toBe(first);
    const fit = fitLogistic(rows)!;
    const inSample = delongAuc(
      toScoreCells(rows.map((r) => ({ score: fit.coefficients[0]! + fit.coefficients[1]! * r.x[0]! + fit.coefficients[2]! * r.x[1]!, positive: r.y, weight: r.w }))),
    )!.auc;
    expect(first).toBeGreaterThan(0.65);
    expect(first).toBeLessThanOrEqual(inSample + 0.01);
    expect(first).toBeGreaterThan(inSample - 0.05);
  });

  it('is near chance, not optimistic, when the predictors are noise', () => {
    const noise = rows.map((r) => ({ ...r, y: random() < 0.3 }));
    const cv = crossValidatedAuc(noise, 5, 1)!;
    expect(cv).toBeLessThan(0.6);
  });

  it('is null when a class is too small or a fold cannot be fitted', () => {
    expect(crossValidatedAuc(rows.slice(0, 10).map((r, i) => ({ ...r, y: i === 0 })), 5, 1)).toBeNull();
    expect(crossValidatedAuc(rows, 1, 1)).toBeNull();
    const separated: LogisticRow[] = Array.from({ length: 20 }, (_, i) => ({ x: [i], y: i >= 10, w: 1 }));
    expect(crossValidatedAuc(separated, 5, 1)).toBeNull();
    expect(crossValidatedAuc(separated, 5, 1, { ridge: 0.5 })).toBe(1);
  });
});
