import { twoSidedP } from './normal';
import { wilsonInterval, Z_95 } from './wilsonInterval';

/** A difference a − b between two independent estimates, with its 95% interval and z-test of no difference. */
export interface Difference {
  difference: number;
  se: number;
  low: number;
  high: number;
  z: number;
  /** Two-sided p of H0: no difference. */
  p: number;
}

/**
 * The difference a − b between two estimates from independent samples (say two page types, or two
 * periods), with se = √(se_a² + se_b²), the 95% interval difference ± 1.96·se and the two-sided z-test
 * of no difference. Independence matters: two estimates from the same visitors are correlated and this
 * would misstate the uncertainty. A zero se gives z = 0 (no difference) or ±Infinity; a se that is not a
 * number gives NaN fields rather than a made-up answer.
 *
 * ```ts
 * differenceTest({ estimate: 0.7, se: 0.03 }, { estimate: 0.6, se: 0.04 });
 * // { difference: 0.1, se: 0.05, low: 0.002, high: 0.198, z: 2, p: 0.0455 }
 * ```
 */
export function differenceTest(a: { estimate: number; se: number }, b: { estimate: number; se: number }): Difference {
  const difference = a.estimate - b.estimate;
  const se = Math.sqrt(a.se * a.se + b.se * b.se);
  const z = se > 0 ? difference / se : se === 0 ? (difference === 0 ? 0 : Math.sign(difference) * Infinity) : NaN;
  return { difference, se, low: difference - Z_95 * se, high: difference + Z_95 * se, z, p: twoSidedP(z) };
}

/**
 * The difference p_a − p_b between two independent proportions, as `{ successes, n }` each. For weighted
 * data pass the weighted share times the effective sample size as `successes` and the effective sample
 * size (Kish's, see weightedProportion) as `n`; both may be fractional.
 *
 * - The interval is Newcombe's hybrid score interval (his method 10, 1998): it combines the two Wilson
 *   intervals, so unlike p_a − p_b ± 1.96·se it stays inside [−1, 1], is not zero-width at 0 or n
 *   successes, and keeps close to 95% coverage in small samples, where the plain Wald interval does not.
 * - `se` is the unpooled (Wald) standard error √(p_a(1−p_a)/n_a + p_b(1−p_b)/n_b), for display only.
 * - `z` and `p` are the pooled two-proportion z-test (the χ² test of a 2×2 table without continuity
 *   correction), whose size holds better than the unpooled one when there is no difference.
 *
 * Null when either n is not positive or successes are outside [0, n].
 *
 * ```ts
 * proportionDifference({ successes: 56, n: 70 }, { successes: 48, n: 80 });
 * // { difference: 0.2, se: 0.0727, low: 0.0524, high: 0.3339, z: 2.65, p: 0.0080 }
 * ```
 */
export function proportionDifference(a: { successes: number; n: number }, b: { successes: number; n: number }): Difference | null {
  const wa = wilsonInterval(a.successes, a.n);
  const wb = wilsonInterval(b.successes, b.n);
  if (!wa || !wb) return null;
  const difference = wa.p - wb.p;
  const low = difference - Math.sqrt((wa.p - wa.low) ** 2 + (wb.high - wb.p) ** 2);
  const high = difference + Math.sqrt((wa.high - wa.p) ** 2 + (wb.p - wb.low) ** 2);
  const se = Math.sqrt((wa.p * (1 - wa.p)) / a.n + (wb.p * (1 - wb.p)) / b.n);
  const pooled = (a.successes + b.successes) / (a.n + b.n);
  const pooledSe = Math.sqrt(pooled * (1 - pooled) * (1 / a.n + 1 / b.n));
  // Everything a success (or nothing): no evidence of a difference, and no variance to divide by.
  const z = pooledSe > 0 ? difference / pooledSe : 0;
  return { difference, se, low: Math.max(-1, low), high: Math.min(1, high), z, p: twoSidedP(z) };
}
