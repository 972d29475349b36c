import { describe, expect, test } from 'vitest';
import { isEligible } from '../../../src/widget/eligibility/isEligible';
import { pickSurvey } from '../../../src/widget/eligibility/pickSurvey';
import type { TriggerState } from '../../../src/widget/eligibility/firedTrigger';

const state: TriggerState = { activeSeconds: 12, scrollDepth: 0.2, exitIntent: false, idleSeconds: 0, counts: {}, pageIndex: 1, isVisible: () => false };
const session = { visitorId: 'v1', sessionId: 's1', pageIndex: 1, journey: ['category'] };

describe('pickSurvey', () => {
  test('the first eligible survey whose trigger fires, with the trigger', () => {
    const document = {
      surveys: [
        { id: 'scroll', trigger: { scrollDepth: 0.5 } },
        { id: 'ineligible', trigger: { activeSeconds: 5 } },
        { id: 'time', trigger: { activeSeconds: 10 } },
        { id: 'later', trigger: { activeSeconds: 1 } },
      ],
    };
    expect(pickSurvey(document, state, (s) => s.id !== 'ineligible')).toEqual(['time', 'activeSeconds']);
    expect(pickSurvey(document, state, () => false)).toBeUndefined();
  });

  test('reads a broken document as no surveys', () => {
    for (const document of [undefined, null, 'x', { surveys: 'x' }]) expect(pickSurvey(document, state, () => true)).toBeUndefined();
  });
});

describe('isEligible', () => {
  const survey = { id: 'q', pages: ['category'], trigger: {}, questions: [] } as any;
  test('page type, sample and caps', () => {
    expect(isEligible(survey, 'category', session, undefined, { surveys: {} })).toBe(true);
    expect(isEligible(survey, 'product', session, undefined, { surveys: {} })).toBe(false);
    expect(isEligible({ ...survey, sample: 0 }, 'category', session, undefined, { surveys: {} })).toBe(false);
    // Shown once this session: the default of one per session refuses it; the document's frequency wins over the survey's.
    const caps = { surveys: { q: { shown: Date.now() } }, sessionId: 's1', sessionCount: 1 };
    expect(isEligible(survey, 'category', session, undefined, caps)).toBe(false);
    expect(isEligible({ ...survey, frequency: { maxPerSession: 1 } }, 'category', session, { maxPerSession: 2, cooldownDays: 0 }, caps)).toBe(true);
    expect(isEligible(undefined as any, 'category', session, undefined, { surveys: {} })).toBe(false);
  });
});
