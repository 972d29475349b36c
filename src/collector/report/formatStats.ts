/**
 * How the report writes its numbers: percentages and means with their 95% intervals, and a dash
 * where there is nothing to show. Plain text: the caller escapes.
 */
import type { WeightedMean } from '../../stats/weightedMean';
import type { Proportion } from '../../stats/wilsonInterval';

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
