/**
 * The collector entry (`confidence-pulse/collector`): build the app around any store,
 * or start the embedded SQLite collector in one call.
 */
import { resolve } from 'node:path';
import { createCollector, type RateLimit } from './createCollector';
import { openSqliteStore } from './openSqlite';

export { createCollector, DEFAULT_BODY_LIMIT, DEFAULT_RATE_LIMIT } from './createCollector';
export type { CollectorOptions, EventResult, IngestResponse, RateLimit } from './createCollector';
export { openSqliteStore, SCHEMA_VERSION } from './openSqlite';
export type { SqliteEventStore } from './openSqlite';
export type { EventFilter, EventQuery, EventStore, InsertContext, InsertStatus, MaybePromise, StoredEvent } from './store';

/** Default port of `confidence-pulse serve`. */
export const DEFAULT_PORT = 8787;
/** Default interface: loopback, so a collector is never exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default SQLite file, relative to the working directory. */
export const DEFAULT_DB = './pulse.sqlite';

/** Options of `startCollector`; every field has a default. */
export interface StartCollectorOptions {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number | undefined;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string | undefined;
  /** SQLite file, created and migrated if needed. Default ./pulse.sqlite. */
  db?: string | undefined;
  /** Origins whose pages may post events; `*` allows any. */
  allowOrigins?: readonly string[] | undefined;
  /** Bearer token required by the report. */
  token?: string | undefined;
  /** Largest request body in bytes. Default 1 MiB. */
  bodyLimit?: number | undefined;
  /** Requests per client IP. Default 600 per minute. */
  rateLimit?: RateLimit | undefined;
  /** Take the client IP from `X-Forwarded-For` (behind a reverse proxy). */
  trustProxy?: boolean | undefined;
  /** One JSON log line per request. */
  logger?: boolean | undefined;
}

/** A listening collector. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`; events go to `${url}/v1/events`. */
  url: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Absolute path of the SQLite file. */
  db: string;
  /** Stops accepting connections, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
}

/**
 * Opens the SQLite store and starts listening. Signals are the caller's business:
 * the CLI calls `close()` on SIGINT/SIGTERM.
 *
 * ```ts
 * const collector = await startCollector({ port: 0, db: './pulse.sqlite', allowOrigins: ['https://shop.example'] });
 * console.log(`${collector.url}/v1/events`);
 * await collector.close();
 * ```
 */
export async function startCollector(options: StartCollectorOptions = {}): Promise<RunningCollector> {
  const db = resolve(options.db ?? DEFAULT_DB);
  const store = openSqliteStore(db);
  const app = createCollector({
    store,
    allowOrigins: options.allowOrigins,
    token: options.token,
    bodyLimit: options.bodyLimit,
    rateLimit: options.rateLimit,
    trustProxy: options.trustProxy,
    logger: options.logger,
  });
  const host = options.host ?? DEFAULT_HOST;
  try {
    await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  } catch (error) {
    await app.close();
    store.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    db,
    close() {
      closing ??= app.close().then(() => store.close());
      return closing;
    },
  };
}
