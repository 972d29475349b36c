// `npm run bench:abuse`: cheap attacks on the built collector, and what a well-behaved client sees meanwhile.
// Bounded in time (about two minutes); every connection goes to 127.0.0.1. Prints a table; asserts nothing.
//
//   node bench/abuse.mjs [--seconds 15] [--only cpu,cpu-defaults,slow,slow-small,idle,locked]
//
// Each attack gets a fresh collector (the real CLI, SQLite in a temp file) in its own process, started with
// `ulimit -n 1024` as on a default Linux machine. The attacker connects from 127.0.0.2 (Linux routes all of 127/8 to
// loopback), the well-behaved client from 127.0.0.1: it asks /healthz every 100 ms and posts one valid batch, sent
// again like the widget does (after Retry-After, or 1 s) until it is answered 200. Reported per attack: the worst
// /healthz latency and how many checks failed, the collector's peak memory (VmHWM), and whether the batch was stored.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { answerEvent } from '../tests/fixtures/answerEvent.mjs';

const root = new URL('../', import.meta.url);
const Database = createRequire(import.meta.url)('better-sqlite3');
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, only: { type: 'string' } } });
const seconds = Math.min(60, Math.max(5, Number(values.seconds)));
const only = values.only ? new Set(values.only.split(',')) : undefined;

if (!existsSync(new URL('packages/collector/dist/cli.js', root))) {
  console.error('packages/collector/dist/cli.js is missing: run `npm run build` first (npm run bench:abuse does).');
  process.exit(1);
}
const limit = setTimeout(() => {
  console.error('bench:abuse: time limit reached');
  process.exit(2);
}, 10 * 60_000);
limit.unref();

const ATTACKER = '127.0.0.2';
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the CLI collector with 1,024 file descriptors; resolves with its process, port and SQLite file. Options go
 * in `CP_` variables, which an older collector ignores when it lacks them, so the script also measures older builds.
 */
function startCollector(dir, env = {}) {
  const db = join(dir, 'pulse.sqlite');
  const child = spawn('sh', ['-c', 'ulimit -n 1024 && exec "$0" packages/collector/bin/confidence-pulse-collector.js serve --port 0 --host 127.0.0.1 --db "$1" --quiet', process.execPath, db], {
    cwd: new URL('.', root),
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => (stderr += text));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`collector did not start: ${out}${stderr}`)), 20_000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text) => {
      out += text;
      const match = /listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), db, stderr: () => stderr });
      }
    });
    child.once('exit', (code) => reject(new Error(`collector exited with ${code}: ${out}${stderr}`)));
  });
}

/** Peak resident memory of a process, in MB (Linux). */
function peakMb(pid) {
  try {
    const kb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** CPU time a process has used so far, in ms (Linux, clock ticks of 10 ms). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** One HTTP request; resolves with the status (0 on a network error) and Retry-After. */
function send(port, { method = 'GET', path = '/healthz', body, from = '127.0.0.1', timeoutMs = 20_000 } = {}) {
  return new Promise((resolve) => {
    const req = request(
      { host: '127.0.0.1', port, path, method, localAddress: from, agent: false, headers: body ? { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) } : {} },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode, retryAfter: Number(res.headers['retry-after']) }));
        res.on('error', () => resolve({ status: 0 }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy());
    req.on('error', () => resolve({ status: 0 }));
    req.end(body);
  });
}

const event = () => answerEvent({ ts: new Date().toISOString() });
const batchOf = (events) => JSON.stringify({ v: 1, sentAt: new Date().toISOString(), events });

/** The well-behaved client: /healthz every 100 ms, and one valid batch sent until answered 200. */
function honestClient(port, attackMs) {
  const health = { worst: 0, failed: 0, count: 0 };
  let running = true;
  const polling = (async () => {
    while (running) {
      const started = performance.now();
      const { status } = await send(port);
      health.worst = Math.max(health.worst, performance.now() - started);
      health.count++;
      if (status !== 200) health.failed++;
      await sleep(100);
    }
  })();
  const events = Array.from({ length: 10 }, event);
  const posting = (async () => {
    await sleep(Math.min(2000, attackMs / 4));
    // Like the widget: keep the batch until a 2xx, waiting Retry-After (or 1 s) between tries; give up 15 s after the attack.
    const deadline = Date.now() + attackMs + 15_000;
    let tries = 0;
    while (Date.now() < deadline) {
      tries++;
      const { status, retryAfter } = await send(port, { method: 'POST', path: '/v1/events', body: batchOf(events) });
      if (status === 200) return { tries, answered: true };
      await sleep(Number.isFinite(retryAfter) ? retryAfter * 1000 : 1000);
    }
    return { tries, answered: false };
  })();
  return {
    async stop() {
      const post = await posting;
      running = false;
      await polling;
      return { health, post, ids: events.map((e) => e.id) };
    },
  };
}

function storedCount(db, ids) {
  const sqlite = new Database(db, { readonly: true });
  try {
    const has = sqlite.prepare('SELECT 1 FROM events WHERE id = ?');
    return ids.filter((id) => has.get(id)).length;
  } finally {
    sqlite.close();
  }
}

/** Raw sockets from the attacker's address; counts those the server closed. */
function openSockets(port, count, onConnect = () => {}) {
  const sockets = [];
  const state = { closedByServer: 0, errors: 0 };
  for (let i = 0; i < count; i++) {
    const socket = connect({ host: '127.0.0.1', port, localAddress: ATTACKER });
    // Reading is how a client notices the server closed the connection.
    socket.resume();
    socket.on('connect', () => onConnect(socket));
    socket.on('error', () => state.errors++);
    socket.on('close', () => socket.mine || state.closedByServer++);
    sockets.push(socket);
  }
  return {
    state,
    close() {
      for (const socket of sockets) {
        socket.mine = true;
        socket.destroy();
      }
    },
  };
}

/** One event of about 650 KB whose 40,000 signal values are all invalid (lists of numbers, where names are expected). */
const cpuBody = (() => {
  const signals = {};
  for (let i = 0; i < 40_000; i++) signals[`signal${i}`] = [0];
  return batchOf([{ ...event(), signals }]);
})();

/** Attacker requests with this body, back to back for the attack's duration, after one measured alone. */
async function cpuAttack(port, pid) {
  // Alone first, to read the collector's CPU time for one request.
  await send(port, { method: 'POST', path: '/v1/events', body: cpuBody, from: ATTACKER });
  const before = cpuMs(pid);
  const { status } = await send(port, { method: 'POST', path: '/v1/events', body: cpuBody, from: ATTACKER });
  const oneRequest = cpuMs(pid) - before;
  const client = honestClient(port, seconds * 1000);
  const end = Date.now() + seconds * 1000;
  let sent = 0;
  while (Date.now() < end) {
    await send(port, { method: 'POST', path: '/v1/events', body: cpuBody, from: ATTACKER });
    sent++;
  }
  return { client, note: `${Math.round(cpuBody.length / 1024)} KB request: ${status}, ${oneRequest} ms collector CPU; ${sent} sent back to back` };
}

/** Connections that each declare a body of `length` bytes, send `sent` of them, then stall. */
async function slowAttack(port, length, sent) {
  const chunk = Buffer.alloc(sent, 'x');
  const sockets = openSockets(port, 500, (socket) => {
    socket.write(`POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`);
    socket.write(chunk);
  });
  const client = honestClient(port, seconds * 1000);
  await sleep(seconds * 1000);
  const { closedByServer } = sockets.state;
  sockets.close();
  return { client, note: `500 uploads of ${length.toLocaleString('en-US')} B stalled after ${sent.toLocaleString('en-US')}: ${closedByServer} closed by the collector within ${seconds} s` };
}

const attacks = {
  // The validation cost itself: a body limit that admits the request, and no byte budget.
  cpu: { env: { CP_BODY_LIMIT: '1048576', CP_BYTE_LIMIT: 'off' }, run: cpuAttack },
  'cpu-defaults': { run: cpuAttack },
  slow: { run: (port) => slowAttack(port, 1_000_000, 900_000) },
  'slow-small': { run: (port) => slowAttack(port, 250_000, 240_000) },
  idle: {
    async run(port) {
      const sockets = openSockets(port, 1100);
      await sleep(500);
      const client = honestClient(port, seconds * 1000);
      await sleep(seconds * 1000);
      const { closedByServer } = sockets.state;
      sockets.close();
      return { client, note: `1,100 idle connections: ${closedByServer} closed by the collector within ${seconds} s` };
    },
  },
  locked: {
    async run(port, _pid, db) {
      // Another process would do the same: take the write lock and keep it.
      const other = new Database(db);
      other.exec('BEGIN IMMEDIATE');
      const client = honestClient(port, seconds * 1000);
      const end = Date.now() + seconds * 1000;
      let busy = 0;
      let sent = 0;
      // Ingest traffic meanwhile, as visitors keep posting: 8 batches a second from the attacker's address.
      const traffic = [];
      while (Date.now() < end) {
        traffic.push(send(port, { method: 'POST', path: '/v1/events', body: batchOf([event()]), from: ATTACKER }).then(({ status }) => status === 503 && busy++));
        sent++;
        await sleep(125);
      }
      other.exec('ROLLBACK');
      other.close();
      await Promise.all(traffic);
      return { client, note: `write lock held ${seconds} s; ${busy} of ${sent} other batches answered 503` };
    },
  },
};

const rows = [];
for (const [name, attack] of Object.entries(attacks)) {
  if (only && !only.has(name)) continue;
  const dir = mkdtempSync(join(tmpdir(), 'cp-abuse-'));
  const collector = await startCollector(dir, attack.env);
  try {
    const { client, note } = await attack.run(collector.port, collector.child.pid, collector.db);
    const { health, post, ids } = await client.stop();
    const stored = storedCount(collector.db, ids);
    rows.push([name, `${Math.round(health.worst)} ms`, `${health.failed} of ${health.count}`, `${peakMb(collector.child.pid) ?? '?'} MB`, `${stored}/10 (${post.tries} ${post.tries === 1 ? 'try' : 'tries'})`, note]);
  } catch (error) {
    rows.push([name, 'failed', '', '', '', String(error.message ?? error)]);
    process.exitCode = 1;
  } finally {
    collector.child.kill('SIGKILL');
    await new Promise((resolve) => (collector.child.exitCode !== null ? resolve() : collector.child.once('exit', resolve)));
    rmSync(dir, { recursive: true, force: true });
  }
}

const header = ['attack', 'worst /healthz', '/healthz failed', 'peak memory', 'valid batch stored', ''];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => String(row[i]).length)));
for (const row of [header, ...rows]) console.log(row.map((cell, i) => String(cell).padEnd(widths[i])).join('  ').trimEnd());
