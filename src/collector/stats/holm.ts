/**
 * Holm's (1979) step-down adjustment of p-values for multiple tests, in the order given: the report tests
 * one relationship per page type or segment, and the more it tests the likelier one looks significant
 * by chance. Sorted ascending, the i-th smallest of m p-values becomes max over j ≤ i of
 * min(1, (m − j + 1)·p₍ⱼ₎), so adjusted values never decrease along the sorted order and are capped at 1;
 * rejecting where the adjusted value is below α keeps the chance of any false positive at most α, for
 * any dependence between the tests, and is never less powerful than Bonferroni. A NaN stays NaN and is
 * not counted among the tests.
 *
 * ```ts
 * holmAdjust([0.01, 0.02, 0.03, 0.04, 0.05]); // [0.05, 0.08, 0.09, 0.09, 0.09]
 * ```
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const order = pValues
    .map((p, i) => ({ p, i }))
    .filter(({ p }) => !Number.isNaN(p))
    .sort((a, b) => a.p - b.p);
  const m = order.length;
  const adjusted = pValues.map(() => NaN);
  let running = 0;
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}
