/**
 * The core's targeting on a page (happy-dom, fake timers and clock): trigger timing, frequency caps across
 * visits and days, sticky sampling and variants on every survey event, one survey at a time, SPA page views.
 * The real UI chunk renders the survey; only the transport is replaced (by the injected collaborator).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as ui from '../../src/widget/lazy';
import type { LoadUi } from '../../src/widget/chunks';
import { createPulseCore } from '../../src/widget/pulse';
import type { Pulse, PulseOptions } from '../../src/widget/pulseApi';
import { isSampled, pickVariant } from '../../src/widget/eligibility/assignVisitor';
import { eventSchema } from '../../src/contract/eventShapes';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 10, 2, 9);

const question = { id: 'q', type: 'scale', min: 1, max: 5, text: 'Sure?' };
const survey = (over: Record<string, unknown> = {}) => ({
  id: 's1',
  version: 1,
  pages: ['any'],
  trigger: { pageIndex: 1 },
  questions: [question],
  ...over,
});
const doc = (surveys: unknown[], over: Record<string, unknown> = {}) => ({ version: 1, pages: { any: { match: ['/**'] } }, surveys, ...over });

const running: Pulse[] = [];
/** One "visit": a new instance reading the same localStorage, as a new page load would. */
function visit(config: unknown) {
  const events: any[] = [];
  const pulse = createPulseCore(
    // Some visits load deliberately broken documents, as a page could at run time.
    { endpoint: 'https://collect.test/v1/events', config: config as PulseOptions['config'], transport: async () => ({ status: 200 }) },
    (async () => ui) as LoadUi,
  );
  for (const type of ['impression', 'answer', 'complete', 'dismiss'] as const) pulse.on(type, (e) => events.push(e));
  running.push(pulse);
  return { pulse, events };
}

const hosts = () => document.querySelectorAll('confidence-pulse');
const shadow = () => hosts()[0]!.shadowRoot!;
/** Lets the UI import resolve and the first frame pass (impression). */
const settle = () => vi.advanceTimersByTimeAsync(50);

/** `show()` under fake timers: the display yields to the event loop between its steps, so the clock must move. */
const show = async (pulse: { show(id: string, options?: { force?: boolean }): Promise<boolean> }, id: string, options?: { force?: boolean }) => {
  const shown = pulse.show(id, options);
  await settle();
  return shown;
};

let visibility: DocumentVisibilityState = 'visible';
const setVisibility = (next: DocumentVisibilityState) => {
  visibility = next;
  document.dispatchEvent(new Event('visibilitychange'));
};
const input = () => window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift' }));

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
  localStorage.clear();
  visibility = 'visible';
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => visibility });
});

afterEach(() => {
  running.splice(0).forEach((p) => p.destroy());
  document.body.replaceChildren();
  delete (document as { visibilityState?: unknown }).visibilityState;
  vi.useRealTimers();
});

describe('trigger timing', () => {
  it('activeSeconds counts only time that is visible and not idle', async () => {
    const { events } = visit(doc([survey({ trigger: { activeSeconds: 20 } })]));
    input();
    await vi.advanceTimersByTimeAsync(5000);
    input();
    await vi.advanceTimersByTimeAsync(4000);
    expect(hosts()).toHaveLength(0); // 9 s active

    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(hosts()).toHaveLength(0); // hidden time does not count

    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(60_000);
    // Only the first 10 s after the last input (returning to the tab counts as input) are active: 19 s.
    expect(hosts()).toHaveLength(0);

    input();
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(hosts()).toHaveLength(1);
    const impression = events.find((e) => e.type === 'impression');
    expect(impression.trigger).toBe('activeSeconds');
    expect(impression.signals.activeMs).toBeGreaterThanOrEqual(20_000);
    expect(impression.signals.activeMs).toBeLessThan(21_100);
    expect(impression.signals.hiddenMs).toBeGreaterThanOrEqual(60_000);
  });

  it('idleSeconds fires after that long without input, and never while hidden', async () => {
    const { events } = visit(doc([survey({ trigger: { idleSeconds: 8 } })]));
    for (let i = 0; i < 5; i++) {
      await vi.advanceTimersByTimeAsync(5000);
      input();
    }
    expect(hosts()).toHaveLength(0);
    setVisibility('hidden');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(hosts()).toHaveLength(0);
    setVisibility('visible');
    await vi.advanceTimersByTimeAsync(7000);
    expect(hosts()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2000);
    await settle();
    expect(hosts()).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'impression', trigger: 'idleSeconds' });
  });

  it('event + count fires on the nth track, and records which child of any fired', async () => {
    const { pulse, events } = visit(doc([survey({ trigger: { any: [{ activeSeconds: 600 }, { event: 'compare', count: 2 }] } })]));
    pulse.track('compare');
    await settle();
    expect(hosts()).toHaveLength(0);
    pulse.track('compare');
    await settle();
    expect(hosts()).toHaveLength(1);
    expect(events[0].trigger).toBe('event');
  });
});

describe('frequency caps, persisted across visits', () => {
  const capped = (frequency: unknown) => doc([survey({ frequency })]);

  it('cooldownDays and afterDismissDays, counted in days on the clock', async () => {
    const config = capped({ cooldownDays: 14, afterDismissDays: 30 });
    const first = visit(config);
    await settle();
    expect(hosts()).toHaveLength(1);
    shadow().querySelector<HTMLButtonElement>('.x')!.click();
    expect(first.events.map((e) => e.type)).toEqual(['impression', 'dismiss']);
    const stored = JSON.parse(localStorage.getItem('cp:caps')!).surveys.s1;
    expect(stored.shown - T0).toBeLessThan(100);
    expect(stored.dismissed).toBeGreaterThanOrEqual(stored.shown);
    first.pulse.destroy();

    for (const [at, shows] of [
      [T0 + 1 * DAY, false],
      [T0 + 15 * DAY, false], // the cooldown is over, the dismissal's 30 days are not
      [T0 + 31 * DAY, true],
    ] as const) {
      vi.setSystemTime(at);
      const next = visit(config);
      await settle();
      expect(hosts().length, new Date(at).toISOString()).toBe(shows ? 1 : 0);
      next.pulse.destroy();
      document.body.replaceChildren();
    }
  });

  it('once per visitor without cooldownDays, even a year later', async () => {
    const config = capped({});
    visit(config).pulse;
    await settle();
    expect(hosts()).toHaveLength(1);
    running.splice(0).forEach((p) => p.destroy());
    vi.setSystemTime(T0 + 365 * DAY);
    visit(config);
    await settle();
    expect(hosts()).toHaveLength(0);
  });

  it('show(id) respects the caps unless forced', async () => {
    const config = doc([survey({ trigger: { activeSeconds: 9999 }, frequency: { cooldownDays: 7 } })]);
    const first = visit(config);
    await settle();
    expect(await show(first.pulse, 's1')).toBe(true);
    await settle();
    expect(first.events[0]).toMatchObject({ type: 'impression', trigger: 'show' });
    first.pulse.destroy();

    vi.setSystemTime(T0 + 2 * DAY);
    const second = visit(config);
    expect(await show(second.pulse, 's1')).toBe(false);
    expect(hosts()).toHaveLength(0);
    expect(await show(second.pulse, 's1', { force: true })).toBe(true);
    expect(hosts()).toHaveLength(1);
    expect(await show(second.pulse, 'unknown', { force: true })).toBe(false);
  });

  it('maxPerSession counts across surveys; a new session (30 idle minutes) starts a new count', async () => {
    const config = doc([survey({ frequency: { cooldownDays: 1 } }), survey({ id: 's2' })]);
    const first = visit(config);
    await settle();
    expect(first.events.map((e) => e.survey.id)).toEqual(['s1']);
    shadow().querySelector<HTMLButtonElement>('.x')!.click();
    await vi.advanceTimersByTimeAsync(5000);
    expect(hosts()).toHaveLength(0); // s2 waits: one survey per session by default
    first.pulse.destroy();

    vi.setSystemTime(Date.now() + 10 * 60_000);
    visit(config);
    await settle();
    expect(hosts()).toHaveLength(0); // same session
    running.splice(0).forEach((p) => p.destroy());

    vi.setSystemTime(Date.now() + 31 * 60_000);
    const later = visit(config);
    await settle();
    expect(later.events.map((e) => e.survey.id)).toEqual(['s2']);
  });

  it('the document-level minimum gap holds between any two surveys', async () => {
    const config = doc([survey(), survey({ id: 's2' })], { frequency: { maxPerSession: 5, minGapMinutes: 60 } });
    const { events } = visit(config);
    await settle();
    shadow().querySelector<HTMLButtonElement>('.x')!.click();
    await vi.advanceTimersByTimeAsync(59 * 60_000);
    expect(hosts()).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    await settle();
    expect(hosts()).toHaveLength(1);
    expect(events.filter((e) => e.type === 'impression').map((e) => e.survey.id)).toEqual(['s1', 's2']);
  });
});

describe('one survey at a time', () => {
  it('never shows two, from one instance or two', async () => {
    const config = doc([survey(), survey({ id: 's2' })], { frequency: { maxPerSession: 5 } });
    const a = visit(config);
    const b = visit(config);
    await vi.advanceTimersByTimeAsync(3000);
    expect(hosts()).toHaveLength(1);
    expect([...a.events, ...b.events].filter((e) => e.type === 'impression')).toHaveLength(1);
    // Once it is closed, the next eligible survey may show.
    shadow().querySelector<HTMLButtonElement>('.x')!.click();
    await vi.advanceTimersByTimeAsync(2000);
    expect(hosts()).toHaveLength(1);
  });
});

describe('sampling and variants', () => {
  const sampled = (inside: boolean) => {
    for (let i = 0; ; i++) if (isSampled(`visitor-${i}`, 's1', 0.5) === inside) return `visitor-${i}`;
  };
  const remember = (id: string) => localStorage.setItem('cp:visitor', JSON.stringify({ id, created: T0 }));
  const variants = [
    { id: 'A', weight: 1 },
    { id: 'B', weight: 1, text: { q: 'Variant B?' } },
  ];

  it('every survey event carries sampleRate and the sticky variant', async () => {
    const visitor = sampled(true);
    remember(visitor);
    const { events } = visit(doc([survey({ sample: 0.5, variants, questions: [question, { ...question, id: 'q2' }] })]));
    await settle();
    const variant = pickVariant(visitor, 's1', variants)!;
    expect(shadow().querySelector('h2')!.textContent).toBe(variant.id === 'B' ? 'Variant B?' : 'Sure?');
    shadow().querySelectorAll('label')[3]!.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    shadow().querySelector<HTMLButtonElement>('.x')!.click();
    expect(events.map((e) => e.type)).toEqual(['impression', 'answer', 'dismiss']);
    for (const event of events) expect(event.survey).toEqual({ id: 's1', version: 1, variant: variant.id, sampleRate: 0.5 });
  });

  it('a visitor sampled out never sees it, not even through show() without force', async () => {
    remember(sampled(false));
    const { pulse } = visit(doc([survey({ sample: 0.5 })]));
    await vi.advanceTimersByTimeAsync(5000);
    expect(hosts()).toHaveLength(0);
    expect(await show(pulse, 's1')).toBe(false);
  });
});

describe('single-page apps', () => {
  afterEach(() => history.replaceState(null, '', '/'));

  it('a path change on popstate starts a new page view and dismisses the survey as a navigation', async () => {
    const config = doc([survey({ pages: ['list'] })], { pages: { list: { match: ['/list'] }, other: { match: ['/other'] } } });
    history.replaceState(null, '', '/list');
    const { pulse, events } = visit(config);
    await settle();
    expect(hosts()).toHaveLength(1);

    history.replaceState(null, '', '/list?sort=price#top');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(hosts()).toHaveLength(1); // same path: same page view

    history.pushState(null, '', '/other');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(hosts()).toHaveLength(0);
    expect(events.at(-1)).toMatchObject({ type: 'dismiss', dismiss: { method: 'navigation' }, page: { type: 'list', path: '/list' } });

    const outcome = await new Promise<any>((resolve) => {
      pulse.on('outcome', resolve);
      pulse.outcome('probe');
    });
    expect(outcome.page).toEqual({ type: 'other', path: '/other' });
    expect(outcome.pageViewId).not.toBe(events[0].pageViewId);
    expect(outcome.signals.pageIndex).toBe(2);

    // After destroy, navigation is no longer watched: no page view is counted.
    pulse.destroy();
    const pages = () => JSON.parse(localStorage.getItem('cp:session')!).pages;
    expect(pages()).toBe(2);
    history.pushState(null, '', '/list');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(pages()).toBe(2);
    expect(hosts()).toHaveLength(0);
  });
});

describe('events', () => {
  it('an answer is built once, in the core: the display\'s context, the answer\'s details and timings, the page view around them', async () => {
    const { events } = visit(doc([survey()]));
    await settle();
    await settle();
    const point = shadow().querySelectorAll<HTMLInputElement>('input[type="radio"]')[2]!;
    point.dispatchEvent(new MouseEvent('click', { bubbles: true, detail: 1 }));
    await settle();
    const [impression, answer] = events;
    expect(impression).toMatchObject({ type: 'impression', trigger: 'pageIndex' });
    expect(answer).toMatchObject({
      type: 'answer',
      // The display's context, handed over by presentSurvey.
      responseId: impression.responseId,
      survey: { id: 's1', version: 1, sampleRate: 1 },
      trigger: 'pageIndex',
      // The answer's details.
      question: { id: 'q', type: 'scale', text: 'Sure?', min: 1, max: 5 },
      answer: { value: 3 },
      // The core's parts: ids, the page view, and the signals of the moment with the answer's own timings.
      visitorId: impression.visitorId,
      sessionId: impression.sessionId,
      pageViewId: impression.pageViewId,
      page: { type: 'any', path: '/' },
      signals: { pageIndex: 1, navigationType: 'navigate', answerChanges: 0, timeToAnswerMs: expect.any(Number) },
    });
    expect(answer.id).not.toBe(impression.id);
    expect(typeof answer.signals.activeMs).toBe('number');
    expect(eventSchema.safeParse(answer).success).toBe(true);
  });
});
