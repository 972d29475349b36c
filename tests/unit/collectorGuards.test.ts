/** The collector's defences that need no server: bounded checks, unsafe keys, time window, store errors, connection limits. */
import { describe, expect, it } from 'vitest';
import { createBusyGuard } from '../../src/collector/busyGuard';
import { resolveConnectionLimits, serverOptions } from '../../src/collector/connectionLimits';
import { findUnsafeKey } from '../../src/collector/findUnsafeKey';
import { describeDataError, isBusyError, isDataError } from '../../src/collector/storeErrors';
import { outsideWindow, timeWindow } from '../../src/collector/timeWindow';
import { checkShape, type JsonSchema } from '../../src/config/checkShape';
import { eventSchema, MAX_QUERY_KEYS, MAX_SIGNAL_KEYS, MAX_SIGNAL_MAP_KEYS } from '../../src/events/schema';
import { jsonSchemas } from '../../src/schemas/jsonSchemas';

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
