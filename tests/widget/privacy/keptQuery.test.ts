import { describe, expect, test } from 'vitest';
import { keptQuery } from '../../../src/widget/privacy/keptQuery';

describe('keptQuery', () => {
  test('keeps only the allowlisted names, with * wildcards', () => {
    expect(keptQuery('?utm_source=news&email=a%40b.com&utm_medium=mail&gclid=x1&q=red+shoes', ['utm_*', 'gclid'])).toEqual({
      utm_source: 'news',
      utm_medium: 'mail',
      gclid: 'x1',
    });
  });
  test('names match whole: a glob is not a prefix', () => {
    expect(keptQuery('?gclid_extra=1&xgclid=2&gclid=3', ['gclid'])).toEqual({ gclid: '3' });
    expect(keptQuery('?utm_source=a&my_utm_source=b', ['utm_*'])).toEqual({ utm_source: 'a' });
  });
  test('without an allowlist every parameter is stripped', () => {
    expect(keptQuery('?utm_source=news&email=a%40b.com', undefined)).toBeUndefined();
    expect(keptQuery('?utm_source=news', [])).toEqual({});
  });
  test('decodes values and survives odd queries', () => {
    expect(keptQuery('?utm_campaign=summer%20sale%20%E2%82%AC', ['utm_*'])).toEqual({ utm_campaign: 'summer sale €' });
    expect(keptQuery('', ['utm_*'])).toEqual({});
    expect(keptQuery('?&&=&utm_source', ['utm_*'])).toEqual({ utm_source: '' });
    expect(keptQuery('?utm.source=1&utm_source=2', ['utm?source'])).toEqual({ 'utm.source': '1', utm_source: '2' });
  });
  test('stays within what the collector accepts: 50 names of 100 characters, values of 500, never __proto__', () => {
    const many = Array.from({ length: 60 }, (_, i) => `p${i}=${i}`).join('&');
    const kept = keptQuery(`?__proto__=x&${'n'.repeat(101)}=long&v=${'x'.repeat(600)}&${many}`, ['*'])!;
    expect(Object.keys(kept)).toHaveLength(50);
    expect(Object.hasOwn(kept, '__proto__')).toBe(false);
    expect(Object.keys(kept).some((name) => name.length > 100)).toBe(false);
    expect(kept.v).toBe('x'.repeat(500));
  });
});
