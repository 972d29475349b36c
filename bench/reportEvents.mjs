// The event stream `bench/report.mjs` seeds: the same kind of shop as tests/fixtures/seedEvents.ts (visitors on
// desktop, tablet and phone browsing category, comparison and product pages; a confidence survey in two versions and
// two wording variants; follow-ups, comments and dismissals; purchases that confidence predicts), plus what that
// fixture leaves out because a report test does not need it but a database of real size has: a `pageview` per page
// view (most of the rows), the widget's full signal snapshot, visitors under Global Privacy Control (no ids, no
// signals), returning visitors answering again, and purchases days later.
//
// It is generated in chunks so that millions of events never sit in memory: each chunk is one slice of the time
// window, holds about `chunkEvents` events, uses ids with its own prefix (so chunks never collide), and is handed
// over sorted by time, as a collector would receive it.

/** Days of data; the report's default view is everything, and its filters are usually the last weeks. */
export const WINDOW_DAYS = 90;
/** The window ends this many days before today, so most 7-day windows (purchases after an answer) are complete. */
export const END_DAYS_AGO = 3;

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

const BLOCKERS = [
  { id: 'compare', text: 'An easier way to compare' },
  { id: 'reviews', text: 'More reviews' },
  { id: 'price', text: 'Clearer pricing' },
  { id: 'sizing', text: 'Sizing advice' },
];

/** Comments as the widget sends them (already scrubbed); some hostile, since the report must escape them. */
const COMMENTS = [
  'Sizes run small?',
  'Need the weight of each shoe, side by side',
  'Too many similar models',
  'Is the 2025 model any different?',
  'Which one is better for flat feet',
  'Delivery time not shown until checkout',
  '<script>alert("xss")</script>',
  '=HYPERLINK("http://evil.example","click me")',
];

const CATEGORY_PATHS = ['/c/shoes', '/c/shoes/running', '/c/shoes/trail', '/c/jackets', '/c/backpacks'];
/** The confidence question as each wording variant shows it. */
const SCALE_QUESTION = {
  A: { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you that you can pick the right product?' },
  B: { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How sure are you about which product to choose?' },
};
/** The follow-up shown after a low score. */
const CHOICE_QUESTION = { id: 'blocker', type: 'choice', multiple: true, options: BLOCKERS.map((o) => o.id), text: 'What would help you decide?' };
/** The optional last question of version 2. */
const TEXT_QUESTION = { id: 'comment', type: 'text', text: 'Anything else we should know?' };
const TRIGGERS = ['scrollDepth', 'scrollDepth', 'activeSeconds', 'activeSeconds', 'exitIntent', 'event'];
const LOCALES = ['en', 'en', 'en', 'en', 'de', 'de', 'fr'];

/** `YYYY-MM-DDT` of each day met so far: formatting the date part once per day is most of `toISOString`'s cost. */
const dayPrefixes = new Map();
const pad = (n, width) => String(n).padStart(width, '0');

/** `new Date(time).toISOString()`, about three times faster on this kind of machine. */
function isoTime(time) {
  const ms = Math.floor(time);
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) dayPrefixes.set(day, (prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)));
  let rest = ms - day * DAY_MS;
  const h = Math.floor(rest / HOUR_MS);
  rest -= h * HOUR_MS;
  const m = Math.floor(rest / 60_000);
  rest -= m * 60_000;
  const sec = Math.floor(rest / 1000);
  return `${prefix}${pad(h, 2)}:${pad(m, 2)}:${pad(sec, 2)}.${pad(rest - sec * 1000, 3)}Z`;
}

/** Seeded random numbers (Park–Miller, as in the fixture): the same size always writes the same events. */
function random(seed) {
  let state = seed % 2147483647 || 1;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/**
 * The time window of a seeding done today: `WINDOW_DAYS` days ending at midnight UTC `END_DAYS_AGO` days ago.
 * @param {number} [now]
 */
export function seedWindow(now = Date.now()) {
  const end = Math.floor(now / DAY_MS) * DAY_MS - END_DAYS_AGO * DAY_MS;
  return { start: end - WINDOW_DAYS * DAY_MS, end };
}

/**
 * Yields exactly `total` events, chunk by chunk (arrays of about `chunkEvents` events, each sorted by time).
 * @param {{ total: number, start: number, end: number, chunkEvents?: number }} options
 * @returns {Generator<object[]>}
 */
export function* generateEvents({ total, start, end, chunkEvents = 25_000 }) {
  const chunks = Math.max(1, Math.ceil(total / chunkEvents));
  const sliceMs = (end - start) / chunks;
  // Version 2 of the survey replaced version 1 halfway through the window.
  const switchAt = start + (end - start) / 2;
  for (let c = 0; c < chunks; c++) {
    // Spread the remainder over the first chunks so the sizes add up to `total` exactly.
    const target = Math.floor(total / chunks) + (c < total % chunks ? 1 : 0);
    yield generateChunk(c, target, start + c * sliceMs, sliceMs, end, switchAt);
  }
}

/**
 * One chunk: visitors whose first visit falls in [sliceStart, sliceStart + sliceMs), until `target` events.
 * Events after `end` (a purchase days later, past the last day of the window) are not collected yet and are left out.
 */
function generateChunk(chunk, target, sliceStart, sliceMs, end, switchAt) {
  const rand = random(1_000_003 + chunk * 7919);
  const prefix = `k${chunk.toString(36).padStart(4, '0')}`;
  /** Each event with its time in milliseconds: sorting on numbers is several times faster than on the ISO text. */
  const timed = [];
  let n = 0;
  let v = 0;
  const push = (event, time) => {
    if (time >= end) return;
    event.id = `${prefix}-e${(n++).toString(36).padStart(6, '0')}`;
    timed.push({ time, event });
  };
  while (timed.length < target) generateVisitor(rand, `${prefix}-v${(v++).toString(36).padStart(5, '0')}`, sliceStart + rand() * sliceMs, switchAt, push);
  // The last visitor's tail is cut off to hit the size exactly: an unfinished journey, as at any moment in real data.
  timed.length = target;
  // Ids grow in generation order, so ties on time keep it (the sort is stable).
  timed.sort((a, b) => a.time - b.time);
  return timed.map((item) => item.event);
}

/** A stable per-visitor draw in [0, 1), as the widget's sticky sampling is (a hash of the visitor id). */
function unitHash(text) {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967296;
}

/**
 * One visitor: one to three sessions hours or days apart, a few page views each, maybe a survey, maybe a purchase.
 * Events go to `push` in generation order, with their time in milliseconds and an id still to fill in.
 */
function generateVisitor(rand, visitorId, firstVisit, switchAt, push) {
  const pick = (items) => items[Math.floor(rand() * items.length)];
  // About 4% of browsers send Global Privacy Control: the widget then sends no visitor or session id and no signals.
  const gpc = rand() < 0.04;
  const device = rand() < 0.52 ? 'desktop' : rand() < 0.8 ? 'mobile' : 'tablet';
  const locale = pick(LOCALES);
  const variant = unitHash(visitorId) < 0.5 ? 'A' : 'B';
  // Version 2 of the survey samples half of the visitors (sticky per visitor); version 1 asked everyone.
  const sampledV2 = unitHash(`${visitorId}:decision-confidence`) < 0.5;
  const sessions = rand() < 0.62 ? 1 : rand() < 0.7 ? 2 : 3;
  const campaign = rand() < 0.15 ? { utm_source: pick(['newsletter', 'google', 'instagram']), utm_medium: pick(['email', 'cpc', 'social']) } : undefined;
  let t = firstVisit;
  let lastConfidence = null;
  let answeredBefore = false;
  let dismissedBefore = false;
  let cartPending = false;

  for (let s = 0; s < sessions; s++) {
    const sessionId = `${visitorId}-s${s}`;
    // Under GPC the ids stay undefined, which JSON (the stored body, a POST) leaves out.
    const vid = gpc ? undefined : visitorId;
    const sid = gpc ? undefined : sessionId;
    const journey = [];
    const pages = 1 + Math.floor(rand() * rand() * 7);
    let surveyedThisSession = false;
    let confidence = null;

    /** The widget's signal snapshot for a page view, at the moment of an event. */
    const snapshot = (pageIndex, activeMs, journeyNow) => {
      if (gpc) return undefined;
      const clicks = Math.floor(rand() * 12);
      const out = {
        activeMs: Math.round(activeMs),
        totalMs: Math.round(activeMs * (1.1 + rand())),
        hiddenMs: rand() < 0.2 ? Math.round(rand() * 30_000) : 0,
        maxScrollDepth: Math.round((0.2 + rand() * 0.8) * 100) / 100,
        scrollReversals: Math.floor(rand() * 5),
        clicks,
        rageClicks: rand() < 0.03 ? 1 : 0,
        idlePeriods: Math.floor(rand() * 3),
        productsViewed: Math.floor(rand() * 14),
        productsCompared: Math.floor(rand() * 3),
        filterChanges: Math.floor(rand() * 4),
        tracked: {},
        timeToFirstInteractionMs: clicks ? Math.round(800 + rand() * 9000) : undefined,
        inputModality: device === 'desktop' ? 'mouse' : 'touch',
        pageIndex,
        journey: journeyNow,
        navigationType: pageIndex === 1 || rand() < 0.85 ? 'navigate' : 'back_forward',
        viewport: device,
        locale,
      };
      return out;
    };
    /**
     * An event of this visitor; callers add the type's own fields (survey, question, answer, outcome).
     * One object literal of fixed shape (no spreads): generation would otherwise cost as much as the insert.
     */
    const event = (type, time, pageViewId, page, signals) => ({
      id: '',
      type,
      ts: isoTime(time),
      visitorId: vid,
      sessionId: sid,
      pageViewId,
      responseId: undefined,
      page,
      survey: undefined,
      question: undefined,
      answer: undefined,
      trigger: undefined,
      dismiss: undefined,
      outcome: undefined,
      locale,
      signals,
    });

    for (let p = 1; p <= pages; p++) {
      const pageType = p === 1 ? (rand() < 0.8 ? 'category' : 'comparison') : pick(['category', 'comparison', 'comparison', 'product', 'product']);
      journey.push(pageType);
      // Shared by this page view's events (they are only ever serialised, never changed).
      const journeyNow = journey.slice(-10);
      const pageViewId = `${sessionId}-p${p}`;
      const path =
        pageType === 'category' ? pick(CATEGORY_PATHS) : pageType === 'comparison' ? '/compare' : `/p/${1000 + Math.floor(rand() * 400)}`;
      const page = p === 1 && campaign ? { type: pageType, path, query: campaign } : { type: pageType, path };
      const pageStart = t;
      const dwell = 8_000 + rand() * 90_000;

      // The survey: category and comparison pages, at most once per session, version 2 only for sampled visitors.
      // A visitor who answered in an earlier session is asked again a third of the time (caps expired); one who
      // dismissed, rarely. Comparison pages show it more often (their trigger also counts compare clicks).
      const version = pageStart < switchAt ? 1 : 2;
      const eligible =
        !surveyedThisSession &&
        pageType !== 'product' &&
        (version === 1 || sampledV2) &&
        (!answeredBefore || rand() < 0.33) &&
        (!dismissedBefore || rand() < 0.1);
      if (eligible && rand() < (pageType === 'comparison' ? 0.4 : 0.25)) {
        surveyedThisSession = true;
        const responseId = `${pageViewId}-r`;
        const survey = { id: 'decision-confidence', version, variant, sampleRate: version === 2 ? 0.5 : 1 };
        /** An event of this survey display. */
        const shown = (type, time, signals) => {
          const e = event(type, time, pageViewId, page, signals);
          e.responseId = responseId;
          e.survey = survey;
          return e;
        };
        let at = pageStart + 5_000 + rand() * 30_000;
        const impression = shown('impression', at, snapshot(p, at - pageStart, journeyNow));
        impression.trigger = pick(TRIGGERS);
        push(impression, at);
        at += 1_500 + rand() * 8_000;
        if (rand() < 0.24) {
          dismissedBefore = true;
          const dismiss = shown('dismiss', at, snapshot(p, at - pageStart, journeyNow));
          dismiss.dismiss = { method: rand() < 0.6 ? 'close' : rand() < 0.7 ? 'escape' : 'navigation' };
          push(dismiss, at);
        } else {
          answeredBefore = true;
          const mean = (pageType === 'comparison' ? 2.6 : 3.5) + (variant === 'B' ? 0.25 : 0) - (device === 'mobile' ? 0.3 : 0) + (s > 0 ? 0.3 : 0);
          confidence = Math.max(1, Math.min(5, Math.round(mean + (rand() + rand() + rand() - 1.5) * 1.6)));
          lastConfidence = confidence;
          // Unsure visitors have been on the page longer and compared more products.
          const signals = snapshot(p, 8_000 + (6 - confidence) * 6_000 + rand() * 10_000, journeyNow);
          if (signals) {
            signals.productsCompared = confidence <= 2 ? Math.floor(rand() * 5) : Math.floor(rand() * 2);
            signals.timeToAnswerMs = Math.round(1_500 + rand() * 4_000);
          }
          const answer = shown('answer', at, signals);
          answer.question = SCALE_QUESTION[variant];
          answer.answer = { value: confidence, label: String(confidence) };
          push(answer, at);
          // Low scores get the follow-up (some close the card instead), now and then with a comment in "other".
          if (confidence <= 3 && rand() < 0.8) {
            at += 2_000 + rand() * 6_000;
            const chosen = BLOCKERS.filter(() => rand() < 0.4);
            if (!chosen.length) chosen.push(pick(BLOCKERS));
            const followUp = shown('answer', at, snapshot(p, at - pageStart, journeyNow));
            followUp.question = CHOICE_QUESTION;
            followUp.answer = { value: chosen.map((o) => o.id), label: chosen.map((o) => o.text).join(', '), other: rand() < 0.15 ? pick(COMMENTS) : undefined };
            push(followUp, at);
          }
          // Version 2 ends with an optional open question; a few type something.
          if (version === 2 && rand() < 0.12) {
            at += 4_000 + rand() * 20_000;
            const comment = shown('answer', at, snapshot(p, at - pageStart, journeyNow));
            comment.question = TEXT_QUESTION;
            comment.answer = { value: pick(COMMENTS) };
            push(comment, at);
          }
          at += 800 + rand() * 1_500;
          if (rand() < 0.93) push(shown('complete', at, snapshot(p, at - pageStart, journeyNow)), at);
          else {
            const left = shown('dismiss', at, snapshot(p, at - pageStart, journeyNow));
            left.dismiss = { method: 'navigation' };
            push(left, at);
          }
        }
      }

      // Adding to the cart happens on a product page; more often the more confident the visitor said they were.
      const stated = confidence ?? lastConfidence;
      if (pageType === 'product' && !cartPending && rand() < (stated === null ? 0.07 : 0.015 + 0.035 * (stated - 1))) {
        cartPending = true;
        const at = pageStart + dwell * (0.4 + rand() * 0.5);
        const cart = event('outcome', at, pageViewId, page, snapshot(p, at - pageStart, journeyNow));
        cart.outcome = { name: 'add_to_cart', value: 59 + Math.floor(rand() * 140), currency: 'EUR' };
        push(cart, at);
      }
      // The page view itself, sent when the page is first hidden, with the signals at that moment.
      t = pageStart + dwell;
      push(event('pageview', t, pageViewId, page, snapshot(p, dwell * (0.5 + rand() * 0.5), journeyNow)), t);
      t += 1_000 + rand() * 4_000;
    }

    // A cart is bought in this session more often when the visitor was confident; the rest may come back for it.
    const sure = confidence ?? lastConfidence;
    if (cartPending && rand() < (sure === null ? 0.5 : 0.25 + 0.1 * sure)) {
      cartPending = false;
      journey.push('checkout');
      const pageViewId = `${sessionId}-thanks`;
      t += 60_000 + rand() * 300_000;
      const page = { type: 'checkout', path: '/checkout/thank-you' };
      const journeyNow = journey.slice(-10);
      const purchase = event('outcome', t, pageViewId, page, snapshot(journey.length, 3_000, journeyNow));
      purchase.outcome = { name: 'purchase', value: 59 + Math.floor(rand() * 240), currency: 'EUR' };
      push(purchase, t);
      push(event('pageview', t + 20_000, pageViewId, page, snapshot(journey.length, 15_000, journeyNow)), t + 20_000);
    }
    // The next session: hours to days later.
    t += rand() < 0.5 ? HOUR_MS * (1 + rand() * 10) : DAY_MS * (1 + rand() * 5);
  }
}
