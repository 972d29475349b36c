import { describe, expect, it } from 'vitest';
import { matchesWhen, nextQuestion } from '../../../../src/widget/display/ui/nextQuestion';

describe('matchesWhen', () => {
  it('eq compares exactly, and means "contains" for an array answer', () => {
    expect(matchesWhen({ question: 'q', eq: 3 }, 3)).toBe(true);
    expect(matchesWhen({ question: 'q', eq: 3 }, '3')).toBe(false);
    expect(matchesWhen({ question: 'q', eq: false }, false)).toBe(true);
    expect(matchesWhen({ question: 'q', eq: true }, false)).toBe(false);
    expect(matchesWhen({ question: 'q', eq: 'price' }, ['reviews', 'price'])).toBe(true);
    expect(matchesWhen({ question: 'q', eq: 'price' }, ['reviews'])).toBe(false);
  });

  it('in checks membership, and any overlap for an array answer', () => {
    expect(matchesWhen({ question: 'q', in: ['a', 'b'] }, 'b')).toBe(true);
    expect(matchesWhen({ question: 'q', in: ['a', 'b'] }, 'c')).toBe(false);
    expect(matchesWhen({ question: 'q', in: ['a', 'b'] }, ['c', 'a'])).toBe(true);
    expect(matchesWhen({ question: 'q', in: ['a', 'b'] }, ['c', 'd'])).toBe(false);
    expect(matchesWhen({ question: 'q', in: [] }, 'a')).toBe(false);
  });

  it('lte and gte are inclusive and only match numbers', () => {
    expect(matchesWhen({ question: 'q', lte: 3 }, 3)).toBe(true);
    expect(matchesWhen({ question: 'q', lte: 3 }, 4)).toBe(false);
    expect(matchesWhen({ question: 'q', gte: 9 }, 9)).toBe(true);
    expect(matchesWhen({ question: 'q', gte: 9 }, 8)).toBe(false);
    expect(matchesWhen({ question: 'q', lte: 3 }, '2')).toBe(false);
    expect(matchesWhen({ question: 'q', gte: 0 }, true)).toBe(false);
  });

  it('needs every operator given to hold', () => {
    expect(matchesWhen({ question: 'q', gte: 2, lte: 4 }, 3)).toBe(true);
    expect(matchesWhen({ question: 'q', gte: 2, lte: 4 }, 5)).toBe(false);
    expect(matchesWhen({ question: 'q', gte: 2, lte: 4 }, 1)).toBe(false);
  });

  it('never matches an unanswered question', () => {
    expect(matchesWhen({ question: 'q', lte: 3 }, undefined)).toBe(false);
    expect(matchesWhen({ question: 'q' }, undefined)).toBe(false);
    expect(matchesWhen({ question: 'q' }, 'anything')).toBe(true);
  });
});

describe('nextQuestion', () => {
  const questions = [
    {},
    { when: { question: 'a', lte: 3 } },
    { when: { question: 'b', eq: 'x' } },
    {},
  ];

  it('starts at the first applicable question with -1', () => {
    expect(nextQuestion(questions, {}, -1)).toBe(0);
    expect(nextQuestion([{ when: { question: 'a', eq: 1 } }, {}], {}, -1)).toBe(1);
  });

  it('takes a follow-up whose rule matches', () => {
    expect(nextQuestion(questions, { a: 2 }, 0)).toBe(1);
    expect(nextQuestion(questions, { a: 2, b: 'x' }, 1)).toBe(2);
  });

  it('skips questions whose rule does not match, or refers to a skipped answer', () => {
    expect(nextQuestion(questions, { a: 5 }, 0)).toBe(3);
    expect(nextQuestion(questions, {}, 0)).toBe(3);
  });

  it('returns -1 when none is left', () => {
    expect(nextQuestion(questions, { a: 5 }, 3)).toBe(-1);
    expect(nextQuestion([], {}, -1)).toBe(-1);
    expect(nextQuestion([{ when: { question: 'a', eq: 1 } }], { a: 2 }, -1)).toBe(-1);
  });
});
