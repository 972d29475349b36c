import type { PulseEvent } from '../../contract/eventShapes';

/**
 * What a displayed survey adds to each of its events: the response, the survey, what fired it, the language shown.
 * `presentSurvey` (UI chunk) hands it to the core with each event's details; the core's `buildEvent` makes the event.
 */
export type SurveyContext = Pick<PulseEvent, 'responseId' | 'survey' | 'trigger' | 'locale'>;

/** What an event says of its own: the question and answer, the outcome, how a survey was dismissed, the answer's timings. */
export type EventDetails = Partial<Pick<PulseEvent, 'question' | 'answer' | 'outcome' | 'dismiss' | 'signals'>>;
