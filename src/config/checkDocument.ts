import type { LocalizedText, Question, SurveyDocument, Trigger } from './schema';
import type { ConfigIssue } from './issue';

/** Trigger keys that are conditions of their own (`count` only qualifies `event`). */
const TRIGGER_CONDITIONS = ['activeSeconds', 'scrollDepth', 'exitIntent', 'idleSeconds', 'event', 'visible', 'pageIndex', 'any', 'all'];

/**
 * Rules across fields that a shape cannot express: references, uniqueness,
 * ranges and locale coverage. Runs only on a document whose shape is valid.
 */
export function checkDocument(doc: SurveyDocument): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string, hint?: string) =>
    issues.push(hint ? { path, message, hint } : { path, message });

  for (const [type, rule] of Object.entries(doc.pages)) {
    // A rule with neither `match` nor `regex` is allowed: the type is then set only by data-cp-page.
    checkRegexes(rule.regex, `pages.${type}.regex`, add);
  }
  for (const [name, rule] of Object.entries(doc.outcomes ?? {})) {
    checkRegexes(rule.regex, `outcomes.${name}.regex`, add);
    if (!rule.match && !rule.regex && !rule.selector) {
      add(`outcomes.${name}`, 'needs "match", "regex" or "selector"');
    }
  }

  const locales = new Set<string>();
  eachText(doc, (text) => {
    if (typeof text === 'object') Object.keys(text).forEach((l) => locales.add(l));
  });

  const surveyIds = new Set<string>();
  doc.surveys.forEach((survey, s) => {
    const at = `surveys[${s}]`;
    if (surveyIds.has(survey.id)) add(`${at}.id`, `duplicate survey id "${survey.id}"`);
    surveyIds.add(survey.id);

    survey.pages.forEach((page, p) => {
      if (!(page in doc.pages)) {
        add(`${at}.pages[${p}]`, `unknown page type "${page}"`, `page types defined: ${Object.keys(doc.pages).join(', ') || 'none'}`);
      }
    });

    checkTrigger(survey.trigger, `${at}.trigger`, add);

    const seen: string[] = [];
    survey.questions.forEach((question, q) => {
      const qAt = `${at}.questions[${q}]`;
      if (seen.includes(question.id)) add(`${qAt}.id`, `duplicate question id "${question.id}"`);
      if (question.type === 'scale') {
        if (question.min >= question.max) add(`${qAt}.max`, `must be greater than min (${question.min})`);
        if (question.layout === 'nps' && (question.min !== 0 || question.max !== 10)) {
          add(`${qAt}.layout`, 'the "nps" layout needs min 0 and max 10');
        }
        for (const point of Object.keys(question.labels?.points ?? {})) {
          const n = Number(point);
          if (!Number.isInteger(n) || n < question.min || n > question.max) {
            add(`${qAt}.labels.points.${point}`, `not a point of the scale ${question.min}–${question.max}`);
          }
        }
      }
      if (question.type === 'choice') {
        const optionIds = new Set<string>();
        question.options.forEach((option, o) => {
          if (optionIds.has(option.id)) add(`${qAt}.options[${o}].id`, `duplicate option id "${option.id}"`);
          optionIds.add(option.id);
        });
      }
      if (question.when) checkWhen(question.when, survey.questions, seen, `${qAt}.when`, add);
      seen.push(question.id);
    });

    if (survey.variants) {
      const variantIds = new Set<string>();
      let total = 0;
      survey.variants.forEach((variant, v) => {
        total += variant.weight;
        if (variantIds.has(variant.id)) add(`${at}.variants[${v}].id`, `duplicate variant id "${variant.id}"`);
        variantIds.add(variant.id);
        for (const questionId of Object.keys(variant.text ?? {})) {
          if (!seen.includes(questionId)) add(`${at}.variants[${v}].text.${questionId}`, `unknown question "${questionId}"`);
        }
      });
      if (total <= 0) add(`${at}.variants`, 'weights sum to zero', 'give at least one variant a positive weight');
    }
  });

  if (locales.size > 1) {
    eachText(doc, (text, path) => {
      if (typeof text !== 'object') return;
      const missing = [...locales].filter((l) => !(l in text));
      if (missing.length) add(path, `missing locale ${missing.map((l) => `"${l}"`).join(', ')}`, 'every text needs the same languages');
    });
  }
  return issues;
}

type Add = (path: string, message: string, hint?: string) => void;

function checkRegexes(list: string[] | undefined, at: string, add: Add): void {
  list?.forEach((source, i) => {
    try {
      new RegExp(source);
    } catch {
      add(`${at}[${i}]`, `invalid regular expression "${source}"`);
    }
  });
}

function checkTrigger(trigger: Trigger, at: string, add: Add): void {
  const keys = Object.keys(trigger).filter((k) => TRIGGER_CONDITIONS.includes(k));
  if (keys.length !== 1) {
    add(at, keys.length ? `one condition per trigger, found ${keys.join(', ')}` : 'empty trigger', 'combine conditions with "any" or "all"');
  }
  if (trigger.count !== undefined && trigger.event === undefined) add(`${at}.count`, '"count" needs "event"');
  trigger.any?.forEach((t, i) => checkTrigger(t, `${at}.any[${i}]`, add));
  trigger.all?.forEach((t, i) => checkTrigger(t, `${at}.all[${i}]`, add));
  if (trigger.visible !== undefined && !isSelector(trigger.visible)) add(`${at}.visible`, `invalid CSS selector "${trigger.visible}"`);
}

/** Selector syntax is checked only where a DOM exists (the browser, happy-dom); the CLI trusts it. */
function isSelector(selector: string): boolean {
  if (typeof document === 'undefined') return true;
  try {
    document.createDocumentFragment().querySelector(selector);
    return true;
  } catch {
    return false;
  }
}

function checkWhen(when: NonNullable<Question['when']>, all: Question[], earlier: string[], at: string, add: Add): void {
  const target = all.find((q) => q.id === when.question);
  if (!target) {
    add(`${at}.question`, `unknown question "${when.question}"`, earlier.length ? `earlier questions: ${earlier.join(', ')}` : 'the first question cannot have "when"');
    return;
  }
  if (!earlier.includes(when.question)) {
    add(`${at}.question`, `question "${when.question}" comes later; "when" can only look back`);
  }
  const ops = (['eq', 'in', 'lte', 'gte'] as const).filter((op) => when[op] !== undefined);
  if (ops.length === 0) add(at, 'needs one of "eq", "in", "lte", "gte"');
  if ((when.lte !== undefined || when.gte !== undefined) && target.type !== 'scale') {
    add(at, `"lte"/"gte" need a scale question, "${target.id}" is ${target.type}`);
  }
}

/** Calls `visit` with every localized text in the document and its path. */
function eachText(doc: SurveyDocument, visit: (text: LocalizedText, path: string) => void): void {
  doc.surveys.forEach((survey, s) => {
    const at = `surveys[${s}]`;
    if (survey.thanks) visit(survey.thanks, `${at}.thanks`);
    survey.questions.forEach((question, q) => {
      const qAt = `${at}.questions[${q}]`;
      visit(question.text, `${qAt}.text`);
      if (question.type === 'scale') {
        if (question.labels?.min) visit(question.labels.min, `${qAt}.labels.min`);
        if (question.labels?.max) visit(question.labels.max, `${qAt}.labels.max`);
        for (const [point, text] of Object.entries(question.labels?.points ?? {})) visit(text, `${qAt}.labels.points.${point}`);
      }
      if (question.type === 'choice') {
        question.options.forEach((option, o) => visit(option.text, `${qAt}.options[${o}].text`));
        if (question.other?.text) visit(question.other.text, `${qAt}.other.text`);
      }
      if (question.type === 'text' && question.placeholder) visit(question.placeholder, `${qAt}.placeholder`);
      if (question.type === 'binary' && question.labels) {
        visit(question.labels.yes, `${qAt}.labels.yes`);
        visit(question.labels.no, `${qAt}.labels.no`);
      }
    });
    survey.variants?.forEach((variant, v) => {
      for (const [questionId, text] of Object.entries(variant.text ?? {})) visit(text, `${at}.variants[${v}].text.${questionId}`);
    });
  });
}
