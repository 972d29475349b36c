// Starts the demo: the store (static pages loading the built script tag) and the collector with its report.
// Used by `npm run demo`, by the browser tests, and by `confidence-pulse preview`.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderPage } from './pages.mjs';

const root = new URL('../', import.meta.url);
const TYPES = { '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.map': 'application/json' };
/** Files served at the store's root: the built widget and the store's own assets. */
const ASSETS = {
  '/confidence-pulse.js': 'dist/confidence-pulse.js',
  '/confidence-pulse.js.map': 'dist/confidence-pulse.js.map',
  '/confidence-pulse.ui.js': 'dist/confidence-pulse.ui.js',
  '/confidence-pulse.ui.js.map': 'dist/confidence-pulse.ui.js.map',
  '/confidence-pulse.destinations.js': 'dist/confidence-pulse.destinations.js',
  '/confidence-pulse.destinations.js.map': 'dist/confidence-pulse.destinations.js.map',
  '/survey.schema.json': 'dist/survey.schema.json',
  '/stub.js': 'demo/public/stub.js',
  '/store.js': 'demo/public/store.js',
  '/store.css': 'demo/public/store.css',
};

/**
 * Starts the collector and the store on 127.0.0.1 (port 0 picks free ports).
 * `endpoint` makes the pages post somewhere other than the collector (the browser tests' fault-injecting proxy).
 * @param {{ storePort?: number, collectorPort?: number, host?: string, db?: string, config?: string, endpoint?: string, extraRoutes?: Record<string, (req: import('node:http').IncomingMessage) => { type: string, body: string, headers?: Record<string,string> } | undefined> }} options
 */
export async function startDemo({ storePort = 8080, collectorPort = 8787, host = '127.0.0.1', db = fileURLToPath(new URL('demo/.data/pulse.sqlite', root)), config = fileURLToPath(new URL('demo/surveys.json', root)), endpoint: endpointOverride = '', extraRoutes = {} } = {}) {
  const { startCollector } = await importCollector();
  const { mkdir } = await import('node:fs/promises');
  if (db !== ':memory:') await mkdir(new URL('.', `file://${db}`), { recursive: true });

  // The store starts first so its real port (0 picks one) is known for the collector's CORS allowlist.
  let endpoint = '';

  const store = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://x');
      const extra = extraRoutes[url.pathname]?.(req);
      if (extra) {
        res.writeHead(200, { 'content-type': extra.type, 'cache-control': 'no-store', ...extra.headers });
        return res.end(extra.body);
      }
      if (url.pathname === '/favicon.ico') {
        res.writeHead(204);
        return res.end();
      }
      if (url.pathname === '/surveys.json') {
        res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        return res.end(await readFile(config));
      }
      const asset = ASSETS[url.pathname];
      if (asset) {
        res.writeHead(200, { 'content-type': TYPES[extname(asset)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
        return res.end(await readFile(new URL(asset, root)));
      }
      const html = renderPage(url.pathname, { endpoint, configUrl: '/surveys.json', lang: url.searchParams.get('lang') ?? undefined });
      if (!html) {
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('Not found');
      }
      // `no-cache`, not `no-store`: a no-store page never enters the back/forward cache, and real shops' pages do.
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' });
      res.end(html);
    } catch (error) {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    }
  });
  await new Promise((resolve, reject) => {
    store.once('error', reject);
    store.listen(storePort, host, resolve);
  });
  const address = store.address();
  const port = typeof address === 'object' && address ? address.port : storePort;
  const storeOrigin = `http://${host}:${port}`;
  const collector = await startCollector({ port: collectorPort, host, db, allowOrigins: [storeOrigin, `http://localhost:${port}`], log: false }).catch(async (error) => {
    await new Promise((resolve) => store.close(resolve));
    throw error;
  });
  endpoint = endpointOverride || `${collector.url}/v1/events`;

  return {
    storeUrl: storeOrigin,
    collectorUrl: collector.url,
    endpoint,
    db,
    async close() {
      await new Promise((resolve) => store.close(resolve));
      store.closeAllConnections?.();
      await collector.close();
    },
  };
}

/** The collector package (a workspace of this repository; beside the widget in a user's node_modules). */
async function importCollector() {
  try {
    return await import('confidence-pulse-collector');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !String(error.message).includes("'confidence-pulse-collector'")) throw error;
    throw new Error('the answers go to a collector, which is its own package: install it beside the widget with npm install -D confidence-pulse-collector', { cause: error });
  }
}
