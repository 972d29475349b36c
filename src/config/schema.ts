/**
 * The survey document (SPEC §3): one zod/mini source of truth for its shape.
 *
 * The browser, the CLI, the collector and the generated `dist/survey.schema.json`
 * all come from these values. Cross-field rules (a `when` pointing at a later
 * question, duplicate ids, …) live in `checkDocument.ts`, because JSON Schema
 * cannot express them and zod refinements would hide them from the generated schema.
 *
 * Objects are strict: a typo such as `"trigerr"` is an error, never silently ignored.
 */
import * as z from 'zod/mini';

const id = z.string().check(z.minLength(1), z.maxLength(100));

/** Text shown to people: a plain string, or a map from language tag to text. */
export const localizedTextSchema = z.union([
  z.string().check(z.minLength(1)),
  z.record(z.string().check(z.minLength(2)), z.string()),
]);

/** How a page is classified: URL path globs (`*`, `**`) and/or regular expressions. */
export const pageRuleSchema = z.strictObject({
  match: z.optional(z.array(z.string().check(z.minLength(1)))),
  regex: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** How an outcome is detected without code: URL rules (on page load) or a CSS selector (on click). */
export const outcomeRuleSchema = z.strictObject({
  match: z.optional(z.array(z.string().check(z.minLength(1)))),
  regex: z.optional(z.array(z.string().check(z.minLength(1)))),
  selector: z.optional(z.string().check(z.minLength(1))),
});

/** One trigger condition, or `any`/`all` of nested triggers. Exactly one key per object (checked in checkDocument). */
export interface Trigger {
  activeSeconds?: number | undefined;
  scrollDepth?: number | undefined;
  exitIntent?: boolean | undefined;
  idleSeconds?: number | undefined;
  event?: string | undefined;
  count?: number | undefined;
  visible?: string | undefined;
  pageIndex?: number | undefined;
  any?: Trigger[] | undefined;
  all?: Trigger[] | undefined;
}

export const triggerSchema: z.ZodMiniType<Trigger> = z.strictObject({
  activeSeconds: z.optional(z.number().check(z.gte(0))),
  scrollDepth: z.optional(z.number().check(z.gte(0), z.lte(1))),
  exitIntent: z.optional(z.boolean()),
  idleSeconds: z.optional(z.number().check(z.gt(0))),
  event: z.optional(id),
  count: z.optional(z.int().check(z.gte(1))),
  visible: z.optional(z.string().check(z.minLength(1))),
  pageIndex: z.optional(z.int().check(z.gte(1))),
  get any() {
    return z.optional(z.array(triggerSchema).check(z.minLength(1)));
  },
  get all() {
    return z.optional(z.array(triggerSchema).check(z.minLength(1)));
  },
});

const answerValue = z.union([z.string(), z.number(), z.boolean()]);

/** Show a question only when an earlier answer matches. */
export const whenSchema = z.strictObject({
  question: id,
  eq: z.optional(answerValue),
  in: z.optional(z.array(answerValue).check(z.minLength(1))),
  lte: z.optional(z.number()),
  gte: z.optional(z.number()),
});

const questionBase = {
  id,
  text: localizedTextSchema,
  when: z.optional(whenSchema),
  /** When false, the respondent may skip the question. Defaults to true. */
  required: z.optional(z.boolean()),
};

export const scaleQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('scale'),
  min: z.int(),
  max: z.int(),
  labels: z.optional(
    z.strictObject({
      min: z.optional(localizedTextSchema),
      max: z.optional(localizedTextSchema),
      /** A label for every point, keyed by the point's value. */
      points: z.optional(z.record(z.string(), localizedTextSchema)),
    }),
  ),
  /** `numbers` (default) or the 0–10 `nps` layout. */
  layout: z.optional(z.enum(['numbers', 'nps'])),
  /** `asc` shows min first (default); `desc` shows max first. */
  direction: z.optional(z.enum(['asc', 'desc'])),
});

export const choiceOptionSchema = z.strictObject({ id, text: localizedTextSchema });

export const choiceQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('choice'),
  multiple: z.optional(z.boolean()),
  options: z.array(choiceOptionSchema).check(z.minLength(1)),
  other: z.optional(
    z.strictObject({
      maxLength: z.int().check(z.gte(1), z.lte(2000)),
      text: z.optional(localizedTextSchema),
    }),
  ),
  shuffle: z.optional(z.boolean()),
});

export const textQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('text'),
  maxLength: z.int().check(z.gte(1), z.lte(2000)),
  placeholder: z.optional(localizedTextSchema),
});

export const binaryQuestionSchema = z.strictObject({
  ...questionBase,
  type: z.literal('binary'),
  labels: z.optional(z.strictObject({ yes: localizedTextSchema, no: localizedTextSchema })),
});

export const questionSchema = z.discriminatedUnion('type', [
  scaleQuestionSchema,
  choiceQuestionSchema,
  textQuestionSchema,
  binaryQuestionSchema,
]);

export const frequencySchema = z.strictObject({
  /** Surveys shown per session, across all surveys (default 1). */
  maxPerSession: z.optional(z.int().check(z.gte(1))),
  /** Show again to the same visitor after this many days; without it, once per visitor. */
  cooldownDays: z.optional(z.number().check(z.gt(0))),
  /** After a dismissal, wait this many days before showing this survey again. */
  afterDismissDays: z.optional(z.number().check(z.gte(0))),
});

export const variantSchema = z.strictObject({
  id,
  weight: z.number().check(z.gte(0)),
  /** Text overrides by question id. */
  text: z.optional(z.record(z.string(), localizedTextSchema)),
});

export const surveySchema = z.strictObject({
  id,
  version: z.int().check(z.gte(1)),
  pages: z.array(id).check(z.minLength(1)),
  trigger: triggerSchema,
  /** Share of visitors who may see the survey, 0–1 (default 1). Sticky per visitor. */
  sample: z.optional(z.number().check(z.gte(0), z.lte(1))),
  frequency: z.optional(frequencySchema),
  questions: z.array(questionSchema).check(z.minLength(1)),
  variants: z.optional(z.array(variantSchema).check(z.minLength(1))),
  /** The thank-you shown at the end. */
  thanks: z.optional(localizedTextSchema),
  position: z.optional(z.enum(['corner', 'bar', 'inline'])),
});

export const documentSchema = z.strictObject({
  $schema: z.optional(z.string()),
  version: z.literal(1),
  pages: z.record(id, pageRuleSchema),
  outcomes: z.optional(z.record(id, outcomeRuleSchema)),
  surveys: z.array(surveySchema),
  /** Queue a `pageview` event with final signals when each page is hidden. */
  recordPageViews: z.optional(z.boolean()),
  /** `"required"`: store and send nothing, create no ids and show no survey until the page calls `consent(true)`. */
  consent: z.optional(z.literal('required')),
  /** Rules across all surveys. */
  frequency: z.optional(
    z.strictObject({
      maxPerSession: z.optional(z.int().check(z.gte(1))),
      /** Minimum minutes between any two surveys shown to a visitor. */
      minGapMinutes: z.optional(z.number().check(z.gte(0))),
    }),
  ),
});

/** A survey document, as researchers write it. */
export type SurveyDocument = z.infer<typeof documentSchema>;
/** One survey of the document: where and when it shows, and its questions. */
export type Survey = z.infer<typeof surveySchema>;
/** One question: `scale`, `choice`, `text` or `binary`. */
export type Question = z.infer<typeof questionSchema>;
export type ScaleQuestion = z.infer<typeof scaleQuestionSchema>;
export type ChoiceQuestion = z.infer<typeof choiceQuestionSchema>;
export type TextQuestion = z.infer<typeof textQuestionSchema>;
export type BinaryQuestion = z.infer<typeof binaryQuestionSchema>;
/** A text as a string, or as a map by language (`{ "en": "…", "de": "…" }`). */
export type LocalizedText = z.infer<typeof localizedTextSchema>;
export type When = z.infer<typeof whenSchema>;
export type PageRule = z.infer<typeof pageRuleSchema>;
export type OutcomeRule = z.infer<typeof outcomeRuleSchema>;
