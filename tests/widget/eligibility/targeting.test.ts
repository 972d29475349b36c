import { describe, expect, test } from 'vitest';
import { globToRegExp } from '../../../src/widget/eligibility/globToRegExp';
import { classifyPage } from '../../../src/widget/eligibility/classifyPage';
import { isSampled, pickVariant } from '../../../src/widget/eligibility/assignVisitor';
import { canShow, recordDismissed, recordShown, type CapsState } from '../../../src/widget/eligibility/frequency';

describe('globToRegExp', () => {
  test.each([
    ['/c/**', '/c', true],
    ['/c/**', '/c/shoes/trail', true],
    ['/c/**', '/cart', false],
    ['/p/*', '/p/one', true],
    ['/p/*', '/p/one/two', false],
    ['/compare**', '/compare', true],
    ['/compare**', '/compare/a-b', true],
    ['/checkout/thank-you', '/checkout/thank-you', true],
    ['/a.b', '/aXb', false],
  ])('%s vs %s → %s', (glob, path, expected) => {
    expect(globToRegExp(glob).test(path)).toBe(expected);
  });
});

describe('classifyPage', () => {
  const rules = { category: { match: ['/c/**'] }, product: { regex: ['^/p/\\d+$'] }, broken: { regex: ['('] } };
  test('URL rules in order, data-cp-page wins, bad patterns never match', () => {
    expect(classifyPage(rules, '/c/shoes')).toBe('category');
    expect(classifyPage(rules, '/p/12')).toBe('product');
    expect(classifyPage(rules, '/p/x')).toBeUndefined();
    expect(classifyPage(rules, '/c/shoes', 'comparison')).toBe('comparison');
  });
});

describe('sampling and variants are sticky per visitor', () => {
  const visitors = Array.from({ length: 4000 }, (_, i) => `visitor-${i}`);
  test('the sampled share matches the rate, and repeats give the same answer', () => {
    const inside = visitors.filter((v) => isSampled(v, 'decision-confidence', 0.2));
    expect(inside.length / visitors.length).toBeGreaterThan(0.17);
    expect(inside.length / visitors.length).toBeLessThan(0.23);
    expect(visitors.filter((v) => isSampled(v, 'decision-confidence', 0.2))).toEqual(inside);
    expect(isSampled('anyone', 's', 0)).toBe(false);
    expect(isSampled('anyone', 's', 1)).toBe(true);
  });
  test('variants follow their weights', () => {
    const variants = [{ id: 'A', weight: 3 }, { id: 'B', weight: 1 }];
    const a = visitors.filter((v) => pickVariant(v, 's', variants)?.id === 'A').length / visitors.length;
    expect(a).toBeGreaterThan(0.71);
    expect(a).toBeLessThan(0.79);
    expect(pickVariant('x', 's', variants)).toBe(pickVariant('x', 's', variants));
    expect(pickVariant('x', 's', [{ id: 'A', weight: 0 }])).toBeUndefined();
  });
});

describe('frequency caps', () => {
  const day = 86_400_000;
  const t0 = Date.UTC(2026, 10, 1);
  const empty: CapsState = { surveys: {} };
  test('once per visitor without cooldownDays', () => {
    const shown = recordShown(empty, 's', 'session-1', t0);
    expect(canShow('s', {}, empty, 'session-1', t0)).toBe(true);
    expect(canShow('s', { maxPerSession: 5 }, shown, 'session-2', t0 + 400 * day)).toBe(false);
  });
  test('cooldownDays, maxPerSession across surveys, afterDismissDays, global gap', () => {
    const shown = recordShown(empty, 's', 'session-1', t0);
    const rules = { cooldownDays: 14, maxPerSession: 1 };
    expect(canShow('s', rules, shown, 'session-2', t0 + 13 * day)).toBe(false);
    expect(canShow('s', rules, shown, 'session-2', t0 + 15 * day)).toBe(true);
    expect(canShow('other', rules, shown, 'session-1', t0 + 1000)).toBe(false);
    expect(canShow('other', { maxPerSession: 2 }, shown, 'session-1', t0 + 1000)).toBe(true);
    expect(canShow('other', { maxPerSession: 2, minGapMinutes: 60 }, shown, 'session-1', t0 + 1000)).toBe(false);
    const dismissed = recordDismissed(shown, 's', t0);
    expect(canShow('s', { cooldownDays: 1, afterDismissDays: 30 }, dismissed, 'session-9', t0 + 20 * day)).toBe(false);
    expect(canShow('s', { cooldownDays: 1, afterDismissDays: 30 }, dismissed, 'session-9', t0 + 31 * day)).toBe(true);
  });
  test('a rule or a time that is missing never caps; a gap of 0 minutes is no gap, even after the clock went back', () => {
    const dismissed = recordDismissed(empty, 's', t0);
    expect(canShow('s', { cooldownDays: 1 }, dismissed, 'session-1', t0 + 1000)).toBe(true);
    expect(canShow('s', { afterDismissDays: 30 }, empty, 'session-1', t0)).toBe(true);
    const shownLater = recordShown(empty, 'other', 'session-1', t0 + day);
    expect(canShow('s', { maxPerSession: 5 }, shownLater, 'session-1', t0)).toBe(true);
    expect(canShow('s', { maxPerSession: 5, minGapMinutes: 0 }, shownLater, 'session-1', t0)).toBe(true);
    expect(canShow('s', { maxPerSession: 5, minGapMinutes: 60 }, shownLater, 'session-1', t0)).toBe(false);
    // A dismissal recorded "in the future" (a clock that went back) still caps for afterDismissDays: 0.
    expect(canShow('s', { cooldownDays: 1, afterDismissDays: 0 }, recordDismissed(empty, 's', t0 + day), 'session-1', t0)).toBe(false);
  });
});
