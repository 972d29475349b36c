// Where the SQLite store's CPU goes, statement by statement: the built store (`openSqliteStore`) fills a file with
// realistic traffic (batches of 50 in groups of 16, 20% of the events repeated, as `npm run bench:collector` sends),
// then stores more and times each prepared statement's `run` in this thread's CPU time (a trigger's work counts in
// the statement that fired it; BEGIN and COMMIT are statements too). It prints, per batch of 50: each statement's
// CPU, the main thread's CPU, the whole process's (the checkpoint worker included), and the WAL file's size.
// Linux only (/proc/thread-self/schedstat). After `npm run build`:
//
//   node scripts/benchCollectorStatements.mjs [--prefill 2000] [--batches 400]
//
// Each timed call also pays for two readings of the clock (a few µs): the JavaScript's share is taken from an untimed
// run of the same size just before.
import { mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { newEvent } from './benchEvents.mjs';

const root = new URL('../', import.meta.url);
const { values } = parseArgs({ options: { prefill: { type: 'string', default: '2000' }, batches: { type: 'string', default: '400' } } });
const GROUP = 16;
const PREFILL = Math.max(GROUP, Number(values.prefill));
const BATCHES = Math.max(GROUP, Number(values.batches));
const { openSqliteStore } = await import(new URL('packages/collector/dist/index.js', root).href);
const Database = createRequire(new URL('package.json', root))('better-sqlite3');

/** This thread's CPU time in ns (the scheduler's own count: steadier than wall time on a loaded machine). */
const schedstat = openSync('/proc/thread-self/schedstat', 'r');
const buffer = Buffer.alloc(128);
const threadNs = () => Number(buffer.toString('latin1', 0, readSync(schedstat, buffer, 0, buffer.length, 0)).split(' ')[0]);
/** What one reading costs, taken off each timed call. */
const readingNs = (() => {
  const t0 = threadNs();
  for (let i = 0; i < 2000; i++) threadNs();
  return (threadNs() - t0) / 2001;
})();

// Every statement of every connection of the driver shares one prototype: its run, get and all are timed while `timing`.
let timing = false;
const byStatement = new Map();
/** Each statement's entry of `byStatement`, found without reading its SQL again. */
const entries = new WeakMap();
const probe = new Database(':memory:');
const statementPrototype = Object.getPrototypeOf(probe.prepare('SELECT 1'));
probe.close();
for (const method of ['run', 'get', 'all']) {
  const original = statementPrototype[method];
  statementPrototype[method] = function timed(...args) {
    if (!timing) return original.apply(this, args);
    const t0 = threadNs();
    try {
      return original.apply(this, args);
    } finally {
      const ns = threadNs() - t0 - readingNs;
      let entry = entries.get(this);
      if (!entry) {
        const sql = this.source.replace(/\s+/g, ' ').trim().slice(0, 80);
        entry = byStatement.get(sql) ?? { runs: 0, ns: 0 };
        byStatement.set(sql, entry);
        entries.set(this, entry);
      }
      entry.runs++;
      entry.ns += ns;
    }
  };
}

const sent = [];
/** A batch as the collector benchmark sends it: 40 new events and 10 already sent. */
function nextBatch() {
  const events = Array.from({ length: 50 }, newEvent);
  for (const event of events) sent.push(event);
  for (let i = 0; i < 10; i++) events[i] = sent[Math.floor(Math.random() * sent.length)];
  return events;
}
const groups = (batches) =>
  Array.from({ length: Math.ceil(batches / GROUP) }, () => {
    const context = { receivedAt: new Date().toISOString(), sentAt: new Date().toISOString() };
    return Array.from({ length: GROUP }, () => ({ events: nextBatch(), context }));
  });

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-statements-'));
const file = join(dir, 'bench.sqlite');
const store = openSqliteStore(file);
try {
  for (const group of groups(PREFILL)) store.insertGroup(group);
  // The same amount untimed first: the calling thread's CPU without the readings the timing adds (two per statement).
  const untimed = groups(BATCHES);
  const untimed0 = threadNs();
  for (const group of untimed) store.insertGroup(group);
  const untimedMs = (threadNs() - untimed0) / 1e6;
  const work = groups(BATCHES);
  const process0 = process.cpuUsage();
  const thread0 = threadNs();
  timing = true;
  for (const group of work) store.insertGroup(group);
  timing = false;
  const threadMs = (threadNs() - thread0) / 1e6;
  const { user, system } = process.cpuUsage(process0);
  const perBatch = (ms) => `${(ms / BATCHES).toFixed(3)} ms`;
  console.log(`\nSQLite store, per batch of 50 (${BATCHES} batches in groups of ${GROUP}, after ${PREFILL} batches into the file; thread CPU time)`);
  let statementsNs = 0;
  for (const [sql, { runs, ns }] of [...byStatement].sort((a, b) => b[1].ns - a[1].ns)) {
    statementsNs += ns;
    console.log(`  ${perBatch(ns / 1e6).padStart(9)}  ${(runs / BATCHES).toFixed(1).padStart(5)} runs  ${(ns / runs / 1000).toFixed(1).padStart(7)} µs each  ${sql}`);
  }
  console.log(`  ${perBatch(statementsNs / 1e6).padStart(9)}  in the statements above`);
  console.log(`  ${perBatch(untimedMs - statementsNs / 1e6).padStart(9)}  in JavaScript around them (rows, facets, the rollups' folding): the untimed run's ${perBatch(untimedMs)} less the statements`);
  console.log(`  ${perBatch(untimedMs).padStart(9)}  on the calling thread in all, untimed (${perBatch(threadMs)} with the timing's readings)`);
  console.log(`  ${perBatch((user + system) / 1000).padStart(9)}  in the whole process (with the checkpoint worker and the garbage collector's threads)`);
  console.log(`  file ${(statSync(file).size / 2 ** 20).toFixed(0)} MiB, WAL ${(statSync(`${file}-wal`).size / 2 ** 20).toFixed(0)} MiB; load average ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`);
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
