/**
 * Builds a report from a store: the details first (they fix the scale), then the confidence units and the
 * displays, folded as the database hands them over, then the statistics.
 */
import type { EventFilter, Facets } from '../store';
import { buildReport, scaleOf } from './buildReport';
import type { ReportData } from './reportData';
import { windowMs, type ReportSettings } from './reportSettings';
import { foldClusters } from './clusterUnits';
import { fitLowModelSample, type LowModelFit } from './lowModel';
import { foldUnits, type FoldOptions, type UnitFold } from './summarizeUnits';
import type { CellSink, ReportDetails, ReportSource, UnitQuery } from './units';

/** Open-text answers listed, newest first. */
export const OPEN_TEXT_LIMIT = 100;

/** What the report page shows: the numbers, and the choices its filter menus offer. */
export interface LoadedReport {
  data: ReportData;
  facets: Facets;
}

/**
 * Reads the units of a report and builds it. Survey events follow every filter; outcomes only follow the
 * visitor, since a purchase happens on a thank-you page, not on the category page the answer came from.
 *
 * ```ts
 * const data = await loadReport(store.report, { pageType: 'comparison' }, settings);
 * ```
 */
export async function loadReport(source: ReportSource, filter: EventFilter, settings: ReportSettings): Promise<ReportData> {
  const query: UnitQuery = { filter, questionId: settings.questionId, outcome: settings.outcome, windowMs: windowMs(settings.window) };
  // The scale first, since the rest needs it; then every other read at once: a store with several connections
  // runs them side by side, and the fold takes rows in whatever order they come.
  const facts = await source.scaleFacts(query);
  const scale = scaleOf(facts, settings.lowMax);
  const options: FoldOptions = {
    min: scale.min,
    max: scale.max,
    lowMax: scale.lowMax,
    window: settings.window,
    windowMs: query.windowMs,
    now: settings.now,
    change: settings.change,
  };
  const fold = foldUnits(options);
  const detailsRead = Promise.resolve(source.details(query, scale.lowMax, OPEN_TEXT_LIMIT)).then((counts): ReportDetails => ({ ...facts, ...counts }));
  if (settings.unit === 'visitor') {
    const [details, lowModel] = await Promise.all([detailsRead, readVisitorUnits(source, query, options, fold)]);
    return buildReport(fold.summary, details, settings, scale, undefined, lowModel);
  }
  // Every answer: a second pass for the confidence figures, with each visitor's answers folded together. The
  // first pass still gives what is about visitors (momentum, behaviour, non-response, the low-confidence model).
  const responses = foldUnits(options);
  const clusters = foldClusters(responses, scale.levels);
  const [details] = await Promise.all([
    detailsRead,
    source.confidenceUnits(query, fold.addConfidence),
    source.confidenceUnits({ ...query, everyAnswer: true }, clusters.add),
    source.displayUnits(query, (display) => (fold.addDisplay(display), responses.addDisplay(display))),
  ]);
  return buildReport(fold.summary, details, settings, scale, { summary: responses.summary, design: clusters.finish() });
}

/**
 * One unit per visitor: from the rollups where the store keeps them, else each visitor's first answer and
 * displays. The rollups hand the low-confidence model's sample over whole, so it is fitted then, while the
 * other reads still run; answers that fit, or undefined for `buildReport` to fit.
 */
async function readVisitorUnits(source: ReportSource, query: UnitQuery, options: FoldOptions, fold: UnitFold): Promise<LowModelFit | undefined> {
  let lowModel: LowModelFit | undefined;
  const sink: CellSink = {
    ...fold,
    addModelRows(rows) {
      fold.addModelRows(rows);
      lowModel = fitLowModelSample(fold.summary.model);
    },
  };
  if (await source.foldRollups?.(query, options, sink)) return lowModel;
  await Promise.all([source.confidenceUnits(query, fold.addConfidence), source.displayUnits(query, fold.addDisplay)]);
  return undefined;
}
