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
import { MIN_PER_CLASS } from '../../src/stats/minimumData';
import { answerEvents, answeringTwice, anonymousAnswers, eightAnswers, NOW, recentAnswers } from '../fixtures/reportScenarios';
import { createTestDatabase } from './testDatabase';

const events = answerEvents([...eightAnswers('eight'), ...anonymousAnswers('anonymous'), ...answeringTwice('twice'), ...recentAnswers('recent')]);

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
});
