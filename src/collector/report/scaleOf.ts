/** The confidence question's scale and what counts as low on it. */
import type { ReportContext } from './reportData';
import type { ReportDetails } from './units';

/**
 * The scale of the confidence question: declared by the latest stored answer's question, widened by the
 * answers given. Low confidence is what the report was asked for, else what the survey document set
 * (`low`, recorded with each answer), else the bottom two points.
 */
export function scaleOf(details: Pick<ReportDetails, 'scaleBody' | 'answerRange'>, lowMax: number | null): ReportContext['scale'] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let surveyLow: number | undefined;
  if (details.scaleBody !== null) {
    const question = (JSON.parse(details.scaleBody) as { question?: { min?: unknown; max?: unknown; low?: unknown } }).question;
    if (typeof question?.min === 'number') min = question.min;
    if (typeof question?.max === 'number') max = question.max;
    if (typeof question?.low === 'number') surveyLow = question.low;
  }
  if (details.answerRange) {
    min = Math.min(min, details.answerRange.min);
    max = Math.max(max, details.answerRange.max);
  }
  const from = Number.isFinite(min) ? Math.floor(min) : 1;
  const to = Number.isFinite(max) ? Math.ceil(max) : 5;
  // The default "low" is the bottom two points: 1–2 of 1–5, 0–1 of 0–10. The midpoint is not low.
  return {
    min: from,
    max: to,
    levels: Array.from({ length: to - from + 1 }, (_, i) => from + i),
    lowMax: lowMax ?? surveyLow ?? from + 1,
    lowSource: lowMax !== null ? 'report' : surveyLow !== undefined ? 'survey' : 'default',
  };
}

