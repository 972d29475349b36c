/**
 * The widget's public face: the options an instance takes, the instance itself, and what the debug chunk reads of it.
 * Types only, so the debug chunk and the entries can name them without importing `createPulseCore`.
 */
import type { SurveyDocument } from '../contract/documentShapes';
import type { PulseEvent } from '../contract/eventShapes';
import type { SurveyDocumentJson } from '../contract/surveyDocumentJson';
import type { Destination } from './destinations/forwardEvent';
import type { CapsState } from './eligibility/frequency';
import type { TriggerState } from './eligibility/firedTrigger';
import type { QueueStats } from './outbox/createQueue';
import type { Transport } from './outbox/transport';
import type { SessionInfo } from './pageView/trackSession';
import type { PulseEventMap } from './pulseEvents';

/** Options shared by `createPulse` and `ConfidencePulse('init', …)`. */
export interface PulseOptions {
  /** Where batches are POSTed, e.g. `https://collect.example.com/v1/events`. */
  endpoint: string;
  /**
   * The survey document, as an object: imported from JSON (`import config from './surveys.json'`), or written in
   * code with `defineSurvey({ … })`, which also checks literal values such as `version: 1` and question types.
   * Any object of the document's structure is accepted here (see docs/surveys.md, "Typing a survey document").
   */
  config?: SurveyDocumentJson | undefined;
  /** Or a URL to fetch the survey document from. */
  configUrl?: string | undefined;
  /** Force a language instead of `<html lang>` / `navigator.languages`. */
  locale?: string | undefined;
  /** Nonce for the `<style>` fallback under a CSP without constructable stylesheets. */
  nonce?: string | undefined;
  /** Stacking order of the survey (default 2147483000). */
  zIndex?: number | undefined;
  /** Overrides each survey's `position`: `corner` (default), `bar`, or `inline` in `[data-cp-slot]`. */
  position?: 'corner' | 'bar' | 'inline' | undefined;
  /** Send batches another way (default: `fetch` with a text/plain JSON body). */
  transport?: Transport | undefined;
  /** `'required'`: store and send nothing, create no ids and show no survey until `consent(true)`. The document can require it too. */
  consent?: 'required' | undefined;
  /**
   * Honour the browser's Global Privacy Control signal (default `true`): for visitors who send it, no ids are stored or
   * sent, events carry no behavioural signals and nothing is forwarded to destinations. Surveys still show; answers go out anonymously.
   */
  gpc?: boolean | undefined;
  /** Query parameters kept in `page.query`, as name globs, e.g. `['utm_*', 'gclid']`; every other one is stripped (default: none). */
  queryParams?: string[] | undefined;
  /**
   * Runs on each event before it is stored: return the event (changed or not) to keep it, `null` or `false` to drop it.
   * A hook that throws drops the event and reports `before_send` to `on('error')`.
   */
  beforeSend?: ((event: PulseEvent) => PulseEvent | null | false) | undefined;
  /** Also forward each survey and outcome event to these tools when the page has them (default: none). See docs/privacy.md, "Destinations". */
  destinations?: Destination[] | undefined;
  /**
   * Explain in the console why each survey shows or not, and log every send (also `?cp-debug=1` in the page URL,
   * `data-debug` on the script tag, or `debug(true)`). With it, `?cp-show=<surveyId>` previews that survey at once.
   */
  debug?: boolean | undefined;
}

/** Events `on()` can listen to; `PulseEventMap` gives what each listener receives. */
export type PulseEventName = keyof PulseEventMap;

/** A running Confidence Pulse instance. */
export interface Pulse {
  /** Starts a new page view (SPA navigation or a type change); `type` overrides classification. */
  page(type?: string): void;
  /** Counts a named behaviour, e.g. `track('compare', { count: 3 })`; `event` triggers listen to these. */
  track(name: string, props?: { count?: number }): void;
  /** Reports a business outcome, e.g. `outcome('purchase', { value: 129, currency: 'EUR' })`. */
  outcome(name: string, props?: { value?: number; currency?: string }): void;
  /** Shows a survey now, bypassing its trigger; caps still apply unless `force`. Resolves true if shown. */
  show(surveyId: string, options?: { force?: boolean }): Promise<boolean>;
  /** Sends everything queued now. */
  flush(): Promise<void>;
  /** Listens to an event (`on('answer', (e) => e.answer.value)`); returns the function that stops listening. */
  on<K extends PulseEventName>(name: K, listener: (payload: PulseEventMap[K]) => void): () => void;
  /** Delivery counters: sent, retried, dropped by reason, storage mode, queue length. */
  stats(): Promise<QueueStats>;
  /** Removes the survey, every listener, timer and node. Queued events stay stored for the next page. */
  destroy(): void;
  /** Turns debug mode on (see the `debug` option); it loads a small chunk that explains, in the console, what happens. */
  debug(on?: boolean): void;
  /**
   * Records the visitor's choice. `true` lets a `consent: 'required'` instance start storing and sending; `false`
   * (in any mode) stops it and deletes the queue, the ids and the caps from this device. Not remembered: call it on every page.
   */
  consent(granted: boolean): void;
}

/**
 * What the debug chunk reads of a running instance each time it explains (see `src/widget/debug/`). A tuple, not an object:
 * its names would cost the script-tag file about 60 B brotli on every page view, debug or not.
 */
export type DebugState = [
  config: any,
  validated: SurveyDocument | undefined,
  invalid: boolean,
  page: PulseEvent['page'],
  session: SessionInfo,
  permitted: boolean,
  consent: boolean | undefined,
  gpc: boolean,
  caps: CapsState,
  busy: boolean,
  trigger: TriggerState,
  loadError: string | undefined,
];
