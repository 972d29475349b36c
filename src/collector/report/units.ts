/**
 * The units the report counts, as the database (or the in-memory oracle) hands them over: one row per
 * visitor for confidence, one row per display for the funnel. Every join with outcomes has already been
 * made where the events are, so the report reads a row per visitor, never a row per event.
 */
import type { EventFilter, MaybePromise } from '../eventFilter';

/** What the units are read for. */
export interface UnitQuery {
  /** Survey events matching this filter (its `type` is ignored); outcomes are never filtered by page, survey or device. */
  filter: EventFilter;
  /** The scale question measuring confidence; null when none has been answered. */
  questionId: string | null;
  /** The outcome that counts as converting; null when no outcome is stored. */
  outcome: string | null;
  /**
   * How long after an answer (or a display) a visitor's outcome still counts, in milliseconds; null for
   * "later in the same session", which needs no join across sessions (and a display's session is then read).
   */
  windowMs: number | null;
  /**
   * Every answer to the confidence question rather than each visitor's first, handed over with one
   * visitor's answers next to each other (the clusters of the "all responses" view).
   */
  everyAnswer?: boolean;
}

/** The behavioural signals the report compares, from the event's page view at the moment of the event. */
export interface UnitSignals {
  activeMs: number | null;
  scrollDepth: number | null;
  productsCompared: number | null;
  productsViewed: number | null;
  filterChanges: number | null;
}

/**
 * A visitor's first answer to the confidence question in the filter's dates (or, with `everyAnswer`,
 * any answer). An answer sent without a visitor id (Global Privacy Control) is a unit of its own and is
 * never joined to outcomes.
 */
export interface ConfidenceUnit extends UnitSignals {
  /** The answer event's id. */
  id: string;
  ts: string;
  /** False for answers sent without a visitor id. */
  joinable: boolean;
  /** Who gave it: the visitor id, or the answer's own id when sent without one. */
  cluster: string;
  value: number;
  /** 1 / the survey's sample rate: an answer from a 20% sample stands for five visitors. */
  weight: number;
  pageType: string | null;
  /** Page of the visit the answer came on (`signals.pageIndex`). */
  step: number | null;
  variant: string | null;
  /** The last event of the answer's session, to tell whether the session may still be going on. */
  sessionLast: string | null;
  /** The outcome followed later in the same session. */
  sessionOutcome: boolean;
  /** The outcome followed, by the same visitor, within `windowMs` of the answer (false when it is null). */
  windowOutcome: boolean;
  /** Another page view of the same session followed the answer. */
  wentOn: boolean;
}

/** How a display ended: answered (even if dismissed later), dismissed before any answer, or neither. */
export type DisplayStatus = 'answered' | 'dismissed' | 'ignored';

/** One display of a survey (an impression), with how it ended. */
export interface DisplayUnit extends UnitSignals {
  /** The impression event's id. */
  id: string;
  ts: string;
  joinable: boolean;
  weight: number;
  pageType: string | null;
  step: number | null;
  variant: string | null;
  status: DisplayStatus;
  /** The visitor's first display in the filter's dates: the unit of the respondent / non-respondent comparison. */
  firstOfVisitor: boolean;
  /** For a visitor's first display, with the session window: its session's last event. */
  sessionLast: string | null;
  /** For a visitor's first display: the outcome followed within `windowMs` of it. */
  windowOutcome: boolean;
  /** For a visitor's first display, with the session window: the outcome followed later in the same session. */
  sessionOutcome: boolean;
}

/** Observations of one behaviour in a cell: how many, their sum and their sum of squares. */
export interface Moments {
  n: number;
  sum: number;
  sum2: number;
}

/** The groups a cell counts in: the keys `groupsOf` reads from a unit. */
export interface GroupKeys {
  pageType: string | null;
  /** Page of the visit (`signals.pageIndex`). */
  step: number | null;
  variant: string | null;
  /** Monday of the ISO week (`2026-11-23`). */
  week: string;
  /** Before the change day given, or null without one. */
  before: boolean | null;
}

/**
 * Units that count alike, folded at once: one unit, or a row of a `GROUP BY` the database made. Weight,
 * level and groups are shared; the behaviours are summed.
 */
export interface ConfidenceCell extends GroupKeys {
  count: number;
  value: number;
  weight: number;
  joinable: boolean;
  /** For joinable units: converted or not once the window is over, null while it is not. */
  converted: boolean | null;
  /** For joinable units: what came next in the session once it is over, `pending` before; null otherwise. */
  momentum: 'outcome' | 'page' | 'left' | 'pending' | null;
  /** Per behaviour (`BEHAVIOURS` order), the observations present. */
  behaviours: readonly (Moments | null)[];
  /** Units with the time and scroll the low-confidence model needs. */
  modelSeen: number;
}

/** First answers alike in answer and weight, with their behaviours summed: what the per-level behaviour figures read. */
export interface BehaviourCell {
  value: number;
  weight: number;
  /** Per behaviour (`BEHAVIOURS` order), the observations present. */
  behaviours: readonly (Moments | null)[];
  /** Units with the time and scroll the low-confidence model needs. */
  modelSeen: number;
}

/** Displays that count alike in the groups' shown, answered and dismissed tallies. */
export interface ShownCell extends GroupKeys {
  count: number;
  weight: number;
  status: DisplayStatus;
}

/** Joinable visitors' first displays whose window is over, alike in how they ended and whether they converted. */
export interface NonResponseCell {
  count: number;
  weight: number;
  answered: boolean;
  converted: boolean;
  /** Per behaviour (`BEHAVIOURS` order), the observations at the impression. */
  behaviours: readonly (Moments | null)[];
}

/** Displays that count alike: a `ShownCell`, and for a first display whose window is over, a `NonResponseCell` too. */
export interface DisplayCell extends ShownCell {
  /** For a joinable visitor's first display whose window is over: converted or not; null otherwise. */
  converted: boolean | null;
  /** Per behaviour, the observations at the impression (read only where `converted` is not null). */
  behaviours: readonly (Moments | null)[];
}

/** One row of the low-confidence model: behaviours (`BEHAVIOURS` order), low or not, weight. */
export interface ModelRow {
  /** The answer's id: ties of the hash are broken by it, so the sample does not depend on arrival order. */
  id: string;
  x: number[];
  y: boolean;
  w: number;
  hash: number;
}

/** What the rollups need to know to group units as the fold would (`FoldOptions` has it). */
export interface CellRules {
  now: number;
  /** The window in milliseconds; null for the session window. */
  windowMs: number | null;
  /** The day of a change to compare before and after (ISO day), or null. */
  change: string | null;
  /** The highest answer counted as low. */
  lowMax: number;
}

/** Where cells go: the fold. */
export interface CellSink {
  addConfidenceCell(cell: ConfidenceCell): void;
  addBehaviourCell(cell: BehaviourCell): void;
  addShownCell(cell: ShownCell): void;
  addNonResponseCell(cell: NonResponseCell): void;
  /** Offers rows to the low-confidence model's sample. */
  addModelRows(rows: readonly ModelRow[]): void;
}

/** One follow-up question's answers among low-confidence responses, as value combinations. */
export interface FollowUpRow {
  questionId: string;
  /** The answer as stored: JSON of a string or of an array of option ids. */
  value: string;
  /** Low-confidence responses that gave exactly this answer. */
  responses: number;
  /** One body with this answer, for the option labels and the question's wording. */
  body: string;
}

/** One open-text answer, newest first. */
export interface OpenTextRow {
  ts: string;
  pageType: string | null;
  questionId: string;
  text: string;
  /** The confidence given in the same response, if any. */
  confidence: number | null;
}

/** The small aggregates around the units. */
export interface ReportDetails {
  /** Survey events by type (`impression`, `answer`, `complete`, `dismiss`) matching the filter. */
  events: Record<string, number>;
  /** Answers to the confidence question, every one (a visitor may answer several times). */
  confidenceAnswers: number;
  /** The lowest and highest confidence answers given; null without any. */
  answerRange: { min: number; max: number } | null;
  /** One stored confidence answer, for the scale's declared `min` and `max`. */
  scaleBody: string | null;
  /** Page views by page type, matching the filter's dates, page type and device; null when the site sends none. */
  pageViews: Record<string, number>;
  followUps: FollowUpRow[];
  /** Low-confidence responses that answered each follow-up question. */
  followUpResponses: Record<string, number>;
  openText: OpenTextRow[];
  /** A stored body per wording variant of the confidence question, for its text. */
  variantBodies: Record<string, string>;
}

/** What fixes the scale and the wordings: read first, since the other figures need the scale. */
export type ScaleFacts = Pick<ReportDetails, 'confidenceAnswers' | 'answerRange' | 'scaleBody' | 'variantBodies'>;

/** The details read once the scale is known. */
export type CountDetails = Omit<ReportDetails, keyof ScaleFacts>;

/** Where the report reads its units: the store's aggregate queries, or the in-memory oracle in tests. */
export interface ReportSource {
  /** Hands over every confidence unit, one at a time and in no particular order, so memory stays flat. */
  confidenceUnits(query: UnitQuery, onUnit: (unit: ConfidenceUnit) => void): MaybePromise<void>;
  /** Hands over every display, in no particular order. */
  displayUnits(query: UnitQuery, onUnit: (unit: DisplayUnit) => void): MaybePromise<void>;
  /** The confidence answers' count and range, the latest one's body (the scale's declared ends) and each wording's. */
  scaleFacts(query: UnitQuery): MaybePromise<ScaleFacts>;
  /** Counts, follow-ups and open text; `lowMax` is the highest answer counted as low (the scale's, resolved). */
  details(query: UnitQuery, lowMax: number, openTextLimit: number): MaybePromise<CountDetails>;
  /**
   * Folds the query's units as cells from rollups kept at ingest, where the store keeps them and they answer
   * the query (no filter, each visitor's first answer); answers false otherwise, and the caller reads the units.
   */
  foldRollups?(query: UnitQuery, rules: CellRules, sink: CellSink): Promise<boolean>;
}
