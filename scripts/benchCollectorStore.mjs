// The SQLite store's part of ingest, alone in this process, and its floor: CPU time and bytes written per batch of
// 50 events, stored one transaction per batch and in groups of 4 and 16 (group commit), then by better-sqlite3
// alone into a table of (id, body), one transaction per batch. CPU time and bytes written do not depend on how busy
// the machine is, where wall time does. Linux only (/proc/self/io). It also prints how long each store call held the
// thread (p50, p99, max): a call that also ran a WAL checkpoint shows in the tail. After `npm run build`:
//
//   node scripts/benchCollectorStore.mjs [--batches 400]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { newEvent } from './benchEvents.mjs';

const root = new URL('../', import.meta.url);
const { values } = parseArgs({ options: { batches: { type: 'string', default: '400' } } });
const BATCHES = Math.max(16, Number(values.batches));
const BATCH_SIZE = 50;
const WARM_UP = 40;
const { openSqliteStore } = await import(new URL('packages/collector/dist/index.js', root).href);
const Database = createRequire(new URL('package.json', root))('better-sqlite3');

const batches = (n) => Array.from({ length: n }, () => Array.from({ length: BATCH_SIZE }, newEvent));
const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** Bytes this process has written (write and pwrite calls: the WAL, checkpoints, the database file). */
const writtenBytes = () => Number(/wchar: (\d+)/.exec(readFileSync('/proc/self/io', 'utf8'))[1]);

/** Wall time of each store call of the running measurement, in ms. */
let calls = [];
const timed = (call) => {
  const t0 = performance.now();
  call();
  calls.push(performance.now() - t0);
};
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs `store(batch)` over fresh batches in a temporary folder, answering CPU ms and KiB written per batch. */
function measure(open, store) {
  const dir = mkdtempSync(join(tmpdir(), 'cp-bench-store-'));
  const target = open(join(dir, 'bench.sqlite'));
  try {
    store(target, batches(WARM_UP));
    const work = batches(BATCHES);
    calls = [];
    const [cpu0, bytes0] = [cpuMs(), writtenBytes()];
    store(target, work);
    const sorted = calls.sort((a, b) => a - b);
    return { cpu: (cpuMs() - cpu0) / BATCHES, kib: (writtenBytes() - bytes0) / 1024 / BATCHES, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
  } finally {
    target.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const group of [1, 4, 16]) {
  const result = measure(openSqliteStore, (store, work) => {
    for (let i = 0; i < work.length; i += group) {
      const context = { receivedAt: new Date().toISOString(), sentAt: new Date().toISOString() };
      timed(() => store.insertGroup(work.slice(i, i + group).map((events) => ({ events, context }))));
    }
  });
  rows.push([group === 1 ? 'store, a transaction per batch' : `store, groups of ${group} batches`, result]);
}
const bare = measure(
  (file) => {
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE events (id TEXT PRIMARY KEY, body TEXT NOT NULL) STRICT');
    const insert = db.prepare('INSERT INTO events (id, body) VALUES (?, ?) ON CONFLICT (id) DO NOTHING');
    const insertBatch = db.transaction((events) => {
      for (const event of events) insert.run(event.id, JSON.stringify(event));
    });
    return { insertBatch, close: () => db.close() };
  },
  (bareStore, work) => work.forEach((events) => timed(() => bareStore.insertBatch(events))),
);
rows.push(['floor: better-sqlite3 alone, (id, body)', bare]);

console.log(`\nSQLite store, batches of ${BATCH_SIZE} events (${BATCHES} batches after ${WARM_UP} of warm-up; WAL, synchronous = NORMAL)`);
for (const [name, { cpu, kib, p50, p99, max }] of rows) {
  console.log(`  ${name.padEnd(42)} ${cpu.toFixed(2)} ms CPU, ${Math.round(kib)} KiB written per batch; each call ${p50.toFixed(1)} / ${p99.toFixed(1)} / ${max.toFixed(1)} ms (p50 / p99 / max)`);
}
console.log(`  load average ${(await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ')}`);
