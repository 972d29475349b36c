import type { Survey, SurveyDocument } from '../contract/documentShapes';
import type { PulseEvent } from '../contract/eventShapes';
import type { Chunks, LoadUi } from './chunks';
import type { DebugState, Pulse, PulseEventName, PulseOptions } from './pulseApi';
import type { PulseError } from './pulseEvents';
import { isEndpointUrl } from './lib/isEndpointUrl';
import { VALIDATED_HEADER } from '../contract/validatedHeader';
import { createId } from './lib/createId';
import { listen } from './lib/listen';
import { nextTask } from './lib/nextTask';
import { keptQuery } from './privacy/keptQuery';
import { createQueue, type Queue } from './outbox/createQueue';
import { fetchTransport } from './outbox/transport';
import { trackPageView, type SessionInfo } from './pageView/trackSession';
import { createPageSignals, type PageSignals } from './pageView/createPageSignals';
import { navigationType, viewportClass } from './pageView/pageContext';
import { createLocalState } from './lib/createLocalState';
import { isSampled } from './eligibility/assignVisitor';
import { classifyPage, declaredPageType } from './eligibility/classifyPage';
import { canShow, type CapsState } from './eligibility/frequency';
import { matchesRule } from './eligibility/matchesRule';
import { firedTrigger, type TriggerState } from './eligibility/firedTrigger';
import { isHalfVisible } from './eligibility/isHalfVisible';
import type { PresentedSurvey } from './display/presentSurvey';
import type { EventDetails, SurveyContext } from './events/eventParts';


/** Starts every console message of the script tag (one string for the core and `embed.ts`). */
export const PREFIX = '[confidence-pulse]';

/**
 * One instance, its stages in the order data flows through them, each under a heading below: start-up (options,
 * the endpoint check, GPC, the survey document) → page view (`beginPageView`: page, id, signals; then
 * `openSession`: consent, session, URL outcomes) → eligibility (`eligible`, `evaluate` on every signals change) →
 * display (`display`: the UI chunk's `presentSurvey`) → events (`buildEvent`, the one place an event is made, and
 * `record`: `beforeSend`, the outbox, `on()` listeners, destinations) ← outcomes (URL rules, clicks, `outcome()`).
 * The stages share this closure's state rather than an object or arguments: each other form measured cost the
 * script tag 95 to 300 B brotli (see CONTRIBUTING, "The core is one closure").
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
  let signals: PageSignals;
  let session: SessionInfo;
  let pageViewId: string;
  let page: PulseEvent['page'];
  let navigation = navigationType(win);
  /** This page view's `pageview` is queued (or not wanted): one per page view, however often it is hidden. */
  let recorded = false;
  let booted = false;
  const stops: (() => void)[] = [];
  /** Runs `fn` now if the document is loaded, else once it is: commands before that are not lost. */
  const whenReady = <T>(fn: () => T | Promise<T>): Promise<T> => (booted ? Promise.resolve(fn()) : ready.then(fn));

  // ── Events: built here only, then filtered, stored, announced and forwarded ──
  /**
   * The one place an event is made, from its parts: a new id and time, the visitor and session, the page view and its
   * page, the language, the survey's context (survey events: `presentSurvey` hands it over with the answer), the
   * event's own details, and the signals of this moment (the page view's, the session's, then the answer's own
   * timings). Under GPC the ids and signals are left out. A closure, not a module of its own: its eleven inputs
   * passed as arguments cost the script tag 35 B brotli.
   */
  const buildEvent = (type: PulseEvent['type'], details: EventDetails, survey?: SurveyContext): PulseEvent => {
    const event: PulseEvent = {
      id: createId(),
      type,
      ts: new Date().toISOString(),
      visitorId: session.visitorId,
      sessionId: session.sessionId,
      pageViewId,
      page: { ...page },
      locale: options.locale ?? (doc.documentElement.lang || win.navigator.language),
      ...survey,
      ...details,
      signals: {
        ...signals._snapshot(),
        pageIndex: session.pageIndex,
        journey: session.journey,
        navigationType: navigation,
        viewport: viewportClass(win.innerWidth),
        locale: win.navigator.language,
        ...details.signals,
      },
    };
    if (gpc) {
      // Under GPC even the survey's own timings stay on the page.
      delete event.visitorId;
      delete event.sessionId;
      delete event.signals;
    }
    return event;
  };

  /** Builds, filters (`beforeSend`), stores, then announces and forwards an event; nothing at all without consent. */
  const record = (type: PulseEvent['type'], details: EventDetails = {}, survey?: SurveyContext, hiding?: boolean) => {
    if (!permitted) return;
    let event: PulseEvent | null | false | undefined = buildEvent(type, details, survey);
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
  const surveys = (): Survey[] => (Array.isArray(config?.surveys) ? config.surveys : []);
  const caps = (): CapsState => local.get<CapsState>('caps') ?? { surveys: {} };
  const rulesOf = (survey: Survey) => ({ ...survey.frequency, ...config?.frequency });

  /** Surveys targeting this page that the visitor is sampled into and the caps allow. */
  const eligible = (survey: Survey): boolean =>
    !!survey &&
    Array.isArray(survey.pages) &&
    survey.pages.includes(page.type as string) &&
    isSampled(session.visitorId, survey.id, typeof survey.sample === 'number' ? survey.sample : 1) &&
    canShow(survey.id, rulesOf(survey), caps(), session.sessionId, Date.now());

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
    ...signals._state(),
    pageIndex: session.pageIndex,
    isVisible: (selector: string) => isHalfVisible(selector, doc),
  });

  /** Re-checks every eligible survey's trigger; runs on each signals change (scroll frame, 1 s tick, input, track). */
  const evaluate = () => {
    if (busy || destroyed || invalid || !permitted) return;
    const state = triggerState();
    for (const survey of surveys()) {
      if (!eligible(survey)) continue;
      const trigger = firedTrigger(survey.trigger, state);
      if (trigger) {
        void display(survey.id, trigger);
        return;
      }
    }
  };

  // ── Outcomes (URL rules here; clicks and `outcome()` below) and the page view: the page, its signals, the session ──
  /** Outcomes defined by URL rules fire on the page view that matches them. */
  const urlOutcomes = () => {
    for (const [name, rule] of Object.entries<any>(config?.outcomes ?? {})) {
      if (rule && matchesRule(rule, page.path)) record('outcome', { outcome: { name } });
    }
  };

  /** True when storing and sending are allowed: the page's `consent(…)` call, else whether options or document require one. */
  const allowed = () => consent ?? (options.consent !== 'required' && config?.consent !== 'required');

  /**
   * Counts the page view in the session and, when allowed, sends what earlier pages left queued and arms the triggers.
   * Before consent, and always under GPC, the ids live in memory for this page view only: nothing identifies the visitor.
   */
  const openSession = () => {
    permitted = allowed();
    session = permitted && !gpc ? trackPageView(local, page.type) : ({ visitorId: createId(), sessionId: '', pageIndex: 1 } as SessionInfo);
    // In a task of its own: opening IndexedDB and the first request must not lengthen the start-up task.
    if (permitted) void nextTask().then(() => void (!destroyed && permitted && q().flush()));
    // A reloaded or revisited thank-you page is not a second purchase.
    if (navigation === 'navigate') urlOutcomes();
    evaluate();
  };

  /**
   * Classifies the page and starts its signals; `openSession` completes the page view.
   * `start`: when the page view began on the `performance.now()` clock (0 for the document's first).
   */
  const beginPageView = (type?: string, start?: number) => {
    const path = win.location.pathname;
    const pageType = type ?? classifyPage(config?.pages, path, declaredPageType(doc));
    const query = keptQuery(win.location.search, options.queryParams);
    page = { path };
    if (pageType) page.type = pageType;
    if (query) page.query = query;
    pageViewId = createId();
    recorded = false;
    signals = createPageSignals(win, undefined, start, evaluate);
  };

  const startPageView = (type?: string) => {
    beginPageView(type);
    openSession();
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
  const nextPageView = (nav: string, type?: string) => {
    recordPageView();
    showing?.dismiss('navigation');
    signals.destroy();
    navigation = nav;
    startPageView(type);
  };

  const onClick = (event: MouseEvent) => {
    const target = event.target;
    if (!(target instanceof Element)) return;
    const named = target.closest('[data-cp-outcome]')?.getAttribute('data-cp-outcome');
    if (named) pulse.outcome(named);
    for (const [name, rule] of Object.entries<any>(config?.outcomes ?? {})) {
      try {
        // One outcome per name and click, even when `data-cp-outcome` and a selector rule both match.
        if (name !== named && typeof rule?.selector === 'string' && target.closest(rule.selector)) pulse.outcome(name);
      } catch {
        // An invalid selector in the document matches nothing.
      }
    }
  };

  const onRoute = () => win.location.pathname != page.path && pulse.page();

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
        if (!destroyed && typeof name === 'string' && name) signals.track(name, Number.isFinite(props?.count) ? props!.count : 1);
      });
    },
    outcome(name, props = {}) {
      void whenReady(() => {
        if (destroyed || typeof name !== 'string' || !name) return;
        const outcome: NonNullable<PulseEvent['outcome']> = { name };
        // NaN and Infinity would reach the collector as null and get the event rejected.
        if (Number.isFinite(props.value)) outcome.value = props.value!;
        if (typeof props.currency === 'string') outcome.currency = props.currency;
        record('outcome', { outcome });
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
      signals?.destroy();
      showing?.destroy();
      queue?.stop();
    },
    debug(on = true) {
      // Loaded once; the chunk keeps explaining until the page goes.
      if (on && !debugging) {
        debugging = whenReady(() => loadUi('debug')).then((m) =>
          m.startDebug(pulse, options, (): DebugState => [config, validated, invalid, page, session, permitted, consent, gpc, caps(), busy, triggerState(), loadError], display),
        );
      }
    },
    consent(granted) {
      if ((consent = granted === true)) {
        if (booted && !permitted && !destroyed) openSession();
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
    beginPageView(undefined, 0);
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
    openSession();
    stops.push(
      listen(doc, 'visibilitychange', () => doc.visibilityState === 'hidden' && onHide()),
      // Not `unload`: pagehide keeps the page eligible for the back/forward cache. It also hands the sender role on.
      // It queues nothing: an IndexedDB write still running when the page is frozen makes Chromium evict it from the
      // cache (IgnoreEventAndEvict). The `pageview` comes from `visibilitychange`, or on a restore from the cache.
      listen(win, 'pagehide', () => queue?.flushOnHide(true)),
      listen(win, 'pageshow', (e: PageTransitionEvent) => {
        if (e.persisted) {
          // Back (or forward) to this page from the back/forward cache: a new page view of the same page.
          nextPageView('back_forward', page.type);
          void pulse.flush();
        }
      }),
      listen(win, 'online', () => void pulse.flush()),
      listen(win, 'click', onClick),
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
      ? // The page's first request costs the main thread more than evaluating this script (about 15 ms of a
        // 4× slower CPU in Chromium): in a task of its own, it does not lengthen the script's.
        nextTask()
          // fetch's default credentials, `same-origin`: cookies go to the page's own origin only.
          .then(() => fetch(options.configUrl!))
          .then(async (response) => {
            if (!response.ok) throw Error(`HTTP ${response.status}`);
            config = await response.json();
            // The collector publishes only documents that passed `validate`'s checks, and says so.
            if (response.headers.get(VALIDATED_HEADER)) validated = config;
          })
          .catch((error) =>
            complain('config_load', (loadError = `${PREFIX} could not load the survey document from ${options.configUrl}: ${error?.message ?? error}`)),
          )
          .then(boot)
      : boot();
  if (options.debug || /[?&]cp-debug=1/.test(win.location.search)) pulse.debug();
  return pulse;
}
