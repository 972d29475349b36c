/**
 * The report's aggregate queries against the in-memory oracle: on the same events, SQLite and PostgreSQL
 * must hand over exactly the units and details that `memoryReportSource` computes the plain way.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, type EventStore, type StoredEvent } from '../../src/collector/index';
import { memoryReportSource } from '../../src/collector/report/memoryReportSource';
import type { ConfidenceUnit, DisplayUnit, ReportDetails, ReportSource, UnitQuery } from '../../src/collector/report/units';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { seedEvents } from '../fixtures/seedEvents';
import { createTestDatabase, type TestDatabase } from './testDatabase';

const DAY = 86_400_000;

/** The seeded stream plus the cases the rules are about: anonymous answers, a second answer, page views, open text. */
function events(): PulseEvent[] {
  const list = seedEvents({ visitors: 160, seed: 11 });
  const extra: PulseEvent[] = [];
  const base = { page: { type: 'category', path: '/c' }, survey: { id: 'decision-confidence', version: 1, sampleRate: 1 } };
  // Two answers sent under Global Privacy Control: no visitor, no session.
  for (const [i, value] of [5, 1].entries()) {
    extra.push({ ...base, id: `anon-imp-${i}`, type: 'impression', ts: `2026-11-05T10:0${i}:00.000Z`, pageViewId: `anon-pv-${i}`, responseId: `anon-r-${i}` });
    extra.push({
      ...base,
      id: `anon-ans-${i}`,
      type: 'answer',
      ts: `2026-11-05T10:0${i}:05.000Z`,
      pageViewId: `anon-pv-${i}`,
      responseId: `anon-r-${i}`,
      question: { id: 'confidence', type: 'scale', min: 1, max: 5 },
      answer: { value },
    });
  }
  // visitor-1 answers again later, and dismisses a display after answering it.
  extra.push({ ...base, id: 'again-ans', type: 'answer', ts: '2026-11-25T09:00:00.000Z', visitorId: 'visitor-1', sessionId: 'visitor-1-late', pageViewId: 'late-pv', responseId: 'late-r', question: { id: 'confidence', type: 'scale', min: 1, max: 5 }, answer: { value: 1 } });
  extra.push({ ...base, id: 'again-imp', type: 'impression', ts: '2026-11-25T08:59:00.000Z', visitorId: 'visitor-1', sessionId: 'visitor-1-late', pageViewId: 'late-pv', responseId: 'late-r' });
  extra.push({ ...base, id: 'again-dis', type: 'dismiss', ts: '2026-11-25T09:00:30.000Z', visitorId: 'visitor-1', sessionId: 'visitor-1-late', pageViewId: 'late-pv', responseId: 'late-r', dismiss: { method: 'close' } });
  // A page view after it in the same session, and page views with signals elsewhere.
  extra.push({ id: 'pv-after', type: 'pageview', ts: '2026-11-25T09:05:00.000Z', visitorId: 'visitor-1', sessionId: 'visitor-1-late', pageViewId: 'late-pv-2', page: { type: 'product', path: '/p/1' }, signals: { activeMs: 4000, pageIndex: 2 } });
  for (let i = 0; i < 30; i++) {
    extra.push({ id: `pv-${i}`, type: 'pageview', ts: new Date(Date.parse('2026-11-02T00:00:00Z') + i * DAY * 0.5).toISOString(), visitorId: `visitor-${i}`, sessionId: `visitor-${i}-s0`, pageViewId: `pv-x-${i}`, page: { type: i % 3 ? 'category' : 'comparison', path: '/c' }, signals: { activeMs: 1000 * i, viewport: 'desktop' } });
  }
  // An open-text answer (whitespace only is not open text).
  extra.push({ ...base, id: 'text-1', type: 'answer', ts: '2026-11-06T10:00:00.000Z', visitorId: 'visitor-3', sessionId: 'visitor-3-s0', pageViewId: 'p-t', responseId: 'r-t', question: { id: 'why', type: 'text' }, answer: { value: '  Too many models  ' } });
  extra.push({ ...base, id: 'text-2', type: 'answer', ts: '2026-11-06T10:01:00.000Z', visitorId: 'visitor-3', sessionId: 'visitor-3-s0', pageViewId: 'p-t', responseId: 'r-t', question: { id: 'why', type: 'text' }, answer: { value: '   ' } });
  return [...list, ...extra];
}

const queries: [string, UnitQuery][] = [
  ['everything, 7 days, purchase', { filter: {}, questionId: 'confidence', outcome: 'purchase', windowMs: 7 * DAY }],
  ['the session window: displays read their session, nothing joins across sessions', { filter: {}, questionId: 'confidence', outcome: 'purchase', windowMs: null }],
  ['comparison pages, 1 day, add_to_cart', { filter: { pageType: 'comparison' }, questionId: 'confidence', outcome: 'add_to_cart', windowMs: DAY }],
  ['a date range and a device', { filter: { since: '2026-11-08T00:00:00.000Z', until: '2026-11-18T00:00:00.000Z', device: 'mobile' }, questionId: 'confidence', outcome: 'purchase', windowMs: 7 * DAY }],
  ['a time of day, 14 days, pageviews counted from events', { filter: { since: '2026-11-03T12:00:00.000Z' }, questionId: 'confidence', outcome: 'purchase', windowMs: 14 * DAY }],
  ['survey version 2, no outcome', { filter: { surveyId: 'decision-confidence', surveyVersion: 2 }, questionId: 'confidence', outcome: null, windowMs: 7 * DAY }],
  ['no confidence question', { filter: {}, questionId: null, outcome: 'purchase', windowMs: 7 * DAY }],
  ['every answer, 7 days, purchase', { filter: {}, questionId: 'confidence', outcome: 'purchase', windowMs: 7 * DAY, everyAnswer: true }],
  ['every answer on comparison pages, the session window', { filter: { pageType: 'comparison' }, questionId: 'confidence', outcome: 'purchase', windowMs: null, everyAnswer: true }],
];

async function read(source: ReportSource, query: UnitQuery): Promise<{ confidence: ConfidenceUnit[]; displays: DisplayUnit[]; details: ReportDetails }> {
  const confidence: ConfidenceUnit[] = [];
  const displays: DisplayUnit[] = [];
  await source.confidenceUnits(query, (u) => confidence.push(u));
  await source.displayUnits(query, (u) => displays.push(u));
  const details: ReportDetails = { ...(await source.scaleFacts(query)), ...(await source.details(query, 2, 100)) };
  // Units come in no particular order.
  const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return { confidence: confidence.sort(byId), displays: displays.sort(byId), details };
}

/** Details as compared: bodies differ only in which of several equal answers a database picked, so compare what is read from them. */
function comparable(details: ReportDetails) {
  const label = (body: string) => (JSON.parse(body) as PulseEvent).answer?.label ?? null;
  return {
    ...details,
    followUps: details.followUps.map((f) => ({ ...f, body: label(f.body) })).sort((a, b) => `${a.questionId}${a.value}`.localeCompare(`${b.questionId}${b.value}`)),
    variantBodies: Object.fromEntries(Object.entries(details.variantBodies).map(([k, body]) => [k, (JSON.parse(body) as PulseEvent).id])),
    scaleBody: details.scaleBody === null ? null : (JSON.parse(details.scaleBody) as PulseEvent).id,
  };
}

const stores: { name: string; open(): Promise<{ store: EventStore; close(): Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'cp-units-'));
      const store = openSqliteStore(join(dir, 'pulse.sqlite'));
      return { store, close: async () => (store.close(), rm(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db: TestDatabase = await createTestDatabase();
      const store = await openPostgresStore(db.url);
      return { store, close: async () => (await store.close(), db.drop()) };
    },
  },
];

describe.each(stores)('the report queries of $name', ({ open }) => {
  let opened: { store: EventStore; close(): Promise<void> };
  let stored: StoredEvent[];
  beforeAll(async () => {
    opened = await open();
    await opened.store.insertMany(events());
    stored = await opened.store.all();
  });
  afterAll(() => opened.close());

  it.each(queries)('answer what the in-memory oracle answers: %s', async (_name, query) => {
    const fromStore = await read(opened.store.report, query);
    const fromMemory = await read(memoryReportSource(stored), query);
    expect(fromStore.confidence).toEqual(fromMemory.confidence);
    expect(fromStore.displays).toEqual(fromMemory.displays);
    expect(comparable(fromStore.details)).toEqual(comparable(fromMemory.details));
  });

  it('count a visitor once, keep anonymous answers apart, and see what the seeded data holds', async () => {
    const { confidence, displays, details } = await read(opened.store.report, queries[0]![1]);
    const visitors = confidence.filter((u) => u.joinable).map((u) => u.id);
    expect(new Set(visitors).size).toBe(visitors.length);
    expect(confidence.filter((u) => !u.joinable).map((u) => u.value)).toEqual([5, 1]);
    expect(confidence.find((u) => u.id === 'again-ans')).toBeUndefined();
    expect(details.confidenceAnswers).toBeGreaterThan(confidence.length);
    // Every display ends one way; the re-answered one was answered, then dismissed: it counts as answered.
    expect(displays.find((d) => d.id === 'again-imp')?.status).toBe('answered');
    expect(new Set(displays.map((d) => d.status))).toEqual(new Set(['answered', 'dismissed']));
    expect(confidence.some((u) => u.windowOutcome)).toBe(true);
    expect(confidence.some((u) => !u.windowOutcome)).toBe(true);
    expect(details.openText.map((t) => t.text)).toContain('  Too many models  ');
    expect(details.openText.map((t) => t.text)).not.toContain('   ');
    expect(details.pageViews).toEqual({ category: 20, comparison: 10, product: 1 });
    expect(details.followUps.length).toBeGreaterThan(0);
  });

  it('hand over every answer with one visitor\'s answers next to each other, each under its visitor', async () => {
    const every: ConfidenceUnit[] = [];
    await opened.store.report.confidenceUnits(queries.find(([name]) => name === 'every answer, 7 days, purchase')![1], (u) => every.push(u));
    const { details, confidence: firsts } = await read(opened.store.report, queries[0]![1]);
    expect(every).toHaveLength(details.confidenceAnswers);
    // Contiguous: once a visitor's answers end, that visitor never comes back.
    const done = new Set<string>();
    let current: string | null = null;
    for (const unit of every) {
      if (unit.cluster !== current) {
        expect(done.has(unit.cluster)).toBe(false);
        if (current !== null) done.add(current);
        current = unit.cluster;
      }
    }
    const again = every.find((u) => u.id === 'again-ans')!;
    expect(again.cluster).toBe('visitor-1');
    expect(every.filter((u) => u.cluster === 'visitor-1').length).toBeGreaterThanOrEqual(2);
    // Answers without an id are each a cluster of their own, under their own id.
    expect(every.filter((u) => !u.joinable).map((u) => u.cluster).sort()).toEqual(['anon-ans-0', 'anon-ans-1']);
    // Visitors: as many as first answers.
    expect(new Set(every.map((u) => u.cluster)).size).toBe(firsts.length);
  });
});

describe('the SQLite report connection', () => {
  it('lets ingest in while a long report reads, on a worker thread of its own', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'cp-units-turns-'));
    const store = openSqliteStore(join(dir, 'pulse.sqlite'));
    try {
      const answer = (i: number): PulseEvent => ({
        id: `turns-${String(i).padStart(8, '0')}`,
        type: 'answer',
        ts: new Date(Date.parse('2026-11-02T00:00:00Z') + i * 1000).toISOString(),
        visitorId: `visitor-${i}`,
        sessionId: `session-${i}`,
        pageViewId: `page-${i}`,
        responseId: `response-${i}`,
        page: { type: 'category', path: '/c' },
        survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
        question: { id: 'confidence', type: 'scale', min: 1, max: 5 },
        answer: { value: 1 + (i % 5) },
      });
      store.insertMany(Array.from({ length: 4500 }, (_, i) => answer(i)));
      const order: string[] = [];
      let units = 0;
      const report = Promise.resolve(store.report.confidenceUnits(queries[0]![1], () => units++)).then(() => order.push('report'));
      // Scheduled after the report started: it runs while the report is paused between rows, not after it.
      setImmediate(() => {
        store.insertMany([answer(99_999)]);
        order.push('insert');
      });
      await report;
      expect(order).toEqual(['insert', 'report']);
      // The query reads one snapshot, taken when it starts in the worker: with or without the answer inserted meanwhile.
      expect([4500, 4501]).toContain(units);
      expect(store.count()).toBe(4501);
    } finally {
      store.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
