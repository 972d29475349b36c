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
  const sums = emptySums();
  values.forEach((x, i) => addToSums(sums, x, weights ? weights[i]! : 1));
  const result = meanFromSums(sums);
  if (!result) return null;
  const { se: _se, ...mean } = result;
  return mean;
}

/**
 * Running sums of weighted observations: all a weighted mean and its interval need, so a report can add
 * observations one at a time, and take a group's sums away from the total to get "everyone else".
 */
export interface WeightedSums {
  n: number;
  /** Σw */
  w: number;
  /** Σw² */
  w2: number;
  /** Σwx */
  wx: number;
  /** Σw²x */
  w2x: number;
  /** Σw²x² */
  w2x2: number;
}

/** Sums of nothing. */
export const emptySums = (): WeightedSums => ({ n: 0, w: 0, w2: 0, wx: 0, w2x: 0, w2x2: 0 });

/** Adds one observation `x` of weight `w` (skipped unless both are finite and w > 0). */
export function addToSums(sums: WeightedSums, x: number, w: number): void {
  if (!Number.isFinite(x) || !(w > 0) || !Number.isFinite(w)) return;
  sums.n++;
  sums.w += w;
  sums.w2 += w * w;
  sums.wx += w * x;
  sums.w2x += w * w * x;
  sums.w2x2 += w * w * x * x;
}

/** `a − b`, for the observations of a total that are not in one of its groups. */
export function subtractSums(a: WeightedSums, b: WeightedSums): WeightedSums {
  return { n: a.n - b.n, w: a.w - b.w, w2: a.w2 - b.w2, wx: a.wx - b.wx, w2x: a.w2x - b.w2x, w2x2: a.w2x2 - b.w2x2 };
}

/** A weighted mean with its standard error. */
export interface WeightedMeanWithSe extends WeightedMean {
  /** Standard error of the mean; null with fewer than two observations. */
  se: number | null;
}

/**
 * `weightedMean` from running sums: the same estimate and interval, with Σwᵢ²(xᵢ − x̄)² expanded as
 * Σw²x² − 2x̄Σw²x + x̄²Σw².
 *
 * ```ts
 * const sums = emptySums();
 * for (const x of [1, 2, 3, 4, 5]) addToSums(sums, x, 1);
 * meanFromSums(sums); // { mean: 3, low: 1.037, high: 4.963, se: 0.707, … }
 * ```
 */
export function meanFromSums(sums: WeightedSums): WeightedMeanWithSe | null {
  if (sums.n <= 0 || !(sums.w > 0)) return null;
  const mean = sums.wx / sums.w;
  const base = { mean, n: sums.n, weight: sums.w, effectiveN: (sums.w * sums.w) / sums.w2 };
  if (sums.n < 2) return { ...base, low: null, high: null, se: null };
  const squares = Math.max(0, sums.w2x2 - 2 * mean * sums.w2x + mean * mean * sums.w2);
  const se = Math.sqrt((sums.n / (sums.n - 1)) * squares) / sums.w;
  const half = studentT975(sums.n - 1) * se;
  return { ...base, low: mean - half, high: mean + half, se };
}
