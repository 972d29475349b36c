/**
 * The report's units computed from a list of events in memory: the test oracle for the stores' aggregate
 * queries (`reportQueries.ts`). It follows the same rules step by step, written the plain way, so a test
 * can hold the SQL of both stores to it on the same events.
 */
import { deviceOf, normalizeTime, reportValues } from '../eventColumns';
import type { EventFilter, StoredEvent } from '../store';
import { displayStatus, weightOfRate } from './reportQueries';
import type { ConfidenceUnit, CountDetails, DisplayUnit, ReportSource, ScaleFacts, UnitQuery } from './units';

/** An event with the report's column values, as the stores keep them. */
interface Row {
  event: StoredEvent;
  answerNumber: number | null;
  answerText: string | null;
  step: number | null;
  activeMs: number | null;
  scrollDepth: number | null;
  productsCompared: number | null;
  productsViewed: number | null;
  filterChanges: number | null;
}

function toRow(event: StoredEvent): Row {
  const [answerNumber, answerText, step, activeMs, scrollDepth, productsCompared, productsViewed, filterChanges] = reportValues(event.body) as [
    number | null,
    string | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
    number | null,
  ];
  return { event, answerNumber, answerText, step, activeMs, scrollDepth, productsCompared, productsViewed, filterChanges };
}

/** The same test as the stores' WHERE clauses. */
export function matchesFilter(event: StoredEvent, filter: EventFilter): boolean {
  if (filter.type !== undefined) {
    const types: readonly string[] = typeof filter.type === 'string' ? [filter.type] : filter.type;
    if (!types.includes(event.type)) return false;
  }
  if (filter.surveyId !== undefined && event.surveyId !== filter.surveyId) return false;
  if (filter.surveyVersion !== undefined && event.surveyVersion !== filter.surveyVersion) return false;
  if (filter.sessionId !== undefined && event.sessionId !== filter.sessionId) return false;
  if (filter.visitorId !== undefined && event.visitorId !== filter.visitorId) return false;
  if (filter.responseId !== undefined && event.responseId !== filter.responseId) return false;
  if (filter.pageType !== undefined && event.pageType !== filter.pageType) return false;
  if (filter.device !== undefined && deviceOf(event.body) !== filter.device) return false;
  if (filter.since !== undefined && event.ts < normalizeTime(filter.since)) return false;
  if (filter.until !== undefined && event.ts >= normalizeTime(filter.until)) return false;
  return true;
}

const byTime = (a: Row, b: Row) => (a.event.ts < b.event.ts ? -1 : a.event.ts > b.event.ts ? 1 : a.event.id < b.event.id ? -1 : a.event.id > b.event.id ? 1 : 0);
const visitorKey = (e: StoredEvent) => (e.visitorId !== null ? `v${e.visitorId}` : `r${e.responseId ?? e.id}`);
const plusMs = (ts: string, ms: number) => new Date(Date.parse(ts) + ms).toISOString();

/** The first row of each key, in time order. */
function firstOf(rows: readonly Row[], key: (row: Row) => string): Row[] {
  const seen = new Set<string>();
  return rows.filter((row) => {
    const k = key(row);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * A `ReportSource` over events held in memory.
 *
 * ```ts
 * const source = memoryReportSource(store.all());
 * source.confidenceUnits(query, (unit) => units.push(unit));
 * ```
 */
export function memoryReportSource(events: readonly StoredEvent[]): ReportSource {
  const rows = events.map(toRow).sort(byTime);
  const sessionLast = new Map<string, string>();
  for (const { event } of rows) if (event.sessionId !== null) sessionLast.set(event.sessionId, event.ts);

  const outcomes = (query: UnitQuery, event: StoredEvent) => {
    const list = query.outcome === null ? [] : rows.filter((r) => r.event.type === 'outcome' && r.event.outcomeName === query.outcome && r.event.ts >= event.ts);
    const until = query.windowMs === null ? null : plusMs(event.ts, query.windowMs);
    return {
      session: event.sessionId !== null && list.some((r) => r.event.sessionId === event.sessionId),
      window: until !== null && event.visitorId !== null && list.some((r) => r.event.visitorId === event.visitorId && r.event.ts <= until),
    };
  };
  const signals = (row: Row) => ({
    step: row.step,
    activeMs: row.activeMs,
    scrollDepth: row.scrollDepth,
    productsCompared: row.productsCompared,
    productsViewed: row.productsViewed,
    filterChanges: row.filterChanges,
  });
  const surveyRows = (query: UnitQuery) => {
    const { type: _type, ...filter } = query.filter;
    return rows.filter((r) => matchesFilter(r.event, filter));
  };
  const isConfidence = (query: UnitQuery, r: Row) =>
    r.event.type === 'answer' && r.event.questionId === query.questionId && r.event.questionType === 'scale' && r.answerNumber !== null;

  return {
    confidenceUnits(query, onUnit) {
      if (query.questionId === null) return;
      const answers = surveyRows(query).filter((r) => isConfidence(query, r));
      const units = query.everyAnswer
        ? // One visitor's answers next to each other, as the stores' ORDER BY hands them over.
          [...answers].sort((a, b) => (visitorKey(a.event) < visitorKey(b.event) ? -1 : visitorKey(a.event) > visitorKey(b.event) ? 1 : 0))
        : firstOf(answers, (r) => visitorKey(r.event));
      for (const row of units) {
        const { event } = row;
        const joined = outcomes(query, event);
        onUnit({
          id: event.id,
          ts: event.ts,
          joinable: event.visitorId !== null,
          cluster: event.visitorId ?? event.id,
          value: row.answerNumber!,
          weight: weightOfRate(event.sampleRate),
          pageType: event.pageType,
          variant: event.variant,
          ...signals(row),
          sessionLast: event.sessionId === null ? null : sessionLast.get(event.sessionId)!,
          sessionOutcome: event.visitorId !== null && joined.session,
          windowOutcome: event.visitorId !== null && joined.window,
          wentOn: event.sessionId !== null && rows.some((r) => r.event.sessionId === event.sessionId && r.event.ts >= event.ts && r.event.pageViewId !== event.pageViewId),
        } satisfies ConfidenceUnit);
      }
    },

    displayUnits(query, onUnit) {
      const shown = surveyRows(query).filter((r) => r.event.type === 'impression' && r.event.responseId !== null);
      const firstDisplays = new Set(firstOf(shown, (r) => visitorKey(r.event)).map((r) => r.event.id));
      const firstTime = (responseId: string, type: string) => rows.find((r) => r.event.responseId === responseId && r.event.type === type)?.event.ts ?? null;
      for (const row of shown) {
        const { event } = row;
        const first = firstDisplays.has(event.id);
        const joined = first ? outcomes(query, event) : { session: false, window: false };
        onUnit({
          id: event.id,
          ts: event.ts,
          joinable: event.visitorId !== null,
          weight: weightOfRate(event.sampleRate),
          pageType: event.pageType,
          variant: event.variant,
          ...signals(row),
          status: displayStatus(firstTime(event.responseId!, 'answer'), firstTime(event.responseId!, 'dismiss')),
          firstOfVisitor: first,
          sessionLast: first && query.windowMs === null && event.sessionId !== null ? sessionLast.get(event.sessionId)! : null,
          sessionOutcome: first && query.windowMs === null && event.visitorId !== null && joined.session,
          windowOutcome: first && event.visitorId !== null && joined.window,
        } satisfies DisplayUnit);
      }
    },

    scaleFacts(query) {
      const facts: ScaleFacts = { confidenceAnswers: 0, answerRange: null, scaleBody: null, variantBodies: {} };
      const confidence = surveyRows(query).filter((r) => isConfidence(query, r));
      facts.confidenceAnswers = confidence.length;
      if (confidence.length) {
        const values = confidence.map((r) => r.answerNumber!);
        facts.answerRange = { min: Math.min(...values), max: Math.max(...values) };
        facts.scaleBody = JSON.stringify(confidence[confidence.length - 1]!.event.body);
      }
      // The latest answer of each variant (rows are in time order).
      for (const r of confidence) {
        if (r.event.variant !== null) facts.variantBodies[r.event.variant] = JSON.stringify(r.event.body);
      }
      return facts;
    },

    details(query, lowMax, openTextLimit) {
      const matching = surveyRows(query);
      const details: CountDetails = { events: {}, pageViews: {}, followUps: [], followUpResponses: {}, openText: [] };
      for (const { event } of matching) {
        if (['impression', 'answer', 'complete', 'dismiss'].includes(event.type)) details.events[event.type] = (details.events[event.type] ?? 0) + 1;
      }

      const { since, until, pageType, device } = query.filter;
      const views = { type: 'pageview' as const, since, until, pageType, device };
      for (const { event } of rows) {
        if (!matchesFilter(event, Object.fromEntries(Object.entries(views).filter(([, v]) => v !== undefined)))) continue;
        details.pageViews[event.pageType ?? ''] = (details.pageViews[event.pageType ?? ''] ?? 0) + 1;
      }

      if (query.questionId !== null) {
        const low = new Set(matching.filter((r) => isConfidence(query, r) && r.answerNumber! <= lowMax && r.event.responseId !== null).map((r) => r.event.responseId!));
        const combos = new Map<string, { questionId: string; value: string; responses: Set<string>; body: string }>();
        const perQuestion = new Map<string, Set<string>>();
        for (const { event } of rows) {
          if (event.type !== 'answer' || event.questionType !== 'choice' || event.answerValue === null || !low.has(event.responseId ?? '')) continue;
          const value = JSON.stringify(event.answerValue);
          const key = `${event.questionId}\0${value}`;
          const body = JSON.stringify(event.body);
          const combo = combos.get(key) ?? { questionId: event.questionId!, value, responses: new Set(), body };
          combo.responses.add(event.responseId!);
          if (body > combo.body) combo.body = body;
          combos.set(key, combo);
          const answered = perQuestion.get(event.questionId!) ?? new Set();
          answered.add(event.responseId!);
          perQuestion.set(event.questionId!, answered);
        }
        details.followUps = [...combos.values()].map((c) => ({ questionId: c.questionId, value: c.value, responses: c.responses.size, body: c.body }));
        details.followUpResponses = Object.fromEntries([...perQuestion].map(([id, set]) => [id, set.size]));
      }

      details.openText = matching
        .filter((r) => r.event.type === 'answer' && r.answerText !== null)
        .reverse()
        .slice(0, openTextLimit)
        .map((r) => {
          const same = rows.filter((c) => c.event.responseId === r.event.responseId && r.event.responseId !== null && isConfidence(query, c) && c.event.questionType === 'scale');
          return {
            ts: r.event.ts,
            pageType: r.event.pageType,
            questionId: r.event.questionId ?? '',
            text: r.answerText!,
            confidence: same.length ? same[same.length - 1]!.answerNumber : null,
          };
        });
      return details;
    },
  };
}
