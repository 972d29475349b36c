/**
 * The collector's HTTP surface (SPEC §8, §9): ingest, health and a minimal report.
 *
 * Ingest is public by nature, so everything a client sends is treated as hostile: bodies
 * are size-limited, clients rate-limited, origins checked, every event validated, and
 * SQL only ever sees bound parameters (in the store).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import Fastify, { LogController, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { batchSchema, eventSchema, EVENT_TYPES, type PulseEvent } from '../events/schema';
import { formatPath } from '../config/validateConfig';
import type { EventStore, InsertStatus, StoredEvent } from './store';

/** Default largest request body: 1 MiB, far above the widget's 60 KB page-hide batches. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Default per-client budget: 600 requests a minute, i.e. a sustained 10/s with bursts of 600. */
export const DEFAULT_RATE_LIMIT: RateLimit = { max: 600, windowMs: 60_000 };

/** Answers listed on the report page. */
const LATEST_ANSWERS = 50;

/** The ingest path, shared by the route, the CORS hook and the origin check. */
const EVENTS_PATH = '/v1/events';

/** Issues listed in one rejection reason; the rest are counted, so a garbage event cannot inflate the response. */
const MAX_REASONS = 5;

/** A client's request budget: `max` requests per `windowMs`, refilled continuously. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

/** Options of `createCollector`. */
export interface CollectorOptions {
  /** Where accepted events go. The collector never closes it: whoever opened it does. */
  store: EventStore;
  /** Origins whose pages may post events and read the answers (`https://shop.example`); `*` allows any. */
  allowOrigins?: readonly string[] | undefined;
  /** When set, `GET /` requires `Authorization: Bearer <token>`. */
  token?: string | undefined;
  /** Largest request body in bytes (413 above it). Default 1 MiB. */
  bodyLimit?: number | undefined;
  /** Requests per client IP (429 with `Retry-After` above it). Default 600 per minute. */
  rateLimit?: RateLimit | undefined;
  /** Take the client IP from `X-Forwarded-For` (behind a reverse proxy), so the rate limit is per visitor. */
  trustProxy?: boolean | undefined;
  /** One JSON log line per request. Default false. */
  logger?: boolean | undefined;
}

/** The result of one event in a batch, in the order the batch sent them. */
export interface EventResult {
  /** The event's id, or null when the event has no usable id. */
  id: string | null;
  status: InsertStatus | 'rejected';
  /** Why a rejected event was refused, as `path: message`. */
  reason?: string;
}

/** The body of a 200 answer to `POST /v1/events`. */
export interface IngestResponse {
  results: EventResult[];
  accepted: number;
  duplicate: number;
  rejected: number;
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
  const isAllowedOrigin = createOriginPolicy(options.allowOrigins ?? []);
  const takeToken = createRateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const isAuthorized = createBearerCheck(options.token);

  const app = Fastify({
    logger: options.logger ?? false,
    logController: new OneLinePerRequest(),
    bodyLimit,
    trustProxy: options.trustProxy ?? false,
  });

  // Browsers post cross-origin as text/plain to skip the CORS preflight (SPEC §7): parse it as JSON,
  // with the same prototype-poisoning guards as application/json.
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, app.getDefaultJsonParser('error', 'error'));

  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.url === EVENTS_PATH) {
      const origin = request.headers.origin;
      if (origin !== undefined && isAllowedOrigin(origin)) setCorsHeaders(reply, origin);
      // CORS alone only hides the answer; refusing here keeps other sites' pages from writing events.
      else if (origin !== undefined && request.method === 'POST' && !isSameOrigin(origin, request.headers.host)) {
        return reply.code(403).send({ error: `origin ${origin} is not allowed (see --allow-origin)` });
      }
    }
    // Health checks come from the infrastructure, often all from one address: never limit them.
    if (request.routeOptions.url === '/healthz') return undefined;
    const retryAfter = takeToken(request.ip);
    if (retryAfter > 0) {
      return reply.code(429).header('retry-after', String(retryAfter)).send({ error: 'too many requests' });
    }
    return undefined;
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    if (status >= 500) request.log.error(error);
    return reply.code(status).send({ error: status >= 500 ? 'internal error' : clientMessage(error, bodyLimit) });
  });

  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not found' }));

  app.options(EVENTS_PATH, (_request, reply) => reply.code(204).send());

  app.post(EVENTS_PATH, async (request, reply) => {
    const envelope = batchSchema.safeParse(request.body, { reportInput: true });
    if (!envelope.success) return reply.code(400).send({ error: `invalid batch: ${describeIssues(envelope.error.issues, '(batch)')}` });

    const results: EventResult[] = [];
    const valid: PulseEvent[] = [];
    const slots: number[] = [];
    envelope.data.events.forEach((raw, index) => {
      const parsed = eventSchema.safeParse(raw, { reportInput: true });
      if (parsed.success) {
        valid.push(parsed.data);
        slots.push(index);
        results.push({ id: parsed.data.id, status: 'accepted' });
      } else {
        results.push({ id: idOf(raw), status: 'rejected', reason: describeIssues(parsed.error.issues, '(event)') });
      }
    });

    const statuses = await store.insertMany(valid, { receivedAt: new Date().toISOString(), sentAt: envelope.data.sentAt });
    statuses.forEach((status, k) => (results[slots[k]!]!.status = status));

    const body: IngestResponse = { results, accepted: 0, duplicate: 0, rejected: 0 };
    for (const result of results) body[result.status]++;
    return reply.header('cache-control', 'no-store').send(body);
  });

  app.get('/healthz', (_request, reply) => reply.header('cache-control', 'no-store').send({ ok: true }));

  app.get('/', async (request, reply) => {
    if (!isAuthorized(request.headers.authorization)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="confidence-pulse"')
        .send({ error: 'send Authorization: Bearer <token>' });
    }
    const counts = await Promise.all(EVENT_TYPES.map((type) => store.count({ type })));
    const answers = await store.all({ type: 'answer', order: 'desc', limit: LATEST_ANSWERS });
    return sendReport(reply, renderReport(EVENT_TYPES.map((type, i) => [type, counts[i]!]), answers));
  });

  return app;
}

/** Fastify logs "incoming request" and "request completed"; at thousands of requests a second, one line is plenty. */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) };
    if (error) reply.log.error({ ...line, err: error }, 'request failed');
    else reply.log.info(line, 'request');
  }
}

function setCorsHeaders(reply: FastifyReply, origin: string): void {
  reply.headers({
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '86400',
    // Without it a page cannot read Retry-After on a 429, and the queue could not pause for it (SPEC §7).
    'access-control-expose-headers': 'Retry-After',
  });
}

function createOriginPolicy(allowOrigins: readonly string[]): (origin: string) => boolean {
  const anyOrigin = allowOrigins.includes('*');
  const allowed = new Set(allowOrigins.map(normalizeOrigin));
  return (origin) => anyOrigin || allowed.has(normalizeOrigin(origin));
}

/** Browsers send origins lowercase without a trailing slash; people type them otherwise. */
function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** A page served by the collector itself posts with its own origin; that is never cross-origin. */
function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}

/**
 * A token bucket per client IP: `max` tokens, refilled at `max / windowMs`. Unlike fixed windows
 * it allows no double burst at a window edge. Answers 0 when the request may go on, else the
 * whole seconds until one token is back (for `Retry-After`).
 */
function createRateLimiter({ max, windowMs }: RateLimit, now: () => number = Date.now): (client: string) => number {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const refillPerMs = max / windowMs;
  let lastSweep = now();
  return (client) => {
    const t = now();
    // A bucket idle for a whole window is full again, the same as no bucket: forget it so memory
    // stays bounded by the clients of one window.
    if (t - lastSweep >= windowMs) {
      for (const [key, bucket] of buckets) if (t - bucket.at >= windowMs) buckets.delete(key);
      lastSweep = t;
    }
    const bucket = buckets.get(client) ?? { tokens: max, at: t };
    bucket.tokens = Math.min(max, bucket.tokens + (t - bucket.at) * refillPerMs);
    bucket.at = t;
    buckets.set(client, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / refillPerMs / 1000));
  };
}

/** Compares digests in constant time, so response timing leaks nothing about the token. */
function createBearerCheck(token: string | undefined): (authorization: string | undefined) => boolean {
  if (token === undefined || token === '') return () => true;
  const expected = createHash('sha256').update(token).digest();
  return (authorization) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? '');
    return match !== null && timingSafeEqual(createHash('sha256').update(match[1]!).digest(), expected);
  };
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

/** The id of an event that failed validation, if it has a usable one to echo. */
function idOf(raw: unknown): string | null {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'string' && id.length > 0 && id.length <= 64 ? id : null;
}

/** The zod issue fields we read; zod/mini ships no message locale, so messages are worded here. */
interface RawIssue {
  code: string;
  path: PropertyKey[];
  input?: unknown;
  expected?: string;
  values?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  origin?: string;
  format?: string;
  message?: string;
  errors?: RawIssue[][];
}

function describeIssues(issues: readonly RawIssue[], root: string): string {
  const lines = issues.slice(0, MAX_REASONS).map((issue) => `${formatPath(issue.path) || root}: ${describeIssue(issue)}`);
  if (issues.length > MAX_REASONS) lines.push(`and ${issues.length - MAX_REASONS} more`);
  return lines.join('; ');
}

function describeIssue(issue: RawIssue): string {
  const unit = issue.origin === 'array' ? 'item' : 'character';
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? `required (${issue.expected})` : `expected ${issue.expected}, got ${typeName(issue.input)}`;
    case 'too_small':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `needs at least ${issue.minimum} ${unit}${Number(issue.minimum) === 1 ? '' : 's'}`
        : `must be ${issue.inclusive === false ? 'greater than' : 'at least'} ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'array' || issue.origin === 'string'
        ? `must have at most ${issue.maximum} ${unit}s`
        : `must be ${issue.inclusive === false ? 'less than' : 'at most'} ${issue.maximum}`;
    case 'invalid_value':
      return `must be ${(issue.values ?? []).map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'invalid_format':
      return issue.format === 'datetime' ? 'expected an ISO 8601 date-time such as 2026-11-22T10:00:00.000Z' : `invalid ${issue.format}`;
    case 'invalid_union': {
      const expected = new Set((issue.errors ?? []).flatMap((branch) => branch.map((e) => e.expected ?? 'value')));
      return `expected ${[...expected].join(' or ') || 'another value'}, got ${typeName(issue.input)}`;
    }
    default:
      return issue.message && issue.message !== 'Invalid input' ? issue.message : 'invalid value';
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'number' && !Number.isFinite(value) ? 'NaN' : typeof value;
}

function sendReport(reply: FastifyReply, render: (nonce: string) => string): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  return reply
    .type('text/html; charset=utf-8')
    .headers({
      // Defence in depth against stored XSS: even if escaping failed, no script could run.
      'content-security-policy': `default-src 'none'; style-src 'nonce-${nonce}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    })
    .send(render(nonce));
}

const REPORT_CSS = `body{font:15px/1.4 system-ui,sans-serif;margin:2rem;color:#1a1a1a}
table{border-collapse:collapse;margin:0 0 2rem}th,td{border-bottom:1px solid #ddd;padding:.3rem .7rem;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}caption{text-align:left;font-weight:600;padding:.3rem 0}`;

function renderReport(counts: readonly (readonly [string, number])[], answers: readonly StoredEvent[]): (nonce: string) => string {
  const countRows = counts.map(([type, n]) => `<tr><th scope="row">${escapeHtml(type)}</th><td class="n">${n}</td></tr>`).join('');
  const answerRows = answers.length
    ? answers.map(renderAnswerRow).join('')
    : '<tr><td colspan="6">No answers yet.</td></tr>';
  return (nonce) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confidence Pulse</title><style nonce="${nonce}">${REPORT_CSS}</style></head>
<body><main><h1>Confidence Pulse</h1>
<table><caption>Events by type</caption><thead><tr><th scope="col">Type</th><th scope="col">Events</th></tr></thead><tbody>${countRows}</tbody></table>
<table><caption>Latest ${LATEST_ANSWERS} answers</caption><thead><tr><th scope="col">Time</th><th scope="col">Survey</th><th scope="col">Page</th><th scope="col">Question</th><th scope="col">Answer</th><th scope="col">Label</th></tr></thead><tbody>${answerRows}</tbody></table>
</main></body></html>`;
}

function renderAnswerRow(row: StoredEvent): string {
  const { survey, answer } = row.body;
  const surveyText = survey ? `${survey.id} v${survey.version}${survey.variant === undefined ? '' : ` (${survey.variant})`}` : '';
  const pageText = row.pageType ? `${row.pageType} ${row.pagePath}` : row.pagePath;
  const other = answer?.other ? ` + "${answer.other}"` : '';
  const cells = [row.ts, surveyText, pageText, row.questionId ?? '', `${formatValue(row.answerValue)}${other}`, answer?.label ?? ''];
  return `<tr>${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
}

function formatValue(value: StoredEvent['answerValue']): string {
  if (value === null) return '';
  if (Array.isArray(value)) return value.join(', ');
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return String(value);
}

/** Escapes text for HTML element content and quoted attributes: answers are visitor-written. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
