import { describe, expect, test, vi } from 'vitest';
import { destinationProps, forwardEvent } from '../../../src/widget/destinations/forwardEvent';
import type { PulseEvent } from '../../../src/contract/eventShapes';

const answer: PulseEvent = {
  id: '0193-a',
  type: 'answer',
  ts: '2026-11-22T10:00:00.000Z',
  visitorId: 'v1',
  sessionId: 's1',
  pageViewId: 'pv1',
  responseId: 'r1',
  page: { type: 'category', path: '/c/shoes', query: { utm_source: 'news' } },
  survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
  question: { id: 'blocker', type: 'choice', multiple: true, options: ['reviews', 'price'], text: 'What would help?' },
  answer: { value: ['reviews', 'other'], other: 'my number is [number]' },
  trigger: 'scrollDepth',
  locale: 'en',
  signals: { activeMs: 4100 },
};

describe('destinationProps', () => {
  test('the wire shape without ids, signals or free text', () => {
    const props = JSON.parse(JSON.stringify(destinationProps(answer)));
    expect(props).toEqual({
      id: '0193-a',
      type: 'answer',
      ts: '2026-11-22T10:00:00.000Z',
      pageViewId: 'pv1',
      responseId: 'r1',
      page: { type: 'category', path: '/c/shoes', query: { utm_source: 'news' } },
      survey: { id: 'decision-confidence', version: 1, sampleRate: 1 },
      question: { id: 'blocker', type: 'choice', multiple: true, options: ['reviews', 'price'], text: 'What would help?' },
      answer: { value: ['reviews', 'other'] },
      trigger: 'scrollDepth',
      locale: 'en',
    });
  });
  test("a text question's answer is left out entirely", () => {
    const text = { ...answer, question: { id: 'why', type: 'text' as const }, answer: { value: 'call me' } };
    expect(JSON.parse(JSON.stringify(destinationProps(text)))).not.toHaveProperty('answer');
  });
  test('does not change the event', () => {
    const copy = structuredClone(answer);
    destinationProps(answer);
    expect(answer).toEqual(copy);
  });
});

describe('forwardEvent', () => {
  test('each tool gets confidence_pulse_<type> with the props; dataLayer clears the previous object first', () => {
    const win = { dataLayer: [] as unknown[], analytics: { track: vi.fn() }, posthog: { capture: vi.fn() } };
    expect(forwardEvent(answer, ['dataLayer', 'segment', 'posthog'], win)).toEqual([]);
    const props = destinationProps(answer);
    expect(win.dataLayer).toEqual([{ confidence_pulse: null }, { event: 'confidence_pulse_answer', confidence_pulse: props }]);
    expect(win.analytics.track).toHaveBeenCalledWith('confidence_pulse_answer', props);
    expect(win.posthog.capture).toHaveBeenCalledWith('confidence_pulse_answer', props);
  });
  test('only the listed tools, and a missing one is skipped quietly', () => {
    const win = { analytics: { track: vi.fn() }, posthog: { capture: vi.fn() } };
    expect(forwardEvent(answer, ['dataLayer', 'posthog'], win)).toEqual([]);
    expect(win.analytics.track).not.toHaveBeenCalled();
    expect(win.posthog.capture).toHaveBeenCalledOnce();
  });
  test('a throwing tool (or an unknown name) is returned, and the others still get the event', () => {
    const win = {
      dataLayer: { push: () => { throw new Error('broken'); } },
      analytics: { track: vi.fn() },
    };
    expect(forwardEvent(answer, ['dataLayer', 'amplitude' as never, 'segment'], win)).toEqual(['dataLayer', 'amplitude']);
    expect(win.analytics.track).toHaveBeenCalledOnce();
  });
});
