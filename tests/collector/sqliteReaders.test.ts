import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createReaderPool, type ReaderPool } from '../../src/collector/sqliteReaders';

let dir: string;
let path: string;
let pool: ReaderPool | null = null;
const ROWS = 9_001; // several chunks of 2,000, and a short last one

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cp-readers-'));
  path = join(dir, 'pulse.sqlite');
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, label TEXT, value REAL)');
  const insert = db.prepare('INSERT INTO t (id, label, value) VALUES (?, ?, ?)');
  db.transaction(() => {
    for (let i = 1; i <= ROWS; i++) insert.run(i, `row ${i}`, i / 4);
  })();
  db.close();
});

afterEach(async () => {
  pool?.close();
  pool = null;
  await rm(dir, { recursive: true, force: true });
});

const collect = async (run: ReaderPool['run'], sql: string, params: unknown[] = []) => {
  const rows: Record<string, unknown>[] = [];
  await run(sql, params, (row) => rows.push(row));
  return rows;
};

describe('createReaderPool', () => {
  it('hands over every row of a query in order, named by column, with bound parameters', async () => {
    pool = createReaderPool(path, 1000)!;
    const rows = await collect(pool.run, 'SELECT id, label, value FROM t WHERE id > @p1 ORDER BY id', [1]);
    expect(rows).toHaveLength(ROWS - 1);
    expect(rows[0]).toEqual({ id: 2, label: 'row 2', value: 0.5 });
    expect(rows.at(-1)).toEqual({ id: ROWS, label: `row ${ROWS}`, value: ROWS / 4 });
    expect(rows.every((row, i) => row.id === i + 2)).toBe(true);
  });

  it('runs queries issued together, each complete, and answers an empty result', async () => {
    pool = createReaderPool(path, 1000)!;
    const [all, odd, none, count] = await Promise.all([
      collect(pool.run, 'SELECT id FROM t'),
      collect(pool.run, 'SELECT id FROM t WHERE id % 2 = 1'),
      collect(pool.run, 'SELECT id FROM t WHERE id < 0'),
      collect(pool.run, 'SELECT COUNT(*) AS n FROM t'),
    ]);
    expect(all).toHaveLength(ROWS);
    expect(odd).toHaveLength((ROWS + 1) / 2);
    expect(none).toEqual([]);
    expect(count).toEqual([{ n: ROWS }]);
  });

  it('fails a query with SQLite’s message and keeps answering the next ones', async () => {
    pool = createReaderPool(path, 1000)!;
    await expect(collect(pool.run, 'SELECT nope FROM t')).rejects.toThrow(/no such column: nope/);
    // A read-only connection: a write is refused, not run.
    await expect(collect(pool.run, "INSERT INTO t (label) VALUES ('x') RETURNING id")).rejects.toThrow(/readonly/);
    expect(await collect(pool.run, 'SELECT COUNT(*) AS n FROM t')).toEqual([{ n: ROWS }]);
  });

  it('fails the query whose rows the report could not fold, ends it early, and goes on', async () => {
    pool = createReaderPool(path, 1000, 1)!;
    let seen = 0;
    const failing = pool.run('SELECT id FROM t', [], () => {
      if (++seen === 10) throw new Error('folding failed');
    });
    await expect(failing).rejects.toThrow('folding failed');
    // The rest of the first chunk is skipped, and the worker stops within the chunks it was allowed ahead.
    expect(seen).toBe(10);
    expect(await collect(pool.run, 'SELECT COUNT(*) AS n FROM t')).toEqual([{ n: ROWS }]);
  });

  it('fails a query whose reader cannot open the file, with the reason', async () => {
    pool = createReaderPool(join(dir, 'missing.sqlite'), 1000)!;
    await expect(collect(pool.run, 'SELECT 1')).rejects.toThrow(/the report's reader stopped: .*(unable to open database file|does not exist)/);
  });

  it('fails the queries waiting when the store closes, and every later one', async () => {
    pool = createReaderPool(path, 1000, 1)!;
    const first = collect(pool.run, 'SELECT id FROM t');
    const second = collect(pool.run, 'SELECT id FROM t');
    pool.close();
    await expect(first).rejects.toThrow('the store is closed');
    await expect(second).rejects.toThrow('the store is closed');
    await expect(collect(pool.run, 'SELECT 1')).rejects.toThrow('the store is closed');
  });
});

describe('a script that reads a report and nothing else', () => {
  it('is kept alive by a query in flight, and may exit once the readers are idle', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { writeFile } = await import('node:fs/promises');
    const { fileURLToPath } = await import('node:url');
    // Plain Node on the built collector: no test runner holds the event loop open there.
    const script = join(dir, 'read.mjs');
    const source = fileURLToPath(new URL('../../packages/collector/dist/index.js', import.meta.url));
    await writeFile(
      script,
      `import { openStore } from ${JSON.stringify(source)};
const store = await openStore(${JSON.stringify(path)});
let rows = 0;
store.report.scaleFacts({ filter: {}, questionId: 'confidence', outcome: null, windowMs: null }).then((facts) => {
  rows = facts.confidenceAnswers;
  console.log('read', rows);
});
`,
    );
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 60_000 });
    expect(stdout).toBe('read 0\n');
  });
});
