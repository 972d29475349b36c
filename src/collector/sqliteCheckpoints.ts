/**
 * SQLite's checkpoints, off the event loop. In WAL mode a commit that takes the WAL past 1,000 pages also copies
 * them into the database file and flushes both to disk (`synchronous = NORMAL` flushes only there): tens of
 * milliseconds inside one request's commit, on the event loop every request shares, so the batches waiting behind
 * it make the latency tail. Here the store's connection never checkpoints (`wal_autocheckpoint = 0`) and a worker
 * thread with a connection of its own runs `PRAGMA wal_checkpoint(PASSIVE)` a few times a second: PASSIVE never
 * waits for a lock, so ingest goes on while it copies, on the other core.
 *
 * A checkpoint is how the WAL file shrinks back (it restarts from the top once all of it is copied), so when the
 * worker cannot start or stops, the store's connection checkpoints by itself again, as SQLite does by default.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints: a few hundred WAL pages between two at full ingest speed. */
export const CHECKPOINT_INTERVAL_MS = 250;

/** SQLite's default `wal_autocheckpoint`, restored when the worker is gone. */
const DEFAULT_AUTOCHECKPOINT = 1000;

/** The pragma calls used here, on the store's connection. */
interface PragmaTarget {
  pragma(source: string): unknown;
  readonly open: boolean;
}

/** Stops the worker; the store's connection then checkpoints by itself (and on close). */
export type StopCheckpoints = () => void;

// CommonJS, evaluated by the worker: it opens the same file through the same driver and checkpoints on a timer.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy or closing: the next turn tries again */ }
}, workerData.intervalMs);
parentPort.on('message', () => {
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves `db`'s checkpoints to a worker thread, for the SQLite file at `path`. Answers how to stop it.
 * Without a file (`:memory:`), or when better-sqlite3 cannot be found by path, checkpoints stay where they were.
 */
export function checkpointInWorker(db: PragmaTarget, path: string): StopCheckpoints {
  if (path === ':memory:' || path === '') return () => {};
  let driver: string;
  try {
    driver = createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return () => {};
  }
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, intervalMs: CHECKPOINT_INTERVAL_MS } });
  // The worker never keeps the process alive: closing the store, or leaving without closing it, ends it.
  worker.unref();
  let stopped = false;
  const restore = () => {
    if (!stopped && db.open) db.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT}`);
    stopped = true;
  };
  // A worker that fails (its connection refused, the driver not loadable in a thread) hands the checkpoints back.
  worker.once('error', restore);
  worker.once('exit', restore);
  db.pragma('wal_autocheckpoint = 0');
  return () => {
    if (stopped) return;
    stopped = true;
    worker.postMessage('stop');
  };
}
