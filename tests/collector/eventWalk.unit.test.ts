/**
 * The one-walk check of a valid event against the step-by-step check it replaced: on many fuzzed events (wrong
 * types, missing and extra keys, `__proto__`, NUL characters, strings and lists at and past their caps, deep
 * nesting, times outside the window) both must answer exactly the same, reason for reason and copy for copy.
 */
import { describe, expect, it } from 'vitest';
import { toJSONSchema } from 'zod/v4/core';
import { checkEvent, checkEventStepByStep } from '../../src/collector/checkEvent';
import { compileEventWalk, NOT_SURE } from '../../src/collector/compileEventWalk';
import { timeWindow } from '../../src/collector/timeWindow';
import { eventSchema } from '../../src/contract/eventShapes';
import type { JsonSchema } from '../../src/contract/validation/checkShape';
import { answerEvent } from '../fixtures/events';
import { seedEvents } from '../fixtures/seedEvents';
import { seeded } from '../fixtures/simulate';

type Json = unknown;

/** The collector's clock for every check here: the fixture's answer (2026-11-22) is inside its window. */
const WINDOW = timeWindow(Date.parse('2026-11-23T00:00:00.000Z'));

/** Replaced by `__proto__` in the JSON text, so JSON.parse makes it an own key, as ingest's parser does. */
const PROTO_MARKER = '__cp_proto_marker__';

/** Events as the widget sends them, of every type, with the richest signals it writes. */
function validEvents(): Json[] {
  const rich = {
    ...answerEvent({ id: 'rich-event-0001', type: 'answer' }),
    page: { type: 'comparison', path: '/compare?a=1', query: { utm_source: 'mail', utm_medium: 'x' } },
    question: { id: 'help', type: 'choice', multiple: true, options: ['compare', 'reviews', 'price'], text: 'What would help?', low: 2 },
    answer: { value: ['compare', 'price'], label: 'An easier way to compare', other: 'Sizes' },
    trigger: 'scrollDepth',
    locale: 'en-GB',
    signals: {
      activeMs: 4100,
      maxScrollDepth: 0.62,
      pageIndex: 3,
      journey: ['category', 'comparison'],
      viewport: 'desktop',
      gpc: false,
      tracked: { compare: 2, filter: 1, constructor: 3, '0': 1 },
    },
  };
  const outcome = { ...answerEvent({ id: 'outcome-0001', type: 'outcome' }), outcome: { name: 'purchase', value: 129.5, currency: 'EUR' } };
  const dismiss = { id: 'dismiss-0001', type: 'dismiss', ts: '2024-02-29T23:59:59.5Z', pageViewId: 'p', page: { path: '' }, dismiss: { method: 'escape' } };
  return [answerEvent(), rich, outcome, dismiss, ...seedEvents({ visitors: 40, start: '2026-11-01', days: 20 })];
}

const LENGTHS = [0, 1, 7, 8, 10, 35, 36, 60, 61, 64, 65, 100, 101, 500, 501, 1000, 1001, 2000, 2001, 20_000];
const TIMES = [
  '2019-12-31T23:59:59.999Z',
  '2020-01-01T00:00:00.000Z',
  '2026-11-24T00:00:00.000Z',
  '2026-11-24T00:00:00.001Z',
  '9999-12-31T00:00:00.000Z',
  '2026-02-29T10:00:00.000Z',
  '2024-02-29T10:00:00Z',
  '2026-11-22T10:00:00+01:00',
  '2026-11-22 10:00:00Z',
  '2026-11-22T10:00:00.123456789Z',
  '2026-13-01T00:00:00.000Z',
  'yesterday',
];

function nested(depth: number, leaf: Json, asObject: boolean): Json {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = asObject ? { a: value } : [value];
  return value;
}

function manyKeys(n: number, value: (i: number) => Json): Record<string, Json> {
  return Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, value(i)]));
}

/** A value of any kind, often at or just past a cap of the event's fields. */
function anyValue(random: () => number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const kinds: (() => Json)[] = [
    () => null,
    () => pick([0, -1, 1, 1.5, 0.2, -0, 2 ** 53, 2 ** 53 - 1, -(2 ** 53), 1e308, 5e-324]),
    () => pick([true, false]),
    () => 'x'.repeat(pick(LENGTHS)),
    () => pick(['', 'scale', 'choice', 'answer', 'outcome', 'close', 'mobile', 'desktop', 'purchase']),
    () => pick(TIMES),
    () => [],
    () => Array.from({ length: pick([1, 50, 51, 100, 101, 1000]) }, (_, i) => pick(['a', `opt-${i}`, 'x'.repeat(pick([60, 61, 100, 101]))])),
    () => [1, 'a', null],
    () => ({}),
    () => manyKeys(pick([1, 50, 51, 100, 101, 500]), () => pick([1, 'a', true])),
    () => ({ name: 'purchase', value: pick([1, '1', null]) }),
    () => nested(pick([3, 10, 300]), pick([1, 'a', {}]), random() < 0.5),
  ];
  return pick(kinds)();
}

/** Every place in `value` that holds a value: [container, key]. */
function slots(value: Json, out: [Record<string, Json> | Json[], string | number][] = []): [Record<string, Json> | Json[], string | number][] {
  if (Array.isArray(value)) value.forEach((item, i) => (out.push([value, i]), slots(item, out)));
  else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      out.push([value as Record<string, Json>, key]);
      slots(item, out);
    }
  }
  return out;
}

function objects(value: Json): Record<string, Json>[] {
  const found: Record<string, Json>[] = [];
  const visit = (v: Json) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === 'object') {
      found.push(v as Record<string, Json>);
      Object.values(v).forEach(visit);
    }
  };
  visit(value);
  return found;
}

function withNul(text: string, random: () => number): string {
  const at = Math.floor(random() * (text.length + 1));
  return `${text.slice(0, at)}\u0000${text.slice(at)}`;
}

/** One to three mutations of a deep copy of `event`. */
function mutate(event: Json, random: () => number): Json {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const copy = structuredClone(event) as Record<string, Json>;
  const times = 1 + Math.floor(random() * 3);
  for (let t = 0; t < times; t++) {
    const places = slots(copy);
    const [container, key] = pick(places);
    const op = Math.floor(random() * 9);
    if (op === 0 && !Array.isArray(container)) delete container[key as string];
    else if (op <= 2) (container as Record<string | number, Json>)[key] = anyValue(random);
    else if (op === 3) {
      const target = pick(objects(copy));
      target[pick([PROTO_MARKER, 'extra', 'constructor', 'toString', '', 'a\u0000b', 'x'.repeat(61), 'valueOf'])] = anyValue(random);
    } else if (op === 4) {
      const strings = places.filter(([c, k]) => typeof (c as Record<string | number, Json>)[k] === 'string');
      if (strings.length) {
        const [c, k] = pick(strings);
        (c as Record<string | number, Json>)[k] = withNul((c as Record<string | number, string>)[k]!, random);
      }
    } else if (op === 5) {
      // A NUL in a key of a map or of the event.
      const target = pick(objects(copy));
      const keys = Object.keys(target);
      if (keys.length) {
        const old = pick(keys);
        target[withNul(old, random)] = target[old];
        delete target[old];
      }
    } else if (op === 6) copy.ts = pick(TIMES);
    else if (op === 7) (container as Record<string | number, Json>)[key] = nested(pick([2, 9, 50]), (container as Record<string | number, Json>)[key], random() < 0.5);
    else {
      // A field the event may carry, added with a value of any kind.
      copy[pick(['signals', 'page', 'survey', 'question', 'answer', 'outcome', 'dismiss', 'trigger', 'locale', 'responseId', 'visitorId'])] = anyValue(random);
    }
  }
  return copy;
}

/** As ingest receives it: through JSON text, with `__proto__` as an own key. */
const overTheWire = (value: Json): Json => JSON.parse(JSON.stringify(value).replaceAll(`"${PROTO_MARKER}"`, '"__proto__"'));

function expectSameVerdict(raw: Json, limit: number) {
  const fast = checkEvent(raw, WINDOW, limit);
  const slow = checkEventStepByStep(raw, WINDOW, limit);
  expect(fast).toEqual(slow);
  // The same copy, key order included: the store keeps `JSON.stringify(event)`.
  expect(JSON.stringify(fast)).toBe(JSON.stringify(slow));
  return slow;
}

describe('checkEvent: one walk for a valid event', () => {
  it('vouches for every event the widget sends without falling back to the step-by-step check', () => {
    const walk = compileEventWalk(toJSONSchema(eventSchema, { target: 'draft-2020-12', io: 'input' }) as JsonSchema);
    for (const event of validEvents()) {
      const copy = walk(overTheWire(event));
      expect(copy).not.toBe(NOT_SURE);
      expect(expectSameVerdict(overTheWire(event), 6).ok).toBe(true);
    }
  });

  it('answers exactly what the step-by-step check answers, on thousands of fuzzed events', { timeout: 120_000 }, () => {
    const random = seeded(17);
    const events = validEvents();
    const tally = { accepted: 0, rejected: 0, proto: 0, nul: 0, window: 0, format: 0, stripped: 0 };
    for (let n = 0; n < 4000; n++) {
      const base = events[n % events.length];
      const mutated = mutate(base, random);
      // Most as ingest parses them; some as objects a caller of checkEvent could pass (NaN, undefined, no JSON).
      const raw = n % 10 === 9 ? mutated : overTheWire(mutated);
      const verdict = expectSameVerdict(raw, n % 2 ? 6 : 1);
      if (verdict.ok) {
        tally.accepted++;
        if (JSON.stringify(verdict.event).length < JSON.stringify(raw).length) tally.stripped++;
      } else {
        tally.rejected++;
        if (verdict.reason.includes('this key is not allowed')) tally.proto++;
        if (verdict.reason.includes('NUL')) tally.nul++;
        if (verdict.reason.includes("collector's clock")) tally.window++;
        if (verdict.reason.includes('ISO 8601')) tally.format++;
      }
    }
    // The fuzzing reached every kind of answer, not just one.
    expect(tally.accepted).toBeGreaterThan(200);
    expect(tally.rejected).toBeGreaterThan(2000);
    for (const kind of ['proto', 'nul', 'window', 'format', 'stripped'] as const) expect(tally[kind], kind).toBeGreaterThan(20);
  });

  it('answers the same for values that are not events at all', () => {
    for (const raw of [null, undefined, 0, 'event', true, [], [answerEvent()], {}, Object.create(null), JSON.parse('{"__proto__":{"id":"x"}}'), NaN]) {
      expectSameVerdict(raw, 6);
    }
    const bare = Object.assign(Object.create(null), answerEvent());
    expectSameVerdict(bare, 6);
  });

  it('refuses at start-up to compile a schema keyword it does not check', () => {
    expect(() => compileEventWalk({ type: 'string', pattern: 'x', format: 'email' } as JsonSchema)).toThrow(/format "email"/);
    expect(() => compileEventWalk({ type: 'object', properties: {}, uniqueItems: true } as JsonSchema)).toThrow(/uniqueItems/);
  });
});
