/**
 * Type tests of the public API, written against the package name: the types a user gets from the built
 * dist/index.d.ts through the exports map under node16 resolution. Misuse must not compile (`@ts-expect-error`).
 */
import {
  createPulse,
  defineSurvey,
  formatIssue,
  validateConfig,
  type AnswerEvent,
  type Batch,
  type ConfigIssue,
  type Destination,
  type EventType,
  type Pulse,
  type PulseError,
  type PulseEvent,
  type PulseEventMap,
  type PulseOptions,
  type QueueStats,
  type SurveyDocument,
  type SurveyDocumentJson,
  type Transport,
} from 'confidence-pulse';
import decisionConfidence from '../../demo/surveys/decision-confidence.json';
import { describe, expectTypeOf, test } from 'vitest';

declare const pulse: Pulse;
declare const event: PulseEvent;

describe('createPulse and its options', () => {
  test('takes the options and returns a Pulse', () => {
    expectTypeOf(createPulse).parameter(0).toEqualTypeOf<PulseOptions>();
    expectTypeOf(createPulse).returns.toEqualTypeOf<Pulse>();
    expectTypeOf<PulseOptions['endpoint']>().toEqualTypeOf<string>();
    expectTypeOf<PulseOptions['consent']>().toEqualTypeOf<'required' | undefined>();
    expectTypeOf<PulseOptions['gpc']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<PulseOptions['queryParams']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<PulseOptions['destinations']>().toEqualTypeOf<Destination[] | undefined>();
    expectTypeOf<Destination>().toEqualTypeOf<'dataLayer' | 'segment' | 'posthog'>();
  });

  test('accepts every documented option', () => {
    createPulse({
      endpoint: '/v1/events',
      config: { version: 1, pages: {}, surveys: [] },
      configUrl: '/surveys.json',
      locale: 'de',
      nonce: 'abc',
      zIndex: 10,
      position: 'bar',
      transport: async () => ({ status: 200 }),
      consent: 'required',
      gpc: false,
      queryParams: ['utm_*', 'gclid'],
      beforeSend: (e) => (e.type === 'outcome' ? null : { ...e, page: { ...e.page, path: '/redacted' } }),
      destinations: ['dataLayer', 'segment', 'posthog'],
    });
    createPulse({ endpoint: '/v1/events', beforeSend: () => false });
  });

  test('misuse does not compile', () => {
    // @ts-expect-error: the endpoint is required
    createPulse({});
    // @ts-expect-error: consent is 'required' or absent
    createPulse({ endpoint: '/e', consent: 'granted' });
    // @ts-expect-error: gpc is a boolean
    createPulse({ endpoint: '/e', gpc: 'ignore' });
    // @ts-expect-error: queryParams is a list of globs
    createPulse({ endpoint: '/e', queryParams: 'utm_*' });
    // @ts-expect-error: an unknown destination
    createPulse({ endpoint: '/e', destinations: ['amplitude'] });
    // @ts-expect-error: a beforeSend that forgets to return the event would drop everything
    createPulse({ endpoint: '/e', beforeSend: (e: PulseEvent) => {
      e.page.path = '/';
    } });
    // @ts-expect-error: a transport must report the HTTP status
    createPulse({ endpoint: '/e', transport: async () => ({ ok: true }) });
    // @ts-expect-error: position is one of three
    createPulse({ endpoint: '/e', position: 'top' });
  });
});

describe('a Pulse', () => {
  test('methods and their results', () => {
    expectTypeOf(pulse.consent).parameters.toEqualTypeOf<[granted: boolean]>();
    expectTypeOf(pulse.show).returns.resolves.toEqualTypeOf<boolean>();
    expectTypeOf(pulse.flush).returns.resolves.toEqualTypeOf<void>();
    expectTypeOf(pulse.stats).returns.resolves.toEqualTypeOf<QueueStats>();
    expectTypeOf(pulse.on('answer', () => {})).toEqualTypeOf<() => void>();
    expectTypeOf<QueueStats['storage']>().toEqualTypeOf<'indexeddb' | 'localstorage' | 'memory'>();
    pulse.on('error', (e: PulseError) => e.reason);
  });

  test('misuse does not compile', () => {
    // @ts-expect-error: consent takes a boolean
    pulse.consent('yes');
    // @ts-expect-error: not an event name
    pulse.on('click', () => {});
    // @ts-expect-error: an outcome's value is a number
    pulse.outcome('purchase', { value: '129' });
    // @ts-expect-error: counts are numbers
    pulse.track('compare', { count: 'two' });
  });
});

describe('events and documents', () => {
  test('the event shape', () => {
    expectTypeOf(event.id).toEqualTypeOf<string>();
    expectTypeOf(event.type).toEqualTypeOf<EventType>();
    expectTypeOf(event.page.path).toEqualTypeOf<string>();
    expectTypeOf(event.page.query).toEqualTypeOf<Record<string, string> | undefined>();
    expectTypeOf(event.visitorId).toEqualTypeOf<string | undefined>();
    expectTypeOf<Batch['events']>().toEqualTypeOf<PulseEvent[]>();
    expectTypeOf<Transport>().parameter(1).toEqualTypeOf<Batch>();
  });

  test('validateConfig narrows to the document or its issues', () => {
    const result = validateConfig({});
    if (result.success) expectTypeOf(result.data).toEqualTypeOf<SurveyDocument>();
    else expectTypeOf(result.issues).toEqualTypeOf<ConfigIssue[]>();
    expectTypeOf(formatIssue).returns.toEqualTypeOf<string>();
    expectTypeOf<SurveyDocument['consent']>().toEqualTypeOf<'required' | undefined>();
  });
});

describe('typed events', () => {
  test("each listener receives its event's type, with the fields that event always has", () => {
    pulse.on('answer', (e) => {
      expectTypeOf(e).toEqualTypeOf<AnswerEvent>();
      expectTypeOf(e.type).toEqualTypeOf<'answer'>();
      expectTypeOf(e.answer.value).toEqualTypeOf<string | number | boolean | string[]>();
      expectTypeOf(e.question.id).toEqualTypeOf<string>();
      expectTypeOf(e.survey.id).toEqualTypeOf<string>();
      expectTypeOf(e.responseId).toEqualTypeOf<string>();
    });
    pulse.on('dismiss', (e) => expectTypeOf(e.dismiss.method).toEqualTypeOf<'close' | 'escape' | 'navigation'>());
    pulse.on('outcome', (e) => expectTypeOf(e.outcome.name).toEqualTypeOf<string>());
    pulse.on('impression', (e) => expectTypeOf(e.trigger).toEqualTypeOf<string>());
    pulse.on('error', (e) => expectTypeOf(e).toEqualTypeOf<PulseError>());
    expectTypeOf<PulseEventMap['complete']>().toExtend<PulseEvent>();
  });

  test('a misspelt event field does not compile', () => {
    pulse.on('answer', (e) => {
      // @ts-expect-error: `answr` is not a field of an answer event
      void e.answr.value;
    });
    pulse.on('outcome', (e) => {
      // @ts-expect-error: an outcome event has no answer
      void e.answer.value;
    });
    // @ts-expect-error: an error listener gets a PulseError, not an event
    pulse.on('error', (e: AnswerEvent) => e.answer);
  });
});

describe('typing a survey document', () => {
  const document = defineSurvey({
    version: 1,
    pages: { category: { match: ['/c/**'] } },
    surveys: [
      {
        id: 'confidence',
        version: 1,
        pages: ['category'],
        trigger: { scrollDepth: 0.5 },
        questions: [{ id: 'sure', type: 'scale', min: 1, max: 5, text: 'How sure are you?' }],
      },
    ],
  });

  test('defineSurvey types a document in code; config takes it', () => {
    expectTypeOf(document).toEqualTypeOf<SurveyDocument>();
    createPulse({ endpoint: '/e', config: document });
    expectTypeOf<PulseOptions['config']>().toEqualTypeOf<SurveyDocumentJson | undefined>();
    expectTypeOf<SurveyDocument>().toExtend<SurveyDocumentJson>();
  });

  test('a wrong option or a misspelt key does not compile', () => {
    // @ts-expect-error: not a survey document
    createPulse({ endpoint: '/e', config: { totally: 'wrong' } });
    // @ts-expect-error: config is the document, not its URL (that is configUrl)
    createPulse({ endpoint: '/e', config: '/surveys.json' });
    // @ts-expect-error: `trigerr` is misspelt
    defineSurvey({ version: 1, pages: {}, surveys: [{ id: 's', version: 1, pages: [], trigerr: { scrollDepth: 0.5 }, questions: [] }] });
    // @ts-expect-error: the format version is 1
    defineSurvey({ version: 2, pages: {}, surveys: [] });
    // @ts-expect-error: a question type that does not exist
    defineSurvey({ version: 1, pages: {}, surveys: [{ id: 's', version: 1, pages: [], trigger: { pageIndex: 1 }, questions: [{ id: 'q', type: 'slider', text: 'Q' }] }] });
  });

  test('a JSON document, imported and annotated the documented way, compiles', () => {
    const config: SurveyDocumentJson = decisionConfidence;
    createPulse({ endpoint: '/v1/events', config });
    createPulse({ endpoint: '/v1/events', config: decisionConfidence });
    // A JSON file missing a required field does not.
    const { surveys: _, ...incomplete } = decisionConfidence;
    // @ts-expect-error: surveys is required
    const broken: SurveyDocumentJson = incomplete;
    void broken;
  });
});
