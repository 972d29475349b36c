import type { EventFilter, EventStore, Facets } from '../store';
import { createReportBuilder } from './buildReport';
import type { ReportData } from './reportData';

/** Outcomes this long after the filter's end still count for answers near its end (the 7-day conversion). */
const OUTCOME_TAIL_MS = 7 * 86_400_000;

/** What the report page shows: the numbers, and the choices its filter menus offer. */
export interface LoadedReport {
  data: ReportData;
  facets: Facets;
}

/** The confidence question: the one asked for, else one named `confidence`, else the first scale question. */
export function pickQuestion(facets: Facets, asked: string | undefined): string | null {
  if (asked !== undefined && facets.scaleQuestions.includes(asked)) return asked;
  return facets.scaleQuestions.includes('confidence') ? 'confidence' : (facets.scaleQuestions[0] ?? null);
}

/**
 * Reads the events a report needs from the store, page by page, and builds it. Survey events follow
 * every filter; outcomes only the date range (stretched by 7 days), since a purchase happens on a
 * thank-you page, not on the category page the answer came from.
 */
export async function loadReport(
  store: EventStore,
  filter: EventFilter,
  choice: { question?: string | undefined; outcome?: string | undefined } = {},
): Promise<LoadedReport> {
  const facets = await store.facets();
  const outcome = choice.outcome !== undefined && facets.outcomes.includes(choice.outcome) ? choice.outcome : null;
  const builder = createReportBuilder({ questionId: pickQuestion(facets, choice.question), outcome });
  const { type: _type, ...rest } = filter;
  for await (const page of store.scan({ ...rest, type: ['impression', 'answer', 'complete', 'dismiss'] })) {
    for (const event of page) builder.addSurveyEvent(event);
  }
  const outcomes: EventFilter = { type: 'outcome' };
  if (filter.since !== undefined) outcomes.since = filter.since;
  if (filter.until !== undefined) outcomes.until = new Date(Date.parse(filter.until) + OUTCOME_TAIL_MS).toISOString();
  for await (const page of store.scan(outcomes)) {
    for (const event of page) builder.addOutcome(event);
  }
  return { data: builder.finish(), facets };
}
