import type { Survey, SurveyDocument } from './config/schema';
import type { PulseEvent } from './events/schema';
import type * as Lazy from './lazy';
import { createId } from './lib/createId';
import { listen } from './lib/listen';
import { createQueue, type QueueStats } from './queue/createQueue';
import type { Transport } from './queue/transport';
import { trackPageView, type SessionInfo } from './session/trackSession';
import { createPageSignals, type PageSignals } from './signals/createPageSignals';
import { navigationType, viewportClass } from './signals/pageContext';
import { createLocalState } from './storage/createLocalState';
import { isSampled } from './targeting/assignVisitor';
import { classifyPage, declaredPageType } from './targeting/classifyPage';
import { canShow, recordDismissed, recordShown, type CapsState } from './targeting/frequency';
import { matchesRule } from './targeting/matchesRule';
import { firedTrigger } from './triggers/firedTrigger';
import { isHalfVisible } from './triggers/isHalfVisible';
import type { PresentedSurvey } from './survey/presentSurvey';

/** Options shared by `createPulse` and `ConfidencePulse('init', …)`. */
export interface PulseOptions {
  /** Where batches are POSTed, e.g. `https://collect.example.com/v1/events`. */
  endpoint: string;
  /** The survey document (SPEC §3), as an object. */
  config?: unknown;
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
}

/** Events `on()` can listen to. */
export type PulseEventName = 'impression' | 'answer' | 'complete' | 'dismiss' | 'outcome' | 'error';

/** What `on('error')` receives: delivery drops, storage fallbacks, an invalid document. */
export interface PulseError {
  reason: string;
  count?: number | undefined;
  status?: number | undefined;
  message?: string | undefined;
  /** With delivery errors: the queue's counters at that moment, as `stats()` gives them. */
  stats?: QueueStats | undefined;
}

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
  /** Listens to an event; returns the function that stops listening. */
  on(name: PulseEventName, listener: (payload: any) => void): () => void;
  /** Delivery counters: sent, retried, dropped by reason, storage mode, queue length. */
  stats(): Promise<QueueStats>;
  /** Removes the survey, every listener, timer and node. Queued events stay stored for the next page. */
  destroy(): void;
}

/** Loads the UI chunk (dynamic `import()`): injected so the script tag and npm builds can locate it differently. */
export type LoadUi = () => Promise<typeof Lazy>;

const PREFIX = '[confidence-pulse]';

/**
 * Wires config, page classification, triggers, signals, the queue and the lazy UI together.
 * Entries call this: `createPulse` (npm) and the script tag's `init`.
 */
export function createPulseCore(options: PulseOptions, loadUi: LoadUi, win: Window = window): Pulse {
  const doc = win.document;
  const listeners: Record<string, Set<(payload: any) => void>> = {};
  const emit = (name: PulseEventName, payload: unknown) =>
    listeners[name]?.forEach((listener) => {
      try {
        listener(payload);
      } catch {
        // A host listener's bug must not stop delivery.
      }
    });
  const fail = (error: PulseError) => emit('error', error);

  const local = createLocalState();
  const queue = createQueue({
    endpoint: options.endpoint,
    transport: options.transport,
    onError: fail,
    win,
  });

  let config: any = options.config;
  let validated: SurveyDocument | undefined;
  let invalid = false;
  let destroyed = false;
  let busy = false;
  let showing: PresentedSurvey | undefined;
  let signals: PageSignals;
  let session: SessionInfo;
  let pageViewId: string;
  let page: { type?: string; path: string };
  let navigation = navigationType(win);
  let booted = false;
  const stops: (() => void)[] = [];
  /** Runs `fn` now if the document is loaded, else once it is: commands before that are not lost. */
  const whenReady = <T>(fn: () => T | Promise<T>): Promise<T> => (booted ? Promise.resolve(fn()) : ready.then(fn));

  const baseEvent = (type: PulseEvent['type'], extra: Partial<PulseEvent> = {}): PulseEvent => ({
    id: createId(),
    type,
    ts: new Date().toISOString(),
    visitorId: session.visitorId,
    sessionId: session.sessionId,
    pageViewId,
    page: { ...page },
    locale: options.locale ?? (doc.documentElement.lang || navigator.language),
    ...extra,
    signals: {
      ...signals.snapshot(),
      pageIndex: session.pageIndex,
      journey: session.journey,
      navigationType: navigation,
      viewport: viewportClass(win.innerWidth),
      ...extra.signals,
    },
  });

  const enqueue = (event: PulseEvent) => {
    void queue.add(event);
    if (event.type !== 'pageview') emit(event.type as PulseEventName, event);
  };

  const surveys = (): Survey[] => (Array.isArray(config?.surveys) ? config.surveys : []);
  const caps = (): CapsState => local.get<CapsState>('caps') ?? { surveys: {} };
  const rulesOf = (survey: Survey) => ({ ...survey.frequency, ...config?.frequency });

  /** Surveys targeting this page that the visitor is sampled into and the caps allow. */
  const eligible = (survey: Survey, ignoreCaps = false): boolean =>
    !!survey &&
    Array.isArray(survey.pages) &&
    survey.pages.includes(page.type as string) &&
    isSampled(session.visitorId, survey.id, typeof survey.sample === 'number' ? survey.sample : 1) &&
    (ignoreCaps || canShow(survey.id, rulesOf(survey), caps(), session.sessionId, Date.now()));

  const display = async (surveyId: string, trigger: string, force = false): Promise<boolean> => {
    if (busy || destroyed || invalid) return false;
    busy = true;
    try {
      const ui = await loadUi();
      if (!validated) {
        const checked = ui.checkDocumentOnce(config);
        if (checked.error) {
          invalid = true;
          console.error(checked.error);
          fail({ reason: 'invalid_config', message: checked.error });
        }
        validated = checked.data;
      }
      const survey = validated?.surveys.find((s) => s.id === surveyId);
      if (destroyed || !validated || !survey || (!force && !eligible(survey))) return (busy = false);
      showing = ui.presentSurvey({
        doc: validated,
        surveyId,
        trigger,
        visitorId: session.visitorId,
        preferred: [options.locale, doc.documentElement.lang, ...(navigator.languages ?? [])],
        position: options.position,
        zIndex: options.zIndex,
        nonce: options.nonce,
        emit: (type, extra) => enqueue(baseEvent(type, extra)),
        onShown: (s) => local.set('caps', recordShown(caps(), s.id, session.sessionId, Date.now())),
        onDismissed: (s) => local.set('caps', recordDismissed(caps(), s.id, Date.now())),
        onClosed() {
          showing = undefined;
          busy = false;
        },
      });
      if (!showing) busy = false;
      return !!showing;
    } catch (error) {
      busy = false;
      fail({ reason: 'internal', message: String(error) });
      return false;
    }
  };

  /** Re-checks every eligible survey's trigger; runs on each signals change (scroll frame, 1 s tick, input, track). */
  const evaluate = () => {
    if (busy || destroyed || invalid) return;
    const state = {
      activeSeconds: signals.activeMs() / 1000,
      scrollDepth: signals.maxScrollDepth(),
      exitIntent: signals.exitIntent(),
      idleSeconds: signals.idleMs() / 1000,
      counts: signals.counts,
      pageIndex: session.pageIndex,
      isVisible: (selector: string) => isHalfVisible(selector, doc),
    };
    for (const survey of surveys()) {
      if (!eligible(survey)) continue;
      const trigger = firedTrigger(survey.trigger, state);
      if (trigger) {
        void display(survey.id, trigger);
        return;
      }
    }
  };

  /** Outcomes defined by URL rules fire on the page view that matches them. */
  const urlOutcomes = () => {
    for (const [name, rule] of Object.entries<any>(config?.outcomes ?? {})) {
      if (rule && matchesRule(rule, page.path)) enqueue(baseEvent('outcome', { outcome: { name } }));
    }
  };

  const startPageView = (type?: string) => {
    const path = win.location.pathname;
    const pageType = type ?? classifyPage(config?.pages, path, declaredPageType(doc));
    page = pageType ? { type: pageType, path } : { path };
    pageViewId = createId();
    session = trackPageView(local, pageType);
    signals = createPageSignals(win);
    signals.subscribe(evaluate);
    urlOutcomes();
    evaluate();
  };

  /** With `recordPageViews`, the page view's final signals are queued when it is hidden. */
  const endPageView = (reason: 'hidden' | 'navigation') => {
    if (config?.recordPageViews === true) enqueue(baseEvent('pageview'));
    if (reason === 'navigation') {
      showing?.dismiss('navigation');
      signals.destroy();
    }
  };

  const onClick = (event: MouseEvent) => {
    const target = event.target instanceof Element ? event.target : null;
    const named = target?.closest('[data-cp-outcome]')?.getAttribute('data-cp-outcome');
    if (named) pulse.outcome(named);
    for (const [name, rule] of Object.entries<any>(config?.outcomes ?? {})) {
      try {
        if (typeof rule?.selector === 'string' && target?.closest(rule.selector)) pulse.outcome(name);
      } catch {
        // An invalid selector in the document matches nothing.
      }
    }
  };

  const pulse: Pulse = {
    page(type) {
      void whenReady(() => {
        if (destroyed) return;
        endPageView('navigation');
        navigation = 'navigate';
        startPageView(type);
      });
    },
    track(name, props) {
      void whenReady(() => {
        if (!destroyed && typeof name === 'string') signals.track(name, typeof props?.count === 'number' ? props.count : 1);
      });
    },
    outcome(name, props = {}) {
      void whenReady(() => {
        if (destroyed || typeof name !== 'string') return;
        const outcome: NonNullable<PulseEvent['outcome']> = { name };
        if (typeof props.value === 'number') outcome.value = props.value;
        if (typeof props.currency === 'string') outcome.currency = props.currency;
        enqueue(baseEvent('outcome', { outcome }));
      });
    },
    show(surveyId, { force = false } = {}) {
      return whenReady(() => display(surveyId, 'show', force));
    },
    flush: () => queue.flush(),
    on(name, listener) {
      (listeners[name] ??= new Set()).add(listener);
      return () => listeners[name]!.delete(listener);
    },
    stats: () => queue.stats(),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stops.forEach((stop) => stop());
      if (booted) signals.destroy();
      showing?.destroy();
      queue.stop();
    },
  };

  const boot = () => {
    if (destroyed) return;
    booted = true;
    startPageView();
    stops.push(
      listen(doc, 'visibilitychange', () => {
        if (doc.visibilityState === 'hidden') {
          endPageView('hidden');
          queue.flushOnHide();
        }
      }),
      // Not `unload`: pagehide keeps the page eligible for the back/forward cache. It also hands the sender role on.
      listen(win, 'pagehide', () => queue.flushOnHide(true)),
      listen(win, 'pageshow', (e: PageTransitionEvent) => {
        if (e.persisted) {
          navigation = 'back_forward';
          void queue.flush();
        }
      }),
      listen(win, 'online', () => void queue.flush()),
      listen(win, 'click', onClick),
    );
    if (config !== undefined && (typeof config !== 'object' || !Array.isArray(config?.surveys))) {
      // Too broken to read at all: load the validator once so the console names the problem.
      void display('', 'config');
    }
  };

  void queue.flush();
  const ready: Promise<void> =
    config === undefined && options.configUrl
      ? fetch(options.configUrl, { credentials: 'same-origin' })
          .then((response) => {
            if (!response.ok) throw new Error(`HTTP ${response.status}`);
            return response.json();
          })
          .then(
            (loaded) => void (config = loaded),
            (error) => {
              const message = `${PREFIX} could not load the survey document from ${options.configUrl}: ${error?.message ?? error}`;
              console.error(message);
              fail({ reason: 'config_load', message });
            },
          )
          .then(boot)
      : Promise.resolve(boot());
  return pulse;
}
