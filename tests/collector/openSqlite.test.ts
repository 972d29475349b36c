import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, openStore, SCHEMA_VERSION, type SqliteEventStore } from '../../src/collector/index';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { PulseEvent } from '../../src/contract/eventShapes';
import { answerEvent } from '../fixtures/events';

let dir: string;
let file: string;
let stores: SqliteEventStore[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-sqlite-'));
  file = join(dir, 'pulse.sqlite');
});

afterEach(async () => {
  stores.forEach((s) => s.close());
  stores = [];
  await rm(dir, { recursive: true, force: true });
});

function open(path = file): SqliteEventStore {
  const store = openSqliteStore(path);
  stores.push(store);
  return store;
}

/** The shared answer event without signals: these tests read the device facet from the events that set one. */
function event(overrides: Partial<PulseEvent> = {}): PulseEvent {
  const { signals: _signals, ...answer } = answerEvent();
  return { ...answer, ...overrides };
}

describe('openSqliteStore', () => {
  it('creates the schema, sets schema_version and uses WAL', () => {
    open().close();
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(SCHEMA_VERSION).toBeGreaterThanOrEqual(1);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const indexes = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'events'").all() as { name: string }[]).map((r) => r.name);
      expect(indexes).toEqual(expect.arrayContaining(['events_type_cover', 'events_ts_id', 'events_scale_answers', 'events_impressions']));
      // Gone since schema 6: each cost every insert a descent (the session's a page of its own), and no query reads them.
      for (const gone of ['events_ts', 'events_survey_ts', 'events_page_ts', 'events_session_cover']) expect(indexes).not.toContain(gone);
      // The answers' and displays' covering indexes lead with the time, so new rows go to their end, not to a page of
      // their own per visitor.
      const leading = (index: string) => (db.prepare(`PRAGMA index_info(${index})`).all() as { name: string }[]).slice(0, 3).map((c) => c.name);
      expect(leading('events_scale_answers')).toEqual(['question_id', 'ts', 'id']);
      expect(leading('events_impressions')).toEqual(['ts', 'id', 'visitor_id']);
    } finally {
      db.close();
    }
  });

  it('checkpoints on a thread of its own: the database file takes the WAL\'s pages with no commit to trigger it', async () => {
    const store = open();
    const before = statSync(file).size;
    // Far below the 1,000 WAL pages at which the store's own connection used to checkpoint, inside a commit.
    store.insertMany(Array.from({ length: 200 }, () => event()));
    await expect.poll(() => statSync(file).size, { timeout: 20_000, interval: 50 }).toBeGreaterThan(before);
    // The store keeps working while the worker checkpoints, and after it has stopped.
    store.insertMany([event()]);
    expect(store.count()).toBe(201);
    store.close();
    const reopened = open();
    expect(reopened.count()).toBe(201);
  });

  it('keeps data across reopening without migrating again', () => {
    const first = open();
    first.insertMany([event()]);
    first.close();
    const second = open();
    expect(second.count()).toBe(1);
  });

  it('migrates a version 1 file: new columns filled from the stored bodies, times normalised', () => {
    const db = new Database(file);
    db.exec(`CREATE TABLE events (id TEXT PRIMARY KEY, type TEXT NOT NULL, ts TEXT NOT NULL, received_at TEXT NOT NULL, sent_at TEXT,
      visitor_id TEXT, session_id TEXT, page_view_id TEXT NOT NULL, response_id TEXT, page_type TEXT, page_path TEXT NOT NULL,
      survey_id TEXT, survey_version INTEGER, variant TEXT, sample_rate REAL, question_id TEXT, answer_value TEXT, body TEXT NOT NULL) STRICT;
      CREATE INDEX events_type_ts ON events (type, ts); CREATE INDEX events_survey_ts ON events (survey_id, ts);
      CREATE INDEX events_session ON events (session_id); CREATE INDEX events_ts ON events (ts);`);
    const old = event({ ts: '2026-11-22T10:00:00Z', signals: { viewport: 'mobile' } });
    const outcome: PulseEvent = { id: 'outcome-1', type: 'outcome', ts: '2026-11-22T10:05:00.5Z', pageViewId: 'p2', page: { path: '/t' }, outcome: { name: 'purchase' }, signals: { viewport: 3 } };
    const insert = db.prepare(`INSERT INTO events (id, type, ts, received_at, page_view_id, page_path, question_id, answer_value, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    insert.run(old.id, 'answer', old.ts, '2026-11-22T10:00:01.000Z', 'p1', '/c/shoes', 'confidence', '2', JSON.stringify(old));
    insert.run(outcome.id, 'outcome', outcome.ts, '2026-11-22T10:05:01.000Z', 'p2', '/t', null, null, JSON.stringify(outcome));
    db.pragma('user_version = 1');
    db.close();

    const store = open();
    expect(store.all().map((e) => [e.ts, e.questionType, e.device, e.outcomeName])).toEqual([
      ['2026-11-22T10:00:00.000Z', 'scale', 'mobile', null],
      ['2026-11-22T10:05:00.500Z', null, null, 'purchase'],
    ]);
    expect(store.count({ device: 'mobile', since: '2026-11-22T10:00:00.000Z' })).toBe(1);
    // The report's columns and facets come from the stored bodies too.
    const file2 = new Database(file, { readonly: true });
    try {
      expect(file2.prepare('SELECT answer_number, active_ms FROM events WHERE id = ?').get(old.id)).toEqual({ answer_number: 2, active_ms: null });
    } finally {
      file2.close();
    }
    expect(store.facets()).toMatchObject({ devices: ['mobile'], outcomes: ['purchase'], scaleQuestions: ['confidence'], pageTypes: [] });
  });

  it('openStore(":memory:") keeps the store in memory and creates no file of that name', async () => {
    const store = (await openStore(':memory:')) as SqliteEventStore;
    expect(store.path).toBe(':memory:');
    expect(store.insertMany([event()])).toEqual(['accepted']);
    expect(store.count()).toBe(1);
    store.close();
    expect(existsSync(resolve(':memory:'))).toBe(false);
  });

  it('refuses a database written by a newer version', () => {
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openSqliteStore(file)).toThrow(/newer than this collector understands/);
  });

  it('explains a missing better-sqlite3 instead of a module error', () => {
    const missing = () => {
      throw Object.assign(new Error("Cannot find module 'better-sqlite3'"), { code: 'MODULE_NOT_FOUND' });
    };
    expect(() => openSqliteStore(file, missing)).toThrow(/optional dependency.*npm install better-sqlite3/);
  });

  it('inserts idempotently and reports each event', () => {
    const store = open();
    const a = event();
    const b = event();
    expect(store.insertMany([a, b, a])).toEqual(['accepted', 'accepted', 'duplicate']);
    expect(store.insertMany([b])).toEqual(['duplicate']);
    expect(store.insertMany([])).toEqual([]);
    expect(store.count()).toBe(2);
  });

  it('filters, orders and limits with bound parameters', () => {
    const store = open();
    const early = event({ ts: '2026-11-22T09:00:00.000Z' });
    const late = event({ ts: '2026-11-22T11:00:00.000Z', answer: { value: ['a', 'b'] } });
    const impression = event({ type: 'impression', ts: '2026-11-22T10:00:00.000Z', sessionId: 's2' });
    delete impression.question;
    delete impression.answer;
    const tricky = event({ survey: { id: "x' OR '1'='1", version: 1, sampleRate: 0.5 } });
    store.insertMany([late, impression, early, tricky], { receivedAt: '2026-11-22T12:00:00.000Z', sentAt: '2026-11-22T11:59:00.000Z' });

    expect(store.count({ type: 'answer' })).toBe(3);
    expect(store.count({ type: 'answer', sessionId: 's2' })).toBe(0);
    expect(store.count({ surveyId: "x' OR '1'='1" })).toBe(1);
    expect(store.count({ surveyId: 'nope' })).toBe(0);
    expect(store.count({ since: '2026-11-22T10:00:00.000Z', until: '2026-11-22T11:00:00.000Z' })).toBe(2);

    expect(store.all({ type: 'answer', surveyId: 'decision-confidence' }).map((r) => r.id)).toEqual([early.id, late.id]);
    const newest = store.all({ order: 'desc', limit: 1 });
    expect(newest.map((r) => r.id)).toEqual([late.id]);
    expect(newest[0]).toMatchObject({ answerValue: ['a', 'b'], receivedAt: '2026-11-22T12:00:00.000Z', sentAt: '2026-11-22T11:59:00.000Z', body: late });
    expect(store.all({ type: 'impression' })[0]).toMatchObject({ answerValue: null, questionId: null, sessionId: 's2' });
  });
});
