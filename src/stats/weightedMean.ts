import { studentT975 } from './studentT975';

/** A sample-weighted mean with its 95% interval. */
export interface WeightedMean {
  mean: number;
  /** The interval's ends; null with fewer than two observations or zero variance information. */
  low: number | null;
  high: number | null;
  /** Observations. */
  n: number;
  /** Sum of the weights: the population the sample stands for. */
  weight: number;
  /** Kish's effective sample size, (Σw)² / Σw²: how many equally weighted observations this is worth. */
  effectiveN: number;
}

/**
 * The weighted mean of `values`, each counted `weights[i]` times (for survey data, 1 / sampleRate), with
 * a 95% interval. Observations with a weight that is not a positive finite number are left out.
 *
 * The standard error is the linearisation estimate used for weighted survey means,
 * √(n/(n−1) · Σ wᵢ²(xᵢ − x̄)²) / Σw, which reduces to s/√n when all weights are equal, and the
 * multiplier is Student's t with n − 1 degrees of freedom, so small groups get wide intervals.
 * Null when nothing is left.
 *
 * ```ts
 * weightedMean([1, 2, 3, 4, 5], [1, 1, 1, 1, 1]); // { mean: 3, low: 1.037, high: 4.963, n: 5, weight: 5, effectiveN: 5 }
 * ```
 */
export function weightedMean(values: readonly number[], weights?: readonly number[]): WeightedMean | null {
  let n = 0;
  let sumW = 0;
  let sumW2 = 0;
  let sumWX = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const w = weights ? weights[i]! : 1;
    if (!Number.isFinite(x) || !(w > 0) || !Number.isFinite(w)) continue;
    n++;
    sumW += w;
    sumW2 += w * w;
    sumWX += w * x;
  }
  if (n === 0) return null;
  const mean = sumWX / sumW;
  const base = { mean, n, weight: sumW, effectiveN: (sumW * sumW) / sumW2 };
  if (n < 2) return { ...base, low: null, high: null };
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    const w = weights ? weights[i]! : 1;
    if (!Number.isFinite(x) || !(w > 0) || !Number.isFinite(w)) continue;
    sum += w * w * (x - mean) * (x - mean);
  }
  const se = Math.sqrt((n / (n - 1)) * sum) / sumW;
  const half = studentT975(n - 1) * se;
  return { ...base, low: mean - half, high: mean + half };
}
