import type { PulseEvent } from '../contract/eventShapes';
import type { QueueStats } from './outbox/createQueue';

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

/** What `on('error')` receives: delivery drops, storage fallbacks, an invalid document. */
export interface PulseError {
  /** What went wrong, e.g. `status_400`, `storage_fallback`, `invalid_config`, `before_send`, `destination`. */
  reason: string;
  /** How many events it concerns, when events were dropped. */
  count?: number | undefined;
  /** The HTTP status, for delivery errors. */
  status?: number | undefined;
  /** Details: the error's text, the storage left behind, the destination that threw. */
  message?: string | undefined;
  /** With delivery errors: the queue's counters at that moment, as `stats()` gives them. */
  stats?: QueueStats | undefined;
}
