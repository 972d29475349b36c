/**
 * The SQLite rollups: the default report view folded from them must be the report the units give (the
 * in-memory oracle's), and the insert path must leave the tables a rebuild from scratch leaves, whatever order
 * the events arrive in, duplicates included; a file of the previous schema is filled when it is opened.
 */
import Database from 'better-sqlite3';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteEventStore, type StoredEvent } from '../../src/collector/index';
import { loadReport } from '../../src/collector/report/loadReport';
import { memoryReportSource } from '../../src/collector/report/memoryReportSource';
import { readSettings, type ReportChoices } from '../../src/collector/report/reportSettings';
import { HASH_FUNCTION } from '../../src/collector/report/rollupCells';
import { MODEL_HASH_FILL, ROLLUP_BACKFILL, ROLLUP_TABLE_NAMES } from '../../src/collector/report/sqliteRollups';
import { foldUnits, hashOf } from '../../src/collector/report/summarizeUnits';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { expectClose } from '../fixtures/expectClose';
import { seedEvents } from '../fixtures/seedEvents';

const DAY = 86_400_000;
const NOW = Date.parse('2026-11-27T12:00:00.000Z');

/** The seeded stream plus the rules' edge cases: anonymous answers, a late earlier answer, ties, sessions that go on. */
function events(): PulseEvent[] {
  const list = seedEvents({ visitors: 220, seed: 5, days: 24 });
  const base = { page: { type: 'category', path: '/c' }, survey: { id: 'decision-confidence', version: 1, sampleRate: 0.5 } };
  const question = { id: 'confidence', type: 'scale' as const, min: 1, max: 5 };
  const extra: PulseEvent[] = [];
  // Answers under Global Privacy Control: no visitor, no session; each one a unit of its own.
  for (const [i, value] of [5, 1, 2].entries()) {
    extra.push({ ...base, id: `anon-imp-${i}`, type: 'impression', ts: `2026-11-05T10:0${i}:00.000Z`, pageViewId: `anon-pv-${i}`, responseId: `anon-r-${i}` });
    extra.push({ ...base, id: `anon-ans-${i}`, type: 'answer', ts: `2026-11-05T10:0${i}:05.000Z`, pageViewId: `anon-pv-${i}`, responseId: `anon-r-${i}`, question, answer: { value } });
  }
  // visitor-x answers twice at the same instant (the smaller id is the first), then buys within the day.
  for (const id of ['tie-b', 'tie-a']) {
    extra.push({ ...base, id, type: 'answer', ts: '2026-11-10T09:00:00.000Z', visitorId: 'visitor-x', sessionId: 'x-s', pageViewId: `pv-${id}`, responseId: `r-${id}`, question, answer: { value: id === 'tie-a' ? 2 : 4 } });
  }
  extra.push({ id: 'x-buy', type: 'outcome', ts: '2026-11-10T15:00:00.000Z', visitorId: 'visitor-x', sessionId: 'x-s2', pageViewId: 'x-pv-buy', page: { type: 'checkout', path: '/t' }, outcome: { name: 'purchase' } });
  // Outcomes at the window's very end, and a millisecond past it.
  extra.push({ ...base, id: 'edge-ans', type: 'answer', ts: '2026-11-14T08:00:00.250Z', visitorId: 'visitor-edge', sessionId: 'edge-s', pageViewId: 'edge-pv', responseId: 'edge-r', question, answer: { value: 3 } });
  extra.push({ id: 'edge-buy', type: 'outcome', ts: '2026-11-15T08:00:00.250Z', visitorId: 'visitor-edge', sessionId: 'edge-s2', pageViewId: 'edge-pv-2', page: { type: 'checkout', path: '/t' }, outcome: { name: 'purchase' } });
  extra.push({ id: 'edge-cart', type: 'outcome', ts: '2026-11-15T08:00:00.251Z', visitorId: 'visitor-edge', sessionId: 'edge-s2', pageViewId: 'edge-pv-2', page: { type: 'product', path: '/p' }, outcome: { name: 'add_to_cart' } });
  // A session that is still going on at NOW, with a page view after the answer.
  extra.push({ ...base, id: 'live-ans', type: 'answer', ts: '2026-11-27T11:50:00.000Z', visitorId: 'visitor-live', sessionId: 'live-s', pageViewId: 'live-pv', responseId: 'live-r', question, answer: { value: 1 } });
  extra.push({ id: 'live-pv2', type: 'pageview', ts: '2026-11-27T11:55:00.000Z', visitorId: 'visitor-live', sessionId: 'live-s', pageViewId: 'live-pv-2', page: { type: 'product', path: '/p' } });
  return [...list, ...extra];
}

/** Seeded random numbers, for the arrival order. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

/** The events in a shuffled order, in batches of random sizes, with some batches sent twice. */
function arrivals(list: readonly PulseEvent[], seed: number): PulseEvent[][] {
  const next = random(seed);
  const shuffled = [...list];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const batches: PulseEvent[][] = [];
  for (let i = 0; i < shuffled.length; ) {
    const size = 1 + Math.floor(next() * 60);
    const batch = shuffled.slice(i, i + size);
    batches.push(batch);
    if (next() < 0.2) batches.push(batch);
    i += size;
  }
  return batches;
}

function snapshot(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  try {
    return Object.fromEntries(ROLLUP_TABLE_NAMES.map((table) => [table, db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all()]));
  } finally {
    db.close();
  }
}

const views: [string, ReportChoices][] = [
  ['7 days, purchase (the default)', {}],
  ['1 day, add to cart', { window: '1', outcome: 'add_to_cart' }],
  ['1 day, purchase', { window: '1' }],
  ['the session window', { window: 'session' }],
  ['30 days: most windows not over yet', { window: '30' }],
  ['a change day and a low threshold of 3', { change: '2026-11-12', low: '3' }],
  ['an outcome nobody reached', { outcome: 'newsletter' }],
];

describe('the SQLite report rollups', () => {
  let dir: string;
  let file: string;
  let store: SqliteEventStore;
  let stored: StoredEvent[];
  const list = events();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cp-rollups-'));
    file = join(dir, 'pulse.sqlite');
    store = openSqliteStore(file);
    for (const batch of arrivals(list, 42)) store.insertMany(batch);
    stored = store.all();
  });
  afterAll(async () => {
    store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it.each(views)('fold the default view as the units do: %s', async (_name, choices) => {
    const facets = await store.facets();
    const read = readSettings({ ...facets, outcomes: [...facets.outcomes, 'newsletter'] }, choices, { now: NOW });
    if (!read.ok) throw new Error(read.error);
    const fromRollups = await loadReport(store.report, {}, read.settings);
    const fromUnits = await loadReport(memoryReportSource(stored), {}, read.settings);
    expectClose(fromRollups, fromUnits);
  });

  it('are what folds the view, and only the view with no filter and one answer per visitor', async () => {
    const query = { filter: {}, questionId: 'confidence', outcome: 'purchase', windowMs: 7 * DAY };
    const rules = { min: 1, max: 5, lowMax: 2, window: { kind: 'days' as const, days: 7 }, windowMs: 7 * DAY, now: NOW, change: null };
    const fold = foldUnits(rules);
    expect(await store.report.foldRollups!(query, rules, fold)).toBe(true);
    // 220 seeded visitors answer at most once each in this seed's stream; the edge cases add 3 anonymous answers and 2 visitors.
    const visitors = new Set(list.filter((e) => e.type === 'answer' && e.question?.type === 'scale').map((e) => e.visitorId ?? e.id));
    expect(fold.summary.overall.visitors).toBe(visitors.size);
    expect(fold.summary.anonymous).toBe(3);
    expect(await store.report.foldRollups!({ ...query, filter: { pageType: 'comparison' } }, rules, foldUnits(rules))).toBe(false);
    expect(await store.report.foldRollups!({ ...query, everyAnswer: true }, rules, foldUnits(rules))).toBe(false);
  });

  it('are kept at ingest as a rebuild from the stored events leaves them, whatever the arrival order', () => {
    const kept = snapshot(file);
    expect(kept.report_first_answers!.length).toBeGreaterThan(100);
    expect(kept.report_answer_outcomes!.length).toBeGreaterThan(10);
    expect(kept.report_display_counts!.length).toBeGreaterThan(10);
    const db = new Database(file);
    db.function(HASH_FUNCTION, { deterministic: true }, (id: unknown) => hashOf(String(id)));
    try {
      db.transaction(() => {
        for (const table of ROLLUP_TABLE_NAMES) db.exec(`DELETE FROM ${table}`);
        db.exec(ROLLUP_BACKFILL + MODEL_HASH_FILL);
      })();
    } finally {
      db.close();
    }
    expectClose(snapshot(file), kept);
  });

  it('keep the same tables for another arrival order', async () => {
    const other = join(dir, 'other.sqlite');
    const second = openSqliteStore(other);
    for (const batch of arrivals(list, 7)) second.insertMany(batch);
    second.close();
    expectClose(snapshot(other), snapshot(file));
  });

  it('are filled when a file of the previous schema is opened', async () => {
    const old = join(dir, 'old.sqlite');
    const first = openSqliteStore(old);
    first.insertMany(list);
    first.close();
    const db = new Database(old);
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as { name: string }[];
    for (const { name } of triggers) db.exec(`DROP TRIGGER ${name}`);
    for (const table of ROLLUP_TABLE_NAMES) db.exec(`DROP TABLE ${table}`);
    db.pragma('user_version = 3');
    db.close();
    const reopened = openSqliteStore(old);
    try {
      const read = readSettings(await reopened.facets(), {}, { now: NOW });
      if (!read.ok) throw new Error(read.error);
      expectClose(await loadReport(reopened.report, {}, read.settings), await loadReport(memoryReportSource(stored), {}, read.settings));
    } finally {
      reopened.close();
    }
    expectClose(snapshot(old), snapshot(file));
  });

  it('get the display counts and the model order when a file of schema version 4 is opened', async () => {
    const old = join(dir, 'version4.sqlite');
    const first = openSqliteStore(old);
    first.insertMany(list);
    first.close();
    const db = new Database(old);
    for (const table of ['report_display_counts', 'report_answer_moments']) {
      for (const change of ['insert', 'update', 'delete']) db.exec(`DROP TRIGGER ${table}_on_${change}`);
      db.exec(`DROP TABLE ${table}`);
    }
    db.exec('DROP INDEX report_first_answers_model; ALTER TABLE report_first_answers DROP COLUMN model_hash');
    db.pragma('user_version = 4');
    db.close();
    openSqliteStore(old).close();
    expectClose(snapshot(old), snapshot(file));
  });
});
