/**
 * The numbers of the report, computed on the server (`buildReport`) and rendered twice from the same
 * object: as HTML by `renderReportPage`, and as charts by the page's script, which reads this object
 * from a JSON data block. Everything here is plain JSON.
 *
 * Units: confidence figures count visitors (each visitor's first answer in the dates chosen; an answer
 * sent without an id counts as one visitor), funnel figures count displays. Weighting: every mean and
 * share is weighted by 1 / the survey's sample rate, with intervals on Kish's effective sample size;
 * plain counts are counts.
 */
import type { AucEstimate } from '../stats/delongAuc';
import type { TrendEstimate } from '../stats/logisticTrend';
import type { WeightedMeanWithSe } from '../stats/weightedMean';
import type { Proportion } from '../stats/wilsonInterval';
import type { FollowUpWindow, OutcomeReason, ReportUnit } from './reportSettings';

/** A weighted share with its 95% interval and standard error. */
export type Share = Proportion & { se: number };

/** A difference between two estimates with its 95% interval and test. */
export interface Difference {
  difference: number;
  low: number;
  high: number;
  p: number;
  /** p after Holm's correction over the tests of the same column of the same table; equal to p when alone. */
  pAdjusted: number;
}

/** What a report was built with, printed at its top. */
export interface ReportContext {
  questionId: string | null;
  outcome: string | null;
  outcomeReason: OutcomeReason;
  window: FollowUpWindow;
  /** "within 7 days" or "later in the same session". */
  windowLabel: string;
  scale: {
    min: number;
    max: number;
    levels: number[];
    /** Highest answer counted as low confidence. */
    lowMax: number;
    /** Who chose `lowMax`: the report's `low`, the survey document's `low`, or the default (the bottom two points). */
    lowSource: 'report' | 'survey' | 'default';
  };
  /** The report's clock (ISO): windows not over by then are left out of conversion figures. */
  asOf: string;
  change: string | null;
  /** The verdict's minimum: converting and non-converting visitors each. */
  minimumPerClass: number;
  /** The confidence figures' unit: each visitor's first answer, or every answer (intervals clustered by visitor). */
  unit: ReportUnit;
  /**
   * With every answer as the unit: the visitors behind the answers, and those with at least one answer whose
   * window is over and converted, and at least one that did not (the verdict's minimum counts these). Null
   * for the visitor unit.
   */
  clusters: { visitors: number; positives: number; negatives: number } | null;
}

/** Confidence, conversion and the funnel of one group of visitors (a page type, a step, a variant, a week…). */
export interface GroupFigures {
  key: string;
  label: string;
  /** Visitors with a confidence answer in the group. */
  visitors: number;
  mean: WeightedMeanWithSe | null;
  /** Share of low-confidence visitors. */
  low: Share | null;
  /** Share of each level of `context.scale.levels`, same order. */
  distribution: (Share | null)[];
  /** Share converting, among visitors whose window is over and who can be joined to outcomes. */
  conversion: Share | null;
  converting: number;
  notConverting: number;
  /** Visitors whose window is not over yet: left out of `conversion` and `auc`. */
  pending: number;
  auc: AucEstimate | null;
  /** Displays (impressions) in the group. */
  displays: number;
  /** Share of displays answered. */
  responseRate: Share | null;
  /** Share of displays dismissed before any answer. */
  dismissRate: Share | null;
}

/** A group against everyone else in its table. */
export interface GroupRow extends GroupFigures {
  /** The question as this group worded it (variants only). */
  text: string | null;
  tests: {
    responseRate: Difference | null;
    dismissRate: Difference | null;
    mean: Difference | null;
    low: Difference | null;
    auc: Difference | null;
  };
}

/** The report's answer to "does confidence predict the outcome?". */
export interface Verdict {
  state: 'yes' | 'no' | 'insufficient';
  /** One plain sentence. */
  headline: string;
  /** What it rests on, in a few sentences. */
  details: string[];
  /** For `insufficient`: how many more converting and non-converting visitors the minimum asks for. */
  needs: { converting: number; notConverting: number } | null;
}

/** One follow-up option, among low-confidence responses (unweighted counts of responses). */
export interface FollowUpOption {
  id: string;
  label: string;
  count: number;
  share: Proportion | null;
}

/** One open-text answer (a text question, or a choice's "other"), shown escaped. */
export interface OpenTextAnswer {
  ts: string;
  pageType: string | null;
  questionId: string;
  text: string;
  confidence: number | null;
}

/** A behaviour measured on the page view at the moment of the answer, by confidence level. */
export interface BehaviourRow {
  key: BehaviourKey;
  label: string;
  /** Weighted mean per level of `context.scale.levels`, same order. */
  byLevel: (WeightedMeanWithSe | null)[];
}

export type BehaviourKey = 'activeSeconds' | 'scrollDepth' | 'productsCompared' | 'productsViewed' | 'filterChanges';

/** One predictor of the low-confidence model: the odds ratio per standard deviation of the behaviour. */
export interface LowModelTerm {
  key: BehaviourKey;
  label: string;
  oddsRatio: number;
  low: number;
  high: number;
  p: number;
}

/** Everything the report shows. */
export interface ReportData {
  context: ReportContext;
  counts: {
    impressions: number;
    answers: number;
    completes: number;
    dismissals: number;
    /** Every answer to the confidence question. */
    confidenceAnswers: number;
    /** Visitors counted (first answers), anonymous answers included. */
    visitors: number;
    /** Answers sent without an id: each counts as a visitor, none is joined to outcomes. */
    anonymous: number;
    /** Later answers of visitors already counted, left out. */
    repeats: number;
  };
  funnel: {
    displays: number;
    answered: Share | null;
    dismissed: Share | null;
    ignored: Share | null;
    /** Page views recorded for the same dates, page types and devices; null when the site sends none. */
    pageViews: number | null;
    /** Displays per recorded page view (unweighted). */
    coverage: Proportion | null;
  };
  overall: GroupFigures;
  outcome: {
    verdict: Verdict;
    byLevel: { level: number; visitors: number; conversion: Share | null }[];
    trend: TrendEstimate | null;
    /** Visitors sent without an id: not joined. */
    unjoinable: number;
  };
  nonResponse: {
    /** Visitors' first displays whose window is over. */
    visitors: number;
    respondents: Share | null;
    nonRespondents: Share | null;
    difference: Difference | null;
    signals: { key: BehaviourKey; label: string; respondents: WeightedMeanWithSe | null; nonRespondents: WeightedMeanWithSe | null; difference: Difference | null }[];
  };
  momentum: {
    /** Per level, among visitors whose session is over: reached the outcome, went on to another page, or left. */
    byLevel: { level: number; visitors: number; outcome: Share | null; page: Share | null; left: Share | null }[];
    pending: number;
  };
  byPageType: GroupRow[];
  byStep: GroupRow[];
  variants: GroupRow[];
  weeks: GroupFigures[];
  change: { date: string; before: GroupFigures; after: GroupFigures; tests: GroupRow['tests'] & { conversion: Difference | null } } | null;
  behaviour: BehaviourRow[];
  lowModel: {
    /** Visitors the model was fitted on (a random sample when there are more). */
    n: number;
    sampled: boolean;
    terms: LowModelTerm[];
    /** Out-of-sample AUC of the model (5-fold cross-validation). */
    cvAuc: number | null;
  } | null;
  followUps: { questionId: string; text: string | null; responses: number; options: FollowUpOption[] }[];
  openText: OpenTextAnswer[];
}
