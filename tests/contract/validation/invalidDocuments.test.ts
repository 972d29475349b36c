/**
 * The corpus of invalid survey documents: each one is the decision-confidence example with one mistake a
 * researcher could make, and the EXACT lines `validateConfig` reports for it (what the CLI prints after the
 * file name, and the browser names in its one console error).
 */
import { describe, expect, test } from 'vitest';
import base from '../../../demo/surveys/decision-confidence.json';
import { documentSchema } from '../../../src/contract/documentShapes';
import { checkShape } from '../../../src/contract/validation/checkShape';
import { formatIssue } from '../../../src/contract/validation/issue';
import { SURVEY_JSON_SCHEMA } from '../../../src/contract/documentJsonSchema';
import { validateConfig } from '../../../src/contract/validation/validateConfig';

type Doc = any;
const survey = (d: Doc) => d.surveys[0];
const question = (d: Doc, i: number) => d.surveys[0].questions[i];
/** A third question that branches on the follow-up, for rules about `when`. */
const addFollowUp = (d: Doc, when: object, type: object = { type: 'text', maxLength: 100 }) =>
  d.surveys[0].questions.push({ id: 'why', text: 'Why?', when, ...type });

const corpus: [name: string, mutate: (d: Doc) => unknown, expected: string[]][] = [
  ['not an object', (d) => (d.replaceWith = ['surveys']), ['(document): expected object, got array']],
  // The shape (the JSON Schema generated from zod).
  ['a typo in a top-level key', (d) => (d.survey = d.surveys), ['survey: unknown key "survey" (check the spelling)']],
  ['a wrong document version', (d) => (d.version = 2), ['version: must be 1']],
  ['surveys missing', (d) => delete d.surveys, ['surveys: required (array)']],
  ['a typo in a trigger', (d) => (survey(d).trigger = { scrolDepth: 0.5 }), ['surveys[0].trigger.scrolDepth: unknown key "scrolDepth" (check the spelling)']],
  ['a trigger missing', (d) => delete survey(d).trigger, ['surveys[0].trigger: required (object)']],
  ['sample above 1', (d) => (survey(d).sample = 1.5), ['surveys[0].sample: must be at most 1']],
  ['sample below 0', (d) => (survey(d).sample = -0.1), ['surveys[0].sample: must be at least 0']],
  ['sample as a percentage string', (d) => (survey(d).sample = '20%'), ['surveys[0].sample: expected number, got string']],
  ['scroll depth as a percentage', (d) => (survey(d).trigger.any[0].scrollDepth = 50), ['surveys[0].trigger.any[0].scrollDepth: must be at most 1']],
  ['exitIntent false', (d) => (survey(d).trigger.any[2].exitIntent = false), ['surveys[0].trigger.any[2].exitIntent: must be true']],
  ['an event count of 0', (d) => (survey(d).trigger.any[3].count = 0), ['surveys[0].trigger.any[3].count: must be at least 1']],
  ['a cooldown of 0 days', (d) => (survey(d).frequency.cooldownDays = 0), ['surveys[0].frequency.cooldownDays: must be greater than 0']],
  ['a typo in frequency', (d) => (survey(d).frequency.maxPerSesion = 2), ['surveys[0].frequency.maxPerSesion: unknown key "maxPerSesion" (check the spelling)']],
  ['an unknown question type', (d) => (question(d, 0).type = 'slider'), ['surveys[0].questions[0].type: unknown "type" (expected scale, choice, text or binary)']],
  ['a scale bound as a string', (d) => (question(d, 0).min = '1'), ['surveys[0].questions[0].min: expected integer, got string']],
  ['a fractional scale bound', (d) => (question(d, 0).max = 4.5), ['surveys[0].questions[0].max: expected integer, got number']],
  ['an unknown layout', (d) => (question(d, 0).layout = 'stars'), ['surveys[0].questions[0].layout: must be "numbers" or "nps"']],
  ['an empty question text', (d) => (question(d, 0).text = ''), ['surveys[0].questions[0].text: needs at least 1 character']],
  ['a question text over 1,000 characters', (d) => (question(d, 0).text = 'x'.repeat(1001)), ['surveys[0].questions[0].text: must have at most 1000 characters']],
  ['a translation that is not text', (d) => (question(d, 0).text.en = 5), ['surveys[0].questions[0].text.en: expected string, got number']],
  ['no options', (d) => (question(d, 1).options = []), ['surveys[0].questions[1].options: needs at least 1 item']],
  ['an option without text', (d) => delete question(d, 1).options[2].text, ['surveys[0].questions[1].options[2].text: required (string or object)']],
  ['an "other" field too long', (d) => (question(d, 1).other.maxLength = 5000), ['surveys[0].questions[1].other.maxLength: must be at most 2000']],
  ['a text question without maxLength', (d) => d.surveys[0].questions.push({ id: 'why', type: 'text', text: 'Why?' }), ['surveys[0].questions[2].maxLength: required (integer)']],
  ['a typo in a when operator', (d) => (question(d, 1).when = { question: 'confidence', lt: 3 }), ['surveys[0].questions[1].when.lt: unknown key "lt" (check the spelling)']],
  ['an unknown position', (d) => (survey(d).position = 'top'), ['surveys[0].position: must be "corner" or "bar" or "inline"']],
  ['a negative variant weight', (d) => (survey(d).variants = [{ id: 'A', weight: -1 }]), ['surveys[0].variants[0].weight: must be at least 0']],

  // Rules across fields (checkDocument).
  ['a when on an unknown question', (d) => (question(d, 1).when.question = 'confidnce'), ['surveys[0].questions[1].when.question: unknown question "confidnce" (earlier questions: confidence)']],
  ['a when on a later question', (d) => (question(d, 0).when = { question: 'blocker', eq: 'price' }), ['surveys[0].questions[0].when.question: question "blocker" comes later; "when" can only look back']],
  ['a when on the first question', (d) => (question(d, 0).when = { question: 'nothing', eq: 1 }), ['surveys[0].questions[0].when.question: unknown question "nothing" (the first question cannot have "when")']],
  ['a when without an operator', (d) => (question(d, 1).when = { question: 'confidence' }), ['surveys[0].questions[1].when: needs one of "eq", "in", "lte", "gte"']],
  ['lte on a choice question', (d) => addFollowUp(d, { question: 'blocker', lte: 2 }), ['surveys[0].questions[2].when: "lte"/"gte" need a scale question, "blocker" is choice']],
  ['eq naming an unknown option', (d) => addFollowUp(d, { question: 'blocker', eq: 'reviws' }), ['surveys[0].questions[2].when.eq: "reviws" is not an answer of "blocker" (answers: compare, reviews, price, other)']],
  ['in naming a point off the scale', (d) => (question(d, 1).when = { question: 'confidence', in: [1, 6] }), ['surveys[0].questions[1].when.in[1]: 6 is not an answer of "confidence" (answers: 1, 2, 3, 4, 5)']],
  [
    'eq "yes" on a binary question',
    (d) => {
      d.surveys[0].questions[1] = { id: 'found', type: 'binary', text: 'Did you find it?' };
      addFollowUp(d, { question: 'found', eq: 'yes' });
    },
    ['surveys[0].questions[2].when.eq: "yes" is not an answer of "found" (answers: true, false)'],
  ],
  ['a duplicate survey id', (d) => d.surveys.push(structuredClone(d.surveys[0])), ['surveys[1].id: duplicate survey id "decision-confidence"']],
  ['a duplicate question id', (d) => (question(d, 1).id = 'confidence'), ['surveys[0].questions[1].id: duplicate question id "confidence"']],
  ['a duplicate option id', (d) => (question(d, 1).options[2].id = 'reviews'), ['surveys[0].questions[1].options[2].id: duplicate option id "reviews"']],
  ['an option with the reserved id "other"', (d) => question(d, 1).options.push({ id: 'other', text: { en: 'Other' } }), ['surveys[0].questions[1].options[3].id: "other" is reserved for the free-text option (use "other": { "maxLength": 200 })']],
  ['a duplicate variant id', (d) => (survey(d).variants = [{ id: 'A', weight: 1 }, { id: 'A', weight: 1 }]), ['surveys[0].variants[1].id: duplicate variant id "A"']],
  ['a survey on an undefined page type', (d) => survey(d).pages.push('serach'), ['surveys[0].pages[2]: unknown page type "serach" (page types defined: category, comparison, product, checkout)']],
  ['min equal to max', (d) => (question(d, 0).min = 5), ['surveys[0].questions[0].max: must be greater than min (5)']],
  ['a low-confidence point off the scale', (d) => (question(d, 0).low = 5), ['surveys[0].questions[0].low: must be 1 to 4']],
  ['a scale with too many points', (d) => (question(d, 0).max = 12), ['surveys[0].questions[0].max: 12 points, at most 11 fit']],
  ['the NPS layout on a 1–10 scale', (d) => Object.assign(question(d, 0), { max: 10, layout: 'nps' }), ['surveys[0].questions[0].layout: the "nps" layout needs min 0 and max 10']],
  ['a point label off the scale', (d) => (question(d, 0).labels.points = { 6: { en: 'Certain' } }), ['surveys[0].questions[0].labels.points.6: not a point of the scale 1–5']],
  ['a variant overriding an unknown question', (d) => (survey(d).variants = [{ id: 'A', weight: 1 }, { id: 'B', weight: 1, text: { confidnce: { en: 'Sure?' } } }]), ['surveys[0].variants[1].text.confidnce: unknown question "confidnce"']],
  ['variant weights summing to zero', (d) => (survey(d).variants = [{ id: 'A', weight: 0 }, { id: 'B', weight: 0 }]), ['surveys[0].variants: weights sum to zero (give at least one variant a positive weight)']],
  [
    'a locale missing from some texts',
    (d) => {
      d.surveys[0].questions = [{ id: 'q', type: 'binary', text: { en: 'Found it?', ar: 'هل وجدته؟' }, labels: { yes: { en: 'Yes', ar: 'نعم' }, no: { en: 'No' } } }];
    },
    ['surveys[0].questions[0].labels.no: missing locale "ar" (every text of a survey needs the same languages)'],
  ],
  ['a text map with no language', (d) => (d.surveys[0].questions = [{ id: 'q', type: 'binary', text: {} }]), ['surveys[0].questions[0].text: needs at least one language']],
  ['a URL glob without the leading slash', (d) => d.pages.category.match.push('category/**'), ['pages.category.match[2]: "category/**" must start with "/" (globs match the URL path, such as "/c/**")']],
  ['an invalid regular expression', (d) => (d.pages.product = { regex: ['^/p/(\\d+$'] }), ['pages.product.regex[0]: invalid regular expression "^/p/(\\d+$"']],
  ['an outcome without a rule', (d) => (d.outcomes.signup = {}), ['outcomes.signup: needs "match", "regex" or "selector"']],
  ['an outcome with an invalid selector', (d) => (d.outcomes.add_to_cart.selector = '[data-add-to-cart'), ['outcomes.add_to_cart.selector: invalid CSS selector "[data-add-to-cart"']],
  ['two conditions in one trigger object', (d) => (survey(d).trigger = { scrollDepth: 0.5, activeSeconds: 5 }), ['surveys[0].trigger: one condition per trigger, found scrollDepth, activeSeconds (combine conditions with "any" or "all")']],
  ['an empty trigger', (d) => (survey(d).trigger = { any: [{ scrollDepth: 0.5 }, {}] }), ['surveys[0].trigger.any[1]: empty trigger (combine conditions with "any" or "all")']],
  ['a count without an event', (d) => (survey(d).trigger.any[1] = { activeSeconds: 5, count: 2 }), ['surveys[0].trigger.any[1].count: "count" needs "event"']],
  ['an invalid visible selector', (d) => (survey(d).trigger = { visible: '.reviews >' }), ['surveys[0].trigger.visible: invalid CSS selector ".reviews >"']],
  [
    'several mistakes at once, in document order',
    (d) => {
      d.pages.comparison.match = ['compare**'];
      question(d, 1).when.question = 'confidnce';
      survey(d).variants = [{ id: 'A', weight: 0 }];
    },
    [
      'pages.comparison.match[0]: "compare**" must start with "/" (globs match the URL path, such as "/c/**")',
      'surveys[0].questions[1].when.question: unknown question "confidnce" (earlier questions: confidence)',
      'surveys[0].variants: weights sum to zero (give at least one variant a positive weight)',
    ],
  ],
];

describe('the invalid-document corpus', () => {
  test('holds at least 30 documents, each with its own mistake', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(30);
    expect(new Set(corpus.map(([name]) => name)).size).toBe(corpus.length);
  });

  test('the base document is valid', () => {
    expect(validateConfig(structuredClone(base)).issues).toEqual([]);
  });

  test.each(corpus)('%s', (_name, mutate, expected) => {
    const doc = structuredClone(base) as Doc;
    mutate(doc);
    const input = doc.replaceWith ?? doc;
    const result = validateConfig(input);
    expect(result.success).toBe(false);
    expect(result.issues.map(formatIssue)).toEqual(expected);
    // Shape mistakes are zod's verdict too; rule mistakes pass zod's shape and are caught by checkDocument.
    expect(documentSchema.safeParse(input).success).toBe(checkShape(SURVEY_JSON_SCHEMA, input).length === 0);
  });
});
