/** The collector as a process: graceful shutdown, one log line per request, errors logged. */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/collector/index';
import { answerEvent, batch, post, start, stopAll } from './helpers';

afterEach(stopAll);

/** Starts a POST whose body arrives in two parts; resolves the response once the second part is sent. */
function slowPost(url: string, body: string) {
  const bytes = Buffer.from(body);
  const half = Math.floor(bytes.length / 2);
  let finish: () => void = () => {};
  const response = new Promise<{ status: number; body: string; connection: string | undefined }>((resolve, reject) => {
    const req = request(`${url}/v1/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': bytes.length } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    req.on('error', reject);
    req.write(bytes.subarray(0, half));
    finish = () => req.end(bytes.subarray(half));
  });
  return { response, finish: () => finish() };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('graceful shutdown', () => {
  it('finishes a request in flight, refusing new connections meanwhile', async () => {
    const collector = await start();
    const event = answerEvent();
    const upload = slowPost(collector.url, JSON.stringify(batch([event])));
    await sleep(100);

    let closed = false;
    const closing = collector.close().then(() => (closed = true));
    await sleep(100);
    await expect(fetch(`${collector.url}/healthz`)).rejects.toThrow();
    expect(closed).toBe(false);

    upload.finish();
    const { status, body, connection } = await upload.response;
    expect(status).toBe(200);
    // The connection ends with the response, so shutdown need not wait for a keep-alive timeout.
    expect(connection).toBe('close');
    expect(JSON.parse(body)).toMatchObject({ accepted: 1 });
    await closing;

    const store = openSqliteStore(collector.db);
    expect(store.count()).toBe(1);
    store.close();
  });

  it('cuts a request that never finishes once the shutdown timeout passes', async () => {
    const collector = await start({ shutdownTimeoutMs: 300 });
    const upload = slowPost(collector.url, JSON.stringify(batch([answerEvent()])));
    const failed = upload.response.then(
      () => 'answered',
      () => 'cut',
    );
    await sleep(100);
    const t0 = Date.now();
    await collector.close();
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(await failed).toBe('cut');
  });
});

describe('request log', () => {
  it('writes one combined-format line per request', async () => {
    const lines: string[] = [];
    const collector = await start({ log: { write: (line) => lines.push(line) }, rateLimit: { max: 3, windowMs: 60_000 } });
    await post(collector, batch([answerEvent()]), { 'user-agent': 'test-agent/1.0', referer: 'https://shop.example/c/shoes' });
    await fetch(`${collector.url}/v1/nope?x="1"`);
    await fetch(`${collector.url}/healthz`);
    await post(collector, batch([]));
    await post(collector, batch([]));
    await sleep(50);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(
      /^127\.0\.0\.1 - - \[\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000\] "POST \/v1\/events HTTP\/1\.1" 200 \d+ "https:\/\/shop\.example\/c\/shoes" "test-agent\/1\.0"$/,
    );
    expect(lines[1]).toMatch(/"GET \/v1\/nope\?x=%221%22 HTTP\/1\.1" 404 /);
    expect(lines[2]).toMatch(/"GET \/healthz HTTP\/1\.1" 200 /);
    expect(lines[4]).toMatch(/"POST \/v1\/events HTTP\/1\.1" 429 /);
  });

  it('writes JSON lines, and server errors with their stack', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const collector = await start({ log: { format: 'json', write: (line) => lines.push(line), error: (line) => errors.push(line) } });
    await fetch(`${collector.url}/healthz`);
    await collector.store.close();
    const failed = await post(collector, batch([answerEvent()]));
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ error: 'internal error' });
    await sleep(50);
    expect(lines.map((line) => JSON.parse(line))).toEqual([
      expect.objectContaining({ method: 'GET', url: '/healthz', status: 200, ip: '127.0.0.1', ms: expect.any(Number) }),
      expect.objectContaining({ method: 'POST', url: '/v1/events', status: 500 }),
    ]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^POST \/v1\/events failed: .*\n\s+at /s);
  });

  it('quiet (requests: false) writes no request line, but still every server error', async () => {
    const lines: string[] = [];
    const errors: string[] = [];
    const collector = await start({ log: { requests: false, write: (line) => lines.push(line), error: (line) => errors.push(line) } });
    await collector.store.close();
    expect((await post(collector, batch([answerEvent()]))).status).toBe(500);
    await sleep(50);
    expect(lines).toEqual([]);
    expect(errors).toEqual([expect.stringMatching(/^POST \/v1\/events failed: /)]);
  });
});
