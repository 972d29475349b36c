/**
 * The contract between the core (triggers, queue) and the lazily loaded UI chunk.
 * The core resolves locale and variant first, so the UI only ever sees plain strings.
 */

/** A `when` rule, as in the survey document. */
export interface ResolvedWhen {
  question: string;
  eq?: string | number | boolean | undefined;
  in?: (string | number | boolean)[] | undefined;
  lte?: number | undefined;
  gte?: number | undefined;
}

interface ResolvedQuestionBase {
  id: string;
  /** The question text in the chosen locale and variant. */
  text: string;
  /** Show only when an earlier answer matches. */
  when?: ResolvedWhen | undefined;
  /** When false, the respondent may skip. */
  required: boolean;
}

export interface ResolvedScaleQuestion extends ResolvedQuestionBase {
  type: 'scale';
  min: number;
  max: number;
  /** The highest point the report counts as low, when the document sets it. */
  low?: number | undefined;
  minLabel?: string | undefined;
  maxLabel?: string | undefined;
  /** Labels on individual points, by value. */
  pointLabels?: Record<number, string> | undefined;
  layout: 'numbers' | 'nps';
  direction: 'asc' | 'desc';
}

export interface ResolvedChoiceQuestion extends ResolvedQuestionBase {
  type: 'choice';
  multiple: boolean;
  /** Already in display order (shuffled per respondent when the document asks). */
  options: { id: string; text: string }[];
  /** An "Other" option with a free-text field. */
  other?: { maxLength: number; text: string } | undefined;
}

export interface ResolvedTextQuestion extends ResolvedQuestionBase {
  type: 'text';
  maxLength: number;
  placeholder?: string | undefined;
}

export interface ResolvedBinaryQuestion extends ResolvedQuestionBase {
  type: 'binary';
  yes: string;
  no: string;
}

export type ResolvedQuestion = ResolvedScaleQuestion | ResolvedChoiceQuestion | ResolvedTextQuestion | ResolvedBinaryQuestion;

/** Words the widget itself shows, in the survey's locale. */
export interface UiStrings {
  close: string;
  next: string;
  submit: string;
  skip: string;
  thanks: string;
  /** Announced by the live region when the survey appears. */
  announce: string;
  other: string;
}

/** A survey ready to render: one locale, one variant, plain text only. */
export interface ResolvedSurvey {
  id: string;
  locale: string;
  dir: 'ltr' | 'rtl';
  questions: ResolvedQuestion[];
  strings: UiStrings;
}

/** One answer, as the UI reports it the moment a question is answered. */
export interface UiAnswer {
  question: ResolvedQuestion;
  /** A number for scale, a boolean for binary, an option id (or ids when multiple) for choice, text for text. */
  value: number | boolean | string | string[];
  /** The visible label of the value (point label, option text, Yes/No), when there is one. */
  label?: string | undefined;
  /** The "Other" free text, when given. */
  other?: string | undefined;
  /** Time from the question appearing to the answer, paused while the page was hidden. */
  timeToAnswerMs: number;
  /** How many times the selection changed before the answer was sent. */
  answerChanges: number;
}

export type DismissMethod = 'close' | 'escape';

export interface MountOptions {
  survey: ResolvedSurvey;
  /** Corner card (default), bottom bar, or inline in `slot`. */
  position?: 'corner' | 'bar' | 'inline' | undefined;
  /** The `[data-cp-slot]` element for the inline position. */
  slot?: Element | null | undefined;
  zIndex?: number | undefined;
  /** Nonce for the `<style>` fallback when constructable stylesheets are unavailable. */
  nonce?: string | undefined;
  /** The survey is actually visible (after layout): the moment of the impression. */
  onShown(): void;
  onAnswer(answer: UiAnswer): void;
  /** The last applicable question was answered; the thank-you is showing. */
  onComplete(): void;
  onDismiss(method: DismissMethod): void;
}

export interface MountedSurvey {
  /** Removes the host element and every listener; returns focus where it was. */
  destroy(): void;
}
