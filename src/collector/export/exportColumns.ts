import type { StoredEvent } from '../store';
import { guardFormula } from './csvCell';

/** Behavioural signals with a column of their own; any others go, as JSON, in `signals_other`. */
export const SIGNAL_COLUMNS = [
  'activeMs',
  'totalMs',
  'hiddenMs',
  'timeToFirstInteractionMs',
  'maxScrollDepth',
  'scrollReversals',
  'clicks',
  'rageClicks',
  'idlePeriods',
  'inputModality',
  'productsViewed',
  'productsCompared',
  'filterChanges',
  'pageIndex',
  'journey',
  'navigationType',
  'viewport',
  'timeToAnswerMs',
  'answerChanges',
] as const;

type Cell = string | number | boolean | null | undefined;

/** Lists (multiple-choice answers, the journey) as one cell: `reviews;price`, `category;comparison`, each item guarded. */
const list = (value: unknown): Cell =>
  Array.isArray(value)
    ? value.map((item) => (typeof item === 'string' ? guardFormula(item) : item)).join(';')
    : value !== null && typeof value === 'object'
      ? JSON.stringify(value)
      : (value as Cell);

/** The export's columns, each with how to read it from a stored event. One row per event. */
const COLUMNS: readonly [string, (e: StoredEvent) => Cell][] = [
  ['id', (e) => e.id],
  ['type', (e) => e.type],
  ['ts', (e) => e.ts],
  ['received_at', (e) => e.receivedAt],
  ['sent_at', (e) => e.sentAt],
  ['visitor_id', (e) => e.visitorId],
  ['session_id', (e) => e.sessionId],
  ['page_view_id', (e) => e.pageViewId],
  ['response_id', (e) => e.responseId],
  ['page_type', (e) => e.pageType],
  ['page_path', (e) => e.pagePath],
  ['survey_id', (e) => e.surveyId],
  ['survey_version', (e) => e.surveyVersion],
  ['variant', (e) => e.variant],
  ['sample_rate', (e) => e.sampleRate],
  ['question_id', (e) => e.questionId],
  ['question_type', (e) => e.questionType],
  ['question_text', (e) => e.body.question?.text],
  ['question_min', (e) => e.body.question?.min],
  ['question_max', (e) => e.body.question?.max],
  ['answer_value', (e) => list(e.answerValue)],
  ['answer_label', (e) => e.body.answer?.label],
  ['answer_other', (e) => e.body.answer?.other],
  ['trigger', (e) => e.body.trigger],
  ['dismiss_method', (e) => e.body.dismiss?.method],
  ['outcome_name', (e) => e.outcomeName],
  ['outcome_value', (e) => e.body.outcome?.value],
  ['outcome_currency', (e) => e.body.outcome?.currency],
  ['locale', (e) => e.body.locale],
  ['device', (e) => e.device],
  ...SIGNAL_COLUMNS.map((name): [string, (e: StoredEvent) => Cell] => [`signals.${name}`, (e) => list(e.body.signals?.[name])]),
  [
    'signals_other',
    (e) => {
      const signals = e.body.signals;
      if (!signals) return null;
      const rest = Object.fromEntries(Object.entries(signals).filter(([key]) => !(SIGNAL_COLUMNS as readonly string[]).includes(key)));
      return Object.keys(rest).length ? JSON.stringify(rest) : null;
    },
  ],
];

/** The CSV header's column names, in order. */
export const EXPORT_COLUMNS: readonly string[] = COLUMNS.map(([name]) => name);

/** One event as the export's row of cells, in `EXPORT_COLUMNS` order. */
export function toExportRow(event: StoredEvent): Cell[] {
  return COLUMNS.map(([, read]) => read(event));
}
