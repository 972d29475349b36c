import type { PulseEvent } from './events/schema';
import type { PulseError } from './pulse';

type Present<T, K extends keyof T> = T & { [P in K]-?: NonNullable<T[P]> };

/** What every event of a displayed survey carries: the response it belongs to, the survey, what fired it. */
export type SurveyEvent = Present<PulseEvent, 'responseId' | 'survey' | 'trigger'>;

/** `on('impression')`: the survey is actually visible on screen. */
export type ImpressionEvent = SurveyEvent & { type: 'impression' };

/** `on('answer')`: one answered question, with the question as shown and the answer given. */
export type AnswerEvent = Present<SurveyEvent, 'question' | 'answer'> & { type: 'answer' };

/** `on('complete')`: the last question is answered. */
export type CompleteEvent = SurveyEvent & { type: 'complete' };

/** `on('dismiss')`: the survey was closed before its end, and how. */
export type DismissEvent = Present<SurveyEvent, 'dismiss'> & { type: 'dismiss' };

/** `on('outcome')`: a business outcome, recorded by `outcome()`, a URL rule or a click. */
export type OutcomeEvent = Present<PulseEvent, 'outcome'> & { type: 'outcome' };

/**
 * What each `on()` listener receives, by event name: `pulse.on('answer', (e) => e.answer.value)` is typed.
 * The events are those stored and sent (after `beforeSend`).
 */
export interface PulseEventMap {
  impression: ImpressionEvent;
  answer: AnswerEvent;
  complete: CompleteEvent;
  dismiss: DismissEvent;
  outcome: OutcomeEvent;
  error: PulseError;
}
