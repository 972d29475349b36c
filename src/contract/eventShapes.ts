/**
 * The wire format: one zod/mini source of truth for events and batches.
 *
 * The collector validates every event with `eventSchema`, the CLI and tests use it,
 * and `dist/events.schema.json` is generated from it for other backends.
 * The browser never ships this file: it builds events from typed code.
 */
import * as z from 'zod/mini';

const shortId = z.string().check(z.minLength(1), z.maxLength(100));
const isoTime = z.iso.datetime();

/** Keys of `signals`: the widget sends about 20, so 100 leaves room for new signals and caps what one event costs to check. */
export const MAX_SIGNAL_KEYS = 100;
/** Keys of a map inside `signals` (`tracked`): the widget keeps 50 `track` names per page view. */
export const MAX_SIGNAL_MAP_KEYS = 50;
/** Keys of `page.query`: the parameters kept by the `queryParams` allowlist. */
export const MAX_QUERY_KEYS = 50;

/**
 * At most `max` keys in a map. zod checks a map's size only after every value, so the collector runs the
 * JSON Schema check (which reads `maxProperties` first) before zod: a map of 40,000 keys is refused at once.
 */
const maxKeys = (max: number) => [
  z.refine<object>((map) => Object.keys(map).length <= max, `must have at most ${max} keys`),
  z.meta({ maxProperties: max }),
];

/** Event types, in the order a survey produces them. */
export const EVENT_TYPES = ['impression', 'answer', 'complete', 'dismiss', 'outcome', 'pageview'] as const;
/** An event's `type`: `impression`, `answer`, `complete`, `dismiss`, `outcome` or `pageview`. */
export type EventType = (typeof EVENT_TYPES)[number];

/**
 * Behavioural signals of the page view at the moment of the event.
 * Numbers, short enums and page-type lists only: never text, coordinates or URLs.
 */
export const signalsSchema = z.record(
  z.string().check(z.maxLength(60)),
  z.union([
    z.number(),
    z.boolean(),
    z.string().check(z.maxLength(60)),
    z.array(z.string().check(z.maxLength(60))).check(z.maxLength(50)),
    z.record(z.string().check(z.maxLength(60)), z.number()).check(...maxKeys(MAX_SIGNAL_MAP_KEYS)),
  ]),
).check(...maxKeys(MAX_SIGNAL_KEYS));

export const eventSchema = z.object({
  /** Created once per event, never changed across retries: the idempotency key. */
  id: z.string().check(z.minLength(8), z.maxLength(64)),
  type: z.enum(EVENT_TYPES),
  ts: isoTime,
  visitorId: z.optional(shortId),
  sessionId: z.optional(shortId),
  pageViewId: shortId,
  /** Groups the events of one survey display (impression, answers, complete/dismiss). */
  responseId: z.optional(shortId),
  page: z.object({
    type: z.optional(z.string().check(z.maxLength(100))),
    path: z.string().check(z.maxLength(2000)),
    /** Query parameters kept by the page's `queryParams` allowlist (e.g. `utm_*`); every other one is stripped in the browser. */
    query: z.optional(z.record(z.string().check(z.maxLength(100)), z.string().check(z.maxLength(500))).check(...maxKeys(MAX_QUERY_KEYS))),
  }),
  survey: z.optional(
    z.object({
      id: shortId,
      version: z.int(),
      variant: z.optional(shortId),
      sampleRate: z.number().check(z.gte(0), z.lte(1)),
    }),
  ),
  /** The question as it was shown, so an export can be read without the config. */
  question: z.optional(
    z.object({
      id: shortId,
      type: z.enum(['scale', 'choice', 'text', 'binary']),
      min: z.optional(z.number()),
      max: z.optional(z.number()),
      /** The highest point counted as low confidence, as the survey document set it. */
      low: z.optional(z.number()),
      multiple: z.optional(z.boolean()),
      options: z.optional(z.array(shortId).check(z.maxLength(100))),
      text: z.optional(z.string().check(z.maxLength(1000))),
    }),
  ),
  answer: z.optional(
    z.object({
      value: z.union([
        z.number(),
        z.boolean(),
        z.string().check(z.maxLength(2000)),
        z.array(z.string().check(z.maxLength(100))).check(z.maxLength(100)),
      ]),
      label: z.optional(z.string().check(z.maxLength(1000))),
      other: z.optional(z.string().check(z.maxLength(2000))),
    }),
  ),
  /** What fired the survey, e.g. `scrollDepth`, `activeSeconds`, `show`. */
  trigger: z.optional(z.string().check(z.maxLength(60))),
  /** How a dismissal happened: `close`, `escape`, `navigation`. */
  dismiss: z.optional(z.object({ method: z.enum(['close', 'escape', 'navigation']) })),
  outcome: z.optional(
    z.object({
      name: shortId,
      value: z.optional(z.number()),
      currency: z.optional(z.string().check(z.maxLength(10))),
    }),
  ),
  locale: z.optional(z.string().check(z.maxLength(35))),
  signals: z.optional(signalsSchema),
});

/** A batch as POSTed to the endpoint. Events are checked one by one so each gets its own result. */
export const batchSchema = z.object({
  v: z.literal(1),
  sentAt: isoTime,
  events: z.array(z.unknown()).check(z.maxLength(1000)),
});

/** One event as stored in the queue, passed to `beforeSend` and `on()` listeners, and POSTed in a batch. */
export type PulseEvent = z.infer<typeof eventSchema>;
/** The body of one POST to the endpoint: format version, the client's send time, and the events. */
export type Batch = { v: 1; sentAt: string; events: PulseEvent[] };
