import { describe, expect, it } from 'vitest';
import { outsideWindow, timeWindow } from '../../src/collector/timeWindow';

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
