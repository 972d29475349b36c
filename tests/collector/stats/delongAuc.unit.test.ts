import { describe, expect, it } from 'vitest';
import { aucDifference, delongAuc } from '../../../src/collector/stats/delongAuc';
import { toScoreCells, type ScoreCell } from '../../../src/collector/stats/scoreCells';
import { wilsonInterval } from '../../../src/collector/stats/wilsonInterval';
import { seeded } from '../../fixtures/simulate';

/** A seeded generator (mulberry32), so every run draws the same data. */

/** Cells of a rating table: counts of negatives and positives at ratings 1, 2, 3, … */
function ratingCells(negatives: readonly number[], positives: readonly number[]): ScoreCell[] {
  return [
    ...negatives.map((n, i) => ({ score: i + 1, positive: false, n, weight: n, weight2: n })),
    ...positives.map((n, i) => ({ score: i + 1, positive: true, n, weight: n, weight2: n })),
  ].filter((cell) => cell.n > 0);
}

interface Unit {
  score: number;
  positive: boolean;
  weight: number;
}

/**
 * An independent, deliberately plain implementation over individual units, O(n·m): every pair is
 * compared, each unit gets its own placement value, and the variance terms are summed unit by unit.
 */
function bruteForce(units: readonly Unit[]): { auc: number; se: number } {
  const positives = units.filter((u) => u.positive);
  const negatives = units.filter((u) => !u.positive);
  const w1 = positives.reduce((s, u) => s + u.weight, 0);
  const w0 = negatives.reduce((s, u) => s + u.weight, 0);
  const psi = (p: Unit, q: Unit) => (p.score > q.score ? 1 : p.score === q.score ? 0.5 : 0);
  const placementsOfPositives = positives.map((p) => negatives.reduce((s, q) => s + q.weight * psi(p, q), 0) / w0);
  const placementsOfNegatives = negatives.map((q) => positives.reduce((s, p) => s + p.weight * psi(p, q), 0) / w1);
  const auc = positives.reduce((s, p, i) => s + p.weight * placementsOfPositives[i]!, 0) / w1;
  const term = (group: readonly Unit[], placements: readonly number[], total: number) => {
    const count = group.length;
    const sumW2 = group.reduce((s, u) => s + u.weight * u.weight, 0);
    const effective = (total * total) / sumW2;
    let weightedSquares = 0;
    let linearisation = 0;
    group.forEach((u, i) => {
      weightedSquares += u.weight * (placements[i]! - auc) ** 2;
      linearisation += u.weight * u.weight * (placements[i]! - auc) ** 2;
    });
    return Math.max(weightedSquares / total / (effective - 1), ((count / (count - 1)) * linearisation) / (total * total));
  };
  return { auc, se: Math.sqrt(term(positives, placementsOfPositives, w1) + term(negatives, placementsOfNegatives, w0)) };
}

/** DeLong et al. (1988) as printed, unweighted: S10/m + S01/n with sample variances over m − 1 and n − 1. */
function textbookDeLong(units: readonly Unit[]): number {
  const x = units.filter((u) => u.positive).map((u) => u.score);
  const y = units.filter((u) => !u.positive).map((u) => u.score);
  const psi = (a: number, b: number) => (a > b ? 1 : a === b ? 0.5 : 0);
  const v10 = x.map((a) => y.reduce((s, b) => s + psi(a, b), 0) / y.length);
  const v01 = y.map((b) => x.reduce((s, a) => s + psi(a, b), 0) / x.length);
  const theta = v10.reduce((s, v) => s + v, 0) / x.length;
  const s10 = v10.reduce((s, v) => s + (v - theta) ** 2, 0) / (x.length - 1);
  const s01 = v01.reduce((s, v) => s + (v - theta) ** 2, 0) / (y.length - 1);
  return Math.sqrt(s10 / x.length + s01 / y.length);
}

function unitsOf(cells: readonly ScoreCell[]): Unit[] {
  return cells.flatMap((cell) => Array.from({ length: cell.n }, () => ({ score: cell.score, positive: cell.positive, weight: cell.weight / cell.n })));
}

// Hanley & McNeil (1982), Radiology 143:29–36, table I: 109 CT images rated 1 (definitely normal) to 5
// (definitely abnormal) by one radiologist.
const hanleyMcNeil = ratingCells([33, 6, 6, 11, 2], [3, 2, 2, 11, 33]);

describe('delongAuc: known answers', () => {
  it('gives Hanley & McNeil’s area of 0.893 for their rating table', () => {
    const result = delongAuc(hanleyMcNeil)!;
    expect(result.auc).toBeCloseTo(0.893, 3);
    expect(result.auc).toBeCloseTo(2642 / 2958, 12); // 2,642 of the 51 × 58 pairs ordered, ties counted half
    expect(result).toMatchObject({ positives: 51, negatives: 58, effectivePositives: 51, effectiveNegatives: 58 });
  });

  it('matches the DeLong standard error Stata’s roctab reports for these data', () => {
    // Stata [R] roctab, example with Hanley & McNeil's data (webuse hanley): ROC area 0.8932,
    // std. err. 0.0307, asymptotic normal 95% CI 0.83295 to 0.95339 (roctab's default se is DeLong's).
    // Recalled from the manual and re-derived here: the interval's ends are area ± 1.959964·se.
    const result = delongAuc(hanleyMcNeil)!;
    expect(result.auc).toBeCloseTo(0.8932, 4);
    expect(result.se).toBeCloseTo(0.0307, 4);
    expect(result.auc - 1.959963984540054 * result.se).toBeCloseTo(0.83295, 5);
    expect(result.auc + 1.959963984540054 * result.se).toBeCloseTo(0.95339, 5);
    // Hanley & McNeil's own (exponential-model) se is a little larger, 0.032; DeLong's needs no model.
    expect(result.se).toBeLessThan(0.032);
  });

  it('agrees with an independent unit-by-unit computation and with DeLong’s formula as printed', () => {
    const result = delongAuc(hanleyMcNeil)!;
    const units = unitsOf(hanleyMcNeil);
    const brute = bruteForce(units);
    expect(result.auc).toBeCloseTo(brute.auc, 12);
    expect(result.se).toBeCloseTo(brute.se, 12);
    expect(result.se).toBeCloseTo(textbookDeLong(units), 12);
  });

  it('puts its interval on the logit scale and its p-value on the same footing', () => {
    const result = delongAuc(hanleyMcNeil)!;
    const logit = (x: number) => Math.log(x / (1 - x));
    const logitSe = result.se / (result.auc * (1 - result.auc));
    expect(logit(result.low)).toBeCloseTo(logit(result.auc) - 1.959963984540054 * logitSe, 10);
    expect(logit(result.high)).toBeCloseTo(logit(result.auc) + 1.959963984540054 * logitSe, 10);
    // Asymmetric: more room below a high AUC than above it.
    expect(result.auc - result.low).toBeGreaterThan(result.high - result.auc);
    expect(result.p).toBeLessThan(1e-9);
  });
});

describe('delongAuc: weighted data', () => {
  const random = seeded(2024);
  const datasets = Array.from({ length: 20 }, () => {
    const size = 5 + Math.floor(random() * 60);
    return Array.from({ length: size }, () => {
      const score = 1 + Math.floor(random() * 5);
      return { score, positive: random() < 0.15 + score * 0.08, weight: random() < 0.3 ? 4 : random() < 0.5 ? 1 : 2.5 };
    });
  });

  it('matches the unit-by-unit computation on random weighted data with ties', () => {
    let compared = 0;
    for (const units of datasets) {
      const positives = units.filter((u) => u.positive).length;
      if (positives < 2 || units.length - positives < 2) continue;
      const result = delongAuc(toScoreCells(units))!;
      const brute = bruteForce(units);
      expect(result.auc).toBeCloseTo(brute.auc, 12);
      if (result.auc > 0 && result.auc < 1 && brute.se > 0) {
        expect(result.se).toBeCloseTo(brute.se, 12);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(10);
  });

  it('reduces exactly to DeLong when every weight is 1', () => {
    for (const units of datasets) {
      const ones = units.map((u) => ({ ...u, weight: 1 }));
      const positives = ones.filter((u) => u.positive).length;
      if (positives < 2 || ones.length - positives < 2) continue;
      const result = delongAuc(toScoreCells(ones))!;
      if (!(result.auc > 0 && result.auc < 1)) continue;
      expect(result.se).toBeCloseTo(textbookDeLong(ones), 12);
      expect(result.effectivePositives).toBeCloseTo(positives, 12);
    }
  });

  it('does not change when every weight is multiplied by the same number', () => {
    const units = datasets[3]!;
    const plain = delongAuc(toScoreCells(units))!;
    const scaled = delongAuc(toScoreCells(units.map((u) => ({ ...u, weight: u.weight * 7 }))))!;
    expect(scaled.auc).toBeCloseTo(plain.auc, 12);
    expect(scaled.se).toBeCloseTo(plain.se, 12);
    expect(scaled.low).toBeCloseTo(plain.low, 12);
    expect(scaled.effectiveNegatives).toBeCloseTo(plain.effectiveNegatives, 10);
  });

  it('counts effective sizes the Kish way', () => {
    const result = delongAuc([
      { score: 1, positive: false, n: 2, weight: 5, weight2: 17 }, // weights 1 and 4
      { score: 2, positive: true, n: 1, weight: 1, weight2: 1 },
      { score: 3, positive: true, n: 1, weight: 1, weight2: 1 },
    ])!;
    expect(result.effectiveNegatives).toBeCloseTo(25 / 17, 12);
    expect(result.effectivePositives).toBe(2);
  });

  it('rejects chance exactly when the interval leaves out 0.5', () => {
    const random2 = seeded(99);
    let rejected = 0;
    for (let k = 0; k < 300; k++) {
      const units = Array.from({ length: 40 }, () => {
        const score = 1 + Math.floor(random2() * 5);
        return { score, positive: random2() < 0.1 + score * 0.07, weight: random2() < 0.25 ? 4 : 1 };
      });
      const result = delongAuc(toScoreCells(units));
      if (!result) continue;
      expect(result.p < 0.05).toBe(result.low > 0.5 || result.high < 0.5);
      if (result.p < 0.05) rejected++;
    }
    expect(rejected).toBeGreaterThan(10);
  });
});

describe('delongAuc: edge cases', () => {
  it('is null without both classes', () => {
    expect(delongAuc([])).toBeNull();
    expect(delongAuc(ratingCells([3, 4], []))).toBeNull();
    expect(delongAuc(ratingCells([], [3, 4]))).toBeNull();
    expect(delongAuc([{ score: 2, positive: true, n: 0, weight: 0, weight2: 0 }, ...ratingCells([1], [])])).toBeNull();
  });

  it('leaves out unusable cells and adds up repeated ones', () => {
    const split = [
      { score: 1, positive: false, n: 20, weight: 20, weight2: 20 },
      { score: 1, positive: false, n: 13, weight: 13, weight2: 13 },
      { score: Number.NaN, positive: true, n: 5, weight: 5, weight2: 5 },
      { score: 2, positive: true, n: 5, weight: -1, weight2: 5 },
      ...hanleyMcNeil.filter((cell) => !(cell.score === 1 && !cell.positive)),
    ];
    const merged = delongAuc(split)!;
    const plain = delongAuc(hanleyMcNeil)!;
    expect(merged.auc).toBeCloseTo(plain.auc, 12);
    expect(merged.se).toBeCloseTo(plain.se, 12);
  });

  it('falls back to the Birnbaum–Klose variance bound under perfect separation', () => {
    const result = delongAuc(ratingCells([10, 0, 0, 0, 0], [0, 0, 0, 0, 10]))!;
    const wilson = wilsonInterval(10, 10)!;
    expect(result.auc).toBe(1);
    expect(result.high).toBe(1);
    expect(result.low).toBeCloseTo(wilson.low, 12); // 0.722
    // z = (1 − 0.5) / √(0.25/10) = 3.162
    expect(result.p).toBeCloseTo(0.001565, 6);
    expect(result.se).toBeGreaterThan(0);
    const reversed = delongAuc(ratingCells([0, 0, 0, 0, 10], [10, 0, 0, 0, 0]))!;
    expect(reversed.auc).toBe(0);
    expect(reversed.high).toBeCloseTo(1 - wilson.low, 12);
  });

  it('says nothing is known when everyone gives the same answer', () => {
    const result = delongAuc(ratingCells([0, 0, 12], [0, 0, 6]))!;
    expect(result.auc).toBe(0.5);
    expect(result.p).toBe(1);
    const wilson = wilsonInterval(3, 6)!;
    expect(result.low).toBeCloseTo(wilson.low, 12);
    expect(result.high).toBeCloseTo(wilson.high, 12);
  });

  it('gives a wide interval, not a zero-width one, with a single positive', () => {
    const result = delongAuc(ratingCells([5, 5, 5, 5, 5], [0, 0, 1]))!;
    expect(result.auc).toBe(0.5);
    expect(result.low).toBeLessThan(0.1);
    expect(result.high).toBeGreaterThan(0.9);
    expect(result.p).toBe(1);
  });
});

describe('aucDifference', () => {
  it('tests two independent AUCs on the AUC scale', () => {
    const a = { ...delongAuc(hanleyMcNeil)!, auc: 0.8, se: 0.03 };
    const b = { ...a, auc: 0.7, se: 0.04 };
    const d = aucDifference(a, b);
    expect(d.difference).toBeCloseTo(0.1, 12);
    expect(d.se).toBeCloseTo(0.05, 12);
    expect(d.z).toBeCloseTo(2, 12);
    expect(d.p).toBeCloseTo(0.0455003, 6);
    expect(d.low).toBeCloseTo(0.1 - 1.959963984540054 * 0.05, 12);
  });

  it('keeps the interval inside [−1, 1]', () => {
    const a = { ...delongAuc(hanleyMcNeil)!, auc: 0.99, se: 0.3 };
    const b = { ...a, auc: 0.01, se: 0.3 };
    expect(aucDifference(a, b).high).toBe(1);
    expect(aucDifference(b, a).low).toBe(-1);
  });
});
