/** The collector's defences that need no server: bounded checks, unsafe keys, time window, hosts, proxies, store errors. */
import { describe, expect, it } from 'vitest';
import { createBusyGuard } from '../../src/collector/busyGuard';
import { resolveConnectionLimits, serverOptions } from '../../src/collector/connectionLimits';
import { findUnsafeKey } from '../../src/collector/findUnsafeKey';
import { createHostCheck, hostName } from '../../src/collector/hostCheck';
import { describeDataError, isBusyError, isDataError } from '../../src/collector/storeErrors';
import { outsideWindow, timeWindow } from '../../src/collector/timeWindow';
import { parseTrustProxy, toFastifyTrustProxy } from '../../src/collector/trustProxy';
import { checkShape, type JsonSchema } from '../../src/contract/validation/checkShape';
import { eventSchema, MAX_QUERY_KEYS, MAX_SIGNAL_KEYS, MAX_SIGNAL_MAP_KEYS } from '../../src/contract/eventShapes';
import { jsonSchemas } from '../../src/contract/generate/jsonSchemas';

const numbers: JsonSchema = { type: 'object', additionalProperties: { type: 'number' } };

describe('checkShape on hostile input', () => {
  it('stops at the limit instead of describing every problem', () => {
    const many = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, 'x']));
    expect(checkShape(numbers, many)).toHaveLength(40_000);
    expect(checkShape(numbers, many, 6)).toEqual(Array.from({ length: 6 }, (_, i) => ({ path: `k${i}`, message: 'expected number, got string' })));
  });

  it('reads maxProperties and maxItems before walking, and reports them once', () => {
    const capped: JsonSchema = { ...numbers, maxProperties: 3 };
    const big = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`k${i}`, 'not a number']));
    expect(checkShape(capped, big)).toEqual([{ path: '', message: 'must have at most 3 keys' }]);
    const list: JsonSchema = { type: 'array', maxItems: 2, items: { type: 'string' } };
    expect(checkShape(list, [1, 2, 3])).toEqual([{ path: '', message: 'must have at most 2 items' }]);
    expect(checkShape(list, ['a', 2])).toEqual([{ path: '[1]', message: 'expected string, got number' }]);
  });
});

describe('event size caps', () => {
  const event = (extra: object) => ({ id: 'event-0001', type: 'answer', ts: '2026-11-22T10:00:00.000Z', pageViewId: 'p', page: { path: '/' }, ...extra });
  const map = (n: number, value: unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

  it('zod and the generated JSON Schema agree on the caps of signals, maps inside them and page.query', () => {
    const events = jsonSchemas().events as { properties: { events: { items: JsonSchema } } };
    const schema = events.properties.events.items;
    const cases = [
      [event({ signals: map(MAX_SIGNAL_KEYS, 1) }), true],
      [event({ signals: map(MAX_SIGNAL_KEYS + 1, 1) }), false],
      [event({ signals: { tracked: map(MAX_SIGNAL_MAP_KEYS, 1) } }), true],
      [event({ signals: { tracked: map(MAX_SIGNAL_MAP_KEYS + 1, 1) } }), false],
      [event({ page: { path: '/', query: map(MAX_QUERY_KEYS, 'x') } }), true],
      [event({ page: { path: '/', query: map(MAX_QUERY_KEYS + 1, 'x') } }), false],
    ] as const;
    for (const [value, valid] of cases) {
      expect(eventSchema.safeParse(value).success).toBe(valid);
      expect(checkShape(schema, value).length === 0).toBe(valid);
    }
  });
});

describe('findUnsafeKey', () => {
  it('finds __proto__ at any depth of an event and names its path', () => {
    expect(findUnsafeKey(JSON.parse('{"signals":{"tracked":{"__proto__":1}}}'))).toBe('signals.tracked.__proto__: this key is not allowed');
    expect(findUnsafeKey(JSON.parse('{"a":[{"b":1},{"__proto__":{}}]}'))).toBe('a[1].__proto__: this key is not allowed');
    expect(findUnsafeKey({ signals: { tracked: { constructor: 1, prototype: 2 } } })).toBeUndefined();
  });

  it('does not overflow the stack on a body nested 100,000 levels deep', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findUnsafeKey(deep)).toBeUndefined();
  });
});

describe('the time window', () => {
  const now = Date.parse('2026-11-22T10:00:00.000Z');
  it('accepts 2020-01-01 up to one day after the collector\'s clock', () => {
    for (const ts of ['2020-01-01T00:00:00.000Z', '2026-11-22T10:00:00.000Z', '2026-11-23T10:00:00.000Z']) expect(outsideWindow('ts', ts, timeWindow(now))).toBeUndefined();
  });
  it('refuses earlier and later times with the window in the reason', () => {
    expect(outsideWindow('ts', '9999-12-31T00:00:00.000Z', timeWindow(now))).toBe(
      "ts: must be from 2020-01-01 to one day after the collector's clock (2026-11-23T10:00:00.000Z), got 9999-12-31T00:00:00.000Z",
    );
    expect(outsideWindow('sentAt', '0000-01-01T00:00:00.000Z', timeWindow(now))).toMatch(/^sentAt: must be from 2020-01-01/);
    expect(outsideWindow('ts', '2026-11-23T10:00:00.001Z', timeWindow(now))).toBeDefined();
  });
});

describe('createHostCheck', () => {
  it('accepts IP addresses, localhost and a missing header by default, and no other name', () => {
    const allowed = createHostCheck();
    for (const host of ['127.0.0.1:8787', '[::1]:8787', '10.0.0.5', 'localhost:8787', 'app.localhost', 'LOCALHOST.', undefined]) expect(allowed(host), String(host)).toBe(true);
    for (const host of ['evil.example:8787', 'localhost.evil.example', '127.0.0.1.nip.io', 'example']) expect(allowed(host), host).toBe(false);
  });
  it('adds names, subdomain suffixes and * from the allow list', () => {
    const allowed = createHostCheck(['Collect.Example.com', '*.shop.example']);
    expect(allowed('collect.example.com:443')).toBe(true);
    expect(allowed('eu.shop.example')).toBe(true);
    expect(allowed('shop.example')).toBe(true);
    expect(allowed('evilshop.example')).toBe(false);
    expect(createHostCheck(['*'])('anything.example')).toBe(true);
  });
  it('reads the name out of a Host header', () => {
    expect(hostName('[::1]:80')).toBe('::1');
    expect(hostName('Example.COM.:8080')).toBe('example.com');
  });
});

describe('trust proxy', () => {
  it('reads the CLI and environment forms', () => {
    expect(parseTrustProxy('')).toBe(true);
    expect(parseTrustProxy('yes')).toBe(true);
    expect(parseTrustProxy('off')).toBe(false);
    expect(parseTrustProxy('2')).toBe(2);
    expect(parseTrustProxy('10.0.0.0/8, loopback')).toBe('10.0.0.0/8, loopback');
    expect(() => parseTrustProxy('10.0.0.0/33')).toThrow(/"10\.0\.0\.0\/33" is not an IP address/);
    expect(() => parseTrustProxy('proxy.internal')).toThrow(/"proxy\.internal"/);
  });
  it('turns true into one hop, never "trust every entry"', () => {
    const trust = toFastifyTrustProxy(true);
    expect(typeof trust).toBe('function');
    const hop = trust as (address: string, hop: number) => boolean;
    // Hop 0 is the peer (the proxy); hop 1, the entry it appended, is the client and is not trusted further.
    expect([hop('10.0.0.1', 0), hop('203.0.113.9', 1)]).toEqual([true, false]);
    expect((toFastifyTrustProxy(2) as typeof hop)('x', 1)).toBe(true);
    expect(toFastifyTrustProxy(false)).toBe(false);
    expect(toFastifyTrustProxy(['127.0.0.1', '10.0.0.0/8'])).toEqual(['127.0.0.1', '10.0.0.0/8']);
  });
});

describe('store errors', () => {
  const error = (code: string) => Object.assign(new Error('boom'), { code });
  it('tells a locked database from refused values and from everything else', () => {
    for (const code of ['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_LOCKED', '55P03', '40P01', '40001']) expect(isBusyError(error(code)), code).toBe(true);
    for (const code of ['SQLITE_CONSTRAINT_CHECK', 'SQLITE_CONSTRAINT_TRIGGER', 'SQLITE_TOOBIG', '22008', '23514', '22P02', '54000']) expect(isDataError(error(code)), code).toBe(true);
    for (const code of ['SQLITE_IOERR', 'SQLITE_BUSY', 'ECONNREFUSED', '57P01', '08006', '']) expect(isDataError(error(code)), code).toBe(false);
    expect(isBusyError(new Error('no code'))).toBe(false);
    expect(describeDataError(error('22008'))).toBe('(event): the database refused it (22008: boom)');
  });
  it('leaves a locked database alone for a second, then tries again', () => {
    let now = 0;
    const guard = createBusyGuard(() => now);
    expect(guard.trip(error('ECONNREFUSED'))).toBe(false);
    expect(guard.busy()).toBe(false);
    expect(guard.trip(error('SQLITE_BUSY'))).toBe(true);
    expect(guard.busy()).toBe(true);
    now = 999;
    expect(guard.busy()).toBe(true);
    now = 1000;
    expect(guard.busy()).toBe(false);
  });
});

describe('connection limits', () => {
  it('fills in defaults and keeps the header timeout within the request timeout', () => {
    const limits = resolveConnectionLimits({ requestTimeoutMs: 4000, headersTimeoutMs: 10_000, maxConnections: 50 });
    expect(limits).toMatchObject({ requestTimeoutMs: 4000, keepAliveTimeoutMs: 5000, idleTimeoutMs: 120_000, maxConnections: 50, maxConnectionsPerIp: 64 });
    expect(serverOptions(limits)).toEqual({
      requestTimeout: 4000,
      keepAliveTimeout: 5000,
      connectionTimeout: 120_000,
      http: { headersTimeout: 4000, connectionsCheckingInterval: 1000 },
    });
    expect(resolveConnectionLimits().maxConnections).toBeGreaterThanOrEqual(10);
    expect(() => resolveConnectionLimits({ maxConnections: 0 })).toThrow(/maxConnections must be a whole number of at least 1/);
  });
});
