import type { Survey } from '../../contract/documentShapes';
import { firedTrigger, type TriggerState } from './firedTrigger';

/**
 * The survey to show now and the trigger that fired it: the first survey of the document that is `eligible` and
 * whose trigger fires in `state`; undefined when none does. Runs on each signals change (scroll frame, 1 s tick,
 * input, `track`), before the document is validated, so it reads the document defensively.
 */
export function pickSurvey(config: any, state: TriggerState, eligible: (survey: Survey) => boolean): [surveyId: string, trigger: string] | undefined {
  for (const survey of (Array.isArray(config?.surveys) ? config.surveys : []) as Survey[]) {
    if (!eligible(survey)) continue;
    const trigger = firedTrigger(survey.trigger, state);
    if (trigger) return [survey.id, trigger];
  }
  return undefined;
}
