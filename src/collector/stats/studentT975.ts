/** t(0.975) for 1 to 30 degrees of freedom, from the standard tables. */
const TABLE = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/**
 * The 97.5th percentile of Student's t with `df` degrees of freedom: the multiplier of a two-sided 95%
 * interval of a mean. A table up to 30, then the Cornish–Fisher expansion around the normal
 * quantile (error under 0.0005 from df 30 on). NaN for df < 1.
 */
export function studentT975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df <= 30) return TABLE[Math.floor(df) - 1]!;
  const z = 1.959963984540054;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return z + (z3 + z) / (4 * df) + (5 * z5 + 16 * z3 + 3 * z) / (96 * df * df) + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3);
}
