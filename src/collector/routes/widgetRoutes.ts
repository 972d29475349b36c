/**
 * The widget, served by the collector: `GET /confidence-pulse.js` (the script tag's file) and its lazy chunks
 * (`confidence-pulse.ui.js`, `.lean.js`, `.debug.js`, `.destinations.js`), with their source maps. Each file is read and compressed
 * (brotli and gzip, at their highest levels) once, at start-up, and sent in the coding `Accept-Encoding` allows.
 *
 * Caching: the script tag's URL never changes, so it is cacheable for 5 minutes only (a release reaches every visitor
 * within minutes); it names its chunks with their content hash (`?v=1a2b3c4d`), and a chunk asked for with the
 * current hash is immutable for a year. Every answer carries an ETag. The files are public and made to be loaded by
 * other sites' pages: `Access-Control-Allow-Origin: *` (chunks load through `import()`, which uses CORS) and
 * `Cross-Origin-Resource-Policy: cross-origin` (pages isolated with COEP).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { collectorDist } from '../collectorDist';
import { etagMatches } from '../etagMatches';
import { pickEncoding } from '../pickEncoding';

/** The lazy chunks, in the order their content is hashed into the script tag (see rollup.config.mjs). */
export const WIDGET_CHUNKS = ['confidence-pulse.ui.js', 'confidence-pulse.lean.js', 'confidence-pulse.debug.js', 'confidence-pulse.destinations.js'] as const;
/** Every file served at the collector's root. */
const WIDGET_FILES = ['confidence-pulse.js', ...WIDGET_CHUNKS];
/** How long browsers and CDNs may keep the script tag's file (and a chunk asked for without the current hash). */
export const SCRIPT_MAX_AGE_S = 300;

interface Variant {
  body: Buffer;
  encoding?: 'br' | 'gzip';
}
interface WidgetFile {
  type: string;
  etag: string;
  plain: Variant;
  br: Variant;
  gzip: Variant;
}

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Reads and compresses one built file. */
async function prepare(path: string, type: string): Promise<WidgetFile> {
  const body = await readFile(path);
  const [br, gz] = await Promise.all([
    brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzipAsync(body, { level: 9 }),
  ]);
  return {
    type,
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
    plain: { body },
    br: { body: br, encoding: 'br' },
    gzip: { body: gz, encoding: 'gzip' },
  };
}

/** The chunks' version as the build writes it into the script tag: 8 hex digits of SHA-256 over the three chunks. */
export function chunksHash(chunks: readonly Buffer[]): string {
  const hash = createHash('sha256');
  chunks.forEach((chunk) => hash.update(chunk));
  return hash.digest('hex').slice(0, 8);
}

/** Reads every widget file from `dist/widget/` (once) and compresses it; rejects when the package is not built. */
async function loadWidget(): Promise<{ files: Map<string, WidgetFile>; version: string }> {
  const dist = collectorDist('widget');
  const files = new Map<string, WidgetFile>();
  await Promise.all(
    WIDGET_FILES.flatMap((name) => [
      prepare(join(dist, name), 'text/javascript; charset=utf-8').then((file) => void files.set(`/${name}`, file)),
      prepare(join(dist, `${name}.map`), 'application/json; charset=utf-8').then((file) => void files.set(`/${name}.map`, file)),
    ]),
  );
  return { files, version: chunksHash(WIDGET_CHUNKS.map((name) => files.get(`/${name}`)!.plain.body)) };
}

/** Adds `GET /confidence-pulse.js`, its chunks and their source maps. The files are compressed in the background at once. */
export function registerWidgetRoutes(app: FastifyInstance): void {
  let widget = loadWidget();
  // An unbuilt package answers 503 with the fix; the next request tries again.
  widget.catch(() => {});
  const paths = WIDGET_FILES.flatMap((name) => [`/${name}`, `/${name}.map`]);
  for (const path of paths) {
    app.get(path, async (request, reply) => {
      let loaded;
      try {
        loaded = await widget;
      } catch (error) {
        request.log.error(error);
        widget = loadWidget();
        widget.catch(() => {});
        return reply.code(503).type('text/plain; charset=utf-8').send(`${path} is not available: run \`npm run build\` (it builds packages/collector/dist/widget/)`);
      }
      const file = loaded.files.get(path)!;
      const version = (request.query as Record<string, unknown>).v;
      const immutable = path !== '/confidence-pulse.js' && !path.endsWith('.map') && version === loaded.version;
      reply.headers({
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : `public, max-age=${SCRIPT_MAX_AGE_S}`,
        etag: file.etag,
        vary: 'Accept-Encoding',
        'access-control-allow-origin': '*',
        'cross-origin-resource-policy': 'cross-origin',
        'x-content-type-options': 'nosniff',
      });
      if (etagMatches(request.headers['if-none-match'], file.etag)) return reply.code(304).send();
      const variant = file[pickEncoding(request.headers['accept-encoding']) ?? 'plain'];
      if (variant.encoding) reply.header('content-encoding', variant.encoding);
      return reply.type(file.type).send(variant.body);
    });
  }
}
