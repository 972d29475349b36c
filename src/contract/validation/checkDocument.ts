import type { LocalizedText, Question, Survey, SurveyDocument, Trigger } from '../documentShapes';
import type { ConfigIssue } from './issue';

/** The answer id of a choice question's free-text option (the UI reports it under this id). */
const OTHER = 'other';

/**
 * Rules across fields that a shape cannot express: references, uniqueness,
 * ranges and locale coverage. Runs only on a document whose shape is valid.
 */
export function checkDocument(doc: SurveyDocument): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: string, message: string, hint?: string) => issues.push({ path, message, hint });
  const unique = (items: { id: string }[] = [], at: string, what: string) =>
    items.forEach((item, i) => items.findIndex((other) => other.id == item.id) < i && add(`${at}[${i}].id`, `duplicate ${what} id "${item.id}"`));

  // A page rule with neither `match` nor `regex` is allowed: the type is then set only by data-cp-page.
  for (const [type, rule] of Object.entries(doc.pages)) checkUrlRule(rule, `pages.${type}`, add);
  for (const [name, rule] of Object.entries(doc.outcomes ?? {})) {
    const at = `outcomes.${name}`;
    checkUrlRule(rule, at, add);
    if (!rule.match && !rule.regex && !rule.selector) add(at, 'needs "match", "regex" or "selector"');
    checkSelector(rule.selector, `${at}.selector`, add);
  }

  unique(doc.surveys, 'surveys', 'survey');
  doc.surveys.forEach((survey, s) => {
    const at = `surveys[${s}]`;

    survey.pages.forEach((page, p) => {
      if (!(page in doc.pages)) {
        add(`${at}.pages[${p}]`, `unknown page type "${page}"`, `page types defined: ${Object.keys(doc.pages).join(', ') || 'none'}`);
      }
    });

    checkTrigger(survey.trigger, `${at}.trigger`, add);

    unique(survey.questions, `${at}.questions`, 'question');
    unique(survey.variants, `${at}.variants`, 'variant');
    const seen: string[] = [];
    survey.questions.forEach((question, q) => {
      const qAt = `${at}.questions[${q}]`;
      if (question.type === 'scale') {
        if (question.min >= question.max) add(`${qAt}.max`, `must be greater than min (${question.min})`);
        else if (question.max - question.min > 10) add(`${qAt}.max`, `${question.max - question.min + 1} points, at most 11 fit`);
        if (question.low !== undefined && (question.low < question.min || question.low >= question.max)) {
          add(`${qAt}.low`, `must be ${question.min} to ${question.max - 1}`);
        }
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
        unique(question.options, `${qAt}.options`, 'option');
        // The UI reports the free-text option as "other": a listed option of that id would be indistinguishable.
        question.options.forEach((option, o) => {
          if (option.id == OTHER) add(`${qAt}.options[${o}].id`, '"other" is reserved for the free-text option', 'use "other": { "maxLength": 200 }');
        });
      }
      if (question.when) checkWhen(question.when, survey.questions, seen, `${qAt}.when`, add);
      seen.push(question.id);
    });

    if (survey.variants) {
      let total = 0;
      survey.variants.forEach((variant, v) => {
        total += variant.weight;
        for (const questionId of Object.keys(variant.text ?? {})) {
          if (!seen.includes(questionId)) add(`${at}.variants[${v}].text.${questionId}`, `unknown question "${questionId}"`);
        }
      });
      if (total <= 0) add(`${at}.variants`, 'weights sum to zero', 'give at least one variant a positive weight');
    }

    // Languages are picked per survey, so each survey's texts must all offer the same ones.
    const locales = new Set<string>();
    eachText(survey, at, (text) => typeof text == 'object' && Object.keys(text).forEach((l) => locales.add(l)));
    eachText(survey, at, (text, path) => {
      if (typeof text != 'object') return;
      const missing = [...locales].filter((l) => !(l in text));
      if (missing.length) add(path, `missing locale ${missing.map((l) => `"${l}"`).join(', ')}`, 'every text of a survey needs the same languages');
      else if (!locales.size) add(path, 'needs at least one language');
    });
  });
  return issues;
}

type Add = (path: string, message: string, hint?: string) => void;

function checkUrlRule(rule: { match?: string[] | undefined; regex?: string[] | undefined }, at: string, add: Add): void {
  rule.match?.forEach((glob, i) => {
    if (glob[0] !== '/') add(`${at}.match[${i}]`, `"${glob}" must start with "/"`, 'globs match the URL path, such as "/c/**"');
  });
  rule.regex?.forEach((source, i) => {
    try {
      new RegExp(source);
    } catch {
      add(`${at}.regex[${i}]`, `invalid regular expression "${source}"`);
    }
  });
}

function checkTrigger(trigger: Trigger, at: string, add: Add): void {
  // The shape allows only trigger keys, and each but `count` (which qualifies `event`) is a condition.
  const keys = Object.keys(trigger).filter((k) => k != 'count');
  if (keys.length !== 1) {
    add(at, keys.length ? `one condition per trigger, found ${keys.join(', ')}` : 'empty trigger', 'combine conditions with "any" or "all"');
  }
  if (trigger.count !== undefined && trigger.event === undefined) add(`${at}.count`, '"count" needs "event"');
  trigger.any?.forEach((t, i) => checkTrigger(t, `${at}.any[${i}]`, add));
  trigger.all?.forEach((t, i) => checkTrigger(t, `${at}.all[${i}]`, add));
  checkSelector(trigger.visible, `${at}.visible`, add);
}

/** Selector syntax is checked only where a DOM exists (the browser, happy-dom); the CLI trusts it. */
function checkSelector(selector: string | undefined, at: string, add: Add): void {
  if (selector === undefined || typeof document === 'undefined') return;
  try {
    document.createDocumentFragment().querySelector(selector);
  } catch {
    add(at, `invalid CSS selector "${selector}"`);
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
  // `eq` and `in` must name answers the target question can give, or the branch never opens.
  const answers =
    target.type == 'scale'
      ? Array.from({ length: Math.min(target.max - target.min + 1, 11) }, (_, i) => target.min + i)
      : target.type == 'choice'
        ? target.options.map((o) => o.id).concat(target.other ? OTHER : [])
        : target.type == 'binary' && [true, false];
  const checkValue = (value: string | number | boolean | undefined, path: string) =>
    value === undefined ||
    !answers ||
    answers.includes(value as never) ||
    add(path, `${JSON.stringify(value)} is not an answer of "${target.id}"`, `answers: ${answers.join(', ')}`);
  checkValue(when.eq, `${at}.eq`);
  when.in?.forEach((value, i) => checkValue(value, `${at}.in[${i}]`));
}

/** Calls `visit` with every localized text of a survey and its path. */
function eachText(survey: Survey, at: string, visit: (text: LocalizedText, path: string) => unknown): void {
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
}
