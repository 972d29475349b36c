/**
 * Who the client is (`X-Forwarded-For` behind `trustProxy`) and which name it used (`Host`, against DNS rebinding),
 * on a real collector on 127.0.0.1.
 */
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, start, stopAll } from './helpers';

afterEach(stopAll);

/** A request with headers fetch would not send as given (Host). */
function send(collector: RunningCollector, path: string, headers: Record<string, string>, method = 'GET', body?: string) {
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: collector.port, path, method, headers, agent: false }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('trustProxy', () => {
  it('true trusts one proxy: a client rotating the left of X-Forwarded-For still spends one budget', async () => {
    const lines: string[] = [];
    const collector = await start({ trustProxy: true, rateLimit: { max: 3, windowMs: 60_000 }, log: { format: 'json', write: (line) => lines.push(line) } });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // What a client sends through one proxy: its own forged entry, then the address the proxy appended.
      statuses.push((await send(collector, '/v1/nope', { 'x-forwarded-for': `10.9.8.${i}, 203.0.113.7` })).status);
    }
    expect(statuses).toEqual([404, 404, 404, 429, 429, 429]);
    expect(new Set(lines.map((line) => JSON.parse(line).ip))).toEqual(new Set(['203.0.113.7']));
  });

  it('a number trusts that many proxies', async () => {
    const lines: string[] = [];
    const collector = await start({ trustProxy: 2, log: { format: 'json', write: (line) => lines.push(line) } });
    await send(collector, '/v1/nope', { 'x-forwarded-for': '10.9.8.7, 198.51.100.4, 10.0.0.2' });
    expect(JSON.parse(lines[0]!).ip).toBe('198.51.100.4');
  });

  it('a list trusts those peers only: the right-most entry not among them is the client', async () => {
    const lines: string[] = [];
    const write = (line: string) => lines.push(line);
    const trusted = await start({ trustProxy: ['127.0.0.1', '10.0.0.0/8'], log: { format: 'json', write } });
    await send(trusted, '/v1/nope', { 'x-forwarded-for': '1.2.3.4, 198.51.100.4, 10.1.2.3' });
    const untrusted = await start({ trustProxy: ['10.0.0.0/8'], log: { format: 'json', write } });
    await send(untrusted, '/v1/nope', { 'x-forwarded-for': '198.51.100.4' });
    expect(lines.map((line) => JSON.parse(line).ip)).toEqual(['198.51.100.4', '127.0.0.1']);
  });

  it('refuses an entry that is not an address', async () => {
    await expect(start({ trustProxy: ['proxy.internal'] })).rejects.toThrow(/"proxy\.internal" is not an IP address/);
  });
});

describe('Host check (DNS rebinding)', () => {
  it('refuses a name it was not given, on every route but /healthz, with a reason', async () => {
    const collector = await start();
    const evil = { host: `rebind.evil.example:${collector.port}` };
    for (const path of ['/', '/v1/export', '/assets/report.css']) {
      const response = await send(collector, path, evil);
      expect(response.status, path).toBe(403);
      expect(JSON.parse(response.body).error).toBe(
        `Host "rebind.evil.example:${collector.port}" is not a name of this collector; start it with --allow-host rebind.evil.example to answer to it`,
      );
    }
    const posted = await send(collector, '/v1/events', { ...evil, 'content-type': 'text/plain' }, 'POST', JSON.stringify(batch([answerEvent()])));
    expect(posted.status).toBe(403);
    expect(await collector.store.count()).toBe(0);
    expect((await send(collector, '/healthz', evil)).status).toBe(200);
  });

  it('answers loopback names and addresses', async () => {
    const collector = await start();
    for (const host of [`localhost:${collector.port}`, `127.0.0.1:${collector.port}`, `[::1]:${collector.port}`]) {
      expect((await send(collector, '/', { host })).status, host).toBe(200);
    }
  });

  it('answers the names given in allowHosts, or any with *', async () => {
    const named = await start({ allowHosts: ['collect.example.com'] });
    expect((await send(named, '/', { host: 'collect.example.com' })).status).toBe(200);
    expect((await send(named, '/', { host: 'other.example.com' })).status).toBe(403);
    const any = await start({ allowHosts: ['*'] });
    expect((await send(any, '/', { host: 'other.example.com' })).status).toBe(200);
  });
});
