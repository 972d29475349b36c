import type { Survey } from '../../contract/documentShapes';
import { hashToUnit } from '../lib/hashToUnit';
import type { DebugState } from '../pulseApi';
import { firedTrigger } from '../eligibility/firedTrigger';
import { describeTrigger } from './describeTrigger';

/** One survey, explained: the headline (`not shown: …`, `waiting for its trigger`, …) and the facts behind it. */
export interface Explanation {
  surveyId: string;
  verdict: string;
  lines: string[];
}

/** The instance's state, by name (the core hands it over as a `DebugState` tuple). */
export interface State {
  config: any;
  validated: DebugState[1];
  invalid: boolean;
  page: DebugState[3];
  session: DebugState[4];
  permitted: boolean;
  consent: boolean | undefined;
  gpc: boolean;
  caps: DebugState[8];
  busy: boolean;
  trigger: DebugState[10];
  loadError: string | undefined;
}

/** Names the tuple's fields. */
export const stateOf = ([config, validated, invalid, page, session, permitted, consent, gpc, caps, busy, trigger, loadError]: DebugState): State => ({
  config,
  validated,
  invalid,
  page,
  session,
  permitted,
  consent,
  gpc,
  caps,
  busy,
  trigger,
  loadError,
});

const DAY_MS = 86_400_000;
const date = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

/** Why the caps forbid the survey now, or undefined when they allow it (the rules of `canShow`, in words). */
function capReason(survey: Survey, config: any, state: State, now: number): { lines: string[]; blocked: string | undefined } {
  const rules = { ...survey.frequency, ...config?.frequency };
  const { caps, session } = state;
  const record = caps.surveys[survey.id];
  const count = caps.sessionId === session.sessionId ? (caps.sessionCount ?? 0) : 0;
  const max = rules.maxPerSession ?? 1;
  const lines = [`caps: ${count} of ${max} survey(s) shown this session`];
  let blocked: string | undefined;
  if (count >= max) blocked = `maxPerSession: ${count} of ${max} survey(s) already shown this session`;
  if (record?.shown !== undefined) {
    lines.push(`  last shown ${date(record.shown)} UTC`);
    if (rules.cooldownDays === undefined) blocked ??= 'already shown to this visitor (once per visitor: the survey sets no cooldownDays)';
    else if (now - record.shown < rules.cooldownDays * DAY_MS) blocked ??= `cooldownDays: shown ${date(record.shown)} UTC, ${rules.cooldownDays} day(s) must pass`;
  }
  if (record?.dismissed !== undefined) {
    lines.push(`  last dismissed ${date(record.dismissed)} UTC`);
    if (rules.afterDismissDays !== undefined && now - record.dismissed < rules.afterDismissDays * DAY_MS) {
      blocked ??= `afterDismissDays: dismissed ${date(record.dismissed)} UTC, ${rules.afterDismissDays} day(s) must pass`;
    }
  }
  if (caps.lastShown !== undefined && rules.minGapMinutes && now - caps.lastShown < rules.minGapMinutes * 60_000) {
    blocked ??= `minGapMinutes: a survey was shown ${date(caps.lastShown)} UTC, ${rules.minGapMinutes} minute(s) must pass between any two`;
  }
  return { lines, blocked };
}

/** Where the page type came from: `data-cp-page`, the first matching `pages` rule, or nowhere. */
export function pageTypeSource(state: State, declared: string | null): string {
  const type = state.page.type;
  if (!type) return `page type: none (no data-cp-page on the page and no "pages" rule matches ${state.page.path})`;
  if (declared === type) return `page type: "${type}" from data-cp-page`;
  if (state.config?.pages?.[type]) return `page type: "${type}" from the rule pages.${type} (${JSON.stringify(state.config.pages[type])})`;
  return `page type: "${type}" from page("${type}")`;
}

/**
 * Explains every survey of the document for this page view, in the order the core considers them: the document,
 * consent, the page type, the sample, the caps, then the trigger. Pure: it reads the state it is given.
 */
export function explainSurveys(state: State, declared: string | null, now = Date.now()): { header: string[]; surveys: Explanation[] } {
  const { config } = state;
  const header: string[] = [];
  const consentLine = state.permitted
    ? `consent: ${state.consent === true ? 'given by consent(true)' : 'not required'}`
    : state.consent === false
      ? 'consent: refused by consent(false): nothing is stored, sent or shown'
      : 'consent: required (consent: "required") and not given yet: call ConfidencePulse(\'consent\', true)';
  header.push(consentLine);
  header.push(state.gpc ? 'GPC: on: surveys still show; events go out without ids or signals' : 'GPC: off');
  header.push(pageTypeSource(state, declared));
  let documentProblem: string | undefined;
  if (state.loadError) documentProblem = state.loadError.replace(/^\[confidence-pulse\] /, '');
  else if (config === undefined) documentProblem = 'no survey document: set data-config, an inline #confidence-pulse-config, or init({ config })';
  else if (state.invalid) documentProblem = 'the survey document is invalid (the error above names the problem)';
  if (documentProblem) header.push(documentProblem);
  const list: Survey[] = Array.isArray(config?.surveys) ? config.surveys : [];
  if (!documentProblem && !list.length) header.push('the survey document has no surveys');
  const surveys = list.map((survey): Explanation => {
    const lines: string[] = [];
    let verdict: string | undefined;
    const not = (reason: string) => (verdict ??= `not shown: ${reason}`);
    if (documentProblem) not(documentProblem);
    if (!state.permitted) not(consentLine);
    const pages = Array.isArray(survey.pages) ? survey.pages : [];
    lines.push(`pages: ${pages.join(', ') || 'none'}`);
    if (!state.page.type) not('this page has no page type');
    else if (!pages.includes(state.page.type)) not(`this page is "${state.page.type}", not one of the survey's pages (${pages.join(', ')})`);
    const rate = typeof survey.sample === 'number' ? survey.sample : 1;
    if (rate >= 1) lines.push('sample: 100%: every visitor');
    else {
      const bucket = hashToUnit(`${state.session.visitorId}:${survey.id}`);
      const inside = bucket < rate;
      lines.push(`sample: visitor's bucket ${bucket.toFixed(3)} against rate ${rate}: ${inside ? 'in' : 'out'}`);
      if (!inside) not(`sample: this visitor's bucket ${bucket.toFixed(3)} is not below the rate ${rate} (set "sample": 1 while testing)`);
    }
    const caps = capReason(survey, config, state, now);
    lines.push(...caps.lines);
    if (caps.blocked) not(caps.blocked);
    lines.push('trigger:', ...describeTrigger(survey.trigger, state.trigger, '  '));
    if (state.busy) not('another survey is being shown');
    if (!firedTrigger(survey.trigger, state.trigger)) not('waiting for its trigger');
    return { surveyId: String(survey.id), verdict: verdict ?? 'eligible and its trigger fired: showing', lines };
  });
  return { header, surveys };
}
