import { describe, expect, it } from 'vitest';
import { formatMean, formatPercent, formatProportion } from '../../../src/collector/report/formatStats';

describe('formatStats', () => {
  it('writes percentages, proportions and means with their intervals', () => {
    expect(formatPercent(0.384)).toBe('38%');
    expect(formatPercent(0.035)).toBe('3.5%');
    expect(formatPercent(0)).toBe('0%');
    expect(formatProportion({ p: 0.5, low: 0.25, high: 0.75, successes: 2, n: 4 })).toBe('50% (25%–75%)');
    expect(formatProportion(null)).toBe('–');
    expect(formatMean({ mean: 3.2, low: 2.91, high: 3.5, n: 10, weight: 10, effectiveN: 10 })).toBe('3.2 (2.91–3.5)');
    expect(formatMean({ mean: 4, low: null, high: null, n: 1, weight: 1, effectiveN: 1 })).toBe('4');
    expect(formatMean({ mean: 41.26, low: 30, high: 52.5, n: 9, weight: 9, effectiveN: 9 })).toBe('41.3 (30–52.5)');
  });
});
