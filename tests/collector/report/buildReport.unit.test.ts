/**
 * The report's numbers and verdict from events, through the in-memory oracle (the stores are held to the
 * same units in tests/collector/reportUnits.test.ts). Every expected value is worked out by hand here.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, toColumnValues, toStoredEvent, type EventRow } from '../../../src/collector/eventColumns';
import { loadReport } from '../../../src/collector/report/loadReport';
import { memoryReportSource } from '../../../src/collector/report/memoryReportSource';
import type { ReportData } from '../../../src/collector/report/reportData';
import { pickOutcome, readSettings, type ReportChoices } from '../../../src/collector/report/reportSettings';
import type { EventFilter, Facets, StoredEvent } from '../../../src/collector/store';
import type { PulseEvent } from '../../../src/contract/eventShapes';
import { MIN_PER_CLASS } from '../../../src/collector/stats/minimumData';
import { answerEvents, answeringTwice, anonymousAnswers, at, eightAnswers, HOUR, NOW, recentAnswers, T0, type Answer } from '../../fixtures/reportScenarios';

/** An event as the store hands it back, through the real column mapping. */
function stored(event: PulseEvent): StoredEvent {
  const values = toColumnValues(event, event.ts, null);
  return toStoredEvent(Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, values[i]])) as unknown as EventRow);
}

let counter = 0;
/** An extra event of a test, completed with an id and a page view. */
function extra(event: Partial<PulseEvent> & Pick<PulseEvent, 'type' | 'ts'>): StoredEvent {
  return stored({ id: `extra-${String(++counter).padStart(6, '0')}`, pageViewId: `pv${counter}`, page: { path: '/' }, ...event } as PulseEvent);
}

function facetsOf(events: readonly StoredEvent[]): Facets {
  return {
    surveys: [{ id: 'decision-confidence', versions: [1] }],
    pageTypes: [...new Set(events.map((e) => e.pageType).filter((p): p is string => p !== null))].sort(),
    devices: [],
    outcomes: [...new Set(events.map((e) => e.outcomeName).filter((p): p is string => p !== null))].sort(),
    scaleQuestions: ['confidence'],
  };
}

async function report(events: StoredEvent[], choices: ReportChoices = {}, filter: EventFilter = {}, configured?: string): Promise<ReportData> {
  const read = readSettings(facetsOf(events), choices, { now: NOW, outcome: configured });
  if (!read.ok) throw new Error(read.error);
  const sorted = [...events].sort((a, b) => a.ts.localeCompare(b.ts) || a.id.localeCompare(b.id));
  return loadReport(memoryReportSource(sorted), filter, read.settings);
}

const answers = (list: Answer[]) => answerEvents(list).map(stored);

describe('the verdict', () => {
  it('says "not enough data" for 8 answers and 1 buyer, with how many more it needs', async () => {
    const data = await report(answers(eightAnswers()));
    const { verdict } = data.outcome;
    expect(verdict.state).toBe('insufficient');
    expect(verdict.needs).toEqual({ converting: MIN_PER_CLASS - 1, notConverting: Math.max(0, MIN_PER_CLASS - 7) });
    expect(verdict.headline).toMatch(/^Not enough data yet: needs about \d+ more visitors with purchase within 7 days/);
    // The AUC is still shown, with its interval: 1 buyer at the top of 8.
    expect(data.overall.auc!.auc).toBeCloseTo(1, 12);
  });

  it('says yes when confidence separates buyers well, and no evidence when it does not', async () => {
    const strong: Answer[] = [];
    const none: Answer[] = [];
    for (let i = 0; i < 200; i++) {
      const value = 1 + (i % 5);
      // Strong: the top two levels buy (half of them), the rest rarely (1 in 10).
      strong.push({ visitor: `s${i}`, value, buysAfter: value >= 4 ? (i % 2 ? 3 : null) : Math.floor(i / 5) % 10 === 0 ? 3 : null });
      // None: one visitor in three buys at every level alike.
      none.push({ visitor: `n${i}`, value, buysAfter: Math.floor(i / 5) % 3 === 0 ? 3 : null });
    }
    const yes = await report(answers(strong));
    expect(yes.outcome.verdict.state).toBe('yes');
    expect(yes.outcome.verdict.headline).toBe('Yes: confidence predicts purchase within 7 days.');
    expect(yes.overall.auc!.low).toBeGreaterThan(0.5);
    expect(yes.outcome.trend!.oddsRatio).toBeGreaterThan(1);

    const no = await report(answers(none));
    // Exactly equal conversion at every level: AUC 0.5 and an odds ratio of 1.
    expect(no.overall.auc!.auc).toBeCloseTo(0.5, 12);
    expect(no.outcome.trend!.oddsRatio).toBeCloseTo(1, 6);
    expect(no.outcome.verdict.state).toBe('no');
    expect(no.outcome.verdict.headline).toBe('No evidence that confidence predicts purchase within 7 days.');
  });

  it('says when confidence goes the other way', async () => {
    const list: Answer[] = [];
    for (let i = 0; i < 100; i++) list.push({ visitor: `v${i}`, value: 1 + (i % 5), buysAfter: i % 5 < 2 ? 3 : null });
    const data = await report(answers(list));
    expect(data.outcome.verdict.state).toBe('no');
    expect(data.outcome.verdict.headline).toMatch(/goes the other way/);
  });
});

describe('the unit and the joins', () => {
  it('never counts an anonymous answer as a non-buyer', async () => {
    // Every identified level-5 respondent bought; two level-5 answers came without an id (GPC).
    const data = await report(answers(anonymousAnswers()));
    expect(data.outcome.byLevel.find((l) => l.level === 5)!.conversion!.p).toBe(1);
    expect(data.overall.auc!.auc).toBe(1);
    expect(data.outcome.unjoinable).toBe(2);
    expect(data.counts).toMatchObject({ visitors: 26, anonymous: 2 });
    // They still count for confidence: 14 of 26 visitors said 5.
    expect(data.overall.distribution[4]!.p).toBeCloseTo(14 / 26, 12);
  });

  it('counts a visitor who answers twice once, by the first answer', async () => {
    const data = await report(answers(answeringTwice()));
    expect(data.counts).toMatchObject({ confidenceAnswers: 3, visitors: 2, repeats: 1 });
    expect(data.overall.mean!.mean).toBe(2);
  });

  it('leaves answers whose window is not over out of conversion, and counts them', async () => {
    const recent = (NOW - T0) / HOUR - 48; // two days before the report's clock
    const data = await report(answers(recentAnswers()));
    expect(data.overall).toMatchObject({ converting: 1, notConverting: 1, pending: 2 });
    expect(data.overall.conversion!.p).toBe(0.5);
    // With a one-day window, the two-day-old answers are over too.
    const day = await report(answers([{ visitor: 'a', value: 5, hours: recent, buysAfter: 1 }, { visitor: 'b', value: 1, hours: recent + 1 }]), { window: '1' });
    expect(day.overall).toMatchObject({ converting: 1, notConverting: 1, pending: 0 });
  });

  it('joins same-session outcomes only when the window is "session"', async () => {
    // One buys 2 hours later in the same session, the other 3 days later in another session.
    const list: Answer[] = [
      { visitor: 'a', value: 4, buysAfter: 0.5 },
      { visitor: 'b', value: 4, buysAfter: 72 },
      { visitor: 'c', value: 2 },
    ];
    const session = await report(answers(list), { window: 'session' });
    expect(session.context.windowLabel).toBe('later in the same session');
    expect(session.overall).toMatchObject({ converting: 1, notConverting: 2 });
    const week = await report(answers(list));
    expect(week.overall).toMatchObject({ converting: 2, notConverting: 1 });
  });
});

describe('the outcome and the scale', () => {
  it('counts purchase by default, never any outcome, and says why', async () => {
    const events = answers([
      { visitor: 'a', value: 5, buysAfter: 1 },
      { visitor: 'b', value: 1, buysAfter: 1, outcome: 'add_to_cart' },
    ]);
    const data = await report(events);
    expect(data.context).toMatchObject({ outcome: 'purchase', outcomeReason: 'purchase' });
    expect(data.overall).toMatchObject({ converting: 1, notConverting: 1 });
    expect((await report(events, { outcome: 'add_to_cart' })).context).toMatchObject({ outcome: 'add_to_cart', outcomeReason: 'chosen' });
    expect((await report(events, {}, {}, 'add_to_cart')).context).toMatchObject({ outcome: 'add_to_cart', outcomeReason: 'configured' });
    const facets = { surveys: [], pageTypes: [], devices: [], scaleQuestions: [] };
    expect(pickOutcome({ ...facets, outcomes: ['add_to_cart', 'signup'] }, undefined, undefined)).toEqual({ outcome: 'add_to_cart', reason: 'first' });
    expect(pickOutcome({ ...facets, outcomes: [] }, 'purchase', undefined)).toEqual({ outcome: null, reason: 'none' });
  });

  it('calls the bottom two points low by default, or what the user sets', async () => {
    const events = answers([1, 2, 3, 3, 4, 5].map((value, i) => ({ visitor: `v${i}`, value })));
    const data = await report(events);
    expect(data.context.scale).toEqual({ min: 1, max: 5, levels: [1, 2, 3, 4, 5], lowMax: 2, lowSource: 'default' });
    expect(data.overall.low!.p).toBeCloseTo(2 / 6, 12);
    const three = await report(events, { low: '3' });
    expect(three.context.scale).toMatchObject({ lowMax: 3, lowSource: 'report' });
    expect(three.overall.low!.p).toBeCloseTo(4 / 6, 12);
    // A survey document's `low` travels with each answer; the latest answer's counts, and the report's choice wins.
    const withLow = answerEvents([1, 2, 3, 3, 4, 5].map((value, i) => ({ visitor: `w${i}`, value }))).map((e) => (e.question ? { ...e, question: { ...e.question, low: 3 } } : e));
    const fromSurvey = await report(withLow.map(stored));
    expect(fromSurvey.context.scale).toMatchObject({ lowMax: 3, lowSource: 'survey' });
    expect(fromSurvey.overall.low!.p).toBeCloseTo(4 / 6, 12);
    expect((await report(withLow.map(stored), { low: '1' })).context.scale).toMatchObject({ lowMax: 1, lowSource: 'report' });
  });

  it('refuses settings it cannot read, with the reason', () => {
    const facets = { surveys: [], pageTypes: [], devices: [], outcomes: [], scaleQuestions: [] };
    expect(readSettings(facets, { window: 'forever' }, {})).toEqual({ ok: false, error: 'window: expected "session" or a number of days from 1 to 90, got "forever"' });
    expect(readSettings(facets, { change: '2026-02-31' }, {})).toMatchObject({ ok: false });
    expect(readSettings(facets, { low: 'two' }, {})).toMatchObject({ ok: false });
  });
});

describe('weighting', () => {
  it('weights means, shares and conversion by 1 / sampleRate, with Kish intervals', async () => {
    // a: value 4 from a 50% sample (weight 2) bought; b: value 1 (weight 1) did not.
    const data = await report(answers([{ visitor: 'a', value: 4, rate: 0.5, buysAfter: 1 }, { visitor: 'b', value: 1 }]));
    expect(data.overall.mean!.mean).toBeCloseTo(3, 12); // (2·4 + 1) / 3
    expect(data.overall.conversion!.p).toBeCloseTo(2 / 3, 12);
    // Kish: (2 + 1)² / (4 + 1) = 1.8 effective visitors.
    expect(data.overall.conversion!.n).toBeCloseTo(1.8, 12);
    expect(data.overall.low!.p).toBeCloseTo(1 / 3, 12);
    expect(data.funnel.answered!.n).toBeCloseTo(1.8, 12);
  });
});

describe('who answers', () => {
  it('splits displays into answered, dismissed before answering and ignored', async () => {
    const events = answers([{ visitor: 'a', value: 4, dismissAfter: true }, { visitor: 'b', value: 2 }]);
    const base = { pageViewId: 'pv-x', page: { type: 'category', path: '/c' }, survey: { id: 'decision-confidence', version: 1, sampleRate: 1 } };
    events.push(
      extra({ ...base, visitorId: 'c', sessionId: 'c-s', responseId: 'rc', type: 'impression', ts: at(2 * HOUR) }),
      extra({ ...base, visitorId: 'c', sessionId: 'c-s', responseId: 'rc', type: 'dismiss', ts: at(2 * HOUR + 5000), dismiss: { method: 'escape' } }),
      extra({ ...base, visitorId: 'd', sessionId: 'd-s', responseId: 'rd', type: 'impression', ts: at(3 * HOUR) }),
      extra({ visitorId: 'd', sessionId: 'd-s2', type: 'outcome', ts: at(5 * HOUR), page: { path: '/thanks' }, outcome: { name: 'purchase' } }),
      extra({ visitorId: 'zz', type: 'pageview', ts: at(0), page: { type: 'category', path: '/c' } }),
    );
    const data = await report(events);
    expect(data.funnel.displays).toBe(4);
    expect([data.funnel.answered!.p, data.funnel.dismissed!.p, data.funnel.ignored!.p]).toEqual([0.5, 0.25, 0.25]);
    expect(data.counts.dismissals).toBe(2);
    // Respondents (a, b): none bought; non-respondents (c, d): d bought.
    expect(data.nonResponse.respondents!.p).toBe(0);
    expect(data.nonResponse.nonRespondents!.p).toBe(0.5);
    expect(data.funnel.pageViews).toBe(1);
  });
});

describe('groups, weeks and a change', () => {
  const list: Answer[] = [];
  for (let i = 0; i < 120; i++) {
    const comparison = i % 2 === 0;
    const value = comparison ? 1 + (i % 3) : 3 + (i % 3);
    list.push({ visitor: `v${i}`, value, hours: i * 4, page: comparison ? 'comparison' : 'category', step: 1 + (i % 6), variant: i % 3 ? 'A' : 'B', buysAfter: value >= 4 && i % 4 === 1 ? 2 : null });
  }

  it('compares page types against the rest, with Holm down each column', async () => {
    const data = await report(answers(list));
    const [category, comparison] = data.byPageType;
    expect([category!.key, comparison!.key]).toEqual(['category', 'comparison']);
    // category: 3, 4, 5 alike → mean 4; comparison: 1, 2, 3 → mean 2.
    expect(category!.mean!.mean).toBeCloseTo(4, 12);
    expect(comparison!.mean!.mean).toBeCloseTo(2, 12);
    expect(category!.tests.mean!.difference).toBeCloseTo(2, 12);
    expect(comparison!.tests.mean!.difference).toBeCloseTo(-2, 12);
    // Two rows, one family per column: Holm doubles the smaller p (capped at 1).
    expect(category!.tests.mean!.pAdjusted).toBeCloseTo(Math.min(1, 2 * Math.min(category!.tests.mean!.p, comparison!.tests.mean!.p)), 12);
    expect(data.byStep.map((s) => s.label)).toEqual(['Page 1', 'Page 2', 'Page 3', 'Page 4', 'Page 5+']);
    expect(data.byStep[4]!.visitors).toBe(40);
    expect(data.variants.map((v) => [v.key, v.visitors, v.text])).toEqual([
      ['A', 80, 'Wording A'],
      ['B', 40, 'Wording B'],
    ]);
  });

  it('groups visitors by the Monday of their week, and compares before and after a date', async () => {
    const data = await report(answers(list), { change: '2026-11-12' });
    expect(data.weeks[0]!.key).toBe('2026-11-02');
    // The last answer, 476 hours in, is on Sunday 2026-11-22.
    expect(data.weeks.map((w) => w.key)).toEqual(['2026-11-02', '2026-11-09', '2026-11-16']);
    expect(data.weeks.reduce((a, w) => a + w.visitors, 0)).toBe(120);
    const change = data.change!;
    // 2026-11-12T00:00Z is 9 days and 14 hours after T0: answers 0..57 (every 4 hours) come before it.
    expect(change.before.visitors).toBe(58);
    expect(change.after.visitors).toBe(62);
    expect(change.tests.mean).not.toBeNull();
  });
});
