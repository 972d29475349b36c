import { describe, expect, it } from 'vitest';
import { EVENT_COLUMNS, toColumnValues, toStoredEvent, type EventRow } from '../../src/collector/eventColumns';
import { createReportBuilder } from '../../src/collector/report/buildReport';
import type { ReportData } from '../../src/collector/report/reportData';
import type { StoredEvent } from '../../src/collector/store';
import type { PulseEvent } from '../../src/events/schema';

let counter = 0;
const HOUR = 3_600_000;
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

/** An event as the store hands it back, through the real column mapping. */
function stored(event: Omit<PulseEvent, 'id' | 'pageViewId'> & { id?: string; pageViewId?: string }): StoredEvent {
  const full = { id: `e${++counter}`, pageViewId: 'pv', ...event } as PulseEvent;
  const values = toColumnValues(full, full.ts, null);
  return toStoredEvent(Object.fromEntries(EVENT_COLUMNS.map((c, i) => [c, values[i]])) as unknown as EventRow);
}

interface Visit {
  response: string;
  session: string;
  visitor: string;
  page: string;
  step: number;
  variant: string;
  rate: number;
  value: number;
  hours: number;
  activeMs: number;
  compared?: number;
}

const survey = (v: Visit) => ({ id: 'decision-confidence', version: 1, variant: v.variant, sampleRate: v.rate });
const base = (v: Visit, type: PulseEvent['type'], hours = v.hours) => ({
  type,
  ts: at(hours),
  visitorId: v.visitor,
  sessionId: v.session,
  responseId: v.response,
  page: { type: v.page, path: `/${v.page}` },
  survey: survey(v),
});

function confidence(v: Visit): StoredEvent {
  return stored({
    ...base(v, 'answer'),
    question: { id: 'confidence', type: 'scale', min: 1, max: 5, text: `Wording ${v.variant}` },
    answer: { value: v.value },
    signals: { activeMs: v.activeMs, maxScrollDepth: 0.5, pageIndex: v.step, ...(v.compared ? { productsCompared: v.compared } : {}) },
  });
}

const visits: Visit[] = [
  { response: 'r1', session: 's1', visitor: 'v1', page: 'category', step: 1, variant: 'A', rate: 1, value: 2, hours: 0, activeMs: 10_000 },
  { response: 'r2', session: 's2', visitor: 'v2', page: 'category', step: 2, variant: 'B', rate: 0.5, value: 4, hours: 1, activeMs: 30_000, compared: 2 },
  { response: 'r3', session: 's3', visitor: 'v3', page: 'comparison', step: 2, variant: 'A', rate: 1, value: 1, hours: 2, activeMs: 20_000 },
  { response: 'r4', session: 's4', visitor: 'v4', page: 'comparison', step: 6, variant: 'B', rate: 1, value: 5, hours: 3, activeMs: 40_000 },
  { response: 'r5', session: 's5', visitor: 'v5', page: 'category', step: 1, variant: 'A', rate: 1, value: 3, hours: 4, activeMs: 5_000 },
];
const [r1, r2, r3] = visits as [Visit, Visit, Visit];

function surveyEvents(): StoredEvent[] {
  const events: StoredEvent[] = [];
  for (const v of visits) {
    events.push(stored(base(v, 'impression', v.hours - 0.01)), confidence(v), stored(base(v, 'complete', v.hours + 0.01)));
  }
  events.push(
    stored({ ...base(r1, 'answer', 0.005), question: { id: 'blocker', type: 'choice', multiple: true, text: 'What would help you decide?' }, answer: { value: ['reviews', 'price'], label: 'More reviews, Clearer pricing', other: 'need sizes <b>' } }),
    stored({ ...base(r3, 'answer', 2.005), question: { id: 'blocker', type: 'choice', multiple: true, text: 'What would help you decide?' }, answer: { value: ['reviews'], label: 'More reviews' } }),
    stored({ ...base(r2, 'answer', 1.005), question: { id: 'why', type: 'text' }, answer: { value: '<script>alert(1)</script>' } }),
    // Shown, then closed without an answer.
    stored({ ...base({ ...r1, response: 'r6', session: 's6', visitor: 'v6' }, 'impression', 5) }),
    stored({ ...base({ ...r1, response: 'r6', session: 's6', visitor: 'v6' }, 'dismiss', 5.01), dismiss: { method: 'close' } }),
  );
  // Oldest first, as a store scans them; the stored completes are dropped for r4 to count 4.
  return events.filter((e) => !(e.type === 'complete' && e.responseId === 'r4')).sort((a, b) => a.ts.localeCompare(b.ts));
}

const outcome = (visitor: string, session: string, hours: number, name = 'purchase') =>
  stored({ type: 'outcome', ts: at(hours), visitorId: visitor, sessionId: session, page: { path: '/thanks' }, outcome: { name } });

const outcomes = [
  outcome('v1', 's1', 0.5), // r1: later in the same session
  outcome('v3', 's3b', 2 + 72), // r3: another session, three days later
  outcome('v4', 's4', 2.5), // r4: same session but before the answer
  outcome('v5', 's5', 4.5, 'add_to_cart'), // r5: only counts for "any outcome"
];

function report(outcomeName: string | null = 'purchase'): ReportData {
  const builder = createReportBuilder({ questionId: 'confidence', outcome: outcomeName });
  surveyEvents().forEach((e) => builder.addSurveyEvent(e));
  outcomes.forEach((e) => builder.addOutcome(e));
  return builder.finish();
}

describe('createReportBuilder', () => {
  it('counts the totals and the rates with Wilson intervals', () => {
    const { totals } = report();
    expect(totals).toMatchObject({ impressions: 6, responses: 5, answers: 8, completes: 4, dismissals: 1, confidenceAnswers: 5 });
    expect(totals.responseRate).toMatchObject({ p: 5 / 6, successes: 5, n: 6 });
    expect(totals.dismissRate!.p).toBeCloseTo(1 / 6, 12);
    expect(totals.dismissRate!.low).toBeCloseTo(0.0301, 4);
  });

  it('weights each answer by 1 / sampleRate', () => {
    const data = report();
    // 2, 4 (×2), 1, 5, 3 → 19 / 6
    expect(data.totals.meanConfidence!.mean).toBeCloseTo(19 / 6, 12);
    expect(data.totals.meanConfidence!.n).toBe(5);
    expect(data.totals.lowShare!.p).toBeCloseTo(0.5, 12);
    expect(data.scale).toEqual({ questionId: 'confidence', min: 1, max: 5, levels: [1, 2, 3, 4, 5], lowMax: 3 });
    expect(data.distribution.map((d) => d!.p)).toEqual([1 / 6, 1 / 6, 1 / 6, 2 / 6, 1 / 6]);
  });

  it('breaks confidence down by page type and journey step', () => {
    const data = report();
    expect(data.byPageType.map((g) => [g.key, g.n, g.mean!.mean])).toEqual([
      ['category', 3, 13 / 4],
      ['comparison', 2, 3],
    ]);
    // 1 and 5: t(1) · 2 would reach below 1 and above 5; a mean of 1–5 answers cannot.
    expect(data.byPageType[1]!.mean).toMatchObject({ low: 1, high: 5 });
    expect(data.byStep.map((g) => [g.label, g.n, g.mean!.mean])).toEqual([
      ['Page 1', 2, 2.5],
      ['Page 2', 2, 3],
      ['Page 5+', 1, 5],
    ]);
    expect(data.byStep[2]!.mean).toMatchObject({ low: null, high: null });
  });

  it('counts follow-up choices among low-confidence responses, with their labels', () => {
    const [blocker] = report().followUps;
    expect(blocker).toMatchObject({ questionId: 'blocker', text: 'What would help you decide?', responses: 2 });
    expect(blocker!.options.map((o) => [o.id, o.label, o.count, o.share!.p])).toEqual([
      ['reviews', 'More reviews', 2, 1],
      ['price', 'Clearer pricing', 1, 0.5],
    ]);
  });

  it('lists open-text answers newest first with the confidence of their response, unescaped (the page escapes)', () => {
    expect(report().openText.map((t) => [t.text, t.confidence, t.questionId])).toEqual([
      ['<script>alert(1)</script>', 4, 'why'],
      ['need sizes <b>', 2, 'blocker'],
    ]);
  });

  it('joins outcomes later in the session and within 7 days, and scores confidence with AUC', () => {
    const { outcome: result } = report();
    expect(result.name).toBe('purchase');
    expect(result.session!.p).toBeCloseTo(1 / 5, 12);
    expect(result.week!.p).toBeCloseTo(2 / 5, 12);
    expect(result.byLevel.map((l) => [l.level, l.n, l.session?.p, l.week?.p])).toEqual([
      [1, 1, 0, 1],
      [2, 1, 1, 1],
      [3, 1, 0, 0],
      [4, 1, 0, 0],
      [5, 1, 0, 0],
    ]);
    // Session: the one converter (2) beats only the 1, of a negative weight of 2 + 1 + 1 + 1.
    expect(result.aucSession).toMatchObject({ auc: 0.2, positives: 1, negatives: 4 });
    // Week: both converters (2 and 1) gave lower scores than every other answer.
    expect(result.aucWeek).toMatchObject({ auc: 0, positives: 2, negatives: 3 });
  });

  it('counts any outcome when none is chosen', () => {
    const { outcome: result } = report(null);
    expect(result.name).toBeNull();
    expect(result.session!.p).toBeCloseTo(2 / 5, 12);
  });

  it('compares behaviour by confidence level', () => {
    const behaviour = Object.fromEntries(report().behaviour.map((b) => [b.key, b.byLevel.map((m) => m?.mean ?? null)]));
    expect(behaviour.activeSeconds).toEqual([20, 10, 5, 30, 40]);
    expect(behaviour.productsCompared).toEqual([0, 0, 0, 2, 0]);
    expect(behaviour.scrollDepth).toEqual([50, 50, 50, 50, 50]);
    expect(behaviour.productsViewed).toEqual([null, null, null, null, null]);
  });

  it('compares wording variants', () => {
    expect(report().variants.map((v) => [v.key, v.impressions, v.responses, v.n, v.mean!.mean, v.text])).toEqual([
      ['A', 4, 3, 3, 2, 'Wording A'],
      ['B', 2, 2, 2, 13 / 3, 'Wording B'],
    ]);
  });

  it('answers an empty report without numbers to invent', () => {
    const data = createReportBuilder({ questionId: null, outcome: null }).finish();
    expect(data.totals).toEqual({
      impressions: 0,
      responses: 0,
      answers: 0,
      completes: 0,
      dismissals: 0,
      responseRate: null,
      dismissRate: null,
      confidenceAnswers: 0,
      meanConfidence: null,
      lowShare: null,
    });
    expect(data.scale.levels).toEqual([1, 2, 3, 4, 5]);
    expect(data.byPageType).toEqual([]);
    expect(data.followUps).toEqual([]);
    expect(data.outcome.aucSession).toBeNull();
    expect(data.variants).toEqual([]);
    expect(data.distribution).toEqual([null, null, null, null, null]);
  });

  it('uses an NPS range from the answers and counts one answer per response', () => {
    const builder = createReportBuilder({ questionId: 'nps', outcome: null });
    const answer = (value: number, response: string) =>
      stored({ type: 'answer', ts: at(0), responseId: response, page: { path: '/' }, question: { id: 'nps', type: 'scale', min: 0, max: 10 }, answer: { value } });
    builder.addSurveyEvent(answer(3, 'a'));
    builder.addSurveyEvent(answer(9, 'a'));
    builder.addSurveyEvent(answer(10, 'b'));
    const data = builder.finish();
    expect(data.scale).toMatchObject({ min: 0, max: 10, lowMax: 5 });
    expect(data.scale.levels).toHaveLength(11);
    expect(data.totals).toMatchObject({ answers: 3, responses: 2, confidenceAnswers: 2 });
    expect(data.totals.meanConfidence!.mean).toBe(9.5);
  });
});
