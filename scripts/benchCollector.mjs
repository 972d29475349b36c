// `npm run bench:collector`: how many events a second the built collector ingests on this machine, with
// deduplication, and its latency. Bounded in time; traffic goes to 127.0.0.1 only.
//
//   node scripts/benchCollector.mjs [--seconds 10] [--concurrency 16] [--batch 50] [--duplicates 0.2] [--db FILE|postgres://…]
//                                   [--cpu-prof DIR] [--floor] [--client http|fetch]
//
// --cpu-prof writes the collector process's V8 CPU profile into DIR (open it in Chrome DevTools, Performance).
// --floor measures what the collector is compared with instead: the same load against a bare Fastify server
// (scripts/benchBareServer.mjs: parse the body, answer a result per event). scripts/benchCollectorStore.mjs
// measures the store's part and its floor, scripts/benchCollectorStatements.mjs the store's statements one by one.
//
// Besides latency it prints CPU per batch: the collector's in all, its main thread's (the event loop, which every
// request waits on) and its other threads' (the checkpoint worker, the garbage collector's helpers), and this load
// generator's own, which shares the machine's cores with the collector; and the WAL file's largest size in the run.
//
// The collector runs in its own process (the real CLI, `serve --rate-limit off --byte-limit off --quiet`), so the load
// generator does not steal its event loop. Every batch mixes new events with events already sent, as
// retries and page-hide beacons do; the run ends by checking that the store holds each event exactly once.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'node:http';
import { newEvent } from './benchEvents.mjs';

const root = new URL('../', import.meta.url);
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '16' },
    batch: { type: 'string', default: '50' },
    duplicates: { type: 'string', default: '0.2' },
    db: { type: 'string' },
    'cpu-prof': { type: 'string' },
    floor: { type: 'boolean', default: false },
    client: { type: 'string', default: 'http' },
  },
});
const seconds = Math.min(120, Math.max(1, Number(values.seconds)));
const concurrency = Math.max(1, Number(values.concurrency));
const batchSize = Math.max(1, Number(values.batch));
const duplicateShare = Math.min(0.9, Math.max(0, Number(values.duplicates)));
if (values.client !== 'http' && values.client !== 'fetch') {
  console.error(`--client is http or fetch, got ${values.client}`);
  process.exit(2);
}

if (!existsSync(new URL('dist/cli.js', root))) {
  console.error('dist/cli.js is missing: run `npm run build` first (npm run bench:collector does).');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'cp-bench-'));
const db = values.db ?? join(dir, 'bench.sqlite');

/** Starts the CLI collector and resolves with its URL once it prints it. */
function startServer() {
  const profile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : [];
  const server = values.floor
    ? ['scripts/benchBareServer.mjs']
    : ['packages/collector/bin/confidence-pulse-collector.js', 'serve', '--port', '0', '--host', '127.0.0.1', '--db', db, '--rate-limit', 'off', '--byte-limit', 'off', '--quiet'];
  const child = spawn(process.execPath, [...profile, ...server], {
    cwd: new URL('.', root),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out}`)), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      out += text;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}`)));
  });
}

/**
 * The collector process's CPU time so far (user + system), in ms, from /proc (Linux); NaN elsewhere. Steadier than
 * latency on a shared machine: other processes stretch wall time, not the collector's own CPU time.
 */
function cpuMs(pid, path = `/proc/${pid}/stat`) {
  try {
    // Fields after the command name, which is in parentheses and may hold spaces: utime and stime are 14 and 15.
    const fields = readFileSync(path, 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return NaN;
  }
}
/** The CPU time of the collector's main thread (its event loop: the thread whose id is the process's), in ms. */
const eventLoopCpuMs = (pid) => cpuMs(pid, `/proc/${pid}/task/${pid}/stat`);
/** This process's own CPU time (the load generator's), in ms. */
const ownCpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/** Linux's USER_HZ, the unit of /proc/<pid>/stat times: 100 on every mainstream configuration. */
const CLOCK_TICKS = 100;

const sent = [];
/** A batch: mostly new events, plus some already sent (retries), answered "duplicate". */
function nextBatch() {
  const repeats = sent.length ? Math.round(batchSize * duplicateShare) : 0;
  const events = [];
  for (let i = 0; i < repeats; i++) events.push(sent[Math.floor(Math.random() * sent.length)]);
  while (events.length < batchSize) {
    const event = newEvent();
    events.push(event);
    // Keep a bounded pool of sent events to repeat.
    if (sent.length < 50_000) sent.push(event);
    else sent[Math.floor(Math.random() * sent.length)] = event;
  }
  return { body: JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events }), repeats };
}

const { child, url } = await startServer();
const hardStop = setTimeout(() => {
  console.error('benchmark overran its time bound; stopping');
  child.kill('SIGKILL');
  process.exit(1);
}, (seconds + 60) * 1000);

const latencies = [];
const totals = { requests: 0, events: 0, accepted: 0, duplicate: 0, rejected: 0, failed: 0, expectedDuplicates: 0 };

/**
 * Posts a batch and reads the answer. The load generator shares the machine's cores with the collector, so it should
 * cost as little as it can: node:http with a keep-alive agent takes about half the CPU per batch that `fetch` does
 * (`--client fetch`, what the figures in BENCHMARKS.md before 2026-12-02 12:00 UTC were measured with).
 */
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
function post(body) {
  if (values.client === 'fetch') {
    return fetch(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body }).then(async (response) => ({
      status: response.status,
      result: await response.json(),
    }));
  }
  return new Promise((resolve, reject) => {
    const headers = { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) };
    const sending = request(`${url}/v1/events`, { method: 'POST', agent, headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        try {
          resolve({ status: response.statusCode, result: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        } catch (error) {
          reject(error);
        }
      });
    });
    sending.on('error', reject);
    sending.end(body);
  });
}

async function client(deadline) {
  while (performance.now() < deadline) {
    const { body, repeats } = nextBatch();
    const t0 = performance.now();
    const { status, result } = await post(body);
    latencies.push(performance.now() - t0);
    totals.requests++;
    if (status !== 200) {
      totals.failed++;
      if (totals.failed <= 3) console.error(`HTTP ${status}: ${JSON.stringify(result)}`);
      continue;
    }
    totals.events += result.results.length;
    totals.accepted += result.accepted;
    totals.duplicate += result.duplicate;
    totals.rejected += result.rejected;
    totals.expectedDuplicates += repeats;
  }
}

// A short warm-up (JIT, SQLite page cache), not counted.
await Promise.all(Array.from({ length: concurrency }, () => client(performance.now() + 1000)));
const warm = { ...totals };
latencies.length = 0;
for (const key of Object.keys(totals)) totals[key] = 0;

const [cpuBefore, loopBefore, ownBefore] = [cpuMs(child.pid), eventLoopCpuMs(child.pid), ownCpuMs()];
const start = performance.now();
// The WAL's size through the run: it grows when checkpoints never catch up with the commits (SQLite files only).
let walMaxBytes = 0;
const walFile = values.floor || db.startsWith('postgres') ? null : `${db}-wal`;
const walWatch = setInterval(() => {
  try {
    walMaxBytes = Math.max(walMaxBytes, statSync(walFile).size);
  } catch {
    // Not there (yet): nothing written since the last restart.
  }
}, 100);
if (!walFile) clearInterval(walWatch);
await Promise.all(Array.from({ length: concurrency }, () => client(start + seconds * 1000)));
const elapsed = (performance.now() - start) / 1000;
clearInterval(walWatch);
const cpuUsed = cpuMs(child.pid) - cpuBefore;
const loopUsed = eventLoopCpuMs(child.pid) - loopBefore;
const ownUsed = ownCpuMs() - ownBefore;

agent.destroy();
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
clearTimeout(hardStop);

latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
const load = (await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ');
const common = [
  ['duration', `${elapsed.toFixed(1)} s, ${concurrency} concurrent clients, batches of ${batchSize}, ${Math.round(duplicateShare * 100)}% repeated events`],
  ['requests', `${totals.requests} (${(totals.requests / elapsed).toFixed(0)}/s), ${totals.failed} failed (${warm.failed} in the warm-up)`],
  ['latency per batch', `p50 ${pct(50).toFixed(1)} ms, p90 ${pct(90).toFixed(1)} ms, p99 ${pct(99).toFixed(1)} ms, max ${latencies.at(-1).toFixed(1)} ms`],
  [values.floor ? 'server CPU' : 'collector CPU', `${(cpuUsed / totals.requests).toFixed(2)} ms per batch (${Math.round(cpuUsed)} ms in ${elapsed.toFixed(1)} s: ${Math.round(cpuUsed / 10 / elapsed)}% of one core)`],
  ['of which main', `${(loopUsed / totals.requests).toFixed(2)} ms per batch on the event loop (${Math.round(loopUsed / 10 / elapsed)}% of one core); other threads ${((cpuUsed - loopUsed) / totals.requests).toFixed(2)} ms`],
  ['load generator', `${(ownUsed / totals.requests).toFixed(2)} ms of CPU per batch (this process, through ${values.client === 'fetch' ? 'fetch' : 'node:http'}, sharing the machine's cores)`],
  ['load average', `${load} (1, 5, 15 min)`],
];

if (values.floor) {
  rmSync(dir, { recursive: true, force: true });
  console.log('\nFloor: a bare Fastify server, same load (127.0.0.1)');
  for (const [name, value] of common) console.log(`  ${name.padEnd(18)} ${value}`);
  console.log('\nThe store\'s floor, better-sqlite3 alone: node scripts/benchCollectorStore.mjs');
  if (totals.failed || warm.failed) process.exitCode = 1;
} else {
  // Exactly once in the store: every distinct id sent, no more.
  const { openStore } = await import(new URL('packages/collector/dist/index.js', root).href);
  const store = await openStore(db);
  const stored = await store.count();
  await store.close();
  const distinct = warm.accepted + totals.accepted;
  if (!values.db) rmSync(dir, { recursive: true, force: true });
  const rows = [
    ['store', values.db ? (values.db.startsWith('postgres') ? 'PostgreSQL' : `SQLite ${values.db}`) : 'SQLite (temp file, WAL)'],
    ...common.slice(0, 2),
    ['events ingested', `${totals.events} (${Math.round(totals.events / elapsed)}/s): ${totals.accepted} accepted (${Math.round(totals.accepted / elapsed)}/s), ${totals.duplicate} duplicate, ${totals.rejected} rejected`],
    ...common.slice(2),
    ...(walFile ? [['WAL file', `${(walMaxBytes / 2 ** 20).toFixed(1)} MiB at most during the run`]] : []),
    ['dedup check', `${stored} rows stored for ${distinct} distinct events accepted: ${stored === distinct && totals.duplicate === totals.expectedDuplicates ? 'exactly once' : 'MISMATCH'}`],
  ];
  console.log('\nConfidence Pulse collector benchmark (127.0.0.1)');
  for (const [name, value] of rows) console.log(`  ${name.padEnd(18)} ${value}`);
  if (stored !== distinct || totals.failed || warm.failed || totals.rejected || totals.duplicate !== totals.expectedDuplicates) process.exitCode = 1;
}
