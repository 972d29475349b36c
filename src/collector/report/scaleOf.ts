/** The confidence question's scale and what counts as low on it. */
import type { ReportContext } from './reportData';
import type { ReportDetails } from './units';

/** The scale of the confidence question: declared by the stored question, widened by the answers given. */
export function scaleOf(details: Pick<ReportDetails, 'scaleBody' | 'answerRange'>, lowMax: number | null): ReportContext['scale'] {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  if (details.scaleBody !== null) {
    const question = (JSON.parse(details.scaleBody) as { question?: { min?: unknown; max?: unknown } }).question;
    if (typeof question?.min === 'number') min = question.min;
    if (typeof question?.max === 'number') max = question.max;
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
    lowMax: lowMax ?? from + 1,
    lowDefault: lowMax === null,
  };
}

