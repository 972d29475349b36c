import { differenceTest, type Difference } from './compareEstimates';
import { twoSidedP } from './normal';
import { scoreLevels, type ClusteredCells, type ScoreCell } from './scoreCells';
import { studentT975 } from './studentT975';
import { studentTwoSidedP } from './studentTwoSidedP';
import { wilsonInterval, Z_95 } from './wilsonInterval';

/** How well a score separates positives from negatives, with its uncertainty. */
export interface AucEstimate {
  /** P(score of a random positive > score of a random negative) + ½·P(tie), weighted. 0.5 is chance. */
  auc: number;
  /** Standard error of auc (DeLong, weighted). */
  se: number;
  /** 95% interval, inside [0, 1]. */
  low: number;
  high: number;
  /** two-sided p of H0: AUC = 0.5 */
  p: number;
  /** Units. */
  positives: number;
  negatives: number;
  /** Kish's effective sizes (Σw)²/Σw² of each class; equal to the counts when unweighted. */
  effectivePositives: number;
  effectiveNegatives: number;
}

const logit = (x: number): number => Math.log(x / (1 - x));
const expit = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The (weighted) area under the ROC curve of the score predicting the outcome, from cells, with a
 * standard error, a 95% interval and the p-value of "no better than chance". Null without at least one
 * positive and one negative unit.
 *
 * **Estimate.** AUC = Σᵢⱼ wᵢwⱼ·ψ(sᵢ, sⱼ) / (Σwᵢ·Σwⱼ) over positives i and negatives j, with ψ = 1 when
 * the positive scores higher, ½ on a tie, 0 otherwise: the Mann–Whitney statistic, each pair counted by
 * the product of its sampling weights. One pass over the distinct scores (sorted, so O(k log k) for k
 * cells) gives every placement value.
 *
 * **Standard error: DeLong, DeLong & Clarke-Pearson (1988).** The placement value of a positive is the
 * weighted share of negatives it beats (ties ½), V₁₀(s) = (W₀(< s) + W₀(s)/2) / W₀, and that of a negative
 * the share of positives above it, V₀₁; all units of one score share one value, which is what makes
 * cells enough. Var(AUC) = var₁₀ + var₀₁, each class's term being the larger of two estimates of the
 * variance of its weighted mean placement:
 * - Kish: the weighted variance of the placements Σw(V − AUC)²/Σw, divided by n_eff − 1 with Kish's
 *   effective size n_eff = (Σw)²/Σw²;
 * - linearisation (the survey-sampling estimator of a ratio mean): n/(n − 1) · Σw²(V − AUC)² / (Σw)².
 * With all weights equal both are exactly DeLong's S₁₀/m (and S₀₁/n). They differ when the weights go
 * with the score: Kish's then understates the variance (in a simulation with two sampling rates, 1 and
 * 0.25, and score distributions differing by rate, Kish's se was 5% short of the true spread at n = 1,000
 * while the linearisation was right), and the linearisation is the noisier in small samples; the larger
 * of the two kept coverage near 95% (4,000-set runs) where either alone gave 92.6–94.9%.
 *
 * **Interval: on the logit scale, with z.** logit(AUC) ± 1.96·se/(AUC(1 − AUC)), mapped back. A symmetric
 * AUC ± 1.96·se interval under-covers with few units per class and a 5-point scale (88–94% with 5 to 20
 * units per class, 90% at n = 30 with a true AUC of 0.72; Hanley & McNeil's variance does worse),
 * because the estimate is skewed towards the nearer end of [0, 1] and its se shrinks exactly when it is
 * pushed there. The logit interval stretches on the far side and stays inside (0, 1). A Student t
 * multiplier with Welch–Satterthwaite degrees of freedom (as in Brunner & Munzel's test) was also tried:
 * on top of the logit it was conservative under no effect (96–98% coverage, size 2–3.6% with 10 to 30
 * per class) for a small gain only with a strong effect, so z it is. Coverage in 20,000 simulated data
 * sets per case (tests/unit/statsAucCoverage.test.ts runs 1,000): no effect 95.2% at n = 30 and at
 * n = 200; true AUC 0.72, 94.8% at n = 30 and 95.1% at n = 200; sample rates 1 and 0.25, 95.5% with no
 * effect and 94.6–95.1% with one. Weak spot: a strong effect (true AUC ≈ 0.9) with 10 to 30 units per
 * class covers 92–95%, the misses mostly intervals lying above the true AUC.
 *
 * **p-value**: the z-test of logit(AUC) = 0 with the same se, so p < 0.05 exactly when the interval
 * leaves out 0.5. Its size under no effect was 3.3–4.9% from 5 to 40 units per class, 4.8% at n = 30
 * and n = 200, 4.5% with unequal weights.
 *
 * **Degenerate data.** When the placement variance is zero or cannot be estimated (a class with one
 * unit; every positive above every negative, AUC = 1 or 0; both classes at one score each) no se can be
 * estimated from the data. The interval then comes from the upper bound Var(AUC) ≤ AUC(1 − AUC)/min(m, n)
 * (Birnbaum & Klose 1957, shown for continuous scores; a cautious stand-in with ties), solved for AUC like
 * a Wilson score interval on k = min of the effective sizes; `se` is that bound at the interval's centre
 * and `p` the test of 0.5 against the bound at 0.5.
 * Perfect separation of 10 positives from 10 negatives so reads AUC 1, interval 0.72 to 1.
 *
 * **Clustered units.** With `clustered` (every answer of visitors who answered several times) the
 * variance is the linearisation over visitors instead (`clusterMoments`): the gradient of the AUC with
 * respect to a level's positive weight is (V₁₀ − AUC)/W₁, and to its negative weight (V₀₁ − AUC)/W₀, so with
 * one unit per visitor it is the linearisation term above with (m + n)/(m + n − 1) for its correction; a
 * visitor's answers then add up before squaring, which is Obuchowski's (1997) clustered AUC variance in
 * its linearised form. The degenerate bound then counts visitors, not answers. With few visitors a
 * sandwich variance is noisy, so the interval and p take Student's t on `clustered.df` degrees of freedom
 * (the report gives min(visitors with a positive, with a negative) − 1): with z, 30 visitors answering one
 * to four times covered 91.6% under no effect; with t, 95.8% (tests/unit/statsClustered.test.ts).
 *
 * ```ts
 * // Hanley & McNeil (1982) radiologist ratings: normal 33, 6, 6, 11, 2 and abnormal 3, 2, 2, 11, 33 on 1..5
 * delongAuc(cells); // { auc: 0.8932, se: 0.0307, low: 0.8164, high: 0.9402, p: 4.3e-11, positives: 51, negatives: 58, … }
 * ```
 */
export function delongAuc(cells: readonly ScoreCell[], clustered?: ClusteredCells): AucEstimate | null {
  const levels = scoreLevels(cells);
  let m = 0;
  let n = 0;
  let w1 = 0;
  let w0 = 0;
  let q1 = 0;
  let q0 = 0;
  for (const level of levels) {
    m += level.positives;
    n += level.negatives;
    w1 += level.positiveWeight;
    w0 += level.negativeWeight;
    q1 += level.positiveWeight2;
    q0 += level.negativeWeight2;
  }
  if (m === 0 || n === 0) return null;

  // Placements, ascending: a positive at score s beats the negatives below s and ties those at s; a
  // negative at s is beaten by the positives above s and ties those at s.
  const v10: number[] = [];
  const v01: number[] = [];
  let negativesBelow = 0;
  let positivesBelow = 0;
  for (const level of levels) {
    v10.push((negativesBelow + level.negativeWeight / 2) / w0);
    v01.push((w1 - positivesBelow - level.positiveWeight / 2) / w1);
    negativesBelow += level.negativeWeight;
    positivesBelow += level.positiveWeight;
  }
  let sum = 0;
  levels.forEach((level, i) => (sum += level.positiveWeight * v10[i]!));
  const auc = Math.min(1, Math.max(0, sum / w1));

  const effectivePositives = clustered ? Math.min(clustered.positives, (w1 * w1) / q1) : (w1 * w1) / q1;
  const effectiveNegatives = clustered ? Math.min(clustered.negatives, (w0 * w0) / q0) : (w0 * w0) / q0;
  let spread10 = 0;
  let spread01 = 0;
  let linear10 = 0;
  let linear01 = 0;
  levels.forEach((level, i) => {
    const d10 = v10[i]! - auc;
    const d01 = v01[i]! - auc;
    spread10 += level.positiveWeight * d10 * d10;
    spread01 += level.negativeWeight * d01 * d01;
    linear10 += level.positiveWeight2 * d10 * d10;
    linear01 += level.negativeWeight2 * d01 * d01;
  });
  const base = { auc, positives: m, negatives: n, effectivePositives, effectiveNegatives };

  const estimable = m >= 2 && n >= 2;
  const var10 = estimable ? Math.max(spread10 / w1 / (effectivePositives - 1), ((m / (m - 1)) * linear10) / (w1 * w1)) : NaN;
  const var01 = estimable ? Math.max(spread01 / w0 / (effectiveNegatives - 1), ((n / (n - 1)) * linear01) / (w0 * w0)) : NaN;
  const variance = clustered
    ? clustered.variance({
        scores: levels.map((level) => level.score),
        positive: v10.map((v) => (v - auc) / w1),
        negative: v01.map((v) => (v - auc) / w0),
      })
    : var10 + var01;

  if (!(variance > 0) || !Number.isFinite(variance) || auc <= 0 || auc >= 1) {
    const k = Math.min(effectivePositives, effectiveNegatives);
    const bound = wilsonInterval(auc * k, k)!;
    const centre = (bound.low + bound.high) / 2;
    // At AUC 1 (or 0) the bound's far end is 1 (or 0) but for rounding.
    const low = auc === 0 ? 0 : bound.low;
    const high = auc === 1 ? 1 : bound.high;
    return { ...base, se: Math.sqrt((centre * (1 - centre)) / k), low, high, p: twoSidedP((auc - 0.5) / Math.sqrt(0.25 / k)) };
  }

  const se = Math.sqrt(variance);
  const centre = logit(auc);
  const logitSe = se / (auc * (1 - auc));
  const z = clustered ? studentT975(clustered.df) : Z_95;
  return { ...base, se, low: expit(centre - z * logitSe), high: expit(centre + z * logitSe), p: clustered ? studentTwoSidedP(centre / logitSe, clustered.df) : twoSidedP(centre / logitSe) };
}

/**
 * The difference a − b between the AUCs of two independent groups (say two page types), with the z-test
 * of equal AUCs and its 95% interval, on the AUC scale: √(se_a² + se_b²). Not for two scores measured on
 * the same visitors, whose AUCs are correlated.
 *
 * ```ts
 * aucDifference(mobile, desktop); // { difference: 0.08, se: 0.05, low: -0.018, high: 0.178, z: 1.6, p: 0.11 }
 * ```
 */
export function aucDifference(a: AucEstimate, b: AucEstimate): Difference {
  const result = differenceTest({ estimate: a.auc, se: a.se }, { estimate: b.auc, se: b.se });
  return { ...result, low: Math.max(-1, result.low), high: Math.min(1, result.high) };
}
