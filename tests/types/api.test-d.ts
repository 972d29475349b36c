/**
 * Type tests of the public API, written against the package name: the types a user gets from the built
 * dist/index.d.ts through the exports map under node16 resolution. Misuse must not compile (`@ts-expect-error`).
 */
import {
  createPulse,
  formatIssue,
  validateConfig,
  type Batch,
  type ConfigIssue,
  type Destination,
  type EventType,
  type Pulse,
  type PulseError,
  type PulseEvent,
  type PulseOptions,
  type QueueStats,
  type SurveyDocument,
  type Transport,
} from 'confidence-pulse';
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
