// Generated from src/contract/documentShapes.ts by scripts/writeSchemas.mjs during `npm run build`: do not edit.
// tests/contract/surveyDocument.test.ts fails when this copy is out of date or differs from the zod types.

/** A survey document, as researchers write it. */
export interface SurveyDocument {
  /** Path or URL of `survey.schema.json`, for editor autocompletion. Ignored by the widget. */
  $schema?: string | undefined;
  /** The document format version: always 1. */
  version: 1;
  /** Page types by name, each with the URL rules that classify a page; `data-cp-page` on the page wins. */
  pages: Record<string, PageRule>;
  /** Outcomes recorded without code, by name (e.g. `add_to_cart`, `purchase`). */
  outcomes?: Record<string, OutcomeRule> | undefined;
  /** The surveys; when several are eligible on a page, the first whose trigger fires shows. */
  surveys: Survey[];
  /**
   * Queue a `pageview` event with the final signals when each page is hidden (to compare respondents with everyone).
   * @default false
   */
  recordPageViews?: boolean | undefined;
  /** `"required"`: store and send nothing, create no ids and show no survey until the page calls `consent(true)`. */
  consent?: "required" | undefined;
  /** Rules across all surveys. */
  frequency?: {
    /** Surveys shown per session, all surveys together; overrides each survey's. */
    maxPerSession?: number | undefined;
    /** Minimum minutes between any two surveys shown to a visitor. */
    minGapMinutes?: number | undefined;
  } | undefined;
}

/** Classifies pages by URL. With neither rule, the type is set only by `data-cp-page`. */
export interface PageRule {
  /** URL path globs: `*` within a segment, `**` across segments, `?` one character. Start with "/"; the query string is never matched. */
  match?: string[] | undefined;
  /** Regular expressions tested against the URL path. */
  regex?: string[] | undefined;
}

/** Records an outcome on a page view whose URL matches, or on a click on a matching element. */
export interface OutcomeRule {
  /** URL path globs: `*` within a segment, `**` across segments, `?` one character. Start with "/"; the query string is never matched. */
  match?: string[] | undefined;
  /** Regular expressions tested against the URL path. */
  regex?: string[] | undefined;
  /** A click on an element matching this CSS selector records the outcome. */
  selector?: string | undefined;
}

/** One prompt of one or more questions. */
export interface Survey {
  /** Unique in the document; recorded on every event. */
  id: string;
  /** Raise it when the wording changes, so answers to each wording stay apart. */
  version: number;
  /** Page types (keys of `pages`) the survey may show on. */
  pages: string[];
  trigger: Trigger;
  /**
   * Share of visitors who may see the survey, 0–1, sticky per visitor; recorded as `sampleRate`.
   * @default 1
   */
  sample?: number | undefined;
  /** How often a visitor may see this survey. */
  frequency?: {
    /**
     * Surveys shown per session, counted across all surveys.
     * @default 1
     */
    maxPerSession?: number | undefined;
    /** Show this survey again to a visitor after this many days; without it, once per visitor. */
    cooldownDays?: number | undefined;
    /** After a dismissal, wait this many days before showing this survey again. */
    afterDismissDays?: number | undefined;
  } | undefined;
  /** Asked in order; `when` skips a question. */
  questions: (ScaleQuestion | ChoiceQuestion | TextQuestion | BinaryQuestion)[];
  /** Wording experiment: one variant per visitor, by weight. */
  variants?: Variant[] | undefined;
  /** The thank-you shown at the end; default: "Thank you!" in the survey's language. */
  thanks?: LocalizedText | undefined;
  /**
   * `corner` card, bottom `bar`, or `inline` in the page's `[data-cp-slot]` element.
   * @default "corner"
   */
  position?: "corner" | "bar" | "inline" | undefined;
}

/** When a survey shows: exactly one condition per object; combine them with `any` or `all`. */
export interface Trigger {
  /** Seconds the page was visible and in use (not idle). */
  activeSeconds?: number | undefined;
  /** Share of the page scrolled, 0–1. */
  scrollDepth?: number | undefined;
  /** The pointer leaves through the top of the window (desktop only). */
  exitIntent?: true | undefined;
  /** Seconds without input while the page is visible (hesitation). */
  idleSeconds?: number | undefined;
  /** A behaviour counted by `track(name)`; the markup hooks count `productsCompared` and `filterChanges`. */
  event?: string | undefined;
  /**
   * With `event`: how many times it must have happened.
   * @default 1
   */
  count?: number | undefined;
  /** A CSS selector: fires once a matching element is at least half in view. */
  visible?: string | undefined;
  /** Fires on the nth page view of the session (1 = the first) and later. */
  pageIndex?: number | undefined;
  /** Fires when any of these triggers fires. */
  any?: Trigger[] | undefined;
  /** Fires when all of these triggers hold. */
  all?: Trigger[] | undefined;
}

/** A rating on a range of whole numbers, answered with one click. */
export interface ScaleQuestion {
  /** Unique within the survey; recorded with each answer. */
  id: string;
  /** The question, as shown and recorded with each answer. */
  text: LocalizedText;
  when?: When | undefined;
  /**
   * When false, the respondent may skip the question.
   * @default true
   */
  required?: boolean | undefined;
  type: "scale";
  /** The lowest point, e.g. 1 (or 0 for NPS). */
  min: number;
  /** The highest point, greater than `min`; at most 11 points in all. */
  max: number;
  /**
   * The highest point the report counts as low confidence, from `min` to below `max`; recorded with each answer.
   * @default "`min` + 1, the bottom two points"
   */
  low?: number | undefined;
  /** Labels of the points; each answer records the label of its point. */
  labels?: {
    /** Label of the lowest point, shown under it. */
    min?: LocalizedText | undefined;
    /** Label of the highest point, shown under it. */
    max?: LocalizedText | undefined;
    /** A label on individual points, keyed by the point: { "4": "Neutral" }. */
    points?: Record<string, LocalizedText> | undefined;
  } | undefined;
  /**
   * `numbers`, or `nps`: the 0–10 Net Promoter layout (needs min 0, max 10).
   * @default "numbers"
   */
  layout?: "numbers" | "nps" | undefined;
  /**
   * `asc` shows `min` first; `desc` shows `max` first.
   * @default "asc"
   */
  direction?: "asc" | "desc" | undefined;
}

/** A string, or a map from language tag to string: { "en": "…", "ar": "…" }. */
export type LocalizedText = string | Record<string, string>;

/** Shows the question only when an earlier answer matches every operator given; a skipped question never matches. */
export interface When {
  /** The id of an earlier question. */
  question: string;
  /** The answer equals this: a point, an option id (contained in a multiple choice), or true/false. */
  eq?: string | number | boolean | undefined;
  /** The answer is one of these (any overlap for a multiple choice). */
  in?: (string | number | boolean)[] | undefined;
  /** A scale answer at most this. */
  lte?: number | undefined;
  /** A scale answer at least this. */
  gte?: number | undefined;
}

/** One option (radios) or several (checkboxes). */
export interface ChoiceQuestion {
  /** Unique within the survey; recorded with each answer. */
  id: string;
  /** The question, as shown and recorded with each answer. */
  text: LocalizedText;
  when?: When | undefined;
  /**
   * When false, the respondent may skip the question.
   * @default true
   */
  required?: boolean | undefined;
  type: "choice";
  /**
   * Checkboxes (several answers) instead of radios (one).
   * @default false
   */
  multiple?: boolean | undefined;
  /** The options, in display order unless `shuffle`. */
  options: {
    /** Recorded as the answer; unique within the question. "other" is reserved. */
    id: string;
    /** The option's label, recorded with each answer that picks it. */
    text: LocalizedText;
  }[];
  /** Adds an "Other" option (answer id `other`) with a free-text field. */
  other?: {
    /** The longest text accepted, in characters (at most 2,000). */
    maxLength: number;
    /** Label of the option; default: "Other" in the survey's language. */
    text?: LocalizedText | undefined;
  } | undefined;
  /**
   * Shuffles the options per respondent (a stable order for each visitor).
   * @default false
   */
  shuffle?: boolean | undefined;
}

/** A short free-text answer. */
export interface TextQuestion {
  /** Unique within the survey; recorded with each answer. */
  id: string;
  /** The question, as shown and recorded with each answer. */
  text: LocalizedText;
  when?: When | undefined;
  /**
   * When false, the respondent may skip the question.
   * @default true
   */
  required?: boolean | undefined;
  type: "text";
  /** The longest answer accepted, in characters (at most 2,000). */
  maxLength: number;
  /** Hint shown in the empty field. */
  placeholder?: LocalizedText | undefined;
}

/** Yes or no, answered with one click (`true` or `false`). */
export interface BinaryQuestion {
  /** Unique within the survey; recorded with each answer. */
  id: string;
  /** The question, as shown and recorded with each answer. */
  text: LocalizedText;
  when?: When | undefined;
  /**
   * When false, the respondent may skip the question.
   * @default true
   */
  required?: boolean | undefined;
  type: "binary";
  /** Button labels: `yes` for the `true` answer, `no` for `false`; default ✓ and ✗. Each answer records the label shown. */
  labels?: {
    /** Label of the `true` button. */
    yes: LocalizedText;
    /** Label of the `false` button. */
    no: LocalizedText;
  } | undefined;
}

/** A wording experiment: each visitor gets one variant, sticky, by weight. */
export interface Variant {
  /** Recorded on every event of the survey as `survey.variant`. */
  id: string;
  /** Relative share of visitors; weights need not sum to 1, but not to 0. */
  weight: number;
  /** Question texts replaced in this variant, by question id. */
  text?: Record<string, LocalizedText> | undefined;
}

/** One question: `scale`, `choice`, `text` or `binary`. */
export type Question = Survey['questions'][number];
