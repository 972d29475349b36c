import type { Survey } from '../../contract/documentShapes';
import { firedTrigger, type TriggerState } from './firedTrigger';

/**
 * Eligibility: the survey to show now and the trigger that fired it: the first survey of the document that is
 * `eligible` and whose trigger fires in `state`; undefined when none does. Runs on each signals change (scroll frame,
 * 1 s tick, input, `track`), before the document is validated, so it reads the document defensively.
 */
export function pickSurvey(document: any, state: TriggerState, eligible: (survey: Survey) => boolean): [surveyId: string, trigger: string] | undefined {
  for (const survey of (Array.isArray(document?.surveys) ? document.surveys : []) as Survey[]) {
    const trigger = eligible(survey) && firedTrigger(survey.trigger, state);
    if (trigger) return [survey.id, trigger];
  }
  return undefined;
}
