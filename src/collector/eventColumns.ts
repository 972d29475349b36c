/**
 * The column layout both stores share: how an event becomes a row, and a row an event.
 * Keeping it in one place is what makes the SQLite and PostgreSQL stores answer the same.
 */
import type { EventType, PulseEvent } from '../contract/eventShapes';
import type { EventFilter, StoredEvent } from './store';

/**
 * Columns the report reads instead of parsing bodies: a numeric answer, open text, and the behavioural
 * signals it compares, copied at ingest so its queries stay aggregate (GROUP BY, joins on indexes).
 */
export const REPORT_COLUMNS = [
  'answer_number',
  'answer_text',
  'page_index',
  'active_ms',
  'scroll_depth',
  'products_compared',
  'products_viewed',
  'filter_changes',
] as const;

/** Columns in insert order; `toColumnValues` answers values in the same order. */
export const EVENT_COLUMNS = [
  'id',
  'type',
  'ts',
  'received_at',
  'sent_at',
  'visitor_id',
  'session_id',
  'page_view_id',
  'response_id',
  'page_type',
  'page_path',
  'survey_id',
  'survey_version',
  'variant',
  'sample_rate',
  'question_id',
  'question_type',
  'answer_value',
  'device',
  'outcome_name',
  ...REPORT_COLUMNS,
  'body',
] as const;

/** A row as a database driver returns it (timestamps may come back as `Date`, big integers as strings). */
export interface EventRow {
  id: string;
  type: EventType;
  ts: string | Date;
  received_at: string | Date;
  sent_at: string | Date | null;
  visitor_id: string | null;
  session_id: string | null;
  page_view_id: string;
  response_id: string | null;
  page_type: string | null;
  page_path: string;
  survey_id: string | null;
  survey_version: number | string | null;
  variant: string | null;
  sample_rate: number | null;
  question_id: string | null;
  question_type: string | null;
  answer_value: string | null;
  device: string | null;
  outcome_name: string | null;
  answer_number?: number | null;
  answer_text?: string | null;
  page_index?: number | null;
  active_ms?: number | null;
  scroll_depth?: number | null;
  products_compared?: number | null;
  products_viewed?: number | null;
  filter_changes?: number | null;
  body: string;
}

/** `2026-11-22T10:00:00Z` and `…00.000Z` are the same instant; one spelling keeps text order equal to time order. */
export function normalizeTime(iso: string): string {
  return new Date(iso).toISOString();
}

/** The device class an event carries, if any (`signals.viewport` is set by the widget). */
export function deviceOf(event: PulseEvent): string | null {
  const viewport = event.signals?.viewport;
  return typeof viewport === 'string' ? viewport : null;
}

/**
 * An event's column values, in `EVENT_COLUMNS` order. `sentAt` is its batch's, already normalised (`normalizeTime`):
 * the stores do it once per batch, not once per event.
 */
export function toColumnValues(event: PulseEvent, receivedAt: string, sentAt: string | null): unknown[] {
  return [
    event.id,
    event.type,
    normalizeTime(event.ts),
    receivedAt,
    sentAt,
    event.visitorId ?? null,
    event.sessionId ?? null,
    event.pageViewId,
    event.responseId ?? null,
    event.page.type ?? null,
    event.page.path,
    event.survey?.id ?? null,
    event.survey?.version ?? null,
    event.survey?.variant ?? null,
    event.survey?.sampleRate ?? null,
    event.question?.id ?? null,
    event.question?.type ?? null,
    event.answer ? JSON.stringify(event.answer.value) : null,
    deviceOf(event),
    event.outcome?.name ?? null,
    ...reportValues(event),
    JSON.stringify(event),
  ];
}

/** A finite number, else null: signals are numbers by contract, but a body may carry anything the schema allows. */
const finite = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** The open text an answer carries: a text question's answer, or the "other" of a choice; blank is none. */
export function openTextOf(event: PulseEvent): string | null {
  const answer = event.answer;
  if (!answer) return null;
  if (event.question?.type === 'text' && typeof answer.value === 'string' && answer.value.trim()) return answer.value;
  return answer.other?.trim() ? answer.other : null;
}

/** The values of `REPORT_COLUMNS`, in order. */
export function reportValues(event: PulseEvent): unknown[] {
  const signals = event.signals ?? {};
  return [
    finite(event.answer?.value),
    openTextOf(event),
    finite(signals.pageIndex),
    finite(signals.activeMs),
    finite(signals.maxScrollDepth),
    finite(signals.productsCompared),
    finite(signals.productsViewed),
    finite(signals.filterChanges),
  ];
}

const iso = (value: string | Date): string => (typeof value === 'string' ? value : value.toISOString());

/** A database row as the store's public shape. */
export function toStoredEvent(row: EventRow): StoredEvent {
  return {
    id: row.id,
    type: row.type,
    ts: iso(row.ts),
    receivedAt: iso(row.received_at),
    sentAt: row.sent_at === null ? null : iso(row.sent_at),
    visitorId: row.visitor_id,
    sessionId: row.session_id,
    pageViewId: row.page_view_id,
    responseId: row.response_id,
    pageType: row.page_type,
    pagePath: row.page_path,
    surveyId: row.survey_id,
    surveyVersion: row.survey_version === null ? null : Number(row.survey_version),
    variant: row.variant,
    sampleRate: row.sample_rate,
    questionId: row.question_id,
    questionType: row.question_type,
    answerValue: row.answer_value === null ? null : (JSON.parse(row.answer_value) as StoredEvent['answerValue']),
    device: row.device,
    outcomeName: row.outcome_name,
    body: JSON.parse(row.body) as PulseEvent,
  };
}

/** Filter fields that map to one column each; the only names ever spliced into SQL. */
const FILTER_COLUMNS = {
  surveyId: 'survey_id',
  surveyVersion: 'survey_version',
  sessionId: 'session_id',
  visitorId: 'visitor_id',
  responseId: 'response_id',
  pageType: 'page_type',
  device: 'device',
} as const satisfies Partial<Record<keyof EventFilter, string>>;

/**
 * The WHERE clauses of a filter. Values only ever travel as bound parameters: `bind` receives each
 * value, keeps it, and answers the marker that stands for it in the SQL (`?` for SQLite, `$3` for PostgreSQL).
 */
export function filterClauses(filter: EventFilter, bind: (value: unknown) => string): string[] {
  const clauses: string[] = [];
  if (filter.type !== undefined) {
    const types = typeof filter.type === 'string' ? [filter.type] : filter.type;
    if (types.length === 0) clauses.push('1 = 0');
    else clauses.push(types.length === 1 ? `type = ${bind(types[0])}` : `type IN (${types.map(bind).join(', ')})`);
  }
  for (const key of Object.keys(FILTER_COLUMNS) as (keyof typeof FILTER_COLUMNS)[]) {
    const value = filter[key];
    if (value !== undefined) clauses.push(`${FILTER_COLUMNS[key]} = ${bind(value)}`);
  }
  if (filter.since !== undefined) clauses.push(`ts >= ${bind(normalizeTime(filter.since))}`);
  if (filter.until !== undefined) clauses.push(`ts < ${bind(normalizeTime(filter.until))}`);
  return clauses;
}
