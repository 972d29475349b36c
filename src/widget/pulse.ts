import type { Survey, SurveyDocument } from '../contract/documentShapes';
import type { PulseEvent } from '../contract/eventShapes';
import type { Chunks, LoadUi } from './chunks';
import type { DebugState, Pulse, PulseEventName, PulseOptions } from './pulseApi';
import type { PulseError } from './pulseEvents';
import { isEndpointUrl } from './lib/isEndpointUrl';
import { createId } from './lib/createId';
import { listen } from './lib/listen';
import { nextTask } from './lib/nextTask';
import { createLocalState } from './lib/createLocalState';
import { loadDocument } from './startUp/loadDocument';
import { isPermitted } from './privacy/isPermitted';
import { createQueue, type Queue } from './outbox/createQueue';
import { fetchTransport } from './outbox/transport';
import type { SessionInfo } from './pageView/trackSession';
import type { PageView } from './pageView/pageView';
import { describePage } from './pageView/describePage';
import { openSession } from './pageView/openSession';
import { createPageSignals } from './pageView/signals/createPageSignals';
import { navigationType } from './pageView/pageContext';
import type { CapsState } from './eligibility/frequency';
import type { TriggerState } from './eligibility/firedTrigger';
import { isEligible } from './eligibility/isEligible';
import { pickSurvey } from './eligibility/pickSurvey';
import { isHalfVisible } from './eligibility/isHalfVisible';
import type { PresentedSurvey } from './display/presentSurvey';
import { buildEvent } from './events/buildEvent';
import type { EventDetails, SurveyContext } from './events/eventParts';
import { urlOutcomes } from './outcomes/urlOutcomes';
import { clickedOutcomes } from './outcomes/clickedOutcomes';
import { toOutcome } from './outcomes/toOutcome';


/** Starts every console message of the script tag (one string for the core and `embed.ts`). */
export const PREFIX = '[confidence-pulse]';

/**
 * One instance: the state of one page's widget, and the wiring of its stages, each a function in its stage's folder
 * that takes data and hands data on: start-up (`loadDocument`) → page view (`describePage` and the signals make a
 * `PageView`; `openSession` its session, once consent (`isPermitted`) is known) → eligibility (`pickSurvey` with
 * `isEligible`, on every signals change) → display (`display` here: the UI chunk's `presentSurvey`) → events
 * (`buildEvent`, the one place an event is made, then `record`: `beforeSend`, the outbox, `on()` listeners,
 * destinations) ← outcomes (`urlOutcomes`, `clickedOutcomes`, `toOutcome`). What the stages share (the page view,
 * the session, consent, what is on screen) is this closure's state; see CONTRIBUTING, "The stages are functions that hand data on".
 * Entries call this: `createPulse` (npm) and the script tag's `init`.
 */
export function createPulseCore(options: PulseOptions, loadUi: LoadUi, win: Window = window): Pulse {
  // ── Start-up: listeners, the endpoint check, the outbox (on first use), GPC and consent ──
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
  /** A problem of the set-up (the document): in the console in every mode, and on `on('error')`. */
  const complain = (reason: string, message: string) => {
    console.error(message);
    report(reason, message);
  };

  const local = createLocalState(win);
  /**
   * A relative endpoint (`"undefined"` from an unset build variable) would post to a different wrong URL on each page:
   * it is an error at once, in the console and on `on('error')`, and nothing is sent, so every event stays queued.
   */
  const badEndpoint = !isEndpointUrl(options.endpoint) && `${PREFIX} endpoint "${options.endpoint}" is not an absolute or root-relative URL; events stay queued`;
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
  /** Global Privacy Control, when honoured: no stored ids, no ids or signals in events, no destinations. */
  const gpc = options.gpc !== false && !!(win.navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
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
  /** Forwards an event to the destinations, once their chunk has loaded (set at start-up when any is named). */
  let forwarder: Promise<(event: PulseEvent) => void> | undefined;
  /** This page view, from the page-view stage: its page, id, navigation and signals. */
  let view: PageView;
  let session: SessionInfo;
  /** This page view's `pageview` is queued (or not wanted): one per page view, however often it is hidden. */
  let recorded = false;
  let booted = false;
  const stops: (() => void)[] = [];
  /** Runs `fn` now if the document is loaded, else once it is: commands before that are not lost. */
  const whenReady = <T>(fn: () => T | Promise<T>): Promise<T> => (booted ? Promise.resolve(fn()) : ready.then(fn));

  // ── Events: built in one place (`buildEvent`), then filtered, stored, announced and forwarded ──
  /** Builds, filters (`beforeSend`), stores, then announces and forwards an event; nothing at all without consent. */
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
      if (real) forwarder?.then((forward) => forward(event));
    }
  };

  // ── Eligibility: which survey may show, and whether its trigger fired ──
  const caps = (): CapsState => local.get<CapsState>('caps') ?? { surveys: {} };
  const eligible = (survey: Survey): boolean => isEligible(survey, view._page.type, session, config?.frequency, caps());

  // ── Display: the UI chunk, validation, `presentSurvey` ──
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
          complain('invalid_config', checked.error);
        }
        validated = checked.data;
      }
      const survey = validated?.surveys.find((s) => s.id === surveyId);
      if (!destroyed && survey && permitted && (force || eligible(survey))) {
        await nextTask();
        if (!destroyed) {
          showing = ui.presentSurvey(
            survey,
            trigger,
            session.visitorId,
            createId(),
            options,
            record,
            win,
            // After consent(false) the caps stay deleted.
            (change) => permitted && local.set('caps', change(caps(), session.sessionId)),
            () => {
              showing = undefined;
              busy = false;
            },
          );
        }
      }
    } catch (error) {
      report('internal', String(error));
    }
    // Busy while a survey is on screen (until `onClosed`); free again when nothing was shown.
    return (busy = !!showing);
  };

  /** What triggers see of the page view now. */
  const triggerState = (): TriggerState => ({
    ...view._signals._state(),
    pageIndex: session.pageIndex,
    isVisible: (selector: string) => isHalfVisible(selector, doc),
  });

  /** Re-checks every eligible survey's trigger; runs on each signals change (scroll frame, 1 s tick, input, track). */
  const evaluate = () => {
    const picked = !busy && !destroyed && !invalid && permitted && pickSurvey(config, triggerState(), eligible);
    if (picked) void display(...picked);
  };

  // ── Page view: the page, its signals, the session (after consent), and its URL outcomes ──

  /**
   * Counts the page view in the session and, when allowed, sends what earlier pages left queued and arms the triggers.
   * Before consent, and always under GPC, the ids live in memory for this page view only: nothing identifies the visitor.
   */
  const startSession = () => {
    permitted = isPermitted(consent, options.consent, config?.consent);
    session = openSession(local, view._page.type, permitted && !gpc);
    // In a task of its own: opening IndexedDB and the first request must not lengthen the start-up task.
    if (permitted) void nextTask().then(() => void (!destroyed && permitted && q().flush()));
    // A reloaded or revisited thank-you page is not a second purchase.
    if (view._navigation === 'navigate') urlOutcomes(config?.outcomes, view._page.path).map((name) => record('outcome', { outcome: { name } }));
    evaluate();
  };

  /**
   * Describes the page and starts its signals; `startSession` completes the page view. `navigation`: how it was
   * reached. `start`: when it began on the `performance.now()` clock (0 for the document's first).
   */
  const beginPageView = (navigation: string, type?: string, start?: number) => {
    recorded = false;
    view = {
      _page: describePage(win, config?.pages, options.queryParams, type),
      _id: createId(),
      _navigation: navigation,
      _signals: createPageSignals(win, undefined, start, evaluate),
    };
  };

  /**
   * With `recordPageViews`, queues this page view's one `pageview`, with the signals at its first hide:
   * the last moment a page is sure to be observed (mobile browsers may discard a hidden tab unannounced).
   */
  const recordPageView = (hiding?: boolean) => {
    if (!recorded && config?.recordPageViews === true) record('pageview', {}, undefined, hiding);
    recorded = true;
  };

  /** The page is hidden (tab switch, navigation, close, back/forward cache): record, then send. */
  const onHide = () => {
    recordPageView(true);
    queue?.flushOnHide();
  };

  /** The page view ends without a document unload: an SPA navigation or a restore from the back/forward cache. */
  const nextPageView = (navigation: string, type?: string) => {
    recordPageView();
    showing?.dismiss('navigation');
    view._signals.destroy();
    beginPageView(navigation, type);
    startSession();
  };

  const onRoute = () => win.location.pathname != view._page.path && pulse.page();

  let debugging: Promise<void> | undefined;

  // ── The public methods: page, track, outcome, show, consent… ──
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
          m.startDebug(pulse, options, (): DebugState => [config, validated, invalid, view._page, session, permitted, consent, gpc, caps(), busy, triggerState(), loadError], display),
        );
      }
    },
    consent(granted) {
      if ((consent = granted === true)) {
        if (booted && !permitted && !destroyed) startSession();
      } else {
        permitted = false;
        showing?.destroy();
        local.clear();
        // The memory fallback never fails, so this never rejects.
        void q().clear();
      }
    },
  };

  // ── The pipeline: the survey document, then the first page view in two tasks, then the page's listeners ──
  /**
   * Start-up in two tasks, the page and its signals, then the session and triggers (the first flush takes a third):
   * each usually 15 to 40 ms on a 4× slower CPU, where one task did all of it (see BENCHMARKS.md).
   */
  const boot = async () => {
    if (destroyed) return;
    // The document's first page view began at navigation start, before this script ran.
    beginPageView(navigationType(win), undefined, 0);
    await nextTask();
    if (destroyed) return;
    booted = true;
    // Asked for before any event needs it, so that an outcome clicked on the way out of the page is not forwarded
    // late. Every event waits on this one load, so the tools see them in the order they were recorded; a load that
    // fails is reported for each event, and costs no stored event.
    if (options.destinations?.[0] && !gpc) {
      forwarder = loadUi('destinations').then(
        (chunk) => (event) => chunk.forwardEvent(event, options.destinations!, win).map((destination) => report('destination', destination)),
        (error) => () => report('internal', String(error)),
      );
    }
    startSession();
    stops.push(
      listen(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && onHide()),
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
      listen(win, 'click', (event: MouseEvent) => clickedOutcomes(config?.outcomes, event.target).map((name) => pulse.outcome(name))),
      // SPA navigations, without patching history: the Navigation API reports pushState, replaceState,
      // traversals and intercepted navigations once they have finished; popstate covers back/forward without it.
      // A new page view starts only when the path changed, so an app's own `page(type)` call right after wins.
      listen(win, 'popstate', onRoute),
    );
    const navigationApi = (win as { navigation?: EventTarget }).navigation;
    if (navigationApi) stops.push(listen(navigationApi, 'navigatesuccess', onRoute));
    if (config !== undefined && !Array.isArray(config?.surveys)) {
      // Too broken to read at all (null, a string, no `surveys` list): load the validator once so the console names the problem.
      void display('', 'config');
    }
  };

  const ready: Promise<void> =
    config === undefined && options.configUrl
      ? loadDocument(options.configUrl, (document, checked) => {
          config = document;
          if (checked) validated = config;
        })
          .catch((error) =>
            complain('config_load', (loadError = `${PREFIX} could not load the survey document from ${options.configUrl}: ${error?.message ?? error}`)),
          )
          .then(boot)
      : boot();
  if (options.debug || /[?&]cp-debug=1/.test(win.location.search)) pulse.debug();
  return pulse;
}
