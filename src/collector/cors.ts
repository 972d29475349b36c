/**
 * CORS for the ingest path: which pages may post events and read the answers.
 * Only the configured origins get a grant; the report and the export never get one.
 */
import type { FastifyReply } from 'fastify';

/** Answers whether a page of `origin` may post events; `*` in the list allows any. */
export function createOriginCheck(allowOrigins: readonly string[]): (origin: string) => boolean {
  const anyOrigin = allowOrigins.includes('*');
  const allowed = new Set(allowOrigins.map(normalizeOrigin));
  return (origin) => anyOrigin || allowed.has(normalizeOrigin(origin));
}

/** Browsers send origins lowercase without a trailing slash; people type them otherwise. */
function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

/** Grants `origin` the ingest endpoint: a simple POST, a preflighted one, and reading `Retry-After`. */
export function setCorsHeaders(reply: FastifyReply, origin: string): void {
  reply.headers({
    'access-control-allow-origin': origin,
    vary: 'Origin',
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, authorization',
    'access-control-max-age': '86400',
    // Without it a page cannot read Retry-After on a 429, and the queue could not pause for it.
    'access-control-expose-headers': 'Retry-After',
  });
}

/** A page served by the collector itself posts with its own origin; that is never cross-origin. */
export function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (!host) return false;
  try {
    return new URL(origin).host === host.toLowerCase();
  } catch {
    return false;
  }
}
