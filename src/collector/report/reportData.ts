/**
 * The numbers of the report, computed on the server (`buildReport`) and rendered twice from the same
 * object: as HTML tables by `renderReportPage`, and as charts by the page's script, which reads this
 * object from a JSON data block. Everything here is plain JSON.
 */
import type { Auc } from '../../stats/rocAuc';
import type { WeightedMean } from '../../stats/weightedMean';
import type { Proportion } from '../../stats/wilsonInterval';

/** Confidence answers of one group (a page type, a journey step, a variant). */
export interface GroupStats {
  /** The group's value, e.g. `comparison` or `3`. */
  key: string;
  /** How the report names it, e.g. `comparison` or `Page 3`. */
  label: string;
  /** Answers in the group. */
  n: number;
  /** Sample-weighted mean confidence. */
  mean: WeightedMean | null;
  /** Weighted share of each level of `ReportData.scale.levels`, same order. */
  distribution: (Proportion | null)[];
  /** Weighted share of low-confidence answers (at or below the scale's midpoint). */
  low: Proportion | null;
}

/** One option of a follow-up question, among low-confidence responses. */
export interface FollowUpOption {
  id: string;
  label: string;
  count: number;
  /** Share of the low-confidence responses that answered this question and chose the option. */
  share: Proportion | null;
}

/** One open-text answer (a text question, or a choice's "other"), shown escaped. */
export interface OpenTextAnswer {
  ts: string;
  pageType: string | null;
  questionId: string;
  text: string;
  /** The confidence given in the same response, if any. */
  confidence: number | null;
}

/** Conversion at one confidence level. */
export interface LevelOutcome {
  level: number;
  n: number;
  /** An outcome later in the same session. */
  session: Proportion | null;
  /** An outcome by the same visitor within 7 days. */
  week: Proportion | null;
}

/** A behaviour measured at the moment of the answer, by confidence level. */
export interface BehaviourRow {
  key: 'activeSeconds' | 'scrollDepth' | 'productsCompared' | 'productsViewed' | 'filterChanges';
  label: string;
  /** Weighted mean per level of `ReportData.scale.levels`, same order. */
  byLevel: (WeightedMean | null)[];
}

/** One wording variant. */
export interface VariantStats extends GroupStats {
  impressions: number;
  responses: number;
  responseRate: Proportion | null;
  /** The question as this variant worded it, when answers carried it. */
  text: string | null;
}

/** Everything the report shows. */
export interface ReportData {
  /** The confidence question the report is about, and its scale. */
  scale: { questionId: string | null; min: number; max: number; levels: number[]; lowMax: number };
  totals: {
    impressions: number;
    /** Displays with at least one answer. */
    responses: number;
    answers: number;
    completes: number;
    dismissals: number;
    responseRate: Proportion | null;
    dismissRate: Proportion | null;
    /** Answers to the confidence question. */
    confidenceAnswers: number;
    meanConfidence: WeightedMean | null;
    lowShare: Proportion | null;
  };
  /** Weighted share of each level, all answers. */
  distribution: (Proportion | null)[];
  byPageType: GroupStats[];
  byStep: GroupStats[];
  followUps: { questionId: string; text: string | null; responses: number; options: FollowUpOption[] }[];
  openText: OpenTextAnswer[];
  outcome: {
    /** The outcome counted, or null for any outcome. */
    name: string | null;
    byLevel: LevelOutcome[];
    session: Proportion | null;
    week: Proportion | null;
    aucSession: Auc | null;
    aucWeek: Auc | null;
  };
  behaviour: BehaviourRow[];
  variants: VariantStats[];
}
