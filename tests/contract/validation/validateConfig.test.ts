import { describe, expect, test } from 'vitest';
import demo from '../../../demo/surveys.json';
import { validateConfig } from '../../../src/contract/validation/validateConfig';
import { formatIssue } from '../../../src/contract/validation/issue';

const clone = (): any => structuredClone(demo);
const problems = (doc: unknown) => {
  const result = validateConfig(doc);
  return result.success ? [] : result.issues.map(formatIssue);
};

describe('validateConfig', () => {
  test('accepts the demo document', () => {
    expect(problems(demo)).toEqual([]);
  });

  test('names the path of a wrong type', () => {
    const doc = clone();
    doc.surveys[0].trigger.any[1].activeSeconds = 'twenty';
    expect(problems(doc)).toEqual(['surveys[0].trigger.any[1].activeSeconds: expected number, got string']);
  });

  test('rejects unknown keys, so typos never pass silently', () => {
    const doc = clone();
    doc.surveys[0].trigerr = {};
    expect(problems(doc)).toEqual(['surveys[0].trigerr: unknown key "trigerr" (check the spelling)']);
  });

  test('a `when` pointing at an unknown question', () => {
    const doc = clone();
    doc.surveys[0].questions[1].when.question = 'confidnce';
    expect(problems(doc)).toEqual(['surveys[0].questions[1].when.question: unknown question "confidnce" (earlier questions: confidence)']);
  });

  test('a `when` pointing at a later question', () => {
    const doc = clone();
    doc.surveys[0].questions[0].when = { question: 'blocker', eq: 'price' };
    expect(problems(doc)).toEqual(['surveys[0].questions[0].when.question: question "blocker" comes later; "when" can only look back']);
  });

  test('a survey targeting an undefined page type', () => {
    const doc = clone();
    doc.surveys[0].pages.push('serach');
    expect(problems(doc)).toEqual(['surveys[0].pages[2]: unknown page type "serach" (page types defined: category, comparison, product, checkout)']);
  });

  test('min >= max and sample outside 0-1', () => {
    const doc = clone();
    doc.surveys[0].questions[0].min = 5;
    doc.surveys[0].sample = 1.5;
    expect(problems(doc)).toEqual(['surveys[0].sample: must be at most 1']);
    doc.surveys[0].sample = 0.5;
    expect(problems(doc)).toEqual(['surveys[0].questions[0].max: must be greater than min (5)']);
  });

  test('an unknown question type', () => {
    const doc = clone();
    doc.surveys[0].questions[0].type = 'slider';
    expect(problems(doc)).toEqual(['surveys[0].questions[0].type: unknown "type" (expected scale, choice, text or binary)']);
  });

  test('two conditions in one trigger object', () => {
    const doc = clone();
    doc.surveys[0].trigger = { scrollDepth: 0.5, activeSeconds: 5 };
    expect(problems(doc)).toEqual(['surveys[0].trigger: one condition per trigger, found scrollDepth, activeSeconds (combine conditions with "any" or "all")']);
  });

  test('not an object at all', () => {
    expect(problems('nope')).toEqual(['(document): expected object, got string']);
    expect(problems({ version: 1, pages: {} })).toEqual(['surveys: required (array)']);
  });
});
