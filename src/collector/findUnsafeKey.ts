/**
 * `__proto__` as a key of an event. JSON allows it, and ingest parses it as an ordinary key (so the rest of the
 * batch survives), but copying such an object by assignment would set a prototype instead of a key: zod would
 * quietly drop a count, or hang a foreign object under a map. The event is refused, with the key's path.
 */
import { formatPath } from '../contract/validation/validateConfig';

const UNSAFE_KEY = '__proto__';

/**
 * No valid event nests deeper than this (`signals.tracked.name` is 3); deeper values are left to the shape check,
 * which refuses them, so a hostile body nested 100,000 levels cannot exhaust the stack here.
 */
const MAX_DEPTH = 8;

/**
 * The reason an event is refused for a `__proto__` key, or undefined when it has none.
 *
 * ```ts
 * findUnsafeKey(JSON.parse('{"signals":{"tracked":{"__proto__":1}}}')); // 'signals.tracked.__proto__: this key is not allowed'
 * ```
 */
export function findUnsafeKey(value: unknown): string | undefined {
  const path = unsafePath(value, 0);
  return path && `${formatPath(path)}: this key is not allowed`;
}

/** The path to a `__proto__` key, built only once one is found: most events have none. */
function unsafePath(value: unknown, depth: number): (string | number)[] | undefined {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unsafePath(value[i], depth + 1);
      if (found) return [i, ...found];
    }
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (key === UNSAFE_KEY) return [key];
    const found = unsafePath((value as Record<string, unknown>)[key], depth + 1);
    if (found) return [key, ...found];
  }
  return undefined;
}
