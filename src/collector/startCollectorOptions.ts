import type { ConnectionLimits } from './connectionLimits';
import type { AccessLogOptions } from './createCollector';
import type { RateLimit } from './rateLimit';
import type { TrustProxy } from './trustProxy';

/** Options of `startCollector`; every field has a default. */
export interface StartCollectorOptions extends ConnectionLimits {
  /** Port to listen on; 0 picks a free one. Default 8787. */
  port?: number | undefined;
  /** Interface to bind. Default 127.0.0.1. */
  host?: string | undefined;
  /** SQLite file (created and migrated if needed), or a `postgres://` URL. Default ./pulse.sqlite. */
  db?: string | undefined;
  /** Origins whose pages may post events; `*` allows any. */
  allowOrigins?: readonly string[] | undefined;
  /** Bearer token required by the report and the export. */
  token?: string | undefined;
  /** Largest request body in bytes. Default 256 KiB. */
  bodyLimit?: number | undefined;
  /** Requests per client IP; null for no limit. Default 600 per minute. */
  rateLimit?: RateLimit | null | undefined;
  /** Request body bytes per client IP; null for no limit. Default 10 MiB per minute. */
  byteLimit?: RateLimit | null | undefined;
  /** Take the client IP from `X-Forwarded-For` behind a reverse proxy: `true` (one proxy), a number of proxies, or their addresses. */
  trustProxy?: TrustProxy | undefined;
  /** Host names to answer to besides IP addresses and `localhost` (a defence against DNS rebinding); `*` for any. */
  allowHosts?: readonly string[] | undefined;
  /** One line per request. Default off. */
  log?: AccessLogOptions | false | undefined;
  /** How long `close()` lets in-flight requests finish before cutting their connections. Default 25 s. */
  shutdownTimeoutMs?: number | undefined;
  /** The outcome the report predicts unless one is chosen on the page. Default: `purchase` when recorded. */
  primaryOutcome?: string | undefined;
  /**
   * A survey document file, or a folder of them, to publish at `GET /v1/surveys`: validated, merged, and re-published
   * on every edit. Start-up fails when it holds no valid document.
   */
  surveys?: string | undefined;
  /**
   * PostgreSQL only: how long one report query may run, in ms, before the server cancels it and the report answers
   * 503 saying so; 0 for no limit. Never applied to ingest. Default 30 s.
   */
  reportTimeoutMs?: number | undefined;
  /** PostgreSQL only: how long reading one page of an export (1,000 events) may run, in ms; 0 for no limit. Default 60 s. */
  exportTimeoutMs?: number | undefined;
  /** The collector's URL as browsers reach it (`https://collect.example.com`), for the tag `serve` prints and the report shows. */
  publicUrl?: string | undefined;
}
