import { describe, expect, it } from 'vitest';
import { resolveConnectionLimits, serverOptions } from '../../src/collector/connectionLimits';

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
