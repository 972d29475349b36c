/**
 * How the report writes its numbers: percentages and means with their 95% intervals, and a dash
 * where there is nothing to show. Plain text: the caller escapes.
 */
import type { WeightedMean } from '../stats/weightedMean';
import type { Proportion } from '../stats/wilsonInterval';

/** En dash used for "no value". */
export const NONE = '–';

/** `0.384` → `38%`; one decimal below 10%, so 0.4% and 3.5% stay distinct from 0% and 4%. */
export function formatPercent(p: number): string {
  const percent = p * 100;
  return `${percent > 0 && percent < 10 ? percent.toFixed(1) : Math.round(percent)}%`;
}

/** `38% (31–45%)`, or a dash. */
export function formatProportion(value: Proportion | null): string {
  if (!value) return NONE;
  return `${formatPercent(value.p)} (${formatPercent(value.low)}–${formatPercent(value.high)})`;
}

/** A number with two significant decimals at most: 3.2, 41, 0.35. */
export function formatNumber(n: number): string {
  const abs = Math.abs(n);
  return abs >= 100 ? String(Math.round(n)) : abs >= 10 ? n.toFixed(1).replace(/\.0$/, '') : n.toFixed(2).replace(/0$/, '').replace(/\.0$/, '');
}

/** `3.2 (2.9–3.5)`; `4` alone for one answer (no interval); a dash for none. */
export function formatMean(value: WeightedMean | null): string {
  if (!value) return NONE;
  if (value.low === null || value.high === null) return formatNumber(value.mean);
  return `${formatNumber(value.mean)} (${formatNumber(value.low)}–${formatNumber(value.high)})`;
}

/** `1,234`. */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** `0.68 (0.61–0.74)`, or a dash. */
export function formatAuc(value: { auc: number; low: number; high: number } | null): string {
  return value ? `${value.auc.toFixed(2)} (${value.low.toFixed(2)}–${value.high.toFixed(2)})` : NONE;
}

/** `p < 0.001` or `p = 0.034`. */
export function formatP(p: number): string {
  return p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`;
}

/**
 * A difference with its Holm-adjusted p: `+12 pts, p = 0.004` for shares (`percent`), `+0.31, p = 0.2` for
 * means and AUCs; a dash when it could not be tested.
 */
export function formatDifference(d: { difference: number; pAdjusted: number } | null, percent: boolean): string {
  if (!d) return NONE;
  const value = percent ? `${(d.difference * 100).toFixed(Math.abs(d.difference) < 0.1 ? 1 : 0)} pts` : d.difference.toFixed(2);
  return `${d.difference > 0 ? '+' : d.difference < 0 ? '' : '±'}${value}, ${formatP(d.pAdjusted)}`;
}
