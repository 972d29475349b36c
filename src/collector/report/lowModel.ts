/**
 * What behaviour goes with low confidence: a weighted logistic regression of "low confidence" on the
 * behavioural signals of the answer's page view, per standard deviation of each, with its out-of-sample
 * AUC. It lets a marketer judge confidence among the visitors who never answer, and says how well.
 */
import { crossValidatedAuc, fitLogistic } from '../stats/logisticRegression';
import { MIN_PER_CLASS } from '../stats/minimumData';
import type { ReportData } from './reportData';
import { BEHAVIOURS, LOW_MODEL_SAMPLE, trimSample, type ModelRow } from './summarizeUnits';

/** Folds of the cross-validated AUC. */
const FOLDS = 5;

/** The model fitted on a sample, before it is known whether the sample holds every visitor. */
export type LowModelFit = Omit<NonNullable<ReportData['lowModel']>, 'sampled'> | null;

/**
 * Fits the model on the fold's sample, or answers null when either side (low, not low) has fewer visitors
 * than the verdict's minimum or no behaviour varies.
 *
 * ```ts
 * fitLowModel(summary.model, summary.modelSeen)?.terms[0]; // { key: 'activeSeconds', oddsRatio: 1.8, … }
 * ```
 */
export function fitLowModel(sample: readonly ModelRow[], seen: number): ReportData['lowModel'] {
  return withSampled(fitLowModelSample(sample), seen);
}

/** The model of a fit, saying whether its sample was drawn from more visitors (`seen`). */
export function withSampled(fit: LowModelFit, seen: number): ReportData['lowModel'] {
  return fit && { n: fit.n, sampled: seen > LOW_MODEL_SAMPLE, terms: fit.terms, cvAuc: fit.cvAuc };
}

/** Fits the model on a sample (`fitLowModel` without saying whether it was sampled). */
export function fitLowModelSample(sample: readonly ModelRow[]): LowModelFit {
  const rows = [...sample];
  trimSample(rows);
  const lows = rows.filter((r) => r.y).length;
  if (lows < MIN_PER_CLASS || rows.length - lows < MIN_PER_CLASS) return null;

  // Standardise with the sample's weighted mean and SD, so each odds ratio is "per standard deviation";
  // a behaviour that never varies says nothing and is left out.
  const totalW = rows.reduce((a, r) => a + r.w, 0);
  const columns = BEHAVIOURS.map((b, j) => {
    const mean = rows.reduce((a, r) => a + r.w * r.x[j]!, 0) / totalW;
    const sd = Math.sqrt(rows.reduce((a, r) => a + r.w * (r.x[j]! - mean) ** 2, 0) / totalW);
    return { b, j, mean, sd };
  }).filter((c) => c.sd > 0);
  if (columns.length === 0) return null;
  const data = rows.map((r) => ({ x: columns.map((c) => (r.x[c.j]! - c.mean) / c.sd), y: r.y, w: r.w }));
  const fit = fitLogistic(data);
  if (!fit || !fit.converged) return null;
  return {
    n: rows.length,
    terms: columns.map((c, i) => {
      const term = fit.terms[i + 1]!;
      return { key: c.b.key, label: c.b.label, oddsRatio: Math.exp(term.estimate), low: Math.exp(term.low), high: Math.exp(term.high), p: term.p };
    }),
    cvAuc: crossValidatedAuc(data, FOLDS, 1),
  };
}
