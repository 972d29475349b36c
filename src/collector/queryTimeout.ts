/**
 * A limit on how long one report or export query may run on PostgreSQL (`statement_timeout`, set inside the
 * query's own transaction, never on ingest's). A heavy report over a large window could otherwise hold a
 * connection and the server's CPU for minutes, for every collector sharing the database; past the limit the
 * server cancels the query, and the reader gets an answer saying what to do instead of a request that hangs.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Default limit of one report query: far above what a report over millions of events takes (see BENCHMARKS.md). */
export const DEFAULT_REPORT_TIMEOUT_MS = 30_000;

/**
 * Default limit of one export query. The export streams page by page (1,000 events each, by key), so the limit
 * bounds each page's read, never the whole download, which may take as long as the client reads.
 */
export const DEFAULT_EXPORT_TIMEOUT_MS = 60_000;

/** Which reader a query served, for the message. */
export type QueryKind = 'report' | 'export';

/** A report or export query PostgreSQL cancelled at its time limit. The collector answers 503 with this message. */
export class QueryTimeoutError extends Error {
  readonly statusCode = 503;

  constructor(
    readonly kind: QueryKind,
    readonly limitMs: number,
    options?: ErrorOptions,
  ) {
    super(
      kind === 'report'
        ? `the report took longer than ${seconds(limitMs)}, the limit for one report query (--report-timeout): narrow the dates or filters, or raise the limit`
        : `reading the export took longer than ${seconds(limitMs)}, the limit for one page of the export (--export-timeout): narrow the dates or filters, or raise the limit`,
      options,
    );
    this.name = 'QueryTimeoutError';
  }
}

const seconds = (ms: number) => (ms % 1000 === 0 ? `${ms / 1000} s` : `${ms} ms`);

/**
 * True for PostgreSQL's own cancellation at `statement_timeout` (SQLSTATE 57014 with that reason); an
 * administrator's `pg_cancel_backend` shares the code, not the reason, and stays a server error. A server whose
 * messages are not in English (`lc_messages`) is told by the time: the read ran at least `limitMs`.
 */
export function isStatementTimeout(error: unknown, elapsedMs: number, limitMs: number): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (code !== '57014' || limitMs <= 0) return false;
  const text = typeof message === 'string' ? message : '';
  return text.includes('statement timeout') || (!text.includes('user request') && elapsedMs >= limitMs);
}

/**
 * The answer to a query past its limit: a short page for a browser (the report), JSON for anything else. 503
 * without `Retry-After`: sending the same request again would meet the same limit.
 */
export function answerQueryTimeout(request: FastifyRequest, reply: FastifyReply, error: QueryTimeoutError): FastifyReply {
  reply.code(503).header('cache-control', 'no-store');
  if (!String(request.headers.accept ?? '').includes('text/html')) return reply.send({ error: error.message });
  return reply
    .type('text/html; charset=utf-8')
    .headers({ 'content-security-policy': "default-src 'none'; style-src 'self'; base-uri 'none'; frame-ancestors 'none'", 'x-content-type-options': 'nosniff' })
    .send(
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confidence Pulse</title><link rel="stylesheet" href="/assets/report.css"></head>` +
        `<body><main><h1>Confidence Pulse</h1><p class="error" role="alert">${escapeText(error.message)}</p><p><a href="/">Show the unfiltered report</a></p></main></body></html>`,
    );
}

/** The message holds no input, but escaping keeps it that way if it ever does. */
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
