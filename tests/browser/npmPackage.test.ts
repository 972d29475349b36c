/**
 * The packed npm package bundled for the browser the way an app would: installed from the tarball into a temporary
 * project, bundled with Rollup (node-resolve, browser conditions, code splitting), served from 127.0.0.1 and run
 * in Chromium. The survey UI must arrive as its own lazily loaded chunk, and an answer must reach the transport.
 */
import nodeResolve from '@rollup/plugin-node-resolve';
import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, extname } from 'node:path';
import { rollup } from 'rollup';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { installPacked } from '../package/installPacked';
import { useBrowser } from './harness';

const env = useBrowser();
let server: Server;
let origin = '';
let out = '';

beforeAll(async () => {
  const { project } = installPacked();
  writeFileSync(
    join(project, 'main.js'),
    `import { createPulse } from 'confidence-pulse';
     const config = {
       version: 1,
       pages: { category: { match: ['/'] } },
       surveys: [{ id: 'npm', version: 1, pages: ['category'], trigger: { activeSeconds: 9999 },
         questions: [{ id: 'q', type: 'text', maxLength: 200, text: 'What would help you decide?' }] }],
     };
     window.batches = [];
     window.pulse = createPulse({
       endpoint: '/v1/events',
       config,
       transport: async (_endpoint, batch) => { window.batches.push(batch); return { status: 200 }; },
     });`,
  );
  const bundle = await rollup({ input: join(project, 'main.js'), plugins: [nodeResolve({ browser: true, rootDir: project })] });
  out = join(project, 'out');
  await bundle.write({ dir: out, format: 'es', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' });
  await bundle.close();
  writeFileSync(join(out, 'index.html'), '<!doctype html><html lang="en"><body><h1>App</h1><script type="module" src="/main.js"></script></body></html>');
  server = createServer((req, res) => {
    const file = join(out, req.url === '/' ? 'index.html' : req.url!.slice(1));
    try {
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': extname(file) === '.html' ? 'text/html' : 'text/javascript' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}, 120_000);

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

test('the Rollup bundle of the installed package runs in Chromium, loads the UI chunk on demand and delivers an answer', async () => {
  const chunks = readdirSync(out).filter((f) => f.endsWith('.js'));
  expect(chunks.length).toBeGreaterThan(1);
  const page = await (await env.newContext()).newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  const loaded: string[] = [];
  page.on('request', (request) => request.url().endsWith('.js') && loaded.push(new URL(request.url()).pathname));
  await page.goto(origin);
  await page.waitForFunction(() => (window as any).pulse);
  // Until a survey shows, only the entry (and what it imports statically) is loaded.
  const atStart = [...loaded];
  expect(await page.evaluate(() => (window as any).pulse.show('npm'))).toBe(true);
  expect(loaded.length).toBeGreaterThan(atStart.length);

  await page.getByRole('textbox').fill('Sizes! Text me on 555 123 4567');
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByRole('status').filter({ hasText: /thank/i }).waitFor();
  await page.evaluate(() => (window as any).pulse.flush());
  const events = await page.evaluate(() => (window as any).batches.flatMap((b: { events: unknown[] }) => b.events));
  const answer = events.find((e: { type: string }) => e.type === 'answer');
  expect(answer).toMatchObject({ question: { id: 'q', type: 'text' }, answer: { value: 'Sizes! Text me on [number]' }, page: { type: 'category', path: '/' } });
  expect(errors).toEqual([]);
});
