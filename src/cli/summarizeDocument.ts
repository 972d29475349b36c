import type { Question, Survey, SurveyDocument, Trigger } from '../contract/documentShapes';

/**
 * What a valid document will do, as the lines `confidence-pulse validate` prints after "ok": for each survey
 * the page types it runs on (with their URL rules), its trigger, sample rate, frequency, variants, questions
 * and languages; then the rules across surveys.
 *
 * ```text
 *   decision-confidence v3
 *     pages      category (/c/**), comparison (/compare**)
 *     trigger    any(scrollDepth 0.5, activeSeconds 20, event compare ×2)
 * ```
 */
export function summarizeDocument(doc: SurveyDocument): string[] {
  const lines: string[] = [];
  const row = (label: string, text: string) => lines.push(`    ${label.padEnd(10)} ${text}`);
  for (const survey of doc.surveys) {
    lines.push(`  ${survey.id} v${survey.version}`);
    row('pages', survey.pages.map((type) => `${type} (${describePageRule(doc, type)})`).join(', '));
    row('trigger', summarizeTrigger(survey.trigger));
    row('sample', `${survey.sample ?? 1}${(survey.sample ?? 1) < 1 ? ` (${percent(survey.sample!)} of visitors, sticky)` : ''}`);
    row('frequency', summarizeFrequency(doc, survey));
    row('variants', summarizeVariants(survey));
    row('questions', survey.questions.map(summarizeQuestion).join('; '));
    const languages = languagesOf(survey);
    if (languages.length) row('languages', languages.join(', '));
  }
  const across: string[] = [];
  if (doc.frequency?.maxPerSession) across.push(`at most ${plural(doc.frequency.maxPerSession, 'survey')} per session`);
  if (doc.frequency?.minGapMinutes) across.push(`${plural(doc.frequency.minGapMinutes, 'minute')} apart`);
  if (across.length) lines.push(`  all surveys: ${across.join(', ')}`);
  const outcomes = Object.entries(doc.outcomes ?? {}).map(([name, rule]) => {
    const on = [...urlRules(rule), ...(rule.selector ? [`click on ${rule.selector}`] : [])];
    return `${name} (${on.join(', ')})`;
  });
  if (outcomes.length) lines.push(`  outcomes: ${outcomes.join(', ')}`);
  if (doc.recordPageViews) lines.push('  page views: recorded when each page is hidden');
  return lines;
}

/** `any(scrollDepth 0.5, exitIntent, event compare ×2)`. */
export function summarizeTrigger(trigger: Trigger): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(trigger)) {
    if (value === undefined || key === 'count') continue;
    if (key === 'any' || key === 'all') parts.push(`${key}(${(value as Trigger[]).map(summarizeTrigger).join(', ')})`);
    else if (key === 'event') parts.push(`event ${String(value)}${trigger.count && trigger.count > 1 ? ` ×${trigger.count}` : ''}`);
    else if (value === true) parts.push(key);
    else parts.push(`${key} ${String(value)}`);
  }
  return parts.join(' + ') || 'none';
}

function urlRules(rule: { match?: string[] | undefined; regex?: string[] | undefined }): string[] {
  return [...(rule.match ?? []), ...(rule.regex ?? []).map((r) => `/${r}/`)];
}

function describePageRule(doc: SurveyDocument, type: string): string {
  const rules = urlRules(doc.pages[type] ?? {});
  return rules.length ? rules.join(', ') : 'data-cp-page only';
}

function summarizeFrequency(doc: SurveyDocument, survey: Survey): string {
  const rules = { ...survey.frequency, ...doc.frequency };
  const parts = [
    rules.cooldownDays ? `again after ${plural(rules.cooldownDays, 'day')}` : 'once per visitor',
    `at most ${plural(rules.maxPerSession ?? 1, 'survey')} per session`,
  ];
  if (rules.afterDismissDays) parts.push(`not for ${plural(rules.afterDismissDays, 'day')} after a dismissal`);
  if (rules.minGapMinutes) parts.push(`${plural(rules.minGapMinutes, 'minute')} after any other survey`);
  return parts.join(', ');
}

function summarizeVariants(survey: Survey): string {
  const variants = survey.variants ?? [];
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  return variants.map((v) => `${v.id} ${percent(v.weight / total)}`).join(', ') || 'none';
}

function summarizeQuestion(q: Question): string {
  const what =
    q.type === 'scale'
      ? `scale ${q.min}–${q.max}${q.layout === 'nps' ? ' (NPS)' : ''}`
      : q.type === 'choice'
        ? `${q.multiple ? 'multiple ' : ''}choice of ${q.options.length}${q.other ? ' + other' : ''}`
        : q.type === 'text'
          ? `text ≤ ${q.maxLength}`
          : 'yes/no';
  const when = q.when
    ? `, shown if ${[
        q.when.eq !== undefined && `${q.when.question} = ${q.when.eq}`,
        q.when.in && `${q.when.question} in ${q.when.in.join('|')}`,
        q.when.lte !== undefined && `${q.when.question} ≤ ${q.when.lte}`,
        q.when.gte !== undefined && `${q.when.question} ≥ ${q.when.gte}`,
      ]
        .filter(Boolean)
        .join(' and ')}`
    : '';
  return `${q.id}: ${what}${q.required === false ? ', optional' : ''}${when}`;
}

/** The languages of the survey's question texts (the widget picks one of these). */
function languagesOf(survey: Survey): string[] {
  const text = survey.questions[0]!.text;
  return typeof text === 'object' ? Object.keys(text) : [];
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const percent = (share: number) => `${Math.round(share * 1000) / 10}%`;
