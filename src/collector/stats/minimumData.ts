/**
 * The fewest units of each class (with and without the outcome) before the report gives a verdict on
 * "does confidence predict the outcome?".
 *
 * Chosen by simulation of delongAuc on a 5-point scale (answers drawn with probabilities 0.10, 0.15,
 * 0.25, 0.30, 0.20; 10,000 data sets per cell; k per class as "k/k" or at 30% prevalence "k/⌈7k/3⌉"):
 *
 * | per class | no effect: coverage, size (k/k; k/⌈7k/3⌉) | AUC 0.72: coverage; detected | AUC 0.91: coverage | interval width (no effect) |
 * |-----------|--------------------------------------------|------------------------------|--------------------|----------------------------|
 * | 5         | 96.5%, 3.5%; 95.1%, 4.9%                   | 97.7%, 94.5%; 18%, 32%       | 98.0%, 97.6%       | 0.63; 0.54                 |
 * | 10        | 96.7%, 3.3%; 95.4%, 4.6%                   | 95.2%, 95.3%; 38%, 56%       | 96.9%, 92.0%       | 0.47; 0.40                 |
 * | 15        | 96.0%, 4.0%; 95.2%, 4.8%                   | 96.0%, 94.9%; 58%, 74%       | 93.9%, 95.0%       | 0.39; 0.33                 |
 * | 20        | 96.0%, 4.1%; 95.1%, 4.9%                   | 95.7%, 94.9%; 72%, 87%       | 92.9%, 94.7%       | 0.34; 0.29                 |
 * | 30        | 95.6%, 4.4%; 95.2%, 4.8%                   | 95.4%, 94.8%; 89%, 97%       | 93.7%, 94.8%       | 0.28; 0.24                 |
 *
 * Coverage under no effect is at least 94% and the test's size at most 5.5% from 5 per class already
 * (the logit interval and its fallback for degenerate data see to that), so coverage alone would allow
 * 5. The minimum is 10 because at 5 the interval spans more than half of [0, 1] and a moderate
 * relationship (AUC 0.72) is detected only 18–32% of the time: "no evidence" would mostly mean "too
 * few answers", which is what "not enough data" is for. From 10 on the verdict detects it 38–56% of
 * the time and the interval is at most 0.47 wide. (With a strong relationship, AUC ≈ 0.9, the interval
 * covers 92–94% between 10 and 30 per class, erring towards too high an AUC; the verdict's direction is
 * right there.)
 */
export const MIN_PER_CLASS = 10;

/**
 * Whether there are enough units on each side for a verdict, and how many more of each are needed.
 * Pass unit counts; for weighted data, passing Kish's effective sizes instead is the cautious choice.
 *
 * ```ts
 * enoughForVerdict(1, 7); // { enough: false, morePositives: 9, moreNegatives: 3 }
 * ```
 */
export function enoughForVerdict(positives: number, negatives: number): { enough: boolean; morePositives: number; moreNegatives: number } {
  const more = (count: number): number => (count >= MIN_PER_CLASS ? 0 : Math.ceil(MIN_PER_CLASS - (count > 0 ? count : 0)));
  const morePositives = more(positives);
  const moreNegatives = more(negatives);
  return { enough: morePositives === 0 && moreNegatives === 0, morePositives, moreNegatives };
}
