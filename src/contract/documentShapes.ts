/**
 * The survey document: one zod/mini source of truth for its shape.
 *
 * The browser, the CLI, the collector, the generated `dist/survey.schema.json` and the
 * document reference of docs/surveys.md all come from these values: each field's `describe` text is
 * what editors show on hover and what that reference lists, and `meta({ default })` is its default.
 * Cross-field rules (a `when` pointing at a later question, duplicate ids, …) live in
 * `checkDocument.ts`, because JSON Schema cannot express them and zod refinements would hide
 * them from the generated schema.
 *
 * Objects are strict: a typo such as `"trigerr"` is an error, never silently ignored.
 */
import * as z from 'zod/mini';

/** A field's description, and its default when it has one (both end up in the JSON Schema and docs/surveys.md). */
const about = (description: string, fallback?: unknown) =>
  z.meta(fallback === undefined ? { description } : { description, default: fallback });

const id = z.string().check(z.minLength(1), z.maxLength(100));

/**
 * Text shown to people: a plain string, or a map from language tag to text. At most 1,000
 * characters, the longest text an event may carry.
 */
export const localizedTextSchema = z
  .union([
    z.string().check(z.minLength(1), z.maxLength(1000)),
    z.record(z.string().check(z.minLength(2)), z.string().check(z.minLength(1), z.maxLength(1000))),
  ])
  .check(z.meta({ id: 'text', description: 'A string, or a map from language tag to string: { "en": "…", "ar": "…" }.' }));

/**
 * A required text field with its own description. `id: undefined` keeps the field a reference to the shared
 * `text` definition: a check clones the schema, and the clone would otherwise claim the same `id`.
 */
const textField = (description: string) => localizedTextSchema.check(z.meta({ id: undefined, description }));

const urlRules = {
  match: z.optional(z.array(z.string().check(z.minLength(1)))).check(
    about('URL path globs: `*` within a segment, `**` across segments, `?` one character. Start with "/"; the query string is never matched.'),
  ),
  regex: z.optional(z.array(z.string().check(z.minLength(1)))).check(about('Regular expressions tested against the URL path.')),
};

/** How a page is classified: URL path globs (`*`, `**`) and/or regular expressions. */
export const pageRuleSchema = z
  .strictObject(urlRules)
  .check(z.meta({ id: 'pageRule', description: 'Classifies pages by URL. With neither rule, the type is set only by `data-cp-page`.' }));

/** How an outcome is detected without code: URL rules (on page load) or a CSS selector (on click). */
export const outcomeRuleSchema = z.strictObject({
  ...urlRules,
  selector: z.optional(z.string().check(z.minLength(1))).check(about('A click on an element matching this CSS selector records the outcome.')),
}).check(z.meta({ id: 'outcomeRule', description: 'Records an outcome on a page view whose URL matches, or on a click on a matching element.' }));

/** One trigger condition, or `any`/`all` of nested triggers. Exactly one key per object (checked in checkDocument). */
export interface Trigger {
  activeSeconds?: number | undefined;
  scrollDepth?: number | undefined;
  exitIntent?: true | undefined;
  idleSeconds?: number | undefined;
  event?: string | undefined;
  count?: number | undefined;
  visible?: string | undefined;
  pageIndex?: number | undefined;
  any?: Trigger[] | undefined;
  all?: Trigger[] | undefined;
}

export const triggerSchema: z.ZodMiniType<Trigger> = z.strictObject({
  activeSeconds: z.optional(z.number().check(z.gte(0))).check(about('Seconds the page was visible and in use (not idle).')),
  scrollDepth: z.optional(z.number().check(z.gte(0), z.lte(1))).check(about('Share of the page scrolled, 0–1.')),
  exitIntent: z.optional(z.literal(true)).check(about('The pointer leaves through the top of the window (desktop only).')),
  idleSeconds: z.optional(z.number().check(z.gt(0))).check(about('Seconds without input while the page is visible (hesitation).')),
  event: z.optional(id).check(about('A behaviour counted by `track(name)`; the markup hooks count `productsCompared` and `filterChanges`.')),
  count: z.optional(z.int().check(z.gte(1))).check(about('With `event`: how many times it must have happened.', 1)),
  visible: z.optional(z.string().check(z.minLength(1))).check(about('A CSS selector: fires once a matching element is at least half in view.')),
  pageIndex: z.optional(z.int().check(z.gte(1))).check(about('Fires on the nth page view of the session (1 = the first) and later.')),
  get any() {
    return z.optional(z.array(triggerSchema).check(z.minLength(1))).check(about('Fires when any of these triggers fires.'));
  },
  get all() {
    return z.optional(z.array(triggerSchema).check(z.minLength(1))).check(about('Fires when all of these triggers hold.'));
  },
});
// Registered, not `.check(meta)`: a check clones the object, which would read the recursive getters too early.
z.globalRegistry.add(triggerSchema, {
  id: 'trigger',
  description: 'When a survey shows: exactly one condition per object; combine them with `any` or `all`.',
});

const answerValue = z.union([z.string(), z.number(), z.boolean()]);

/** Show a question only when an earlier answer matches. */
export const whenSchema = z
  .strictObject({
    question: id.check(about('The id of an earlier question.')),
    eq: z.optional(answerValue).check(about('The answer equals this: a point, an option id (contained in a multiple choice), or true/false.')),
    in: z.optional(z.array(answerValue).check(z.minLength(1))).check(about('The answer is one of these (any overlap for a multiple choice).')),
    lte: z.optional(z.number()).check(about('A scale answer at most this.')),
    gte: z.optional(z.number()).check(about('A scale answer at least this.')),
  })
  .check(z.meta({ id: 'when', description: 'Shows the question only when an earlier answer matches every operator given; a skipped question never matches.' }));

const questionBase = {
  id: id.check(about('Unique within the survey; recorded with each answer.')),
  text: textField('The question, as shown and recorded with each answer.'),
  when: z.optional(whenSchema),
  required: z.optional(z.boolean()).check(about('When false, the respondent may skip the question.', true)),
};

export const scaleQuestionSchema = z
  .strictObject({
    ...questionBase,
    type: z.literal('scale'),
    min: z.int().check(about('The lowest point, e.g. 1 (or 0 for NPS).')),
    max: z.int().check(about('The highest point, greater than `min`; at most 11 points in all.')),
    low: z
      .optional(z.int())
      .check(about('The highest point the report counts as low confidence, from `min` to below `max`; recorded with each answer.', '`min` + 1, the bottom two points')),
    labels: z.optional(
      z.strictObject({
        min: z.optional(localizedTextSchema).check(about('Label of the lowest point, shown under it.')),
        max: z.optional(localizedTextSchema).check(about('Label of the highest point, shown under it.')),
        points: z.optional(z.record(z.string(), localizedTextSchema)).check(about('A label on individual points, keyed by the point: { "4": "Neutral" }.')),
      }),
    ).check(about('Labels of the points; each answer records the label of its point.')),
    layout: z.optional(z.enum(['numbers', 'nps'])).check(about('`numbers`, or `nps`: the 0–10 Net Promoter layout (needs min 0, max 10).', 'numbers')),
    direction: z.optional(z.enum(['asc', 'desc'])).check(about('`asc` shows `min` first; `desc` shows `max` first.', 'asc')),
  })
  .check(z.meta({ id: 'scaleQuestion', description: 'A rating on a range of whole numbers, answered with one click.' }));

export const choiceOptionSchema = z.strictObject({
  id: id.check(about('Recorded as the answer; unique within the question. "other" is reserved.')),
  text: textField('The option\'s label, recorded with each answer that picks it.'),
});

export const choiceQuestionSchema = z
  .strictObject({
    ...questionBase,
    type: z.literal('choice'),
    multiple: z.optional(z.boolean()).check(about('Checkboxes (several answers) instead of radios (one).', false)),
    options: z.array(choiceOptionSchema).check(z.minLength(1), about('The options, in display order unless `shuffle`.')),
    other: z.optional(
      z.strictObject({
        maxLength: z.int().check(z.gte(1), z.lte(2000), about('The longest text accepted, in characters (at most 2,000).')),
        text: z.optional(localizedTextSchema).check(about('Label of the option; default: "Other" in the survey\'s language.')),
      }),
    ).check(about('Adds an "Other" option (answer id `other`) with a free-text field.')),
    shuffle: z.optional(z.boolean()).check(about('Shuffles the options per respondent (a stable order for each visitor).', false)),
  })
  .check(z.meta({ id: 'choiceQuestion', description: 'One option (radios) or several (checkboxes).' }));

export const textQuestionSchema = z
  .strictObject({
    ...questionBase,
    type: z.literal('text'),
    maxLength: z.int().check(z.gte(1), z.lte(2000), about('The longest answer accepted, in characters (at most 2,000).')),
    placeholder: z.optional(localizedTextSchema).check(about('Hint shown in the empty field.')),
  })
  .check(z.meta({ id: 'textQuestion', description: 'A short free-text answer.' }));

export const binaryQuestionSchema = z
  .strictObject({
    ...questionBase,
    type: z.literal('binary'),
    labels: z.optional(
      z.strictObject({
        yes: textField('Label of the `true` button.'),
        no: textField('Label of the `false` button.'),
      }),
    ).check(about('Button labels: `yes` for the `true` answer, `no` for `false`; default ✓ and ✗. Each answer records the label shown.')),
  })
  .check(z.meta({ id: 'binaryQuestion', description: 'Yes or no, answered with one click (`true` or `false`).' }));

export const questionSchema = z.discriminatedUnion('type', [
  scaleQuestionSchema,
  choiceQuestionSchema,
  textQuestionSchema,
  binaryQuestionSchema,
]);

export const frequencySchema = z
  .strictObject({
    maxPerSession: z.optional(z.int().check(z.gte(1))).check(about('Surveys shown per session, counted across all surveys.', 1)),
    cooldownDays: z.optional(z.number().check(z.gt(0))).check(about('Show this survey again to a visitor after this many days; without it, once per visitor.')),
    afterDismissDays: z.optional(z.number().check(z.gte(0))).check(about('After a dismissal, wait this many days before showing this survey again.')),
  })
  .check(about('How often a visitor may see this survey.'));

export const variantSchema = z
  .strictObject({
    id: id.check(about('Recorded on every event of the survey as `survey.variant`.')),
    weight: z.number().check(z.gte(0), about('Relative share of visitors; weights need not sum to 1, but not to 0.')),
    text: z.optional(z.record(z.string(), localizedTextSchema)).check(about('Question texts replaced in this variant, by question id.')),
  })
  .check(z.meta({ id: 'variant', description: 'A wording experiment: each visitor gets one variant, sticky, by weight.' }));

export const surveySchema = z
  .strictObject({
    id: id.check(about('Unique in the document; recorded on every event.')),
    version: z.int().check(z.gte(1), about('Raise it when the wording changes, so answers to each wording stay apart.')),
    pages: z.array(id).check(z.minLength(1), about('Page types (keys of `pages`) the survey may show on.')),
    trigger: triggerSchema,
    sample: z.optional(z.number().check(z.gte(0), z.lte(1))).check(about('Share of visitors who may see the survey, 0–1, sticky per visitor; recorded as `sampleRate`.', 1)),
    frequency: z.optional(frequencySchema),
    questions: z.array(questionSchema).check(z.minLength(1), about('Asked in order; `when` skips a question.')),
    variants: z.optional(z.array(variantSchema).check(z.minLength(1))).check(about('Wording experiment: one variant per visitor, by weight.')),
    thanks: z.optional(localizedTextSchema).check(about('The thank-you shown at the end; default: "Thank you!" in the survey\'s language.')),
    position: z.optional(z.enum(['corner', 'bar', 'inline'])).check(about('`corner` card, bottom `bar`, or `inline` in the page\'s `[data-cp-slot]` element.', 'corner')),
  })
  .check(z.meta({ id: 'survey', description: 'One prompt of one or more questions.' }));

export const documentSchema = z.strictObject({
  $schema: z.optional(z.string()).check(about('Path or URL of `survey.schema.json`, for editor autocompletion. Ignored by the widget.')),
  version: z.literal(1).check(about('The document format version: always 1.')),
  pages: z.record(id, pageRuleSchema).check(about('Page types by name, each with the URL rules that classify a page; `data-cp-page` on the page wins.')),
  outcomes: z.optional(z.record(id, outcomeRuleSchema)).check(about('Outcomes recorded without code, by name (e.g. `add_to_cart`, `purchase`).')),
  surveys: z.array(surveySchema).check(about('The surveys; when several are eligible on a page, the first whose trigger fires shows.')),
  recordPageViews: z.optional(z.boolean()).check(about('Queue a `pageview` event with the final signals when each page is hidden (to compare respondents with everyone).', false)),
  consent: z.optional(z.literal('required')).check(about('`"required"`: store and send nothing, create no ids and show no survey until the page calls `consent(true)`.')),
  frequency: z.optional(
    z.strictObject({
      maxPerSession: z.optional(z.int().check(z.gte(1))).check(about('Surveys shown per session, all surveys together; overrides each survey\'s.')),
      minGapMinutes: z.optional(z.number().check(z.gte(0))).check(about('Minimum minutes between any two surveys shown to a visitor.')),
    }),
  ).check(about('Rules across all surveys.')),
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
