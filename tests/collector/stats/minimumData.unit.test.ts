/**
 * The simulation behind MIN_PER_CLASS (its JSDoc has the full grid, from 10,000 sets per cell): at the
 * minimum, delongAuc's interval covers and its test holds its size with no effect; one step below (5 per
 * class) it still does, but the verdict would be too weak to mean anything. 4,000 seeded sets per case
 * of positives and negatives at fixed counts, balanced ("k/k") or at 30% prevalence ("k/⌈7k/3⌉").
 */
import { describe, expect, it } from 'vitest';
import { delongAuc } from '../../../src/collector/stats/delongAuc';
import { MIN_PER_CLASS } from '../../../src/collector/stats/minimumData';
import { toScoreCells } from '../../../src/collector/stats/scoreCells';
import { draw, seeded } from '../../fixtures/simulate';



const SCORES = [0.1, 0.15, 0.25, 0.3, 0.2];
const BUYERS = [0.03, 0.07, 0.2, 0.35, 0.35];
const OTHERS = [0.15, 0.2, 0.3, 0.25, 0.1];
const TRUE_AUC = 0.7235;

function simulate(seed: number, positives: number, negatives: number, buyers: readonly number[], others: readonly number[], truth: number, sets = 4000) {
  const random = seeded(seed);
  let covered = 0;
  let rejected = 0;
  let width = 0;
  for (let k = 0; k < sets; k++) {
    const units = [
      ...Array.from({ length: positives }, () => ({ score: draw(random, buyers), positive: true })),
      ...Array.from({ length: negatives }, () => ({ score: draw(random, others), positive: false })),
    ];
    const result = delongAuc(toScoreCells(units))!;
    if (result.low <= truth && truth <= result.high) covered++;
    if (result.p < 0.05) rejected++;
    width += result.high - result.low;
  }
  return { coverage: covered / sets, rejected: rejected / sets, width: width / sets };
}

const designs = (k: number) => [
  [k, k],
  [k, Math.ceil((k * 7) / 3)],
];

describe('MIN_PER_CLASS', () => {
  it('gives an interval that covers and a test that holds its size with no effect', () => {
    designs(MIN_PER_CLASS).forEach(([m, n], i) => {
      const run = simulate(41 + i, m!, n!, SCORES, SCORES, 0.5);
      // These runs: 10/10 coverage 0.968, size 0.032; 10/24 coverage 0.955, size 0.045.
      expect(run.coverage).toBeGreaterThanOrEqual(0.94);
      expect(run.rejected).toBeLessThanOrEqual(0.055);
    });
  });

  it('gives an interval that covers a moderate effect and detects it at least a third of the time', () => {
    designs(MIN_PER_CLASS).forEach(([m, n], i) => {
      const run = simulate(43 + i, m!, n!, BUYERS, OTHERS, TRUE_AUC);
      // These runs: 10/10 coverage 0.953, detected 0.37; 10/24 coverage 0.946, detected 0.56.
      expect(run.coverage).toBeGreaterThanOrEqual(0.94);
      expect(run.rejected).toBeGreaterThan(0.35);
    });
  });

  it('is above 5 per class, where the interval is valid but too wide for a verdict to mean much', () => {
    expect(MIN_PER_CLASS).toBeGreaterThan(5);
    designs(5).forEach(([m, n], i) => {
      const none = simulate(45 + i, m!, n!, SCORES, SCORES, 0.5);
      const some = simulate(47 + i, m!, n!, BUYERS, OTHERS, TRUE_AUC);
      // These runs: 5/5 coverage 0.965, size 0.035, width 0.63, detected 0.19; 5/12 coverage 0.952,
      // size 0.048, width 0.53, detected 0.30.
      expect(none.coverage).toBeGreaterThanOrEqual(0.94);
      expect(none.rejected).toBeLessThanOrEqual(0.055);
      expect(none.width).toBeGreaterThan(0.5);
      expect(some.rejected).toBeLessThan(0.35);
    });
  });
});
