// `npm run bench:report`: how long the collector's report (`GET /`) takes, and how much memory the collector uses,
// at 100,000 and 1,000,000 stored events (or the sizes given), on SQLite and on PostgreSQL. A measurement, not a
// test: it prints a table and asserts nothing; it exits non-zero only when it could not measure.
//
//   node bench/report.mjs [SIZE …] [--stores sqlite,postgres] [--warm 5] [--warm-budget 60] [--max-request 120]
//                         [--report-max N] [--timeout 900] [--batch 5000] [--dir /tmp/cp-bench-report] [--reseed]
//
//   SIZE          events to store, e.g. 100000 1000000 5000000 (also 100k, 1m, 5m). Default: 100k and 1m.
//   --warm        warm requests after the first (cold) one; their median is reported. Default 5.
//   --warm-budget stop the warm requests early once they took this many seconds (at least one is made). Default 60.
//   --max-request skip the report timing of a size when the previous size's cold request, scaled linearly, predicts
//                 more seconds than this (the seeding still happens). Default 120.
//   --report-max  never time the report above this many events. Default: no limit (the prediction decides).
//   --timeout     seconds one report request may take before it counts as timed out. Default 900.
//   --batch       events per `insertMany` call while seeding. Default 5,000.
//   --dir         where the SQLite files are kept between runs. Default /tmp/cp-bench-report.
//   --reseed      seed again even when a database of the right size exists (after changing reportEvents.mjs).
//
// Only public entry points are used, so the benchmark keeps working when the report's internals change: the built
// `openStore` (seeding through `insertMany`, checking through `count` and `all`) and `startCollector` (in a child
// process, bench/reportServer.mjs) answering `GET /` over HTTP.
//
// PostgreSQL: CP_TEST_PG_URL when set (a role that may create databases; databases cp_bench_<size> are kept and
// reused between runs), otherwise a throwaway cluster from scripts/testPostgres.mjs, deleted at the end (so its
// databases are seeded again on every run).
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import http from 'node:http';
import { END_DAYS_AGO, generateEvents, seedWindow, WINDOW_DAYS } from './reportEvents.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(import.meta.url);
const DAY_MS = 86_400_000;
const runStart = performance.now();
const loadStart = loadavg()[0];

const { values: options, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    stores: { type: 'string', default: 'sqlite,postgres' },
    warm: { type: 'string', default: '5' },
    'warm-budget': { type: 'string', default: '60' },
    'max-request': { type: 'string', default: '120' },
    'report-max': { type: 'string' },
    timeout: { type: 'string', default: '900' },
    batch: { type: 'string', default: '5000' },
    dir: { type: 'string', default: '/tmp/cp-bench-report' },
    reseed: { type: 'boolean', default: false },
  },
});

/** `100000`, `100_000`, `100,000`, `100k`, `1m`, `1e6`: people type sizes many ways. */
function parseSize(text) {
  const match = /^([\d.e+]+)([km]?)$/i.exec(text.replace(/[_,]/g, ''));
  const value = match ? Number(match[1]) * { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase()] : NaN;
  if (!Number.isInteger(value) || value < 1) throw new Error(`not a number of events: ${text}`);
  return value;
}

const sizes = (positionals.length ? positionals.map(parseSize) : [100_000, 1_000_000]).sort((a, b) => a - b);
const stores = options.stores.split(',').map((s) => s.trim()).filter(Boolean);
for (const store of stores) if (store !== 'sqlite' && store !== 'postgres') throw new Error(`--stores: sqlite and/or postgres, not ${store}`);
const warmCount = Math.max(0, Number(options.warm));
const warmBudgetMs = Number(options['warm-budget']) * 1000;
const maxRequestMs = Number(options['max-request']) * 1000;
const reportMax = options['report-max'] === undefined ? Infinity : parseSize(options['report-max']);
const timeoutMs = Number(options.timeout) * 1000;
const batchSize = Math.max(1, Math.floor(Number(options.batch)));
const dir = resolve(options.dir);

if (!existsSync(join(root, 'packages/collector/dist/index.js'))) {
  console.error('packages/collector/dist/index.js is missing: run `npm run build` first (npm run bench:report does).');
  process.exit(1);
}
const { openStore, startCollector } = await import('../packages/collector/dist/index.js');

const log = (line) => process.stderr.write(`${line}\n`);
const fmt = (n) => Math.round(n).toLocaleString('en-US');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const mb = (bytes) => `${fmt(bytes / 1024 / 1024)} MB`;

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: a throwaway PostgreSQL and a collector child must not outlive the run, even on Ctrl-C.

/** @type {(() => void | Promise<void>)[]} */
const cleanups = [];
let cleaning;
const cleanup = () => (cleaning ??= (async () => {
  for (const fn of cleanups.reverse()) {
    try {
      await fn();
    } catch (error) {
      log(`cleanup: ${error.message ?? error}`);
    }
  }
})());
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    log(`\n${signal}: stopping`);
    void cleanup().finally(() => process.exit(130));
  });
}

// ---------------------------------------------------------------------------------------------------------------
// The machine, printed with the table: timings mean little without it.

function machine() {
  const cpu = cpus();
  const debian = existsSync('/etc/debian_version') ? `Debian ${readFileSync('/etc/debian_version', 'utf8').trim()}` : process.platform;
  let sqlite = '';
  try {
    const Database = require('better-sqlite3');
    const db = new Database(':memory:');
    sqlite = `SQLite ${db.prepare('SELECT sqlite_version() AS v').get().v} (better-sqlite3 ${require('better-sqlite3/package.json').version})`;
    db.close();
  } catch {
    sqlite = 'SQLite: better-sqlite3 not installed';
  }
  let commit = 'unknown commit';
  try {
    const git = (...args) => execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // The collector's code is what is measured: name the last commit that changed src/, and say if it is edited.
    commit = `${git('rev-parse', '--short', 'HEAD')} (src/ as of ${git('log', '-1', '--format=%h', '--', 'src')}`;
    commit += git('status', '--porcelain', '--untracked-files=no', '--', 'src') ? ', with uncommitted changes)' : ')';
  } catch {
    // Not a git checkout: the commit stays unknown.
  }
  return { cpu: `${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}`, memory: `${Math.round(totalmem() / 2 ** 30)} GiB`, os: debian, node: process.version, sqlite, commit };
}

// ---------------------------------------------------------------------------------------------------------------
// Checking the generator against the real ingest validation, once per run.

/**
 * Posts a sample of the generated stream (5,000 events over the whole window, every branch of the generator) to
 * an in-memory collector's ingest endpoint, which validates each event with the wire schema. Seeding itself goes
 * through `insertMany`, which does not validate, so this is what keeps the seeded events valid.
 */
async function checkEventsAreValid() {
  const collector = await startCollector({ db: ':memory:', port: 0, rateLimit: null, log: false });
  try {
    const { start, end } = seedWindow();
    const [sample] = generateEvents({ total: 5_000, start, end, chunkEvents: 5_000 });
    // Batches of 200 stay well under the collector's default body limit (256 KiB), as the widget's 50 do.
    for (let i = 0; i < sample.length; i += 200) {
      const body = JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events: sample.slice(i, i + 200) });
      const response = await fetch(`${collector.url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const answer = await response.json();
      const refused = (answer.results ?? []).filter((r) => r.status !== 'accepted');
      if (response.status !== 200 || refused.length) {
        throw new Error(`the generated events are not valid: HTTP ${response.status} ${JSON.stringify(refused.length ? refused.slice(0, 3) : answer).slice(0, 2000)}`);
      }
    }
  } finally {
    await collector.close();
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Seeding.

/**
 * Stores exactly `total` generated events through `insertMany`, `batchSize` per call. A PostgreSQL store answers
 * with a promise: the next batch is generated while the previous one is inserted (two in flight at most), so the
 * database's core and Node's core both work. Returns the insert time and rate.
 */
async function seed(store, total, label) {
  const { start, end } = seedWindow();
  const t0 = performance.now();
  let inserted = 0;
  let accepted = 0;
  let tenths = 1;
  /** @type {Promise<void> | undefined} */
  let inFlight;
  const count = (statuses) => {
    for (const status of statuses) if (status === 'accepted') accepted++;
  };
  for (const chunk of generateEvents({ total, start, end })) {
    for (let i = 0; i < chunk.length; i += batchSize) {
      const events = chunk.slice(i, i + batchSize);
      // One receive time per call is all the API takes: the batch's last event time, as if it arrived right away.
      const at = events[events.length - 1].ts;
      const result = store.insertMany(events, { receivedAt: at, sentAt: at });
      if (result instanceof Promise) {
        const previous = inFlight;
        inFlight = result.then(count);
        await previous;
      } else count(result);
      inserted += events.length;
      if (inserted * 10 >= total * tenths) {
        const elapsed = performance.now() - t0;
        log(`  ${label}: ${fmt(inserted)} / ${fmt(total)} events, ${fmt((inserted / elapsed) * 1000)}/s`);
        while (inserted * 10 >= total * tenths) tenths++;
      }
    }
  }
  await inFlight;
  const ms = performance.now() - t0;
  if (accepted !== total) throw new Error(`${label}: ${fmt(accepted)} of ${fmt(total)} events accepted (ids must be unique)`);
  return { ms, rate: (total / ms) * 1000 };
}

/** The latest event's day, for the filtered request (the window moves with the day the database was seeded). */
async function lastDay(store) {
  const [latest] = await store.all({ order: 'desc', limit: 1 });
  return latest ? latest.ts.slice(0, 10) : new Date(seedWindow().end - DAY_MS).toISOString().slice(0, 10);
}

/** `${dir}/sqlite-N.sqlite`, reused when it holds exactly N events. */
async function prepareSqlite(total) {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `sqlite-${total}.sqlite`);
  const remove = () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(file + suffix, { force: true }));
  if (options.reseed) remove();
  let seeded = null;
  if (existsSync(file)) {
    const store = await openStore(file);
    const stored = store.count();
    const day = await lastDay(store);
    store.close();
    if (stored === total) {
      log(`SQLite ${fmt(total)}: reusing ${file} (${fmt(stored)} events)`);
      return { db: file, seeded: null, lastDay: day, bytes: statSync(file).size };
    }
    log(`SQLite ${fmt(total)}: ${file} holds ${fmt(stored)} events, not ${fmt(total)}: seeding again`);
    remove();
  }
  log(`SQLite ${fmt(total)}: seeding ${file}`);
  const store = await openStore(file);
  try {
    seeded = await seed(store, total, `SQLite ${fmt(total)}`);
    if (store.count() !== total) throw new Error(`SQLite ${fmt(total)}: the store counts ${fmt(store.count())} events`);
    const day = await lastDay(store);
    store.close();
    return { db: file, seeded, lastDay: day, bytes: statSync(file).size };
  } catch (error) {
    store.close();
    remove();
    throw error;
  }
}

/** The PostgreSQL server: CP_TEST_PG_URL, or a throwaway cluster stopped (and deleted) at the end. */
async function postgresServer() {
  const pg = require('pg');
  let url = process.env.CP_TEST_PG_URL;
  let throwaway = false;
  if (!url) {
    const { startTestPostgres, stopTestPostgres } = await import('../scripts/testPostgres.mjs');
    log('PostgreSQL: CP_TEST_PG_URL is not set; starting a throwaway cluster (its databases are seeded on every run)');
    const server = await startTestPostgres();
    cleanups.push(() => stopTestPostgres(server.dir));
    url = server.url;
    throwaway = true;
  }
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  cleanups.push(() => admin.end());
  const version = (await admin.query('SHOW server_version')).rows[0].server_version;
  const dbUrl = (name) => {
    const parsed = new URL(url);
    parsed.pathname = `/${name}`;
    return parsed.toString();
  };
  return { pg, admin, dbUrl, version, throwaway };
}

/** Database `cp_bench_N`, reused when it holds exactly N events; analysed after seeding, as autovacuum would. */
async function preparePostgres(server, total) {
  const name = `cp_bench_${total}`;
  const url = server.dbUrl(name);
  const exists = async () => (await server.admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0;
  const size = async () => Number((await server.admin.query('SELECT pg_database_size($1) AS n', [name])).rows[0].n);
  const drop = () => server.admin.query(`DROP DATABASE IF EXISTS "${name}"`);
  if (options.reseed) await drop();
  if (await exists()) {
    const store = await openStore(url);
    const stored = await store.count();
    const day = await lastDay(store);
    await store.close();
    if (stored === total) {
      log(`PostgreSQL ${fmt(total)}: reusing database ${name} (${fmt(stored)} events)`);
      return { db: url, seeded: null, lastDay: day, bytes: await size() };
    }
    log(`PostgreSQL ${fmt(total)}: database ${name} holds ${fmt(stored)} events, not ${fmt(total)}: seeding again`);
    await drop();
  }
  await server.admin.query(`CREATE DATABASE "${name}"`);
  log(`PostgreSQL ${fmt(total)}: seeding database ${name}`);
  const store = await openStore(url);
  let seeded;
  let day;
  try {
    seeded = await seed(store, total, `PostgreSQL ${fmt(total)}`);
    const counted = await store.count();
    if (counted !== total) throw new Error(`PostgreSQL ${fmt(total)}: the store counts ${fmt(counted)} events`);
    day = await lastDay(store);
  } catch (error) {
    await store.close();
    await drop();
    throw error;
  }
  await store.close();
  // A production database has statistics and a visibility map from autovacuum; a fresh bulk load has neither, and
  // the planner would guess. Database-wide, so no table name of the store's schema is assumed.
  const t0 = performance.now();
  const client = new server.pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('VACUUM (ANALYZE)');
  } finally {
    await client.end();
  }
  seeded.vacuumMs = performance.now() - t0;
  return { db: url, seeded, lastDay: day, bytes: await size() };
}

// ---------------------------------------------------------------------------------------------------------------
// Measuring the report.

/** VmRSS (now) and VmHWM (the peak since the process started) of a process, in bytes. */
function memoryOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/** CPU time (user + system) a process has used, in ms: on a shared machine, less noisy than wall time. */
function cpuOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces), counted from 3: utime is 14, stime 15, in clock ticks.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
}
/** Clock ticks per second of /proc's CPU times (USER_HZ), 100 on Linux unless getconf says otherwise. */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** Starts bench/reportServer.mjs and resolves once it prints its URL. */
function startServer(db) {
  const child = spawn(process.execPath, [join(root, 'bench/reportServer.mjs'), db], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = new Promise((done) => child.once('exit', (code, signal) => done({ code, signal })));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  };
  cleanups.push(stop);
  return new Promise((done, fail) => {
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      out += text;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) done({ url: JSON.parse(line).url, pid: child.pid, stop, exited });
    });
    void exited.then(({ code, signal }) => fail(new Error(`the collector exited (${signal ?? code}) before listening: ${out}`)));
  });
}

/**
 * One GET, timed until the whole page has arrived. node:http rather than fetch: fetch gives up on response headers
 * after 300 s, and today's report can take longer than that at millions of events.
 */
function timedGet(url) {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const request = http.get(url, { agent: false }, (response) => {
      let bytes = 0;
      response.on('data', (chunk) => (bytes += chunk.length));
      response.on('end', () => {
        const ms = performance.now() - t0;
        if (response.statusCode !== 200) fail(new Error(`GET ${url}: HTTP ${response.statusCode}`));
        else done({ ms, bytes });
      });
      response.on('error', fail);
    });
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`timed out after ${seconds(timeoutMs)}`)));
    request.on('error', fail);
  });
}

const median = (list) => {
  const sorted = [...list].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Starts a collector on `db` and times the full report: the first request of the fresh process (cold: nothing
 * compiled or cached in it yet; the operating system's file cache is as the seeding left it), then warm requests,
 * then one filtered request (comparison pages of the last four weeks). Memory is read from /proc before and after.
 */
async function measureReport(db, day) {
  const server = await startServer(db);
  const result = { idle: memoryOf(server.pid).rss };
  const crashed = server.exited.then(({ code, signal }) => {
    throw new Error(`the collector exited (${signal ?? code}) during the requests`);
  });
  crashed.catch(() => {});
  /** One request, with the collector's CPU time spent meanwhile (for PostgreSQL, the server's own CPU is not in it). */
  const get = async (path) => {
    const cpu = cpuOf(server.pid);
    const answer = await Promise.race([timedGet(`${server.url}${path}`), crashed]);
    return { ...answer, cpu: cpuOf(server.pid) - cpu };
  };
  try {
    const cold = await get('/');
    result.cold = cold.ms;
    result.coldCpu = cold.cpu;
    result.pageBytes = cold.bytes;
    const warm = [];
    const warmCpu = [];
    for (let i = 0; i < warmCount; i++) {
      const answer = await get('/');
      warm.push(answer.ms);
      warmCpu.push(answer.cpu);
      if (warm.reduce((a, b) => a + b, 0) >= warmBudgetMs) break;
    }
    result.warm = warm;
    result.warmCpu = warmCpu;
    const from = new Date(Date.parse(day) - 27 * DAY_MS).toISOString().slice(0, 10);
    result.filterPath = `/?page=comparison&from=${from}&to=${day}`;
    const filtered = await get(result.filterPath);
    result.filtered = filtered.ms;
    result.filteredCpu = filtered.cpu;
    // The "every answer" unit: a second pass over every answer, ordered by visitor.
    const every = await get('/?unit=response');
    result.every = every.ms;
    result.everyCpu = every.cpu;
    const memory = memoryOf(server.pid);
    result.after = memory.rss;
    result.peak = memory.hwm;
  } catch (error) {
    result.error = error.message;
    try {
      result.peak = memoryOf(server.pid).hwm;
    } catch {
      // The process is gone: no memory to read.
    }
  } finally {
    await server.stop();
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------------
// The run.

const rows = [];
let exitCode = 0;
const info = machine();
try {
  log(`Checking the generated events against the collector's validation…`);
  await checkEventsAreValid();
  const pgServer = stores.includes('postgres') ? await postgresServer() : null;
  /** Per store, the last measured cold time and its size, to predict the next size's. */
  const lastCold = new Map();

  for (const total of sizes) {
    for (const kind of stores) {
      const label = kind === 'sqlite' ? 'SQLite' : 'PostgreSQL';
      const row = { store: label, total };
      rows.push(row);
      try {
        const prepared = kind === 'sqlite' ? await prepareSqlite(total) : await preparePostgres(pgServer, total);
        Object.assign(row, { seeded: prepared.seeded, bytes: prepared.bytes });
        const previous = lastCold.get(kind);
        const predicted = previous ? previous.ms * (total / previous.total) : 0;
        if (total > reportMax) row.skipped = `above --report-max ${fmt(reportMax)}`;
        else if (predicted > maxRequestMs) row.skipped = `predicted ~${seconds(predicted)} per request (> --max-request ${maxRequestMs / 1000} s)`;
        if (row.skipped) {
          log(`${label} ${fmt(total)}: report not timed: ${row.skipped}`);
          continue;
        }
        log(`${label} ${fmt(total)}: timing GET / …`);
        const report = await measureReport(prepared.db, prepared.lastDay);
        Object.assign(row, report);
        if (report.cold !== undefined) lastCold.set(kind, { ms: report.cold, total });
        if (report.error) log(`${label} ${fmt(total)}: ${report.error}`);
        else log(`${label} ${fmt(total)}: cold ${seconds(report.cold)}, warm median ${seconds(median(report.warm))}, filtered ${seconds(report.filtered)}, every answer ${seconds(report.every)}`);
      } catch (error) {
        row.error = error.message;
        exitCode = 1;
        log(`${label} ${fmt(total)}: ${error.stack ?? error}`);
      }
    }
  }
  if (pgServer) info.postgres = `PostgreSQL ${pgServer.version}${pgServer.throwaway ? ' (throwaway cluster, fsync off)' : ''}`;
} catch (error) {
  log(`bench:report: could not measure: ${error.stack ?? error}`);
  exitCode = 1;
} finally {
  await cleanup();
}

// ---------------------------------------------------------------------------------------------------------------
// The table.

const ms = (value) => (value === undefined ? '—' : `${fmt(value)} ms`);
const withCpu = (wall, cpu) => (wall === undefined ? '—' : `${ms(wall)} (${ms(cpu)})`);
const table = [
  ['store', 'events', 'seed time', 'seed rate', 'database', 'report cold (CPU)', 'report warm, median (CPU)', 'filtered (CPU)', 'every answer (CPU)', 'collector RSS idle → peak', 'page'],
  ...rows.map((row) => {
    const seedTime = row.seeded ? seconds(row.seeded.ms) + (row.seeded.vacuumMs ? ` + ${seconds(row.seeded.vacuumMs)} VACUUM` : '') : row.bytes ? 'reused' : '—';
    const seedRate = row.seeded ? `${fmt(row.seeded.rate)} events/s` : '—';
    const note = row.error ? `error: ${row.error}` : row.skipped ? `not timed: ${row.skipped}` : null;
    const base = [row.store, fmt(row.total), seedTime, seedRate, row.bytes ? mb(row.bytes) : '—'];
    if (note && row.cold === undefined) return [...base, note, '', '', '', row.peak ? `peak ${mb(row.peak)}` : '', ''];
    return [
      ...base,
      withCpu(row.cold, row.coldCpu),
      row.warm?.length ? `${withCpu(median(row.warm), median(row.warmCpu))} n=${row.warm.length}` : '—',
      withCpu(row.filtered, row.filteredCpu) + (note ? ` (${note})` : ''),
      withCpu(row.every, row.everyCpu),
      `${mb(row.idle)} → ${row.peak ? mb(row.peak) : '?'}`,
      row.pageBytes ? `${fmt(row.pageBytes / 1024)} KB` : '—',
    ];
  }),
];
const widths = table[0].map((_, i) => Math.max(...table.map((r) => String(r[i]).length)));
const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;

console.log('');
console.log(`Confidence Pulse report benchmark · ${new Date().toISOString()} · commit ${info.commit}`);
console.log(`Machine: ${info.cpu}, ${info.memory}, ${info.os}, Node ${info.node}, ${info.sqlite}${info.postgres ? `, ${info.postgres}` : ''}`);
console.log(
  `Events: ${WINDOW_DAYS} days ending ${END_DAYS_AGO} days before the day of seeding; ` +
    `filtered request: ${rows.find((r) => r.filterPath)?.filterPath ?? '?page=comparison, the last 4 weeks of data'}`,
);
console.log('');
console.log(line(table[0]));
console.log(line(widths.map((w) => '-'.repeat(w))));
for (const row of table.slice(1)) console.log(line(row));
console.log('');
console.log(
  `Wall time until the whole page arrived; in brackets, the collector process's CPU time meanwhile. Load average (1 min) ` +
    `${loadStart.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end, on ${cpus().length} cores (above ${cpus().length}, other processes competed for them).`,
);
console.log('');
console.log(`Whole run: ${seconds(performance.now() - runStart)}.`);
process.exitCode = exitCode;
