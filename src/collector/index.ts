/**
 * The collector entry (`confidence-pulse/collector`): build the app around any store, open the
 * SQLite or PostgreSQL store, or start a collector in one call (what `confidence-pulse-collector serve` does).
 */
import { resolve } from 'node:path';
import { createCollector } from './createCollector';
import { isPostgresUrl, openStore } from './openStore';
import { describeUrl } from './openPostgres';
import type { EventStore } from './store';
import { publishSurveys, type SurveyPublisher } from './publishSurveys';
import { checkCollectorOptions } from './checkCollectorOptions';
import { explainListenError, explainSqliteError } from './startErrors';
import type { StartCollectorOptions } from './startCollectorOptions';

export type { StartCollectorOptions } from './startCollectorOptions';

export { createCollector, DEFAULT_BODY_LIMIT } from './createCollector';
export type { AccessLogOptions, CollectorOptions } from './createCollector';
export type { EventResult, IngestResponse } from './routes/ingestRoutes';
export { DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT, parseByteLimit, parseRateLimit } from './rateLimit';
export type { RateLimit } from './rateLimit';
export type { AccessLogFormat } from './accessLog';
export {
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_IDLE_TIMEOUT_MS,
  DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
  DEFAULT_MAX_CONNECTIONS_PER_IP,
  DEFAULT_REQUEST_TIMEOUT_MS,
} from './connectionLimits';
export type { ConnectionLimits } from './connectionLimits';
export { parseTrustProxy } from './trustProxy';
export { CollectorStartError } from './startErrors';
export type { TrustProxy } from './trustProxy';
export { EARLIEST_TIME, MAX_CLOCK_AHEAD_MS } from './timeWindow';
export { openSqliteStore, SCHEMA_VERSION } from './openSqlite';
export type { SqliteEventStore } from './openSqlite';
export { openPostgresStore, POSTGRES_SCHEMA_VERSION } from './openPostgres';
export type { PostgresStoreOptions } from './openPostgres';
export { isPostgresUrl, openStore } from './openStore';
export { publishSurveys } from './publishSurveys';
export type { PublishedSurveys, PublishOptions, SurveyPublisher } from './publishSurveys';
export { installSnippet } from './installSnippet';
export type { EventFilter, EventQuery, EventStore, Facets, InsertBatch, InsertContext, InsertStatus, MaybePromise, ScanOptions, StoredEvent } from './store';

/** Default port of `confidence-pulse-collector serve`. */
export const DEFAULT_PORT = 8787;
/** Default interface: loopback, so a collector is never exposed by accident. */
export const DEFAULT_HOST = '127.0.0.1';
/** Default SQLite file, relative to the working directory. */
export const DEFAULT_DB = './pulse.sqlite';
/** Default time in-flight requests get to finish on shutdown before their connections are cut. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 25_000;

/** A listening collector. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`; events go to `${url}/v1/events`. */
  url: string;
  /** The port actually bound (useful with port 0). */
  port: number;
  /** Absolute path of the SQLite file, or the PostgreSQL server and database (never its password). */
  db: string;
  /** The open store, for embedding code and tests. */
  store: EventStore;
  /** The published surveys, when `surveys` was given. */
  surveys?: SurveyPublisher | undefined;
  /**
   * Stops accepting connections, lets in-flight requests finish (cutting them after `shutdownTimeoutMs`),
   * then closes the database.
   */
  close(): Promise<void>;
}

/**
 * Opens the store and starts listening. Signals are the caller's business:
 * the CLI calls `close()` on SIGINT/SIGTERM.
 *
 * ```ts
 * const collector = await startCollector({ port: 0, db: './pulse.sqlite', allowOrigins: ['https://shop.example'] });
 * console.log(`${collector.url}/v1/events`);
 * await collector.close();
 * ```
 */
export async function startCollector(options: StartCollectorOptions = {}): Promise<RunningCollector> {
  checkCollectorOptions(options);
  const dbOption = options.db ?? DEFAULT_DB;
  const db = isPostgresUrl(dbOption) ? describeUrl(dbOption) : resolve(dbOption);
  const log = options.log || undefined;
  // Read before the database opens: a folder with no valid document stops the start with its problems.
  const surveys =
    options.surveys === undefined
      ? undefined
      : await publishSurveys(options.surveys, { info: log ? (log.write ?? console.log) : undefined, warn: log ? (log.error ?? console.error) : undefined });
  let store: EventStore;
  try {
    store = await openStore(dbOption, { reportTimeoutMs: options.reportTimeoutMs, exportTimeoutMs: options.exportTimeoutMs });
  } catch (error) {
    await surveys?.close();
    throw isPostgresUrl(dbOption) || dbOption === ':memory:' ? error : explainSqliteError(error, db);
  }
  const { port: _port, host: _host, db: _db, shutdownTimeoutMs: _shutdown, surveys: _surveys, reportTimeoutMs: _report, exportTimeoutMs: _export, ...collectorOptions } = options;
  let app;
  try {
    app = createCollector({ ...collectorOptions, store, surveys });
  } catch (error) {
    await store.close();
    await surveys?.close();
    throw error;
  }
  const host = options.host ?? DEFAULT_HOST;
  try {
    await app.listen({ port: options.port ?? DEFAULT_PORT, host });
  } catch (error) {
    await app.close();
    await store.close();
    await surveys?.close();
    throw explainListenError(error, options.port ?? DEFAULT_PORT, host);
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : (options.port ?? DEFAULT_PORT);
  const timeoutMs = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    db,
    store,
    surveys,
    close() {
      closing ??= (async () => {
        // app.close() stops listening, closes idle keep-alive sockets and waits for in-flight requests;
        // a client that never finishes (a stalled upload, an export nobody reads) is cut at the deadline.
        const deadline = setTimeout(() => app.server.closeAllConnections(), timeoutMs);
        try {
          await app.close();
        } finally {
          clearTimeout(deadline);
          await surveys?.close();
          await store.close();
        }
      })();
      return closing;
    },
  };
}
