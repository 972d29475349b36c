import type { ResolvedQuestion, ResolvedWhen, UiAnswer } from './types';

type Value = UiAnswer['value'];

/**
 * Whether an answer satisfies a `when` rule. Every operator given must hold; an unanswered
 * (skipped) question never matches. For a multiple-choice answer (an array), `eq` means
 * "contains" and `in` means "any overlap"; `lte`/`gte` only match numbers.
 */
export function matchesWhen(when: ResolvedWhen, value: Value | undefined): boolean {
  if (value === undefined) return false;
  const all = Array.isArray(value) ? value : [value];
  const { eq, in: list, lte, gte } = when;
  return (
    (eq === undefined || all.includes(eq as never)) &&
    (!list || all.some((v) => list.includes(v))) &&
    (lte === undefined || (typeof value == 'number' && value <= lte)) &&
    (gte === undefined || (typeof value == 'number' && value >= gte))
  );
}

/**
 * Index of the first question after `afterIndex` that applies given the answers so far
 * (no `when`, or a `when` that matches), or -1 when none is left and the survey is over.
 * Pass -1 as `afterIndex` for the first question.
 */
export function nextQuestion(
  questions: readonly Pick<ResolvedQuestion, 'when'>[],
  answers: Readonly<Record<string, Value>>,
  afterIndex: number,
): number {
  for (let i = afterIndex + 1; i < questions.length; i++) {
    const when = questions[i]!.when;
    if (!when || matchesWhen(when, answers[when.question])) return i;
  }
  return -1;
}
