/**
 * The npm entry: named exports only, no effects at import (SSR-safe: nothing here touches `window`
 * until `createPulse` is called in a browser).
 */
import type { SurveyDocument } from './contract/surveyDocument';
import { loadChunk } from './widget/loadChunk';
import { createPulseCore } from './widget/pulse';
import type { Pulse, PulseOptions } from './widget/pulseApi';

/**
 * Starts Confidence Pulse on this page: classifies it, watches triggers, queues events, shows surveys.
 * The survey UI loads on demand, the first time a survey is about to show. On a server (no `window`, e.g. during
 * server-side rendering) it returns an instance that does nothing, so a component that calls it there does not crash.
 *
 * ```ts
 * import { createPulse } from 'confidence-pulse';
 * const pulse = createPulse({ endpoint: '/v1/events', config });
 * pulse.track('compare', { count: 3 });
 * ```
 */
export function createPulse(options: PulseOptions): Pulse {
  if (typeof window === 'undefined') return inertPulse();
  return createPulseCore(options, loadChunk);
}

/**
 * Types a survey document written in code and returns it unchanged: the editor completes each field and shows
 * its description, and a misspelt key or a wrong value does not compile. (A document imported from JSON is a
 * `SurveyDocumentJson`; see docs/surveys.md, "Typing a survey document".)
 *
 * ```ts
 * const config = defineSurvey({ version: 1, pages: { category: { match: ['/c/**'] } }, surveys: [] });
 * ```
 */
export const defineSurvey = (document: SurveyDocument): SurveyDocument => document;

/** A Pulse whose every method does nothing: what `createPulse` returns outside a browser. */
function inertPulse(): Pulse {
  const nothing = () => {};
  return {
    page: nothing,
    track: nothing,
    outcome: nothing,
    show: async () => false,
    flush: async () => {},
    on: () => nothing,
    stats: async () => ({ sent: 0, retried: 0, dropped: {}, storage: 'memory', queued: 0, paused: false }),
    destroy: nothing,
    consent: nothing,
    debug: nothing,
  };
}

export type { Pulse, PulseOptions, PulseEventName } from './widget/pulseApi';
export type { PulseError } from './widget/pulseEvents';
export type { PulseEventMap, SurveyEvent, ImpressionEvent, AnswerEvent, CompleteEvent, DismissEvent, OutcomeEvent } from './widget/pulseEvents';
export type { Destination } from './widget/destinations/forwardEvent';
export { validateConfig, type ValidationResult } from './contract/validation/validateConfig';
export { formatIssue, type ConfigIssue } from './contract/validation/issue';
export type {
  SurveyDocument,
  Survey,
  Question,
  ScaleQuestion,
  ChoiceQuestion,
  TextQuestion,
  BinaryQuestion,
  Trigger,
  When,
  Variant,
  PageRule,
  OutcomeRule,
  LocalizedText,
} from './contract/surveyDocument';
export type { SurveyDocumentJson } from './contract/surveyDocumentJson';
export type { PulseEvent, Batch, EventType } from './contract/eventShapes';
export type { QueueStats } from './widget/outbox/createQueue';
export type { Transport, TransportResult } from './widget/outbox/transport';
