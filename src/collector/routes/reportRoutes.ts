/**
 * The report: `GET /` with the filters in the query string, and the sign-in form that turns the
 * token, typed once, into a session cookie (`POST /sign-in`, `POST /sign-out`).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Auth } from '../createAuth';
import { parseFilters } from '../parseFilters';
import { loadReport } from '../report/loadReport';
import { renderReportPage, REPORT_PARAMS } from '../report/renderReportPage';
import { readSettings } from '../report/reportSettings';
import { renderSignInPage } from '../report/renderSignInPage';
import { escapeHtml } from '../report/escapeHtml';
import type { EventStore } from '../store';
import { installSnippet } from '../installSnippet';
import type { SurveyPublisher } from '../publishSurveys';

/** Sign-in form fields are short; anything longer is not a token. */
const FORM_LIMIT = 4096;

/**
 * Headers of every HTML page: scripts and styles only from this origin, no framing, no referrer.
 * Even if escaping failed somewhere, an injected inline script could not run (stored XSS).
 */
function sendHtml(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .headers({
      'content-security-policy':
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': 'no-store',
    })
    .send(html);
}

/** Only a path on this collector: never `//evil.example` or `https://…`, so the form cannot redirect away. */
function safeNext(value: unknown): string {
  return typeof value === 'string' && /^\/(?![/\\])[^\s]*$/.test(value) && value.length < 2000 ? value : '/';
}

/** The Install panel's tag, or none for an address that is not a URL (an odd `Host`). */
function installFor(url: string): ReturnType<typeof installSnippet> | undefined {
  try {
    return installSnippet(url);
  } catch {
    return undefined;
  }
}

/** The cookie gets `Secure` when the browser came over HTTPS (directly, or via a trusted proxy). */
const isHttps = (request: FastifyRequest) => request.protocol === 'https';

/** Adds the report and its sign-in routes. */
export function registerReportRoutes(
  app: FastifyInstance,
  store: EventStore,
  auth: Auth,
  options: { primaryOutcome?: string | undefined; surveys?: SurveyPublisher | undefined; publicUrl?: string | undefined } = {},
): void {
  app.get('/', async (request, reply) => {
    if (!auth.isAuthorized(request.headers)) {
      return sendHtml(reply.header('www-authenticate', 'Bearer realm="confidence-pulse"'), 401, renderSignInPage({ next: safeNext(request.url) }));
    }
    const refuse = (error: string) =>
      sendHtml(
        reply,
        400,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Confidence Pulse</title><link rel="stylesheet" href="/assets/report.css"></head><body><main><h1>Confidence Pulse</h1><p class="error" role="alert">${escapeHtml(error)}</p><p><a href="/">Show the unfiltered report</a></p></main></body></html>`,
      );
    const parsed = parseFilters(request.query, REPORT_PARAMS, { ignoreUnknown: true });
    if (!parsed.ok) return refuse(parsed.error);
    const started = performance.now();
    const facets = await store.facets();
    const read = readSettings(facets, parsed.extra, { outcome: options.primaryOutcome });
    if (!read.ok) return refuse(read.error);
    const data = await loadReport(store.report, parsed.filter, read.settings);
    return sendHtml(
      reply,
      200,
      renderReportPage({
        data,
        facets,
        params: { ...parsed.params, ...parsed.extra },
        signOut: !auth.open,
        store: store.description,
        generatedAt: new Date(),
        tookMs: performance.now() - started,
        notices: options.surveys?.problems(),
        // Without --public-url, the address this browser used: right unless a proxy rewrites it.
        install: installFor(options.publicUrl ?? `${request.protocol}://${request.host}`),
      }),
    );
  });

  // The form parser lives in this plugin's scope only: the ingest route keeps refusing form bodies (415).
  app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT }, (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });

    scope.post('/sign-in', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, unknown>;
      const next = safeNext(form.next);
      if (auth.open) return reply.redirect(next, 303);
      if (typeof form.token !== 'string' || !auth.isToken(form.token)) {
        return sendHtml(reply, 401, renderSignInPage({ error: 'That token is not right.', next }));
      }
      return reply.header('set-cookie', auth.sessionCookie(isHttps(request))).redirect(next, 303);
    });

    scope.post('/sign-out', async (request, reply) => reply.header('set-cookie', auth.clearCookie(isHttps(request))).redirect('/', 303));
  });
}
