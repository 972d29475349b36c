/** A proportion with its 95% interval. */
export interface Proportion {
  /** successes / n. */
  p: number;
  low: number;
  high: number;
  /** Successes, possibly fractional when the proportion is weighted. */
  successes: number;
  /** Trials: a count, or an effective sample size when weighted. */
  n: number;
}

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959963984540054;

/**
 * The Wilson score interval of a proportion (Wilson 1927), or null when there are no trials.
 *
 * Unlike the textbook `p ± z·√(p(1−p)/n)`, it stays inside [0, 1] and does not collapse to a zero-width
 * interval at 0 or n successes, so it stays honest for the small samples a report filtered down to one
 * page type or one score shows. `n` may be fractional (an effective sample size of weighted data).
 *
 * ```ts
 * wilsonInterval(8, 10); // { p: 0.8, low: 0.49, high: 0.943, successes: 8, n: 10 }
 * ```
 */
export function wilsonInterval(successes: number, n: number, z: number = Z_95): Proportion | null {
  if (!(n > 0) || !(successes >= 0) || successes > n) return null;
  const p = successes / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Rounding can leave -1e-17 or 1.0000000000000002 at the ends.
  return { p, low: Math.max(0, centre - half), high: Math.min(1, centre + half), successes, n };
}
