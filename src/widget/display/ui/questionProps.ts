import type { ResolvedQuestion, UiAnswer, UiStrings } from './types';

/** A candidate answer, as a question view reports it. */
export type Draft = Pick<UiAnswer, 'value' | 'label' | 'other'>;

/** What every question view receives. */
export interface QuestionProps<Q extends ResolvedQuestion> {
  q: Q;
  /** Id of the element holding the question text, for `aria-labelledby` (also the radios' group name). */
  id: string;
  s: UiStrings;
  /** The candidate answer so far, or null. */
  d: Draft | null;
  /** The candidate answer changed (null: nothing chosen). */
  pick(draft: Draft | null): void;
  /** Answer at once (a pointer click on a scale point, a Yes/No button). */
  send(draft: Draft): void;
}
