/**
 * The report's SQLite reads, on worker threads. better-sqlite3 is synchronous: a query run on the event loop
 * holds every request while SQLite works, and one connection runs one query at a time. Here each worker has a
 * read-only connection of its own and runs one query at a time, so the report's independent queries run side
 * by side on the machine's cores, and the event loop only folds the rows they hand over (a few thousand for the
 * default view). On a WAL file readers never wait for the writer, nor the writer for them.
 *
 * Rows cross in chunks, and a worker may run at most a few chunks ahead of the event loop (a credit counter in
 * shared memory), so a query of many rows never piles up in memory faster than the report folds it.
 */
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { REPORT_READERS, type RunRows } from './report/reportQueries';

/** Rows per message from a worker: a few milliseconds of folding. */
const ROWS_PER_CHUNK = 2000;

/** Chunks a worker may send ahead of the event loop. */
const CHUNKS_AHEAD = 4;

/** What a worker sends: a chunk of rows (the first carrying the column names), then the end or an error. */
type ReaderMessage =
  | { columns?: string[]; rows: unknown[][]; done?: false }
  | { columns?: string[]; rows: unknown[][]; done: true }
  | { error: { message: string; code?: string } };

// CommonJS, evaluated by the worker. `flags[0]` is how many chunks it may still send, `flags[1]` is set when the
// report stopped wanting the rows (a folding error): it then ends the query early.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
let db;
try {
  db = new Database(workerData.path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
} catch (error) {
  // The driver's own error class does not cross threads with its message: a plain Error does.
  throw new Error(String(error && error.message || error) + (error && error.code ? ' (' + error.code + ')' : ''));
}
const flags = new Int32Array(workerData.flags);
const statements = new Map();
const mayContinue = () => {
  for (;;) {
    if (Atomics.load(flags, 1) !== 0) return false;
    const credits = Atomics.load(flags, 0);
    if (credits > 0) {
      if (Atomics.compareExchange(flags, 0, credits, credits - 1) === credits) return true;
    } else {
      Atomics.wait(flags, 0, 0, 1000);
    }
  }
};
parentPort.on('message', ({ sql, params }) => {
  try {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = db.prepare(sql)));
    let columns = statement.columns().map((c) => c.name);
    statement.raw(true);
    let rows = [];
    try {
      for (const values of statement.iterate(params)) {
        rows.push(values);
        if (rows.length === workerData.rowsPerChunk) {
          if (!mayContinue()) break;
          parentPort.postMessage({ columns, rows });
          columns = undefined;
          rows = [];
        }
      }
    } finally {
      statement.raw(false);
    }
    parentPort.postMessage({ columns, rows, done: true });
  } catch (error) {
    parentPort.postMessage({ error: { message: String(error && error.message || error), code: error && error.code } });
  }
});
`;

interface Task {
  sql: string;
  params: Record<string, unknown>;
  onRow: (row: Record<string, unknown>) => void;
  resolve: () => void;
  reject: (error: unknown) => void;
}

interface Reader {
  worker: Worker;
  flags: Int32Array;
  task: Task | null;
  columns: string[];
  failure: unknown;
}

/** The report's readers: `run` as the report's queries call it, and `close` for the store's close. */
export interface ReaderPool {
  run: RunRows;
  close(): void;
}

/**
 * Readers of the SQLite file at `path`, started on the first query. Answers null when worker threads cannot
 * load the driver by path; the store then reads on the event loop, as before.
 *
 * ```ts
 * const readers = createReaderPool('/var/lib/pulse/events.sqlite', 5000);
 * await readers?.run('SELECT type, COUNT(*) AS n FROM events GROUP BY type', [], (row) => console.log(row));
 * ```
 */
export function createReaderPool(path: string, busyTimeoutMs: number, size = REPORT_READERS): ReaderPool | null {
  let driver: string;
  try {
    driver = createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return null;
  }
  const readers: Reader[] = [];
  const queue: Task[] = [];
  let closed = false;

  const start = (): Reader => {
    const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, path, busyTimeoutMs, rowsPerChunk: ROWS_PER_CHUNK, flags: shared } });
    const reader: Reader = { worker, flags: new Int32Array(shared), task: null, columns: [], failure: undefined };
    worker.on('message', (message: ReaderMessage) => receive(reader, message));
    // A reader that dies (its connection refused, out of memory) fails its query; the next query starts another.
    const lost = (error: unknown) => {
      const index = readers.indexOf(reader);
      if (index >= 0) readers.splice(index, 1);
      const task = reader.task;
      reader.task = null;
      const reason = (error as { message?: unknown } | null)?.message;
      task?.reject(new Error(`the report's reader stopped: ${typeof reason === 'string' ? reason : String(error)}`, { cause: error }));
      dispatch();
    };
    worker.once('error', lost);
    worker.once('exit', (code) => lost(new Error(`exit code ${code}`)));
    // An idle reader never keeps the process alive (closing the store, or leaving without closing it, ends it);
    // one running a query does, as a query on the event loop would. After the listeners: adding a 'message'
    // listener refs the worker again.
    worker.unref();
    readers.push(reader);
    return reader;
  };

  const receive = (reader: Reader, message: ReaderMessage) => {
    const task = reader.task;
    if (!task) return;
    if ('error' in message) {
      finish(reader, Object.assign(new Error(message.error.message), message.error.code ? { code: message.error.code } : {}));
      return;
    }
    if (message.columns) reader.columns = message.columns;
    if (reader.failure === undefined) {
      try {
        const columns = reader.columns;
        for (const values of message.rows) {
          const row: Record<string, unknown> = {};
          for (let i = 0; i < columns.length; i++) row[columns[i]!] = values[i];
          task.onRow(row);
        }
      } catch (error) {
        // The report failed folding: the worker ends the query at its next chunk.
        reader.failure = error;
        Atomics.store(reader.flags, 1, 1);
      }
    }
    if (message.done) finish(reader, reader.failure);
    else {
      Atomics.add(reader.flags, 0, 1);
      Atomics.notify(reader.flags, 0);
    }
  };

  const finish = (reader: Reader, failure: unknown) => {
    const task = reader.task!;
    reader.task = null;
    reader.worker.unref();
    reader.failure = undefined;
    if (failure === undefined) task.resolve();
    else task.reject(failure);
    dispatch();
  };

  const dispatch = () => {
    while (!closed && queue.length > 0) {
      const reader = readers.find((r) => r.task === null) ?? (readers.length < size ? start() : undefined);
      if (!reader) return;
      const task = queue.shift()!;
      reader.task = task;
      reader.columns = [];
      Atomics.store(reader.flags, 0, CHUNKS_AHEAD);
      Atomics.store(reader.flags, 1, 0);
      reader.worker.ref();
      reader.worker.postMessage({ sql: task.sql, params: task.params });
    }
  };

  return {
    run(sql, params, onRow) {
      if (closed) return Promise.reject(new Error('the store is closed'));
      const named = Object.fromEntries(params.map((value, i) => [`p${i + 1}`, value]));
      return new Promise<void>((resolve, reject) => {
        queue.push({ sql, params: named, onRow, resolve, reject });
        dispatch();
      });
    },
    close() {
      closed = true;
      for (const task of queue.splice(0)) task.reject(new Error('the store is closed'));
      for (const reader of readers.splice(0)) {
        reader.task?.reject(new Error('the store is closed'));
        reader.task = null;
        void reader.worker.terminate();
      }
    },
  };
}
