import { describe, expect, it } from 'vitest';
import { parseTrustProxy, toFastifyTrustProxy } from '../../src/collector/trustProxy';

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
