/**
 * `GET /v1/export?format=csv|ndjson` with the report's filters: every matching event, streamed
 * page by page with backpressure, so a million rows cost the memory of one page.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Auth } from '../createAuth';
import { exportChunks, type ExportFormat } from '../export/exportChunks';
import { parseFilters } from '../parseFilters';
import type { EventStore } from '../store';

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** Adds the export route, protected like the report. */
export function registerExportRoutes(app: FastifyInstance, store: EventStore, auth: Auth): void {
  app.get('/v1/export', async (request, reply) => {
    if (!auth.isAuthorized(request.headers)) {
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="confidence-pulse"')
        .send({ error: 'send Authorization: Bearer <token>, or sign in on the report page' });
    }
    const parsed = parseFilters(request.query, ['format']);
    if (!parsed.ok) return reply.code(400).send({ error: parsed.error });
    const format = parsed.extra.format ?? 'csv';
    if (format !== 'csv' && format !== 'ndjson') return reply.code(400).send({ error: `format: must be "csv" or "ndjson", got "${format}"` });

    const stamp = new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
    return reply
      .type(CONTENT_TYPES[format])
      .headers({
        'content-disposition': `attachment; filename="confidence-pulse-${stamp}.${format}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      })
      // One page read ahead at most: the socket's backpressure paces the database reads.
      .send(Readable.from(exportChunks(store, parsed.filter, format), { highWaterMark: 1 }));
  });
}
