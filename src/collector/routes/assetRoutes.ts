/**
 * The report's static files: its stylesheet and its script (built into the collector package's dist/report.js,
 * Chart.js bundled in). Public: they hold no data.
 */
import { readFile } from 'node:fs/promises';
import type { FastifyInstance } from 'fastify';
import { collectorDist } from '../collectorDist';
import { REPORT_CSS } from '../report/reportCss';

/** Where each asset comes from; read once, then served from memory. */
function assetSources(): Record<string, { type: string; read: () => Promise<string> }> {
  return {
    '/assets/report.css': { type: 'text/css; charset=utf-8', read: async () => REPORT_CSS },
    '/assets/report.js': { type: 'text/javascript; charset=utf-8', read: () => readFile(collectorDist('report.js'), 'utf8') },
  };
}

/** Adds `GET /assets/report.css` and `/assets/report.js`. */
export function registerAssetRoutes(app: FastifyInstance): void {
  const cache = new Map<string, Promise<string>>();
  for (const [path, source] of Object.entries(assetSources())) {
    app.get(path, async (request, reply) => {
      let body = cache.get(path);
      if (!body) {
        body = source.read();
        cache.set(path, body);
        // A failed read (report.js not built yet) is retried on the next request.
        body.catch(() => cache.delete(path));
      }
      let text: string;
      try {
        text = await body;
      } catch (error) {
        request.log.error(error);
        return reply.code(503).type('text/plain; charset=utf-8').send(`${path} is not available: run \`npm run build\` (it builds packages/collector/dist/report.js)`);
      }
      return reply
        .type(source.type)
        .headers({ 'cache-control': 'public, max-age=3600', 'x-content-type-options': 'nosniff' })
        .send(text);
    });
  }
}
