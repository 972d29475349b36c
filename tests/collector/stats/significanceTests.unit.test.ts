import { describe, expect, it } from 'vitest';
import { differenceTest, proportionDifference } from '../../../src/collector/stats/compareEstimates';
import { holmAdjust } from '../../../src/collector/stats/holm';
import { enoughForVerdict, MIN_PER_CLASS } from '../../../src/collector/stats/minimumData';
import { scoreLevels, toScoreCells } from '../../../src/collector/stats/scoreCells';
import { weightedProportion } from '../../../src/collector/stats/weightedProportion';
import { wilsonInterval } from '../../../src/collector/stats/wilsonInterval';

describe('differenceTest', () => {
  it('combines independent standard errors', () => {
    const d = differenceTest({ estimate: 0.7, se: 0.03 }, { estimate: 0.6, se: 0.04 });
    expect(d.difference).toBeCloseTo(0.1, 12);
    expect(d.se).toBeCloseTo(0.05, 12);
    expect(d.z).toBeCloseTo(2, 12);
    expect(d.p).toBeCloseTo(0.0455003, 6); // 2·(1 − Φ(2))
    expect(d.low).toBeCloseTo(0.1 - 1.959963984540054 * 0.05, 12);
    expect(d.high).toBeCloseTo(0.1 + 1.959963984540054 * 0.05, 12);
  });

  it('handles a zero se without dividing by it, and NaN without inventing an answer', () => {
    expect(differenceTest({ estimate: 1, se: 0 }, { estimate: 1, se: 0 })).toMatchObject({ z: 0, p: 1 });
    expect(differenceTest({ estimate: 2, se: 0 }, { estimate: 1, se: 0 })).toMatchObject({ z: Infinity, p: 0 });
    expect(differenceTest({ estimate: 2, se: Number.NaN }, { estimate: 1, se: 0.1 }).p).toBeNaN();
  });
});

describe('proportionDifference', () => {
  // Newcombe (1998), Statistics in Medicine 17:873–890, table II, method 10 (the hybrid score interval).
  // Example (a) as quoted in the brief; (b)–(h) from the same table as recalled, each also equal to
  // what Newcombe's formula gives from the Wilson intervals.
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [6, 7, 2, 7, 0.0582, 0.8062],
    [5, 56, 0, 29, -0.0381, 0.1926],
    [0, 10, 0, 20, -0.1611, 0.2775],
    [0, 10, 0, 10, -0.2775, 0.2775],
    [10, 10, 0, 20, 0.6791, 1],
    [10, 10, 0, 10, 0.6075, 1],
  ])('%i/%i − %i/%i → %f to %f', (a, m, b, n, low, high) => {
    const d = proportionDifference({ successes: a, n: m }, { successes: b, n })!;
    expect(d.difference).toBeCloseTo(a / m - b / n, 12);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
  });

  it('tests with the pooled z, which is the 2×2 χ² without continuity correction', () => {
    // scipy.stats.chi2_contingency([[56, 14], [48, 32]], correction=False): χ² 7.02341, p 0.0080451.
    const d = proportionDifference({ successes: 56, n: 70 }, { successes: 48, n: 80 })!;
    expect(d.z ** 2).toBeCloseTo(7.02341, 5);
    expect(d.p).toBeCloseTo(0.0080451, 7);
    // Unpooled (Wald) se, for display: √(0.8·0.2/70 + 0.6·0.4/80).
    expect(d.se).toBeCloseTo(0.0727029, 7);
  });

  it('builds the interval from the two Wilson intervals', () => {
    const a = wilsonInterval(12.5, 31.2)!;
    const b = wilsonInterval(4.2, 18.7)!;
    const d = proportionDifference({ successes: 12.5, n: 31.2 }, { successes: 4.2, n: 18.7 })!;
    expect(d.low).toBeCloseTo(a.p - b.p - Math.hypot(a.p - a.low, b.high - b.p), 12);
    expect(d.high).toBeCloseTo(a.p - b.p + Math.hypot(a.high - a.p, b.p - b.low), 12);
  });

  it('says no difference when nothing (or everything) is a success, and null for impossible input', () => {
    expect(proportionDifference({ successes: 0, n: 10 }, { successes: 0, n: 20 })).toMatchObject({ z: 0, p: 1 });
    expect(proportionDifference({ successes: 5, n: 0 }, { successes: 1, n: 2 })).toBeNull();
    expect(proportionDifference({ successes: 5, n: 4 }, { successes: 1, n: 2 })).toBeNull();
  });
});

describe('holmAdjust', () => {
  it('matches R’s p.adjust(…, "holm")', () => {
    // R: p.adjust(c(0.01, 0.02, 0.03, 0.04, 0.05), "holm") → 0.05 0.08 0.09 0.09 0.09
    const adjusted = holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]);
    [0.05, 0.08, 0.09, 0.09, 0.09].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
  });

  it('keeps the input order, stays monotone in the sorted order and caps at 1', () => {
    // Sorted: 0.001·4 = 0.004, 0.02·3 = 0.06, 0.04·2 = 0.08, 0.6·1 = 0.6.
    const adjusted = holmAdjust([0.04, 0.6, 0.001, 0.02]);
    [0.08, 0.6, 0.004, 0.06].forEach((expected, i) => expect(adjusted[i]).toBeCloseTo(expected, 12));
    // Sorted: 0.01·3 = 0.03, 0.015·2 = 0.03, 0.02·1 = 0.02, which is raised to 0.03 to stay monotone.
    const stepped = holmAdjust([0.01, 0.02, 0.015]);
    stepped.forEach((value) => expect(value).toBeCloseTo(0.03, 12));
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1]);
  });

  it('leaves NaN out of the count and the empty list empty', () => {
    const adjusted = holmAdjust([0.01, Number.NaN, 0.02]);
    expect(adjusted[0]).toBeCloseTo(0.02, 12);
    expect(adjusted[1]).toBeNaN();
    expect(adjusted[2]).toBeCloseTo(0.02, 12);
    expect(holmAdjust([])).toEqual([]);
  });
});

describe('weightedProportion', () => {
  it('is the Wilson interval on Kish’s effective n', () => {
    const result = weightedProportion(30, 100, 64)!;
    const wilson = wilsonInterval(0.3 * 64, 64)!;
    expect(result).toMatchObject({ p: 0.3, n: 64 });
    expect(result.successes).toBeCloseTo(19.2, 12);
    expect(result.low).toBeCloseTo(wilson.low, 12);
    expect(result.high).toBeCloseTo(wilson.high, 12);
    expect(result.se).toBeCloseTo(Math.sqrt((0.3 * 0.7) / 64), 12);
  });

  it('is the plain Wilson interval for unweighted counts, with or without Σw² of the successes', () => {
    const plain = wilsonInterval(81, 263)!;
    expect(weightedProportion(81, 263, 263)).toMatchObject({ p: plain.p, low: plain.low, high: plain.high, n: 263 });
    const withSquares = weightedProportion(81, 263, 263, 81)!;
    expect(withSquares.n).toBeCloseTo(263, 9);
    expect(withSquares.low).toBeCloseTo(plain.low, 9);
  });

  it('shrinks the effective n when the heavily weighted units are the successes', () => {
    // 10 successes at weight 4, 90 failures at weight 1: Σw = 130, Σw² = 250, Kish n = 67.6.
    const kish = (130 * 130) / 250;
    const result = weightedProportion(40, 130, kish, 160)!;
    const p = 40 / 130;
    const design = (p * (1 - p)) / ((160 * (1 - p) ** 2 + 90 * p * p) / (130 * 130));
    expect(design).toBeLessThan(kish);
    expect(result.n).toBeCloseTo(design, 9);
    // …and keeps Kish's when the design-based size would be larger.
    expect(weightedProportion(10, 130, kish, 10)!.n).toBeCloseTo(kish, 9);
  });

  it('is null for impossible input', () => {
    expect(weightedProportion(1, 0, 1)).toBeNull();
    expect(weightedProportion(1, 2, 0)).toBeNull();
    expect(weightedProportion(3, 2, 2)).toBeNull();
    expect(weightedProportion(-1, 2, 2)).toBeNull();
  });
});

describe('enoughForVerdict', () => {
  it('wants MIN_PER_CLASS of each class', () => {
    expect(MIN_PER_CLASS).toBe(10);
    expect(enoughForVerdict(1, 7)).toEqual({ enough: false, morePositives: 9, moreNegatives: 3 });
    expect(enoughForVerdict(10, 10)).toEqual({ enough: true, morePositives: 0, moreNegatives: 0 });
    expect(enoughForVerdict(10, 500)).toEqual({ enough: true, morePositives: 0, moreNegatives: 0 });
    expect(enoughForVerdict(500, 9)).toEqual({ enough: false, morePositives: 0, moreNegatives: 1 });
  });

  it('says no with 8 answers and 1 converter', () => {
    expect(enoughForVerdict(1, 8 - 1).enough).toBe(false);
  });

  it('rounds fractional (effective) counts up to whole units still needed', () => {
    expect(enoughForVerdict(8.4, 12.5)).toEqual({ enough: false, morePositives: 2, moreNegatives: 0 });
    expect(enoughForVerdict(0, Number.NaN)).toEqual({ enough: false, morePositives: 10, moreNegatives: 10 });
  });
});

describe('toScoreCells and scoreLevels', () => {
  it('groups units by score and outcome with Σw and Σw²', () => {
    const cells = toScoreCells([
      { score: 4, positive: true },
      { score: 4, positive: true, weight: 4 },
      { score: 2, positive: false, weight: 2 },
      { score: Number.NaN, positive: false },
      { score: 3, positive: false, weight: 0 },
    ]);
    expect(cells).toEqual([
      { score: 2, positive: false, n: 1, weight: 2, weight2: 4 },
      { score: 4, positive: true, n: 2, weight: 5, weight2: 17 },
    ]);
    expect(scoreLevels(cells)).toEqual([
      { score: 2, positives: 0, negatives: 1, positiveWeight: 0, negativeWeight: 2, positiveWeight2: 0, negativeWeight2: 4 },
      { score: 4, positives: 2, negatives: 0, positiveWeight: 5, negativeWeight: 0, positiveWeight2: 17, negativeWeight2: 0 },
    ]);
  });
});
