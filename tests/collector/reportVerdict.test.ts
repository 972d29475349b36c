/**
 * The report's known answers through both stores: the cases the verdict is about, each stored in SQLite and
 * in PostgreSQL under its own survey id, reported through the stores' aggregate queries, and compared with
 * the numbers worked out by hand and with the in-memory oracle.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, openSqliteStore, type EventStore } from '../../src/collector/index';
import { loadReport } from '../../src/collector/report/loadReport';
import { memoryReportSource } from '../../src/collector/report/memoryReportSource';
import type { ReportData } from '../../src/collector/report/reportData';
import { readSettings, type ReportChoices } from '../../src/collector/report/reportSettings';
import { MIN_PER_CLASS } from '../../src/collector/stats/minimumData';
import { answerEvents, answeringTwice, anonymousAnswers, eightAnswers, eightAnsweringTwice, NOW, recentAnswers, repeatedAnswers } from '../fixtures/reportScenarios';
import { createTestDatabase } from './testDatabase';

const events = answerEvents([
  ...eightAnswers('eight'),
  ...anonymousAnswers('anonymous'),
  ...answeringTwice('twice'),
  ...recentAnswers('recent'),
  ...eightAnsweringTwice('eight-twice'),
  ...repeatedAnswers('once', 1),
  ...repeatedAnswers('thrice', 3),
]);

const stores: { name: string; open(): Promise<{ store: EventStore; close(): Promise<void> }> }[] = [
  {
    name: 'SQLite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'cp-verdict-'));
      const store = openSqliteStore(join(dir, 'pulse.sqlite'));
      return { store, close: async () => (store.close(), rm(dir, { recursive: true, force: true })) };
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const db = await createTestDatabase();
      const store = await openPostgresStore(db.url);
      return { store, close: async () => (await store.close(), db.drop()) };
    },
  },
];

describe.each(stores)('the report from $name', ({ open }) => {
  let opened: { store: EventStore; close(): Promise<void> };
  beforeAll(async () => {
    opened = await open();
    await opened.store.insertMany(events);
  });
  afterAll(() => opened.close());

  /** The report of one scenario, from the store; checked against the oracle on the same stored events. */
  async function report(survey: string, choices: ReportChoices = {}): Promise<ReportData> {
    const read = readSettings(await opened.store.facets(), choices, { now: NOW });
    if (!read.ok) throw new Error(read.error);
    const fromStore = await loadReport(opened.store.report, { surveyId: survey }, read.settings);
    const fromMemory = await loadReport(memoryReportSource(await opened.store.all()), { surveyId: survey }, read.settings);
    expect(fromStore).toEqual(fromMemory);
    return fromStore;
  }

  it('says "not enough data" for 8 answers and 1 buyer', async () => {
    const { outcome, overall } = await report('eight');
    expect(outcome.verdict.state).toBe('insufficient');
    expect(outcome.verdict.needs).toEqual({ converting: MIN_PER_CLASS - 1, notConverting: MIN_PER_CLASS - 7 });
    expect(overall).toMatchObject({ converting: 1, notConverting: 7, visitors: 8 });
  });

  it('never counts an anonymous answer as a non-buyer', async () => {
    const data = await report('anonymous');
    expect(data.outcome.byLevel.find((l) => l.level === 5)!.conversion!.p).toBe(1);
    expect(data.overall.auc!.auc).toBe(1);
    expect(data.counts).toMatchObject({ visitors: 26, anonymous: 2 });
    expect(data.outcome.unjoinable).toBe(2);
  });

  it('counts a visitor who answers twice once', async () => {
    const data = await report('twice');
    expect(data.counts).toMatchObject({ confidenceAnswers: 3, visitors: 2, repeats: 1 });
    expect(data.overall.mean!.mean).toBe(2);
  });

  it('leaves answers whose 7-day window is not over out of conversion', async () => {
    const data = await report('recent');
    expect(data.overall).toMatchObject({ converting: 1, notConverting: 1, pending: 2 });
    const day = await report('recent', { window: '1' });
    expect(day.overall).toMatchObject({ converting: 2, notConverting: 2, pending: 0 });
  });

  describe('every answer as the unit', () => {
    it('counts the answers, but the verdict\'s minimum counts visitors', async () => {
      const data = await report('eight-twice', { unit: 'response' });
      expect(data.context.unit).toBe('response');
      expect(data.overall).toMatchObject({ converting: 2, notConverting: 14, visitors: 16 });
      expect(data.context.clusters).toEqual({ visitors: 8, positives: 1, negatives: 7 });
      expect(data.outcome.verdict.state).toBe('insufficient');
      expect(data.outcome.verdict.needs).toEqual({ converting: MIN_PER_CLASS - 1, notConverting: MIN_PER_CLASS - 7 });
      // The visitor view of the same answers: 8 visitors.
      expect((await report('eight-twice')).overall).toMatchObject({ converting: 1, notConverting: 7, visitors: 8 });
    });

    it('gives a visitor who repeats an answer three times the intervals of one answer', async () => {
      const once = await report('once', { unit: 'response' });
      const thrice = await report('thrice', { unit: 'response' });
      expect(thrice.counts).toMatchObject({ confidenceAnswers: 72, visitors: 24, repeats: 48 });
      expect(thrice.overall.visitors).toBe(72);
      for (const key of ['auc', 'low', 'high', 'se'] as const) expect(thrice.overall.auc![key]).toBeCloseTo(once.overall.auc![key], 10);
      for (const key of ['mean', 'low', 'high', 'se'] as const) expect(thrice.overall.mean![key]!).toBeCloseTo(once.overall.mean![key]!, 10);
      for (const key of ['p', 'low', 'high'] as const) expect(thrice.overall.conversion![key]).toBeCloseTo(once.overall.conversion![key], 10);
      expect(thrice.outcome.trend!.high).toBeCloseTo(once.outcome.trend!.high, 10);
      expect(thrice.outcome.verdict.state).toBe(once.outcome.verdict.state);
      // By hand: the 4 buyers at 5 beat all 12 others (48 pairs), the 4 at 4 beat 10 and tie 2 (44), the 3 at 3
      // beat 6 and tie 4 (24), the one at 2 beats 2 and ties 4 (4): 120 of 144 pairs, AUC 0.8333.
      expect(once.overall.auc!.auc).toBeCloseTo(120 / 144, 12);
      expect(once.outcome.verdict.state).toBe('yes');
      // Page types: each visitor answered on both (thrice: category, product, category), so the test
      // against the rest counts them once.
      const category = thrice.byPageType.find((g) => g.key === 'category')!;
      expect(category.visitors).toBe(48);
      expect(category.mean!.mean).toBeCloseTo(once.overall.mean!.mean, 10);
    });

    it('is refused with a reason for a unit it does not know', async () => {
      const read = readSettings(await opened.store.facets(), { unit: 'session' }, { now: NOW });
      expect(read).toEqual({ ok: false, error: 'unit: expected "visitor" (each visitor\'s first answer) or "response" (every answer), got "session"' });
    });
  });
});
