import type { SurveyDocument } from '../contract/documentShapes';
import type { PulseEvent } from '../contract/eventShapes';
import type { Chunks, LoadUi } from './chunks';
import type { DebugState, Pulse, PulseEventName, PulseOptions } from './pulseApi';
import type { PulseError } from './pulseEvents';
import { endpointProblem } from './startUp/endpointProblem';
import { loadDocument } from './startUp/loadDocument';
import { hasGpc } from './consent/hasGpc';
import { isPermitted } from './consent/isPermitted';
import { beginPageView, type PageView } from './pageView/beginPageView';
import { openSession } from './pageView/openSession';
import { navigationType } from './pageView/pageContext';
import type { SessionInfo } from './pageView/trackSession';
import { isEligible } from './eligibility/isEligible';
import { pickSurvey } from './eligibility/pickSurvey';
import { readCaps } from './eligibility/readCaps';
import { triggerState } from './eligibility/triggerState';
import { recordDismissed, recordShown } from './eligibility/frequency';
import type { PresentedSurvey } from './display/presentSurvey';
import { buildEvent, type EventDetails, type SurveyContext } from './events/buildEvent';
import { urlOutcomes } from './outcomes/urlOutcomes';
import { clickedOutcomes } from './outcomes/clickedOutcomes';
import { toOutcome } from './outcomes/toOutcome';
import { forwardEvent } from './destinations/forwardEvent';
import { createQueue, type Queue } from './outbox/createQueue';
import { fetchTransport } from './outbox/transport';
import { createLocalState } from './lib/createLocalState';
import { createId } from './lib/createId';
import { listen } from './lib/listen';
import { nextTask } from './lib/nextTask';

/**
 * One instance: the stages, in the order data flows through them, and the state they hand on. Start-up (the
 * endpoint, GPC, `loadDocument`) → page view (`beginPageView`, then `openSession` once `isPermitted` is known) →
 * eligibility (`pickSurvey` with `isEligible`, on every signals change) → display (`display`: the UI chunk's
 * `presentSurvey`) → events (`buildEvent`, for the survey's answers, the outcomes of `urlOutcomes`,
 * `clickedOutcomes` and `outcome()`, and the `pageview`) → `record` → the outbox, listeners and destinations.
 * The state stays in this closure: moved into an object the stages share, it cost the script tag about 300 B brotli.
 * Entries call this: `createPulse` (npm) and the script tag's `init`.
 */
export function createPulseCore(options: PulseOptions, loadUi: LoadUi, win: Window = window): Pulse {
  // ── Start-up ──────────────────────────────────────────────────────────────
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
  const report = (reason: string, message: string) => fail({ reason, message });

  const local = createLocalState(win);
  const gpc = hasGpc(options, win);
  const badEndpoint = endpointProblem(options.endpoint);
  if (badEndpoint) {
    console.error(badEndpoint);
    // After the caller's `on('error')` (the stub's queued commands run right after init).
    void Promise.resolve().then(() => report('invalid_endpoint', badEndpoint));
  }
  /** Created on first use, so that nothing is opened on the device before consent. */
  let queue: Queue | undefined;
  const q = () =>
    (queue ??= createQueue({
      endpoint: options.endpoint,
      // Read at each send, so the debug console can wrap it; a bad endpoint sends nothing (kept, retried later).
      transport: (...args) => (badEndpoint ? Promise.resolve({ status: 0 }) : (options.transport ?? fetchTransport)(...args)),
      onError: fail,
      win,
    }));
  /** The page's `consent(…)` call, if any: it wins over `consent: 'required'`. */
  let consent: boolean | undefined;
  /** Storing and sending are allowed for this page view (consent given or not required). */
  let permitted = false;

  let config: any = options.config;
  let validated: SurveyDocument | undefined;
  let loadError: string | undefined;
  /** Which UI chunk this instance uses, decided at the first display. */
  let lean: boolean | undefined;
  let invalid = false;
  let destroyed = false;
  let busy = false;
  let showing: PresentedSurvey | undefined;
  let view: PageView;
  let session: SessionInfo;
  let booted = false;
  const stops: (() => void)[] = [];
  /** Runs `fn` now if the document is loaded, else once it is: commands before that are not lost. */
  const whenReady = <T>(fn: () => T | Promise<T>): Promise<T> => (booted ? Promise.resolve(fn()) : ready.then(fn));

  // ── Events ────────────────────────────────────────────────────────────────
  /** Builds (`buildEvent`), filters (`beforeSend`), stores, then announces and forwards an event; nothing at all without consent. */
  const record = (type: PulseEvent['type'], details: EventDetails = {}, survey?: SurveyContext, hiding?: boolean) => {
    if (!permitted) return;
    let event: PulseEvent | null | false | undefined = buildEvent(type, details, survey, view, session, options.locale, gpc, win);
    try {
      if (options.beforeSend) event = options.beforeSend(event);
    } catch (error) {
      event = null;
      report('before_send', String(error));
    }
    if (!event) return;
    // A preview (`?cp-show=`) is announced to listeners and the debug console, never stored, sent or forwarded:
    // no report counts it. `add` reports its own storage failures through `onError`.
    const real = event.trigger != 'preview';
    if (real) void q().add(event, hiding);
    if (type !== 'pageview') {
      emit(type as PulseEventName, event);
      if (!gpc && real) forwardEvent(event, options.destinations ?? []).map((destination) => report('destination', destination));
    }
  };

  // ── Eligibility ───────────────────────────────────────────────────────────
  const caps = () => readCaps(local);
  const eligible = (survey: Parameters<typeof isEligible>[0]) => isEligible(survey, view._page.type, session, config, caps());
  const trigger = () => triggerState(view._signals, session, doc);
  /** Re-checks every eligible survey's trigger; runs on each signals change (scroll frame, 1 s tick, input, track). */
  const evaluate = () => {
    const fired = !busy && !destroyed && !invalid && permitted && pickSurvey(config, trigger(), eligible);
    if (fired) void display(...fired);
  };

  // ── Display ───────────────────────────────────────────────────────────────
  const display = async (surveyId: string, trigger: string, force = false): Promise<boolean> => {
    if (busy || destroyed || invalid) return false;
    busy = true;
    try {
      // A document the collector validated needs no validator here: the UI chunk without it is loaded. Chosen once:
      // the document validated here later must not load the other chunk (a second copy of the UI on the page).
      const ui: Chunks['lean'] = await loadUi((lean ??= !!validated) ? 'lean' : 'ui');
      // Evaluating the chunk, validating and rendering each get a task of their own: together they would make
      // one long task on a slow phone (measured by `npm run bench` at 4× CPU throttling).
      if (!validated) {
        await nextTask();
        const checked = (ui as Chunks['ui']).checkDocumentOnce(config);
        if (checked.error) {
          invalid = true;
          console.error(checked.error);
          report('invalid_config', checked.error);
        }
        validated = checked.data;
      }
      const survey = validated?.surveys.find((s) => s.id === surveyId);
      if (destroyed || !validated || !survey || !permitted || (!force && !eligible(survey))) return (busy = false);
      await nextTask();
      if (destroyed) return (busy = false);
      showing = ui.presentSurvey({
        doc: validated,
        surveyId,
        trigger,
        visitorId: session.visitorId,
        responseId: createId(),
        preferred: [options.locale, doc.documentElement.lang, ...(win.navigator.languages ?? [])],
        position: options.position,
        zIndex: options.zIndex,
        nonce: options.nonce,
        win,
        emit: (type, context, details) => record(type, details, context),
        // After consent(false) the caps stay deleted.
        onShown: (s) => permitted && local.set('caps', recordShown(caps(), s.id, session.sessionId, Date.now())),
        onDismissed: (s) => permitted && local.set('caps', recordDismissed(caps(), s.id, Date.now())),
        onClosed() {
          showing = undefined;
          busy = false;
        },
      });
      if (!showing) busy = false;
      return !!showing;
    } catch (error) {
      busy = false;
      report('internal', String(error));
      return false;
    }
  };

  // ── Page view ─────────────────────────────────────────────────────────────
  /** The page view's first half: the page and its signals (`openView` completes it). */
  const beginView = (navigation: string, type?: string, start?: number) => {
    view = beginPageView(win, config?.pages, options.queryParams, navigation, type, start);
    view._signals.subscribe(evaluate);
  };

  /**
   * The page view's second half: the session and, when allowed, sending what earlier pages left queued, the URL
   * outcomes and the triggers. Before consent, and always under GPC, the ids live in memory for this page view only.
   */
  const openView = () => {
    permitted = isPermitted(consent, options, config);
    session = openSession(local, view._page.type, permitted && !gpc);
    // In a task of its own: opening IndexedDB and the first request must not lengthen the start-up task.
    if (permitted) void nextTask().then(() => void (!destroyed && permitted && q().flush()));
    // A reloaded or revisited thank-you page is not a second purchase.
    if (view._navigation === 'navigate') urlOutcomes(config?.outcomes, view._page.path).map((name) => record('outcome', { outcome: { name } }));
    evaluate();
  };

  /**
   * With `recordPageViews`, queues this page view's one `pageview`, with the signals at its first hide:
   * the last moment a page is sure to be observed (mobile browsers may discard a hidden tab unannounced).
   */
  const recordPageView = (hiding?: boolean) => {
    if (!view._recorded && config?.recordPageViews === true) record('pageview', {}, undefined, hiding);
    view._recorded = true;
  };

  /** The page view ends without a document unload: an SPA navigation or a restore from the back/forward cache. */
  const nextPageView = (navigation: string, type?: string) => {
    recordPageView();
    showing?.dismiss('navigation');
    view._signals.destroy();
    beginView(navigation, type);
    openView();
  };

  const onRoute = () => win.location.pathname != view._page.path && pulse.page();

  let debugging: Promise<void> | undefined;

  // ── The instance's methods ───────────────────────────────────────────────
  const pulse: Pulse = {
    page(type) {
      void whenReady(() => {
        if (!destroyed) nextPageView('navigate', type);
      });
    },
    track(name, props) {
      void whenReady(() => {
        if (!destroyed && typeof name === 'string' && name) view._signals.track(name, Number.isFinite(props?.count) ? props!.count : 1);
      });
    },
    outcome(name, props) {
      void whenReady(() => {
        const outcome = !destroyed && toOutcome(name, props);
        if (outcome) record('outcome', { outcome });
      });
    },
    show(surveyId, { force = false } = {}) {
      return whenReady(() => display(surveyId, 'show', force));
    },
    async flush() {
      if (permitted) await q().flush();
    },
    on(name, listener) {
      (listeners[name] ??= new Set()).add(listener);
      return () => listeners[name]!.delete(listener);
    },
    // Counting reads the queue: before consent this opens (and so creates) the empty database.
    stats: () => q().stats(),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      stops.forEach((stop) => stop());
      // Destroyed during start-up: the signals may exist before the page view is complete.
      view?._signals.destroy();
      showing?.destroy();
      queue?.stop();
    },
    debug(on = true) {
      // Loaded once; the chunk keeps explaining until the page goes.
      if (on && !debugging) {
        debugging = whenReady(() => loadUi('debug')).then((m) =>
          m.startDebug(pulse, options, (): DebugState => [config, validated, invalid, view._page, session, permitted, consent, gpc, caps(), busy, trigger(), loadError], display, win),
        );
      }
    },
    consent(granted) {
      // Given: completes a page view that waited for it. Withdrawn: stops, and deletes the queue, ids and caps.
      if ((consent = granted === true)) {
        if (booted && !permitted && !destroyed) openView();
      } else {
        permitted = false;
        showing?.destroy();
        local.clear();
        // The memory fallback never fails, so this never rejects.
        void q().clear();
      }
    },
  };

  // ── The pipeline ──────────────────────────────────────────────────────────
  /**
   * Start-up in two tasks, the page and its signals, then the session and triggers (the first flush takes a third):
   * each usually 15 to 40 ms on a 4× slower CPU, where one task did all of it (see BENCHMARKS.md).
   */
  const boot = async () => {
    if (destroyed) return;
    // The document's first page view began at navigation start, before this script ran.
    beginView(navigationType(win), undefined, 0);
    await nextTask();
    if (destroyed) return;
    booted = true;
    openView();
    stops.push(
      // The page is hidden (tab switch, navigation, close, back/forward cache): record, then send.
      listen(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && (recordPageView(true), queue?.flushOnHide())),
      // Not `unload`: pagehide keeps the page eligible for the back/forward cache. It also hands the sender role on.
      // It queues nothing: an IndexedDB write still running when the page is frozen makes Chromium evict it from the
      // cache (IgnoreEventAndEvict). The `pageview` comes from `visibilitychange`, or on a restore from the cache.
      listen(win, 'pagehide', () => queue?.flushOnHide(true)),
      listen(win, 'pageshow', (e: PageTransitionEvent) => {
        if (e.persisted) {
          // Back (or forward) to this page from the back/forward cache: a new page view of the same page.
          nextPageView('back_forward', view._page.type);
          void pulse.flush();
        }
      }),
      listen(win, 'online', () => void pulse.flush()),
      listen(win, 'click', (e: MouseEvent) => clickedOutcomes(config?.outcomes, e.target).map((name) => pulse.outcome(name))),
      // SPA navigations, without patching history: the Navigation API reports pushState, replaceState,
      // traversals and intercepted navigations once they have finished; popstate covers back/forward without it.
      // A new page view starts only when the path changed, so an app's own `page(type)` call right after wins.
      listen(win, 'popstate', onRoute),
    );
    const navigationApi = (win as { navigation?: EventTarget }).navigation;
    if (navigationApi) stops.push(listen(navigationApi, 'navigatesuccess', onRoute));
    if (config !== undefined && (typeof config !== 'object' || !Array.isArray(config?.surveys))) {
      // Too broken to read at all: load the validator once so the console names the problem.
      void display('', 'config');
    }
  };

  const ready: Promise<void> =
    config === undefined && options.configUrl
      ? loadDocument(options.configUrl, win)
          .then(
            ([loaded, vouched]) => {
              config = loaded;
              if (vouched) validated = loaded;
            },
            (message: string) => {
              console.error((loadError = message));
              report('config_load', message);
            },
          )
          .then(boot)
      : boot();
  if (options.debug || /[?&]cp-debug=1/.test(win.location.search)) pulse.debug();
  return pulse;
}
