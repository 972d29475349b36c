import { describe, expect, it } from 'vitest';
import { checkShape, type JsonSchema } from '../../src/contract/validation/checkShape';
import { eventSchema, MAX_QUERY_KEYS, MAX_SIGNAL_KEYS, MAX_SIGNAL_MAP_KEYS } from '../../src/contract/eventShapes';
import { jsonSchemas } from '../../src/contract/generate/jsonSchemas';

describe('event size caps', () => {
  const event = (extra: object) => ({ id: 'event-0001', type: 'answer', ts: '2026-11-22T10:00:00.000Z', pageViewId: 'p', page: { path: '/' }, ...extra });
  const map = (n: number, value: unknown) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value]));

  it('zod and the generated JSON Schema agree on the caps of signals, maps inside them and page.query', () => {
    const events = jsonSchemas().events as { properties: { events: { items: JsonSchema } } };
    const schema = events.properties.events.items;
    const cases = [
      [event({ signals: map(MAX_SIGNAL_KEYS, 1) }), true],
      [event({ signals: map(MAX_SIGNAL_KEYS + 1, 1) }), false],
      [event({ signals: { tracked: map(MAX_SIGNAL_MAP_KEYS, 1) } }), true],
      [event({ signals: { tracked: map(MAX_SIGNAL_MAP_KEYS + 1, 1) } }), false],
      [event({ page: { path: '/', query: map(MAX_QUERY_KEYS, 'x') } }), true],
      [event({ page: { path: '/', query: map(MAX_QUERY_KEYS + 1, 'x') } }), false],
    ] as const;
    for (const [value, valid] of cases) {
      expect(eventSchema.safeParse(value).success).toBe(valid);
      expect(checkShape(schema, value).length === 0).toBe(valid);
    }
  });
});
