// The collector as `bench/report.mjs` measures it: the built `startCollector`, in a process of its own so that its
// memory (/proc/<pid>/status) is the collector's alone, never the seeder's or the HTTP client's.
//
//   node bench/reportServer.mjs <SQLite file | postgres://…>
//
// Prints one JSON line with the URL once it listens; SIGTERM closes it. Rate limit off: the benchmark's requests
// are many and from one address. Only the public entry point is used, so the benchmark survives rewrites of the
// report's internals.
import { startCollector } from '../packages/collector/dist/index.js';

const db = process.argv[2];
if (!db) {
  process.stderr.write('usage: node bench/reportServer.mjs <SQLite file | postgres://…>\n');
  process.exit(1);
}
const collector = await startCollector({ db, port: 0, host: '127.0.0.1', rateLimit: null, log: false, shutdownTimeoutMs: 2_000 });
process.stdout.write(`${JSON.stringify({ url: collector.url, pid: process.pid })}\n`);

/** Closes the server and the database, so a SQLite file is checkpointed and PostgreSQL connections end cleanly. */
const stop = () => {
  collector.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
