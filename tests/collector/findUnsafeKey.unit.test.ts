import { describe, expect, it } from 'vitest';
import { findUnsafeKey } from '../../src/collector/findUnsafeKey';

describe('findUnsafeKey', () => {
  it('finds __proto__ at any depth of an event and names its path', () => {
    expect(findUnsafeKey(JSON.parse('{"signals":{"tracked":{"__proto__":1}}}'))).toBe('signals.tracked.__proto__: this key is not allowed');
    expect(findUnsafeKey(JSON.parse('{"a":[{"b":1},{"__proto__":{}}]}'))).toBe('a[1].__proto__: this key is not allowed');
    expect(findUnsafeKey({ signals: { tracked: { constructor: 1, prototype: 2 } } })).toBeUndefined();
  });

  it('does not overflow the stack on a body nested 100,000 levels deep', () => {
    const deep = JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(findUnsafeKey(deep)).toBeUndefined();
  });
});
