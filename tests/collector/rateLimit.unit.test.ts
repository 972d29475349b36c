import { describe, expect, it } from 'vitest';
import { createRateLimiter, parseByteLimit, parseRateLimit } from '../../src/collector/rateLimit';

describe('rate limits', () => {
  it.each([
    ['600/min', { max: 600, windowMs: 60_000 }],
    ['600/1m', { max: 600, windowMs: 60_000 }],
    ['20/s', { max: 20, windowMs: 1000 }],
    ['1000/30s', { max: 1000, windowMs: 30_000 }],
    ['5000/hour', { max: 5000, windowMs: 3_600_000 }],
    ['off', null],
    ['0', null],
  ])('reads %s', (text, limit) => {
    expect(parseRateLimit(text)).toEqual(limit);
  });

  it.each(['600', '600/fortnight', 'x/min', '0/min'])('refuses %s', (text) => {
    expect(() => parseRateLimit(text)).toThrow(/must look like 600\/min/);
  });

  it('refills continuously and answers the seconds until the next request', () => {
    let t = 0;
    const take = createRateLimiter({ max: 2, windowMs: 10_000 }, () => t);
    expect([take('a'), take('a'), take('a'), take('b')]).toEqual([0, 0, 5, 0]);
    t = 5000;
    expect([take('a'), take('a')]).toEqual([0, 5]);
  });

  it('charges a cost (a body\'s bytes), and a cost above the budget takes a full bucket', () => {
    let t = 0;
    const take = createRateLimiter({ max: 1000, windowMs: 10_000 }, () => t);
    expect([take('a', 600), take('a', 600)]).toEqual([0, 2]);
    expect(take('b', 5000)).toBe(0);
    expect(take('b', 1)).toBe(1);
    t = 10_000;
    expect(take('b', 5000)).toBe(0);
  });

  it.each([
    ['10MB/min', { max: 10 * 1024 * 1024, windowMs: 60_000 }],
    ['512KB/s', { max: 512 * 1024, windowMs: 1000 }],
    ['1gb/h', { max: 1024 ** 3, windowMs: 3_600_000 }],
    ['2000/30s', { max: 2000, windowMs: 30_000 }],
    ['off', null],
  ])('reads the byte budget %s', (text, limit) => {
    expect(parseByteLimit(text)).toEqual(limit);
  });

  it.each(['10MB', '10TB/min', 'lots/min', '0MB/min', '10MB/fortnight'])('refuses the byte budget %s', (text) => {
    expect(() => parseByteLimit(text)).toThrow(/byte limit must look like 10MB\/min/);
  });
});
