/**
 * The collector's HTTP surface: ingest, health, export, the report and its assets.
 *
 * Ingest is public by nature, so everything a client sends is treated as hostile: bodies
 * are size-limited, clients rate-limited, origins checked, every event validated, and
 * SQL only ever sees bound parameters (in the stores). Each concern lives in its own file;
 * this one wires them in order.
 */
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { formatAccessLog, type AccessLogFormat } from './accessLog';
import { createBusyGuard } from './busyGuard';
import { capConnections, resolveConnectionLimits, serverOptions, type ConnectionLimits } from './connectionLimits';
import { createAuth } from './createAuth';
import { createOriginCheck, isSameOrigin, setCorsHeaders } from './cors';
import { createHostCheck } from './hostCheck';
import { createRateLimiter, DEFAULT_BYTE_LIMIT, DEFAULT_RATE_LIMIT, type RateLimit } from './rateLimit';
import { registerAssetRoutes } from './routes/assetRoutes';
import { registerExportRoutes } from './routes/exportRoutes';
import { HEALTH_PATH, registerHealthRoutes } from './routes/healthRoutes';
import { EVENTS_PATH, registerIngestRoutes } from './routes/ingestRoutes';
import { registerReportRoutes } from './routes/reportRoutes';
import { registerSurveyRoutes } from './routes/surveyRoutes';
import { registerWidgetRoutes } from './routes/widgetRoutes';
import type { SurveyPublisher } from './publishSurveys';
import type { EventStore } from './store';
import { answerQueryTimeout, QueryTimeoutError } from './queryTimeout';
import { toFastifyTrustProxy, type TrustProxy } from './trustProxy';

/**
 * Default largest request body: 256 KiB. The widget's largest single event (every text at its longest, in
 * three-byte characters) is about 25 KB, a usual batch of 50 events 30 to 60 KB, and a page-hide request at
 * most 60,000 B; a larger batch gets 413 and the widget sends it in halves. Everything a body makes the
 * collector do grows with its bytes, so the limit is not set higher than the widget needs.
 */
export const DEFAULT_BODY_LIMIT = 256 * 1024;

/** Where the request log goes and how it looks. */
export interface AccessLogOptions {
  /** `combined` (default) or `json`. */
  format?: AccessLogFormat | undefined;
  /** Receives one line per request, without the newline. Default: standard output. */
  write?: ((line: string) => void) | undefined;
  /** Receives server errors (5xx) with their stack. Default: standard error. */
  error?: ((line: string) => void) | undefined;
  /** False for no request lines (`--quiet`); server errors are still written. Default true. */
  requests?: boolean | undefined;
}

/** Options of `createCollector`. */
export interface CollectorOptions extends ConnectionLimits {
  /** Where accepted events go. The collector never closes it: whoever opened it does. */
  store: EventStore;
  /** Origins whose pages may post events and read the answers (`https://shop.example`); `*` allows any. */
  allowOrigins?: readonly string[] | undefined;
  /** When set, the report and the export require `Authorization: Bearer <token>` or a signed-in session. */
  token?: string | undefined;
  /** Largest request body in bytes (413 above it). Default 256 KiB. */
  bodyLimit?: number | undefined;
  /** Requests per client IP (429 with `Retry-After` above it); null for no limit. Default 600 per minute. */
  rateLimit?: RateLimit | null | undefined;
  /** Request body bytes per client IP (`max` bytes per `windowMs`; 429 above it); null for no limit. Default 10 MiB per minute. */
  byteLimit?: RateLimit | null | undefined;
  /**
   * Take the client IP (and protocol) from `X-Forwarded-For` (`-Proto`), behind a reverse proxy: `true` or a
   * number of proxies in front of the collector (`true` is one), or the proxies' addresses and CIDR ranges.
   */
  trustProxy?: TrustProxy | undefined;
  /**
   * Host names the collector answers to, besides IP addresses and `localhost` (`collect.example.com`,
   * `.example.com` with its subdomains, `*` for any). Other names get 403: a defence against DNS rebinding.
   */
  allowHosts?: readonly string[] | undefined;
  /** One line per request. Default off (the CLI turns it on). */
  log?: AccessLogOptions | false | undefined;
  /** The outcome the report predicts unless one is chosen on the page (`purchase`). Default: `purchase` when recorded. */
  primaryOutcome?: string | undefined;
  /** The survey documents served at `GET /v1/surveys` (see `publishSurveys`); their problems head the report. */
  surveys?: SurveyPublisher | undefined;
  /** The collector's URL as visitors' browsers reach it (behind a proxy it cannot know it), for the report's Install panel. */
  publicUrl?: string | undefined;
}

/**
 * Builds the collector's Fastify app, ready for `listen()` or `inject()`.
 *
 * ```ts
 * const app = createCollector({ store: openSqliteStore('pulse.sqlite'), allowOrigins: ['https://shop.example'] });
 * await app.listen({ port: 8787, host: '127.0.0.1' });
 * ```
 */
export function createCollector(options: CollectorOptions): FastifyInstance {
  const { store } = options;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const isAllowedOrigin = createOriginCheck(options.allowOrigins ?? []);
  const rateLimit = options.rateLimit === undefined ? DEFAULT_RATE_LIMIT : options.rateLimit;
  const takeToken = rateLimit ? createRateLimiter(rateLimit) : () => 0;
  const byteLimit = options.byteLimit === undefined ? DEFAULT_BYTE_LIMIT : options.byteLimit;
  const takeBytes = byteLimit ? createRateLimiter(byteLimit) : () => 0;
  const auth = createAuth(options.token);
  const log = options.log || undefined;
  const writeLine = log?.write ?? ((line: string) => void process.stdout.write(`${line}\n`));
  const writeError = log?.error ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const limits = resolveConnectionLimits(options);
  const trustProxy = toFastifyTrustProxy(options.trustProxy);
  const isAllowedHost = createHostCheck(options.allowHosts);
  const guard = createBusyGuard();

  const app = Fastify({
    // The request log below replaces Fastify's two JSON lines per request.
    logger: false,
    bodyLimit,
    trustProxy,
    // On close, answer new requests on kept-alive sockets with 503 so load balancers move on.
    return503OnClosing: true,
    ...serverOptions(limits),
  });
  // Behind a proxy every connection is the proxy's: only the total is capped, and the proxy limits its clients.
  capConnections(app.server, limits, trustProxy === false);

  // First, before anything reads or counts the request: a page that rebound its own name to this collector.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url === HEALTH_PATH || isAllowedHost(request.headers.host)) return undefined;
    return reply.code(403).send({
      error: `Host "${request.headers.host}" is not a name of this collector; start it with --allow-host ${hostForMessage(request.headers.host)} to answer to it`,
    });
  });

  // CORS first, so even a 429 carries the grant and the page can read its Retry-After.
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url !== EVENTS_PATH) return undefined;
    const origin = request.headers.origin;
    if (origin !== undefined && isAllowedOrigin(origin)) setCorsHeaders(reply, origin);
    // CORS alone only hides the answer; refusing here keeps other sites' pages from writing events.
    else if (origin !== undefined && request.method === 'POST' && !isSameOrigin(origin, request.headers.host)) {
      return reply.code(403).send({ error: `origin ${origin} is not allowed (see --allow-origin)` });
    }
    return undefined;
  });

  app.addHook('onRequest', async (request, reply) => {
    // Health checks come from the infrastructure, often all from one address: never limit them.
    if (request.routeOptions.url === HEALTH_PATH) return undefined;
    let retryAfter = takeToken(request.ip);
    // Bodies are charged before they are read, by their declared length; one sent in chunks, by the most it may be.
    const length = request.headers['content-length'];
    const bytes = length !== undefined ? Number(length) || 0 : request.headers['transfer-encoding'] !== undefined ? bodyLimit : 0;
    if (!retryAfter && bytes > 0) retryAfter = takeBytes(request.ip, bytes);
    // Closing the connection makes a client over its budget connect again to continue, instead of holding a socket.
    if (retryAfter > 0) return reply.code(429).headers({ 'retry-after': String(retryAfter), connection: 'close' }).send({ error: 'too many requests' });
    return undefined;
  });

  // Requests still running when shutdown starts end their connection with their response, so the
  // server need not wait for an idle keep-alive socket to time out before it can stop.
  let closing = false;
  app.addHook('preClose', async () => {
    closing = true;
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (closing) reply.header('connection', 'close');
    return payload;
  });

  if (log && log.requests !== false) {
    const format = log.format ?? 'combined';
    app.addHook('onResponse', async (request, reply) => {
      const length = Number(reply.getHeader('content-length'));
      const referer = request.headers.referer;
      const userAgent = request.headers['user-agent'];
      writeLine(
        formatAccessLog(format, {
          ip: request.ip,
          time: new Date(),
          method: request.method,
          url: request.url,
          httpVersion: request.raw.httpVersion,
          status: reply.statusCode,
          bytes: Number.isFinite(length) ? length : undefined,
          referer: typeof referer === 'string' ? referer : undefined,
          userAgent: typeof userAgent === 'string' ? userAgent : undefined,
          ms: reply.elapsedTime,
        }),
      );
    });
  }

  app.setErrorHandler((error: FastifyError, request, reply) => {
    // A report or export query PostgreSQL cancelled at its time limit: 503 saying what to do, not "internal error".
    if (error instanceof QueryTimeoutError) return answerQueryTimeout(request, reply, error);
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500 && log) writeError(`${request.method} ${request.url} failed: ${error.stack ?? error.message}`);
    // The rest of an oversized body is not read: the connection closes with the answer.
    if (status === 413) reply.header('connection', 'close');
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : clientMessage(error, bodyLimit) });
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  registerIngestRoutes(app, store, guard);
  registerExportRoutes(app, store, auth);
  registerReportRoutes(app, store, auth, { primaryOutcome: options.primaryOutcome, surveys: options.surveys, publicUrl: options.publicUrl });
  registerAssetRoutes(app);
  registerWidgetRoutes(app);
  registerSurveyRoutes(app, options.surveys);
  registerHealthRoutes(app, store, guard);

  return app;
}

/** The name to suggest for `--allow-host`: the header without its port, printable. */
function hostForMessage(host: string | undefined): string {
  return (host ?? '').replace(/:\d*$/, '').replace(/[^\w.-]/g, '').slice(0, 100) || 'NAME';
}

function clientMessage(error: FastifyError, bodyLimit: number): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `body larger than ${bodyLimit} bytes: send smaller batches`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported content type: send application/json or text/plain';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'empty body: send a JSON batch';
    // Also raised for __proto__/constructor keys, which the parser refuses outright.
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'malformed JSON: the body must be one JSON batch';
    default:
      return error.message;
  }
}
