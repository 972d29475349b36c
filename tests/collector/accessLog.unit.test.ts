import { describe, expect, it } from 'vitest';
import { formatAccessLog, type AccessLogEntry } from '../../src/collector/accessLog';

describe('formatAccessLog', () => {
  const entry: AccessLogEntry = {
    ip: '127.0.0.1',
    time: new Date('2026-11-22T09:05:03.000Z'),
    method: 'POST',
    url: '/v1/events',
    httpVersion: '1.1',
    status: 200,
    bytes: 123,
    referer: 'https://shop.example/c/shoes',
    userAgent: 'Mozilla/5.0 "quoted"\nforged line',
    ms: 3.14159,
  };

  it('writes the combined format, escaping what could forge a line', () => {
    expect(formatAccessLog('combined', entry)).toBe(
      '127.0.0.1 - - [22/Nov/2026:09:05:03 +0000] "POST /v1/events HTTP/1.1" 200 123 "https://shop.example/c/shoes" "Mozilla/5.0 \\x22quoted\\x22\\x0aforged line"',
    );
    expect(formatAccessLog('combined', { ...entry, bytes: undefined, referer: undefined, userAgent: undefined })).toMatch(/ 200 - "-" "-"$/);
  });

  it('writes JSON lines', () => {
    expect(JSON.parse(formatAccessLog('json', entry))).toEqual({
      time: '2026-11-22T09:05:03.000Z',
      ip: '127.0.0.1',
      method: 'POST',
      url: '/v1/events',
      status: 200,
      bytes: 123,
      ms: 3.1,
      referer: 'https://shop.example/c/shoes',
      userAgent: 'Mozilla/5.0 "quoted"\nforged line',
    });
  });
});
