/**
 * The two-sided p-value of a t statistic with `df` degrees of freedom: P(|T| ≥ |t|) = I_x(df/2, 1/2) with
 * x = df/(df + t²), the regularised incomplete beta function. The intervals that use `studentT975` test
 * with it, so p < 0.05 exactly when the interval leaves out the null value. NaN for df < 1 or a NaN t.
 *
 * The incomplete beta is the continued fraction of Numerical Recipes (Press et al., §6.4) evaluated by the
 * modified Lentz method, and ln Γ Lanczos' approximation (g = 7, nine terms), good to about 1e-13 here;
 * written out because the report needs only this one function of a statistics library.
 *
 * ```ts
 * studentTwoSidedP(2.228, 10); // 0.0500 (the table's 97.5th percentile for 10 df)
 * studentTwoSidedP(1, 1); // 0.5 (Cauchy)
 * ```
 */
export function studentTwoSidedP(t: number, df: number): number {
  if (!(df >= 1) || Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return 0;
  const x = df / (df + t * t);
  return regularisedBeta(x, df / 2, 0.5);
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0. */
function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (x + i);
  const t = x + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** I_x(a, b), by the continued fraction on the side where it converges fast. */
function regularisedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2) ? (front * continuedFraction(x, a, b)) / a : 1 - (front * continuedFraction(1 - x, b, a)) / b;
}

function continuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}
