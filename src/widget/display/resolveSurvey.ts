import type { LocalizedText, Question, Survey } from '../../contract/documentShapes';
import { hashToUnit } from '../lib/hashToUnit';
import type { ResolvedQuestion, ResolvedSurvey } from './ui/types';
import { directionOf, pickLocale } from './pickLocale';
import { UI_STRINGS } from './uiStrings';

export interface ResolveOptions {
  /** Reader's languages, best first (`<html lang>`, then `navigator.languages`). */
  preferred: readonly (string | null | undefined)[];
  /** The visitor's variant id, if the survey has variants. */
  variant?: string | undefined;
  /** Seeds the per-respondent option shuffle, so a respondent sees a stable order. */
  seed: string;
}

/**
 * Turns a validated survey into what the UI renders: one locale, variant texts applied,
 * options shuffled when asked, plain strings only.
 */
export function resolveSurvey(survey: Survey, { preferred, variant, seed }: ResolveOptions): ResolvedSurvey {
  const first = survey.questions[0]!.text;
  const locale = pickLocale(typeof first === 'string' ? [] : Object.keys(first), preferred);
  const t = (text: LocalizedText | undefined): string | undefined =>
    text === undefined ? undefined : typeof text === 'string' ? text : (text[locale] ?? Object.values(text)[0]);
  const overrides = survey.variants?.find((v) => v.id === variant)?.text ?? {};
  const base = UI_STRINGS[locale.split('-')[0]!.toLowerCase()] ?? UI_STRINGS.en!;

  const questions = survey.questions.map((q: Question): ResolvedQuestion => {
    const common = { id: q.id, text: t(overrides[q.id] ?? q.text)!, when: q.when, required: q.required !== false };
    switch (q.type) {
      case 'scale': {
        const pointLabels: Record<number, string> = {};
        for (const [point, text] of Object.entries(q.labels?.points ?? {})) pointLabels[Number(point)] = t(text)!;
        return {
          ...common,
          type: 'scale',
          min: q.min,
          max: q.max,
          low: q.low,
          minLabel: t(q.labels?.min),
          maxLabel: t(q.labels?.max),
          pointLabels,
          layout: q.layout ?? 'numbers',
          direction: q.direction ?? 'asc',
        };
      }
      case 'choice': {
        const options = q.options.map((o) => ({ id: o.id, text: t(o.text)! }));
        if (q.shuffle) options.sort((a, b) => hashToUnit(`${seed}:${a.id}`) - hashToUnit(`${seed}:${b.id}`));
        return {
          ...common,
          type: 'choice',
          multiple: q.multiple === true,
          options,
          other: q.other && { maxLength: q.other.maxLength, text: t(q.other.text) ?? base.other },
        };
      }
      case 'text':
        return { ...common, type: 'text', maxLength: q.maxLength, placeholder: t(q.placeholder) };
      case 'binary':
        return { ...common, type: 'binary', yes: t(q.labels?.yes) ?? '✓', no: t(q.labels?.no) ?? '✗' };
    }
  });

  return {
    id: survey.id,
    locale,
    dir: directionOf(locale),
    questions,
    strings: { ...base, thanks: t(survey.thanks) ?? base.thanks },
  };
}
