/**
 * The npm entry: named exports only, no effects at import (SSR-safe: nothing here touches `window`
 * until `createPulse` is called in a browser).
 */
import { createPulseCore, type Pulse, type PulseOptions } from './pulse';

/**
 * Starts Confidence Pulse on this page: classifies it, watches triggers, queues events, shows surveys.
 * The survey UI loads on demand, the first time a survey is about to show.
 *
 * ```ts
 * import { createPulse } from 'confidence-pulse';
 * const pulse = createPulse({ endpoint: '/v1/events', config });
 * pulse.track('compare', { count: 3 });
 * ```
 */
export function createPulse(options: PulseOptions): Pulse {
  return createPulseCore(options, () => import('./lazy'));
}

export type { Pulse, PulseOptions, PulseEventName, PulseError } from './pulse';
export { validateConfig, type ValidationResult } from './config/validateConfig';
export { formatIssue, type ConfigIssue } from './config/issue';
export type { SurveyDocument, Survey, Question, Trigger, LocalizedText } from './config/schema';
export type { PulseEvent, Batch, EventType } from './events/schema';
export type { QueueStats } from './queue/createQueue';
export type { Transport, TransportResult } from './queue/transport';
