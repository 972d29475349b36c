/**
 * From document to answer event: what `presentSurvey` emits when a respondent answers, through the real UI in
 * its shadow root. Each answer must carry its value, the label shown and the question's scale or options, in
 * the respondent's language and variant, so an export can be analysed without the config; and the collector's
 * own event schema must accept it.
 */
import { fireEvent, within } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import multilingual from '../../../demo/surveys/multilingual.json';
import ces from '../../../demo/surveys/customer-effort-score.json';
import nps from '../../../demo/surveys/nps.json';
import sure from '../../../demo/surveys/sure-test.json';
import wording from '../../../demo/surveys/wording-experiment.json';
import type { SurveyDocument } from '../../../src/contract/documentShapes';
import { validateConfig } from '../../../src/contract/validation/validateConfig';
import { eventSchema, type PulseEvent } from '../../../src/contract/eventShapes';
import { pickVariant } from '../../../src/widget/eligibility/assignVisitor';
import { createId } from '../../../src/widget/lib/createId';
import { presentSurvey, type PresentedSurvey, type UpdateCaps } from '../../../src/widget/display/presentSurvey';
import type { CapsState } from '../../../src/widget/eligibility/frequency';

type Emitted = Partial<PulseEvent> & { type: PulseEvent['type'] };
let shown: PresentedSurvey | undefined;

function present(document_: unknown, locale = 'en', visitorId = 'visitor-1', updateCaps: UpdateCaps = () => {}) {
  const result = validateConfig(document_);
  if (!result.success) throw new Error(JSON.stringify(result.issues));
  const doc: SurveyDocument = result.data;
  const events: Emitted[] = [];
  shown = presentSurvey(
    doc.surveys[0]!,
    'show',
    visitorId,
    createId(),
    { locale },
    (type, details, context) => events.push({ type, ...context, ...details }),
    window,
    updateCaps,
    () => {},
  );
  const host = document.querySelector('confidence-pulse')!;
  const ui = within(host.shadowRoot as unknown as HTMLElement);
  const answers = () => events.filter((e) => e.type === 'answer');
  return { events, ui, answers };
}

/** The event as the core completes it (ids, time, page, signals), checked with the collector's schema. */
function acceptedByCollector(event: Emitted): boolean {
  const full = { id: '0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b', ts: new Date().toISOString(), pageViewId: 'pv', page: { path: '/c/shoes' }, ...event };
  return eventSchema.safeParse(full).success;
}

const clickPoint = (ui: ReturnType<typeof within>, name: string) => fireEvent.click(ui.getByRole('radio', { name }), { detail: 1 });
/** The next question is drawn after the browser paints the answering click. */
const drawn = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));

afterEach(() => {
  shown?.destroy();
  shown = undefined;
  document.body.replaceChildren();
});

describe('answer events', () => {
  it('a scale answer in Arabic: value, the end label shown, min and max, the question as read', () => {
    const { ui, answers } = present(multilingual, 'ar');
    clickPoint(ui, '1, لست واثقًا على الإطلاق');
    expect(answers()).toEqual([
      expect.objectContaining({
        locale: 'ar',
        survey: { id: 'decision-confidence-intl', version: 1, sampleRate: 1 },
        question: { id: 'confidence', type: 'scale', text: 'ما مدى ثقتك في قدرتك على اختيار المنتج المناسب؟', min: 1, max: 5 },
        answer: { value: 1, label: 'لست واثقًا على الإطلاق' },
      }),
    ]);
    expect(answers().every(acceptedByCollector)).toBe(true);
  });

  it("records the document's low-confidence point with each scale answer, for the report", () => {
    const withLow = structuredClone(multilingual) as { surveys: { questions: { id: string; low?: number }[] }[] };
    withLow.surveys[0]!.questions.find((q) => q.id === 'confidence')!.low = 3;
    const { ui, answers } = present(withLow, 'en');
    clickPoint(ui, '2');
    expect(answers()[0]!.question).toMatchObject({ id: 'confidence', type: 'scale', min: 1, max: 5, low: 3 });
    expect(answers().every(acceptedByCollector)).toBe(true);
  });

  it('a scale point without a label records the value alone; a multiple choice records ids, labels, options and the other text', async () => {
    const { ui, answers } = present(multilingual, 'en');
    clickPoint(ui, '2');
    await drawn();
    fireEvent.click(ui.getByRole('checkbox', { name: 'More reviews' }));
    fireEvent.click(ui.getByRole('checkbox', { name: 'Something else' }));
    fireEvent.input(ui.getByRole('textbox'), { target: { value: 'Videos of the shoes' } });
    fireEvent.click(ui.getByRole('button', { name: 'Send' }));
    const [scale, choice] = answers();
    expect(scale!.answer).toEqual({ value: 2 });
    expect(choice).toMatchObject({
      question: { id: 'blocker', type: 'choice', multiple: true, options: ['compare', 'reviews', 'price', 'other'], text: 'What would help you decide?' },
      answer: { value: ['reviews', 'other'], label: 'More reviews, Something else', other: 'Videos of the shoes' },
    });
    expect(answers().every(acceptedByCollector)).toBe(true);
  });

  it('a label on every point: the agree/disagree label of the point chosen (CES 2.0)', () => {
    const { ui, answers } = present(ces);
    clickPoint(ui, '4, Neither agree nor disagree');
    expect(answers()[0]).toMatchObject({
      question: { id: 'effort', type: 'scale', min: 1, max: 7 },
      answer: { value: 4, label: 'Neither agree nor disagree' },
    });
  });

  it('NPS: 0–10 with the end labels', () => {
    const { ui, answers } = present(nps);
    clickPoint(ui, '10, Extremely likely');
    expect(answers()[0]).toMatchObject({ question: { type: 'scale', min: 0, max: 10 }, answer: { value: 10, label: 'Extremely likely' } });
  });

  it('binary: true or false with the Yes/No label shown, one event per item of the SURE test', async () => {
    const { ui, answers, events } = present(sure);
    for (const label of ['Yes', 'No', 'Yes', 'Yes']) {
      fireEvent.click(ui.getByRole('button', { name: label }));
      await drawn();
    }
    expect(answers().map((e) => [e.question!.id, e.question!.type, e.answer])).toEqual([
      ['sure', 'binary', { value: true, label: 'Yes' }],
      ['understand', 'binary', { value: false, label: 'No' }],
      ['risk_benefit', 'binary', { value: true, label: 'Yes' }],
      ['encouragement', 'binary', { value: true, label: 'Yes' }],
    ]);
    // One response: every answer and the completion share its id.
    expect(new Set(events.filter((e) => e.type !== 'impression').map((e) => e.responseId)).size).toBe(1);
    expect(events.at(-1)!.type).toBe('complete');
  });

  it('binary without labels records the ✓ / ✗ shown', () => {
    const doc = structuredClone(sure) as any;
    delete doc.surveys[0].questions[0].labels;
    const { ui, answers } = present(doc);
    fireEvent.click(ui.getByRole('button', { name: '✗' }));
    expect(answers()[0]!.answer).toEqual({ value: false, label: '✗' });
  });

  it('a variant: its wording is what the event records, with the variant id', () => {
    const visitorId = ['v1', 'v2', 'v3', 'v4', 'v5', 'v6'].find((v) => pickVariant(v, 'confidence-wording', wording.surveys[0]!.variants)?.id === 'B')!;
    const { ui, answers } = present(wording, 'en', visitorId);
    clickPoint(ui, '5, Completely confident');
    expect(answers()[0]).toMatchObject({
      survey: { id: 'confidence-wording', variant: 'B' },
      question: { text: 'How sure are you about which product to choose?' },
      answer: { value: 5, label: 'Completely confident' },
    });
  });

  it('a label longer than an event may hold is cut to 1,000 characters, so the collector still accepts the answer', async () => {
    const doc = structuredClone(multilingual) as any;
    const long = (c: string) => ({ en: c.repeat(600), de: c, ar: c });
    doc.surveys[0].questions[1].options[0].text = long('a');
    doc.surveys[0].questions[1].options[1].text = long('b');
    const { ui, answers } = present(doc);
    clickPoint(ui, '1, Not at all confident');
    await drawn();
    fireEvent.click(ui.getByRole('checkbox', { name: 'a'.repeat(600) }));
    fireEvent.click(ui.getByRole('checkbox', { name: 'b'.repeat(600) }));
    fireEvent.click(ui.getByRole('button', { name: 'Send' }));
    expect(answers()[1]!.answer!.label).toHaveLength(1000);
    expect(answers().every(acceptedByCollector)).toBe(true);
  });
});

describe('caps', () => {
  it('a display counts in the caps once it is visible, and its dismissal is remembered', async () => {
    let caps: CapsState = { surveys: {} };
    const id = nps.surveys[0]!.id;
    const { events } = present(nps, 'en', 'visitor-1', (change) => void (caps = change(caps, 'session-1')));
    // Not before the survey is on screen.
    expect(caps).toEqual({ surveys: {} });
    await drawn();
    expect(events.map((e) => e.type)).toEqual(['impression']);
    expect(caps).toEqual({ surveys: { [id]: { shown: expect.any(Number) } }, lastShown: caps.surveys[id]!.shown, sessionId: 'session-1', sessionCount: 1 });
    shown!.dismiss('close');
    expect(caps.surveys[id]).toEqual({ shown: caps.lastShown, dismissed: expect.any(Number) });
    expect(events.map((e) => e.type)).toEqual(['impression', 'dismiss']);
  });
});
