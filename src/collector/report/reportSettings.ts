/**
 * What a report is about, decided before anything is read: the confidence question, the outcome, the
 * follow-up window, what counts as low confidence, and an optional date of change. Every choice the
 * user did not make has a stated default, and the report prints which was used.
 */
import type { Facets } from '../store';

/** The follow-up window: later in the same session, or within a number of days of the answer. */
export type FollowUpWindow = { kind: 'session' } | { kind: 'days'; days: number };

/** Windows the report's menu offers. */
export const WINDOW_CHOICES: readonly string[] = ['session', '1', '7', '14', '30'];

/** The default window: 7 days, long enough for a considered purchase, short enough to stay about this visit. */
export const DEFAULT_WINDOW: FollowUpWindow = { kind: 'days', days: 7 };

/** Why the report counts the outcome it counts. */
export type OutcomeReason = 'chosen' | 'configured' | 'purchase' | 'first' | 'none';

/**
 * What one unit of the confidence figures is: each visitor's first answer (the default), or every answer,
 * with intervals clustered by visitor.
 */
export type ReportUnit = 'visitor' | 'response';

/** The choices a report is built with. */
export interface ReportSettings {
  unit: ReportUnit;
  questionId: string | null;
  outcome: string | null;
  outcomeReason: OutcomeReason;
  window: FollowUpWindow;
  /** Highest answer counted as low confidence; null for the default (the scale's bottom two points). */
  lowMax: number | null;
  /** A day (`2026-11-15`) to compare before and after, or null. */
  change: string | null;
  /** The report's clock: windows not over by then are left out of conversion figures. */
  now: number;
}

/** What the user asked for, as given in the report's URL or the collector's options. */
export interface ReportChoices {
  unit?: string | undefined;
  question?: string | undefined;
  outcome?: string | undefined;
  window?: string | undefined;
  low?: string | undefined;
  change?: string | undefined;
}

/** The confidence question: the one asked for, else one named `confidence`, else the first scale question. */
export function pickQuestion(facets: Facets, asked: string | undefined): string | null {
  if (asked !== undefined && facets.scaleQuestions.includes(asked)) return asked;
  return facets.scaleQuestions.includes('confidence') ? 'confidence' : (facets.scaleQuestions[0] ?? null);
}

/**
 * The outcome: the one chosen in the report, else the collector's `primaryOutcome`, else `purchase`, else the
 * first stored. Never "any outcome": an add to cart and a purchase are different claims.
 */
export function pickOutcome(facets: Facets, chosen: string | undefined, configured: string | undefined): { outcome: string | null; reason: OutcomeReason } {
  if (chosen !== undefined && facets.outcomes.includes(chosen)) return { outcome: chosen, reason: 'chosen' };
  if (configured !== undefined && facets.outcomes.includes(configured)) return { outcome: configured, reason: 'configured' };
  if (facets.outcomes.includes('purchase')) return { outcome: 'purchase', reason: 'purchase' };
  const first = facets.outcomes[0];
  return first === undefined ? { outcome: null, reason: 'none' } : { outcome: first, reason: 'first' };
}

/** `session`, or a whole number of days from 1 to 90. */
export function parseWindow(text: string | undefined): FollowUpWindow | string {
  if (text === undefined) return DEFAULT_WINDOW;
  if (text === 'session') return { kind: 'session' };
  if (/^\d{1,2}$/.test(text) && Number(text) >= 1 && Number(text) <= 90) return { kind: 'days', days: Number(text) };
  return `window: expected "session" or a number of days from 1 to 90, got "${text}"`;
}

/** Milliseconds of a window in days; null for the session window. */
export function windowMs(window: FollowUpWindow): number | null {
  return window.kind === 'days' ? window.days * 86_400_000 : null;
}

/** How the report words a window: "within 7 days" or "later in the same session". */
export function describeWindow(window: FollowUpWindow): string {
  if (window.kind === 'session') return 'later in the same session';
  return window.days === 1 ? 'within 1 day' : `within ${window.days} days`;
}

/**
 * Reads the report's own choices (the filters are `parseFilters`'): answers the settings, or a reason to refuse.
 *
 * ```ts
 * readSettings(facets, { window: '14', low: '3' }, {}); // { ok: true, settings: { window: { kind: 'days', days: 14 }, lowMax: 3, … } }
 * ```
 */
export function readSettings(
  facets: Facets,
  choices: ReportChoices,
  defaults: { outcome?: string | undefined; now?: number | undefined },
): { ok: true; settings: ReportSettings } | { ok: false; error: string } {
  const window = parseWindow(choices.window);
  if (typeof window === 'string') return { ok: false, error: window };
  if (choices.unit !== undefined && choices.unit !== 'visitor' && choices.unit !== 'response') {
    return { ok: false, error: `unit: expected "visitor" (each visitor's first answer) or "response" (every answer), got "${choices.unit}"` };
  }
  const unit: ReportUnit = choices.unit ?? 'visitor';
  let lowMax: number | null = null;
  if (choices.low !== undefined) {
    if (!/^-?\d{1,4}(\.\d+)?$/.test(choices.low)) return { ok: false, error: `low: expected the highest answer counted as low, such as 2, got "${choices.low}"` };
    lowMax = Number(choices.low);
  }
  let change: string | null = null;
  if (choices.change !== undefined) {
    const day = choices.change;
    const time = Date.parse(`${day}T00:00:00.000Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(time) || new Date(time).toISOString().slice(0, 10) !== day) {
      return { ok: false, error: `change: expected a day such as 2026-11-15, got "${day}"` };
    }
    change = day;
  }
  const { outcome, reason } = pickOutcome(facets, choices.outcome, defaults.outcome);
  return {
    ok: true,
    settings: { unit, questionId: pickQuestion(facets, choices.question), outcome, outcomeReason: reason, window, lowMax, change, now: defaults.now ?? Date.now() },
  };
}
