import { describe, expect, it } from 'vitest';
import { studentT975 } from '../../../src/collector/stats/studentT975';
import { weightedMean } from '../../../src/collector/stats/weightedMean';
import { wilsonInterval } from '../../../src/collector/stats/wilsonInterval';

describe('wilsonInterval', () => {
  // Newcombe (1998), "Two-sided confidence intervals for the single proportion", table I, method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i → [%f, %f] as published', (successes, n, low, high) => {
    const interval = wilsonInterval(successes, n)!;
    expect(interval.p).toBeCloseTo(successes / n, 12);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
  });

  it('stays inside [0, 1] and is not zero-width at the ends', () => {
    expect(wilsonInterval(1, 1)).toMatchObject({ p: 1, high: 1 });
    expect(wilsonInterval(1, 1)!.low).toBeCloseTo(0.2065, 4);
    expect(wilsonInterval(0, 1)).toMatchObject({ p: 0, low: 0 });
  });

  it('accepts a fractional effective sample size', () => {
    const half = wilsonInterval(2.5, 5)!;
    expect(half.p).toBe(0.5);
    expect(half.low).toBeCloseTo(1 - half.high, 12);
  });

  it('answers null for no trials or impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(wilsonInterval(3, 2)).toBeNull();
    expect(wilsonInterval(-1, 2)).toBeNull();
    expect(wilsonInterval(Number.NaN, 2)).toBeNull();
  });
});

describe('studentT975', () => {
  it('matches the tables', () => {
    expect(studentT975(1)).toBe(12.706);
    expect(studentT975(4)).toBe(2.776);
    expect(studentT975(30)).toBe(2.042);
    expect(studentT975(40)).toBeCloseTo(2.021, 3);
    expect(studentT975(60)).toBeCloseTo(2.0, 3);
    expect(studentT975(120)).toBeCloseTo(1.98, 3);
    expect(studentT975(1e9)).toBeCloseTo(1.96, 3);
  });

  it('is NaN below one degree of freedom', () => {
    expect(studentT975(0)).toBeNaN();
  });
});

describe('weightedMean', () => {
  it('gives the t interval of an unweighted sample', () => {
    const result = weightedMean([1, 2, 3, 4, 5])!;
    expect(result).toMatchObject({ mean: 3, n: 5, weight: 5, effectiveN: 5 });
    // s = 1.5811, se = 0.7071, t(4) = 2.776
    expect(result.low).toBeCloseTo(3 - 2.776 * Math.sqrt(0.5), 10);
    expect(result.high).toBeCloseTo(3 + 2.776 * Math.sqrt(0.5), 10);
  });

  it('counts each observation by its weight (1 / sampleRate)', () => {
    const result = weightedMean([1, 5], [1, 3])!;
    expect(result.mean).toBe(4);
    expect(result.weight).toBe(4);
    expect(result.effectiveN).toBeCloseTo(1.6, 12);
    // √(2/1 · (1·9 + 9·1)) / 4 = 1.5; t(1) = 12.706
    expect(result.high! - result.mean).toBeCloseTo(12.706 * 1.5, 10);
  });

  it('is unchanged by scaling every weight', () => {
    const values = [2, 4, 4, 5, 1, 3];
    const plain = weightedMean(values)!;
    const scaled = weightedMean(values, values.map(() => 5))!;
    expect(scaled.mean).toBeCloseTo(plain.mean, 12);
    expect(scaled.low!).toBeCloseTo(plain.low!, 12);
    expect(scaled.effectiveN).toBeCloseTo(6, 12);
  });

  it('has no interval for one observation and nothing for none', () => {
    expect(weightedMean([4])).toEqual({ mean: 4, low: null, high: null, n: 1, weight: 1, effectiveN: 1 });
    expect(weightedMean([])).toBeNull();
    expect(weightedMean([3], [0])).toBeNull();
  });

  it('leaves out non-finite values and unusable weights', () => {
    expect(weightedMean([1, Number.NaN, 3, 100], [1, 1, 1, Number.POSITIVE_INFINITY])).toMatchObject({ mean: 2, n: 2 });
  });

  it('gives a zero-width interval when every value is equal', () => {
    expect(weightedMean([3, 3, 3])).toMatchObject({ mean: 3, low: 3, high: 3 });
  });
});

