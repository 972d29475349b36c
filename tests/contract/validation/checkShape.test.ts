import { describe, expect, it } from 'vitest';
import { checkShape, type JsonSchema } from '../../../src/contract/validation/checkShape';

const numbers: JsonSchema = { type: 'object', additionalProperties: { type: 'number' } };

describe('checkShape on hostile input', () => {
  it('stops at the limit instead of describing every problem', () => {
    const many = Object.fromEntries(Array.from({ length: 40_000 }, (_, i) => [`k${i}`, 'x']));
    expect(checkShape(numbers, many)).toHaveLength(40_000);
    expect(checkShape(numbers, many, 6)).toEqual(Array.from({ length: 6 }, (_, i) => ({ path: `k${i}`, message: 'expected number, got string' })));
  });

  it('reads maxProperties and maxItems before walking, and reports them once', () => {
    const capped: JsonSchema = { ...numbers, maxProperties: 3 };
    const big = Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`k${i}`, 'not a number']));
    expect(checkShape(capped, big)).toEqual([{ path: '', message: 'must have at most 3 keys' }]);
    const list: JsonSchema = { type: 'array', maxItems: 2, items: { type: 'string' } };
    expect(checkShape(list, [1, 2, 3])).toEqual([{ path: '', message: 'must have at most 2 items' }]);
    expect(checkShape(list, ['a', 2])).toEqual([{ path: '[1]', message: 'expected string, got number' }]);
  });
});
