/**
 * Connections that hold the collector without finishing a request, through raw sockets on 127.0.0.1. The attacker
 * connects from 127.0.0.2 (Linux routes all of 127/8 to loopback), so the cap per address leaves this test's own
 * requests, from 127.0.0.1, alone. Each test waits for the server to act and asserts what it did, never how fast.
 */
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { RunningCollector } from '../../src/collector/index';
import { answerEvent, batch, post, start, stopAll } from './helpers';

const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await stopAll();
});

/** A raw connection that records what the server sends and whether it closed. */
interface Raw {
  socket: Socket;
  received(): string;
  connected: Promise<void>;
  closed: Promise<void>;
  isClosed(): boolean;
}

function open(collector: RunningCollector, from = '127.0.0.2'): Raw {
  const socket = connect({ host: '127.0.0.1', port: collector.port, localAddress: from });
  sockets.push(socket);
  let data = '';
  let done = false;
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => (data += chunk));
  // A reset is one of the ways the server closes; it is observed as `close` below.
  socket.on('error', () => {});
  const connected = new Promise<void>((resolve) => socket.once('connect', resolve));
  const closed = new Promise<void>((resolve) => socket.once('close', () => ((done = true), resolve())));
  return { socket, received: () => data, connected, closed, isClosed: () => done };
}

const postHead = (length: number) =>
  `POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;

/** Waits until `condition` holds, polling; the test's own timeout bounds it. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('timeouts', () => {
  it('answers 408 and closes a request whose body never finishes', async () => {
    const collector = await start({ requestTimeoutMs: 1000, headersTimeoutMs: 1000 });
    const raw = open(collector);
    await raw.connected;
    raw.socket.write(`${postHead(1000)}{"v":1,"events":[`);
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes a connection that never sends its headers', async () => {
    const collector = await start({ headersTimeoutMs: 1000, idleTimeoutMs: 0 });
    const silent = open(collector);
    const halfHeaders = open(collector);
    await halfHeaders.connected;
    halfHeaders.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await Promise.all([silent.closed, halfHeaders.closed]);
    expect(halfHeaders.received()).toMatch(/^HTTP\/1\.1 408 |^$/);
  });

  it('closes a kept-alive connection left idle after its answer', async () => {
    const collector = await start({ keepAliveTimeoutMs: 1000 });
    const raw = open(collector);
    await raw.connected;
    raw.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 200 [\s\S]*\{"ok":true,"databaseBytes":\d+\}$/);
  });

  it('closes a connection with no traffic either way', async () => {
    const collector = await start({ idleTimeoutMs: 1000, headersTimeoutMs: 0, requestTimeoutMs: 0 });
    const raw = open(collector);
    await raw.closed;
    expect(raw.received()).toBe('');
  });
});

describe('answers that end the connection', () => {
  it('closes the connection after a 429, so a client over its budget holds no socket', async () => {
    const collector = await start({ rateLimit: { max: 1, windowMs: 60_000 } });
    const raw = open(collector);
    await raw.connected;
    const request = `GET /v1/nope HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
    raw.socket.write(request);
    await until(() => raw.received().includes('not found'));
    raw.socket.write(request);
    await raw.closed;
    expect(raw.received()).toMatch(/HTTP\/1\.1 429 [\s\S]*[Cc]onnection: close/);
  });

  it('closes the connection after a 413 without reading the rest of the body', async () => {
    const collector = await start({ bodyLimit: 1000 });
    const raw = open(collector);
    await raw.connected;
    raw.socket.write(`${postHead(10_000_000)}{"v":1`);
    await raw.closed;
    expect(raw.received()).toMatch(/^HTTP\/1\.1 413 [\s\S]*[Cc]onnection: close/);
  });
});

describe('connection caps', () => {
  it('keeps at most 64 connections from one address: 1,100 idle ones do not lock out other clients', async () => {
    const collector = await start();
    const idle: Raw[] = [];
    // In waves of 100, so the kernel's queue of connections not yet accepted never overflows on a busy machine.
    for (let wave = 0; wave < 11; wave++) {
      const opened = Array.from({ length: 100 }, () => open(collector));
      idle.push(...opened);
      await Promise.all(opened.map((raw) => Promise.race([raw.connected, raw.closed])));
    }
    // The server closes every connection over the cap as soon as it accepts it.
    await until(() => idle.filter((raw) => raw.isClosed()).length >= 1100 - 64);
    const health = await fetch(`${collector.url}/healthz`);
    expect(health.status).toBe(200);
    const event = answerEvent();
    expect(await (await post(collector, batch([event]))).json()).toMatchObject({ accepted: 1 });
    // Closed connections give their places back, once the server has seen them close.
    for (const raw of idle) raw.socket.destroy();
    for (;;) {
      const again = open(collector);
      await Promise.race([again.connected, again.closed]);
      again.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n');
      await again.closed;
      if (again.received()) {
        expect(again.received()).toMatch(/^HTTP\/1\.1 200 /);
        break;
      }
    }
  });

  it('caps connections in all, whatever their address', async () => {
    const collector = await start({ maxConnections: 5, maxConnectionsPerIp: 0 });
    const held = Array.from({ length: 5 }, () => open(collector));
    await Promise.all(held.map((raw) => raw.connected));
    // Node counts a connection once it is accepted: ask on each so all five are surely counted.
    for (const raw of held) raw.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    await until(() => held.every((raw) => raw.received().includes('"ok":true')));
    const extra = open(collector, '127.0.0.3');
    await extra.closed;
    expect(extra.received()).toBe('');
  });

  it('counts no address behind a trusted proxy, whose connections carry every visitor', async () => {
    const collector = await start({ trustProxy: true, maxConnectionsPerIp: 2 });
    const proxied = Array.from({ length: 5 }, () => open(collector));
    for (const [i, raw] of proxied.entries()) {
      raw.socket.write(`GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 203.0.113.${i}\r\n\r\n`);
    }
    await until(() => proxied.every((raw) => raw.received().includes('"ok":true') || raw.isClosed()));
    expect(proxied.filter((raw) => raw.received().includes('"ok":true'))).toHaveLength(5);
  });
});
