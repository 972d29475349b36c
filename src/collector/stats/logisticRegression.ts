import { delongAuc } from './delongAuc';
import { twoSidedP } from './normal';
import { toScoreCells } from './scoreCells';
import { seededRandom } from './seededRandom';
import { Z_95 } from './wilsonInterval';

/** One unit: its predictors, its outcome and its sampling weight (1 / sampleRate). */
export interface LogisticRow {
  x: readonly number[];
  y: boolean;
  w: number;
}

/** One coefficient of a fitted logistic regression, on the log-odds scale. */
export interface LogisticTerm {
  estimate: number;
  /** Robust (sandwich) standard error, used for low, high, z and p. NaN when the fit did not converge. */
  se: number;
  /** Model-based standard error (inverse information, weights rescaled to sum to n). NaN when not converged. */
  modelSe: number;
  /** 95% interval; e^low to e^high is the odds ratio's. */
  low: number;
  high: number;
  z: number;
  /** Two-sided p of H0: coefficient = 0. */
  p: number;
}

/** A fitted logistic regression: the intercept first, then one entry per predictor, in `coefficients` and `terms` alike. */
export interface LogisticFit {
  coefficients: number[];
  terms: LogisticTerm[];
  iterations: number;
  /** False when Newton's method did not settle: separation (see fitLogistic) or too few iterations. */
  converged: boolean;
  /** Weighted log-likelihood at the estimate (without the ridge penalty). */
  logLikelihood: number;
  /** Units used. */
  n: number;
  /** Kish's effective sample size (Σw)²/Σw². */
  effectiveN: number;
}

/** Solves A·x = b for a symmetric positive definite A by Cholesky; null when A is not (numerically) positive definite. */
function choleskySolve(a: readonly number[][], b: readonly number[]): number[] | null {
  const size = b.length;
  const l: number[][] = Array.from({ length: size }, () => new Array<number>(size).fill(0));
  for (let i = 0; i < size; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i]![j]!;
      for (let k = 0; k < j; k++) sum -= l[i]![k]! * l[j]![k]!;
      if (i === j) {
        // A pivot that is rounding noise relative to the diagonal means a direction without information.
        if (!(sum > 1e-12 * Math.abs(a[i]![i]!)) || !Number.isFinite(sum)) return null;
        l[i]![i] = Math.sqrt(sum);
      } else l[i]![j] = sum / l[j]![j]!;
    }
  }
  const y = new Array<number>(size).fill(0);
  for (let i = 0; i < size; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i]![k]! * y[k]!;
    y[i] = sum / l[i]![i]!;
  }
  const x = new Array<number>(size).fill(0);
  for (let i = size - 1; i >= 0; i--) {
    let sum = y[i]!;
    for (let k = i + 1; k < size; k++) sum -= l[k]![i]! * x[k]!;
    x[i] = sum / l[i]![i]!;
  }
  return x;
}

const logOnePlusExp = (x: number): number => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** The rows that can be used: finite predictors of the expected length and a positive finite weight. */
function usableRows(rows: readonly LogisticRow[]): LogisticRow[] {
  const k = rows[0]?.x.length ?? 0;
  return rows.filter((row) => row.x.length === k && row.x.every(Number.isFinite) && row.w > 0 && Number.isFinite(row.w));
}

/**
 * Weighted multivariate logistic regression, logit P(y) = b₀ + b₁x₁ + …, by Newton's method (IRLS)
 * with step halving; the intercept is added here, so `x` holds the predictors only. Null when nothing
 * can be estimated: no usable rows (a row needs finite predictors, all rows the same number, and a
 * positive finite weight), only one class, or an information matrix that is singular from the start (a
 * constant predictor, or predictors that are linear combinations of each other).
 *
 * **Separation.** When a combination of predictors separates the classes, the likelihood keeps rising as
 * the coefficients grow without bound: Newton's steps never shrink (or the fitted probabilities reach 0
 * and 1 and the information vanishes), so the fit stops with `converged: false` after `maxIterations`
 * (default 50) or at the singular matrix, and every inferential field of the terms (se, modelSe, low,
 * high, z, p) is NaN rather than a number that looks meaningful; the coefficients are the last iterate. Passing `ridge` > 0 adds the penalty ridge·Σb_j²/2 on the
 * predictors' coefficients (not the intercept), which always gives a finite, converged, shrunken fit;
 * its standard errors are then those of the penalised estimate (the sandwich with the penalised
 * information), and with a ridge the predictors should be on comparable scales (see standardize).
 *
 * **Standard errors: robust (sandwich).** H⁻¹·M·H⁻¹·n/(n − 1) with H = Σw·p(1 − p)·xxᵀ and
 * M = Σw²(y − p)²·xxᵀ, the linearisation variance for sampling weights; with all weights 1 it is the
 * Huber–White estimator. `modelSe` is the model-based inverse information with the weights rescaled to
 * add up to n (the classic standard errors when unweighted). Intervals are b ± 1.96·se, z = b/se.
 *
 * ```ts
 * // Challenger O-rings: damage on 7 of 23 launches against temperature (°F)
 * fitLogistic(launches.map((l) => ({ x: [l.temp], y: l.damage, w: 1 })));
 * // coefficients [15.0429, -0.2322]; terms[1]: { estimate: -0.2322, se: 0.0928, modelSe: 0.1082, p: 0.0123, … }; converged: true
 * ```
 */
export function fitLogistic(rows: readonly LogisticRow[], options?: { maxIterations?: number; ridge?: number }): LogisticFit | null {
  const used = usableRows(rows);
  const n = used.length;
  if (n === 0) return null;
  const size = used[0]!.x.length + 1;
  const ridge = Math.max(0, options?.ridge ?? 0);
  const maxIterations = options?.maxIterations ?? 50;
  let weight = 0;
  let weight2 = 0;
  let positiveWeight = 0;
  for (const row of used) {
    weight += row.w;
    weight2 += row.w * row.w;
    if (row.y) positiveWeight += row.w;
  }
  if (!(positiveWeight > 0) || !(positiveWeight < weight)) return null;

  const design = used.map((row) => [1, ...row.x]);
  const linear = (beta: readonly number[], i: number): number => design[i]!.reduce((sum, value, j) => sum + value * beta[j]!, 0);
  const logLikelihood = (beta: readonly number[]): number =>
    used.reduce((sum, row, i) => {
      const eta = linear(beta, i);
      return sum - row.w * (row.y ? logOnePlusExp(-eta) : logOnePlusExp(eta));
    }, 0);
  const penalised = (beta: readonly number[]): number => logLikelihood(beta) - (ridge / 2) * beta.reduce((sum, b, j) => sum + (j > 0 ? b * b : 0), 0);
  /** Gradient and (penalised) information at beta; `scale` multiplies the weights in the information only. */
  const derivatives = (beta: readonly number[], scale = 1): { gradient: number[]; information: number[][] } => {
    const gradient = beta.map((b, j) => (j > 0 ? -ridge * b : 0));
    const information = beta.map((_, j) => beta.map((__, k) => (j === k && j > 0 ? ridge : 0)));
    used.forEach((row, i) => {
      const p = 1 / (1 + Math.exp(-linear(beta, i)));
      const residual = row.w * ((row.y ? 1 : 0) - p);
      const curvature = scale * row.w * p * (1 - p);
      const xi = design[i]!;
      for (let j = 0; j < size; j++) {
        gradient[j]! += residual * xi[j]!;
        for (let k = 0; k <= j; k++) information[j]![k]! += curvature * xi[j]! * xi[k]!;
      }
    });
    for (let j = 0; j < size; j++) for (let k = j + 1; k < size; k++) information[j]![k] = information[k]![j]!;
    return { gradient, information };
  };

  let beta = new Array<number>(size).fill(0);
  beta[0] = Math.log(positiveWeight / (weight - positiveWeight));
  let current = penalised(beta);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    const { gradient, information } = derivatives(beta);
    const step = choleskySolve(information, gradient);
    if (!step) {
      if (iterations === 0) return null;
      break; // the information vanished along the way: separation
    }
    iterations++;
    let scale = 1;
    let candidate = beta.map((b, j) => b + step[j]!);
    let next = penalised(candidate);
    for (let halvings = 0; !(next >= current - 1e-12 * Math.abs(current)) && halvings < 30; halvings++) {
      scale /= 2;
      candidate = beta.map((b, j) => b + scale * step[j]!);
      next = penalised(candidate);
    }
    const settled = step.every((d, j) => Math.abs(scale * d) <= 1e-10 * (1 + Math.abs(beta[j]!)));
    beta = candidate;
    current = next;
    if (settled) {
      converged = true;
      break;
    }
  }

  const base = { coefficients: beta, iterations, converged, logLikelihood: logLikelihood(beta), n, effectiveN: (weight * weight) / weight2 };
  const unknown = (): LogisticTerm[] => beta.map((estimate) => ({ estimate, se: NaN, modelSe: NaN, low: NaN, high: NaN, z: NaN, p: NaN }));
  if (!converged) return { ...base, terms: unknown() };

  const { information } = derivatives(beta);
  const inverse: number[][] = [];
  for (let j = 0; j < size; j++) {
    const column = choleskySolve(information, beta.map((_, k) => (k === j ? 1 : 0)));
    if (!column) return { ...base, converged: false, terms: unknown() };
    inverse.push(column);
  }
  const meat = beta.map(() => new Array<number>(size).fill(0));
  used.forEach((row, i) => {
    const p = 1 / (1 + Math.exp(-linear(beta, i)));
    const u = row.w * ((row.y ? 1 : 0) - p);
    const xi = design[i]!;
    for (let j = 0; j < size; j++) for (let k = 0; k < size; k++) meat[j]![k]! += u * u * xi[j]! * xi[k]!;
  });
  const terms = beta.map((estimate, j): LogisticTerm => {
    let v = 0;
    for (let a = 0; a < size; a++) for (let b = 0; b < size; b++) v += inverse[j]![a]! * meat[a]![b]! * inverse[b]![j]!;
    const se = Math.sqrt((v * n) / (n - 1));
    const z = estimate / se;
    return { estimate, se, modelSe: Math.sqrt(inverse[j]![j]! * (weight / n)), low: estimate - Z_95 * se, high: estimate + Z_95 * se, z, p: twoSidedP(z) };
  });
  return { ...base, terms };
}

/**
 * Centres and scales every predictor to weighted mean 0 and weighted standard deviation 1 (population
 * form, Σw(x − x̄)²/Σw), so coefficients fitted on the result are "per standard deviation" and
 * comparable across predictors; b_per_unit = b_per_sd / sd. A constant predictor keeps sd 0 and becomes
 * all zeros (fitLogistic then reports it as not estimable). Rows fitLogistic would not use are dropped.
 *
 * ```ts
 * standardize([{ x: [1], y: true, w: 1 }, { x: [3], y: false, w: 1 }]);
 * // { rows: [{ x: [-1], … }, { x: [1], … }], mean: [2], sd: [1] }
 * ```
 */
export function standardize(rows: readonly LogisticRow[]): { rows: LogisticRow[]; mean: number[]; sd: number[] } {
  const used = usableRows(rows);
  const k = used[0]?.x.length ?? 0;
  const total = used.reduce((sum, row) => sum + row.w, 0);
  const mean = Array.from({ length: k }, (_, j) => used.reduce((sum, row) => sum + row.w * row.x[j]!, 0) / total);
  const sd = Array.from({ length: k }, (_, j) => Math.sqrt(used.reduce((sum, row) => sum + row.w * (row.x[j]! - mean[j]!) ** 2, 0) / total));
  return {
    rows: used.map((row) => ({ ...row, x: row.x.map((value, j) => (sd[j]! > 0 ? (value - mean[j]!) / sd[j]! : 0)) })),
    mean,
    sd,
  };
}


/**
 * How well the fitted model ranks units it was not fitted on: the k-fold cross-validated weighted AUC. Units are
 * shuffled within each class by a seeded generator and dealt round-robin to the folds (stratified, so
 * every fold has both classes when each class has at least `folds` units); each fold is predicted by a
 * model fitted on the others, and the out-of-fold linear predictors (the logits of the predicted
 * probabilities, in the same order) are scored by the weighted AUC of delongAuc. The same rows, folds and seed always give the same answer.
 *
 * In-sample AUC of a fitted model is optimistic; this one is not. Only the estimate is returned: an
 * interval computed as if the out-of-fold predictions were fixed would ignore the noise of fitting and
 * be too narrow. Null with fewer than two units of a class, fewer than 2 folds, or when a fold's fit fails
 * or does not converge (separation in a training set: pass `options.ridge`).
 *
 * ```ts
 * crossValidatedAuc(rows, 5, 42); // 0.64
 * ```
 */
export function crossValidatedAuc(
  rows: readonly LogisticRow[],
  folds = 5,
  seed = 1,
  options?: { maxIterations?: number; ridge?: number },
): number | null {
  const used = usableRows(rows);
  const positives = used.map((_, i) => i).filter((i) => used[i]!.y);
  const negatives = used.map((_, i) => i).filter((i) => !used[i]!.y);
  folds = Math.floor(folds);
  if (!(folds >= 2) || positives.length < 2 || negatives.length < 2) return null;
  const random = seededRandom(seed);
  const fold = new Array<number>(used.length).fill(0);
  for (const group of [positives, negatives]) {
    for (let i = group.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [group[i], group[j]] = [group[j]!, group[i]!];
    }
    group.forEach((index, position) => (fold[index] = position % folds));
  }
  const units: { score: number; positive: boolean; weight: number }[] = [];
  for (let f = 0; f < folds; f++) {
    const test = used.filter((_, i) => fold[i] === f);
    if (test.length === 0) continue;
    const fit = fitLogistic(
      used.filter((_, i) => fold[i] !== f),
      options,
    );
    if (!fit || !fit.converged) return null;
    for (const row of test) {
      const eta = fit.coefficients.reduce((sum, b, j) => sum + b * (j === 0 ? 1 : row.x[j - 1]!), 0);
      units.push({ score: eta, positive: row.y, weight: row.w });
    }
  }
  return delongAuc(toScoreCells(units))?.auc ?? null;
}
