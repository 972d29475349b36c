import { expect, test } from 'vitest';
import { firedTrigger, type TriggerState } from '../../../src/widget/eligibility/firedTrigger';

const state = (over: Partial<TriggerState> = {}): TriggerState => ({
  activeSeconds: 0, scrollDepth: 0, exitIntent: false, idleSeconds: 0, counts: {}, pageIndex: 1, isVisible: () => false, ...over,
});

test('each condition fires at its threshold and reports its name', () => {
  expect(firedTrigger({ scrollDepth: 0.5 }, state({ scrollDepth: 0.49 }))).toBeUndefined();
  expect(firedTrigger({ scrollDepth: 0.5 }, state({ scrollDepth: 0.5 }))).toBe('scrollDepth');
  expect(firedTrigger({ activeSeconds: 20 }, state({ activeSeconds: 20 }))).toBe('activeSeconds');
  expect(firedTrigger({ exitIntent: true }, state({ exitIntent: true }))).toBe('exitIntent');
  expect(firedTrigger({ idleSeconds: 8 }, state({ idleSeconds: 9 }))).toBe('idleSeconds');
  expect(firedTrigger({ event: 'compare', count: 2 }, state({ counts: { compare: 1 } }))).toBeUndefined();
  expect(firedTrigger({ event: 'compare', count: 2 }, state({ counts: { compare: 2 } }))).toBe('event');
  expect(firedTrigger({ visible: '#reviews' }, state({ isVisible: (s) => s === '#reviews' }))).toBe('visible');
  expect(firedTrigger({ pageIndex: 3 }, state({ pageIndex: 3 }))).toBe('pageIndex');
});

test('any reports the first that fires; all needs every child', () => {
  const trigger = { any: [{ scrollDepth: 0.5 }, { activeSeconds: 20 }] };
  expect(firedTrigger(trigger, state({ activeSeconds: 21 }))).toBe('activeSeconds');
  const both = { all: [{ scrollDepth: 0.5 }, { activeSeconds: 20 }] };
  expect(firedTrigger(both, state({ activeSeconds: 21 }))).toBeUndefined();
  expect(firedTrigger(both, state({ activeSeconds: 21, scrollDepth: 0.6 }))).toBe('all');
});

test('malformed triggers never fire (the core runs before validation)', () => {
  expect(firedTrigger(undefined, state())).toBeUndefined();
  expect(firedTrigger({ scrollDepth: '0.5' } as never, state({ scrollDepth: 1 }))).toBeUndefined();
  expect(firedTrigger({ any: 'x' } as never, state())).toBeUndefined();
});
