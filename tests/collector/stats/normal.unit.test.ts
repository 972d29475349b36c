import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalUpperTail, twoSidedP } from '../../../src/collector/stats/normal';

/** Relative difference, the measure of accuracy for tail probabilities. */
const relative = (value: number, expected: number) => Math.abs(value - expected) / Math.abs(expected);

describe('normalCdf', () => {
  // Abramowitz & Stegun (1964), Handbook of Mathematical Functions, table 26.1, P(x) to 15 decimals.
  it.each([
    [0.5, 0.691462461274013],
    [1, 0.841344746068543],
    [2, 0.977249868051821],
    [3, 0.99865010196837],
    [5, 0.999999713348428],
  ])('Φ(%f) = %f as tabulated', (x, expected) => {
    expect(normalCdf(x)).toBeCloseTo(expected, 15);
    expect(normalCdf(-x)).toBeCloseTo(1 - expected, 15);
  });

  it('is ½ at 0, monotone, and 0 or 1 at the infinities', () => {
    expect(normalCdf(0)).toBe(0.5);
    let previous = 0;
    for (let x = -9; x <= 9; x += 0.01) {
      const value = normalCdf(x);
      expect(value).toBeGreaterThanOrEqual(previous);
      previous = value;
    }
    expect(normalCdf(-Infinity)).toBe(0);
    expect(normalCdf(Infinity)).toBe(1);
    expect(normalCdf(Number.NaN)).toBeNaN();
  });
});

describe('normalUpperTail and twoSidedP', () => {
  // 1 − Φ(x) far out, where 1 minus a table value has no digits left: 30-digit values of erfc(x/√2)/2
  // (mpmath), which agree with A&S table 26.1's P(5) = 0.999999713348428 to the table's 15 decimals.
  it.each([
    [2, 0.022750131948179207],
    [2.5, 0.0062096653257761352],
    [4, 3.1671241833119921e-5],
    [5, 2.8665157187919391e-7],
    [6, 9.8658764503769814e-10],
    [8, 6.2209605742717841e-16],
    [10, 7.6198530241605261e-24],
  ])('Q(%f) = %e to 1e-13 relative', (x, expected) => {
    expect(relative(normalUpperTail(x), expected)).toBeLessThan(1e-13);
    expect(relative(normalCdf(-x), expected)).toBeLessThan(1e-13);
    expect(relative(twoSidedP(x), 2 * expected)).toBeLessThan(1e-13);
    expect(relative(twoSidedP(-x), 2 * expected)).toBeLessThan(1e-13);
  });

  it('gives the familiar two-sided p-values', () => {
    expect(twoSidedP(1.959963984540054)).toBeCloseTo(0.05, 14);
    expect(twoSidedP(2.5758293035489)).toBeCloseTo(0.01, 14);
    expect(twoSidedP(0)).toBe(1);
    expect(twoSidedP(Infinity)).toBe(0);
    expect(twoSidedP(Number.NaN)).toBeNaN();
  });

  it('joins its two expansions smoothly at 2', () => {
    const below = normalUpperTail(2 - 1e-12);
    const above = normalUpperTail(2);
    expect(relative(below, above)).toBeLessThan(1e-11);
  });
});

describe('normalQuantile', () => {
  // The usual percentage points (1.644854, 1.959964, 2.326348, 2.575829, 3.090232, 3.290527), here to
  // 16 digits from mpmath's √2·erfinv(2p − 1).
  it.each([
    [0.9, 1.2815515655446005],
    [0.95, 1.6448536269514727],
    [0.975, 1.9599639845400542],
    [0.99, 2.3263478740408411],
    [0.995, 2.5758293035489008],
    [0.999, 3.0902323061678135],
    [0.9995, 3.2905267314918948],
  ])('Φ⁻¹(%f) = %f', (p, expected) => {
    expect(relative(normalQuantile(p), expected)).toBeLessThan(1e-14);
    expect(relative(normalQuantile(1 - p), -expected)).toBeLessThan(1e-13);
  });

  it('inverts normalCdf across the range, tails included', () => {
    for (const p of [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.001, 0.02, 0.02425, 0.03, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99]) {
      const x = normalQuantile(p);
      // Far out, one rounding of x moves Φ(x) by about |x|·ulp(x) relative: that, not the method, is the limit.
      expect(relative(normalCdf(x), p)).toBeLessThan(1e-14 * (1 + x * x));
    }
  });

  it('is ±Infinity at 0 and 1 and NaN outside', () => {
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0)).toBe(-Infinity);
    expect(normalQuantile(1)).toBe(Infinity);
    expect(normalQuantile(-0.1)).toBeNaN();
    expect(normalQuantile(1.1)).toBeNaN();
    expect(normalQuantile(Number.NaN)).toBeNaN();
  });
});
