/**
 * The core's privacy and integration switches in happy-dom with fake-indexeddb: consent states, Global Privacy
 * Control, query stripping, `beforeSend`, the custom transport and destinations. Every event leaves through a
 * recording transport, so "nothing sent" is observed, not assumed. The real-browser versions are in tests/browser/privacy.test.ts.
 */
import { loadChunk } from '../../src/widget/loadChunk';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { Batch, PulseEvent } from '../../src/contract/eventShapes';
import { createPulseCore } from '../../src/widget/pulse';
import type { Pulse, PulseOptions } from '../../src/widget/pulseApi';
import type { PulseError } from '../../src/widget/pulseEvents';
import type { Transport } from '../../src/widget/outbox/transport';

const config = {
  version: 1,
  pages: { category: { match: ['/c/**'] } },
  // A URL outcome: every permitted page view on /c/… records one event without a call.
  outcomes: { category_view: { match: ['/c/**'] } },
  surveys: [],
};

let pulses: Pulse[] = [];
let sent: Batch[] = [];
let transportCalls: Parameters<Transport>[] = [];
const transport: Transport = async (...args) => {
  transportCalls.push(args);
  sent.push(args[1]);
  return { status: 200 };
};
const events = () => sent.flatMap((b) => b.events);
/** Outcome names sent, sorted: two events of the same millisecond have no defined order in the queue. */
const sentOutcomes = () => events().map((e) => e.outcome?.name).sort();
/**
 * Keys that hold the visitor's data. `cp:ping` (the last queued event's id, which wakes the sending tab) identifies
 * nobody, so it is left out.
 */
const cpKeys = () => Object.keys(localStorage).filter((k) => k.startsWith('cp:') && k !== 'cp:ping');
const databases = async () => (await indexedDB.databases()).map((d) => d.name);

const start = (options: Partial<PulseOptions> = {}) => {
  const pulse = createPulseCore({ endpoint: 'https://collect.test/v1/events', config, transport, ...options }, loadChunk, window);
  pulses.push(pulse);
  return pulse;
};
/** Flushes until the transport has seen `count` events (writes to the queue are asynchronous). */
const delivered = async (pulse: Pulse, count: number) =>
  vi.waitFor(async () => {
    await pulse.flush();
    expect(events()).toHaveLength(count);
  });
const setGpc = (value: boolean | undefined) =>
  Object.defineProperty(navigator, 'globalPrivacyControl', { value, configurable: true });

beforeEach(() => {
  (window as any).happyDOM.setURL('https://shop.test/c/shoes?utm_source=news&email=jane%40example.com&utm_medium=mail');
  localStorage.clear();
  const fresh = new IDBFactory();
  (globalThis as any).indexedDB = fresh;
  (window as any).indexedDB = fresh;
  sent = [];
  transportCalls = [];
});
afterEach(() => {
  pulses.forEach((p) => p.destroy());
  pulses = [];
  setGpc(undefined);
  delete (window as any).analytics;
  delete (window as any).dataLayer;
});

describe('consent', () => {
  test('not required: ids are stored and events sent from the start', async () => {
    const pulse = start();
    await delivered(pulse, 1);
    expect(events()[0]).toMatchObject({ type: 'outcome', outcome: { name: 'category_view' } });
    expect(events()[0]!.visitorId).toEqual(expect.any(String));
    expect(cpKeys()).toEqual(expect.arrayContaining(['cp:visitor', 'cp:session']));
  });

  test.each([
    ['options', { consent: 'required' as const }, config],
    ['document', {}, { ...config, consent: 'required' }],
  ])('required in the %s: nothing stored, nothing sent, no ids, no listener call until consent(true)', async (_where, options, doc) => {
    const heard: PulseEvent[] = [];
    const pulse = start({ ...options, config: doc });
    pulse.on('outcome', (e) => heard.push(e));
    pulse.outcome('purchase', { value: 1 });
    await pulse.flush();
    await new Promise((r) => setTimeout(r, 50));
    expect(cpKeys()).toEqual([]);
    expect(await databases()).toEqual([]);
    expect(transportCalls).toEqual([]);
    expect(heard).toEqual([]);

    pulse.consent(true);
    // The page view's URL outcome is recorded at consent; the outcome reported before it is not.
    await delivered(pulse, 1);
    expect(events()[0]).toMatchObject({ outcome: { name: 'category_view' }, visitorId: expect.any(String) });
    expect(cpKeys()).toEqual(expect.arrayContaining(['cp:visitor', 'cp:session']));
    expect(await databases()).toEqual(['confidence-pulse']);
    pulse.outcome('purchase', { value: 2 });
    await delivered(pulse, 2);
    expect(heard.map((e) => e.outcome?.name)).toEqual(['category_view', 'purchase']);
  });

  test('consent(true) queued before the document loaded is honoured at start', async () => {
    const pulse = start({ consent: 'required' });
    pulse.consent(true);
    await delivered(pulse, 1);
  });

  test('consent(false) deletes the queue, the ids and the caps, and stops everything', async () => {
    // An unreachable endpoint keeps the events queued.
    const pulse = start({ transport: async () => ({ status: 503 }) });
    pulse.outcome('purchase');
    localStorage.setItem('cp:caps', JSON.stringify({ surveys: { s: { shown: 1 } } }));
    await vi.waitFor(async () => expect((await pulse.stats()).queued).toBe(2));
    const visitor = localStorage.getItem('cp:visitor');

    pulse.consent(false);
    expect(cpKeys()).toEqual([]);
    await vi.waitFor(async () => expect((await pulse.stats()).queued).toBe(0));
    pulse.outcome('purchase');
    await new Promise((r) => setTimeout(r, 50));
    expect((await pulse.stats()).queued).toBe(0);
    expect(cpKeys()).toEqual([]);

    // Consent given again on the same page: a new visitor.
    pulse.consent(true);
    expect(localStorage.getItem('cp:visitor')).not.toBe(visitor);
    expect(localStorage.getItem('cp:visitor')).toBeTruthy();
  });

  test('consent(false) on a later page deletes what earlier pages queued, even before any consent there', async () => {
    const first = start({ transport: async () => ({ status: 503 }) });
    await vi.waitFor(async () => expect((await first.stats()).queued).toBe(1));
    first.destroy();

    const second = start({ consent: 'required' });
    second.consent(false);
    await vi.waitFor(async () => expect((await second.stats()).queued).toBe(0));
    expect(cpKeys()).toEqual([]);
    expect(transportCalls).toEqual([]);
  });
});

describe('Global Privacy Control', () => {
  test('honoured by default: no ids stored or sent, no signals, no destinations', async () => {
    setGpc(true);
    const track = vi.fn();
    (window as any).analytics = { track };
    const pulse = start({ destinations: ['segment'] });
    pulse.outcome('purchase', { value: 3 });
    await delivered(pulse, 2);
    for (const event of events()) {
      expect(event).not.toHaveProperty('visitorId');
      expect(event).not.toHaveProperty('sessionId');
      expect(event).not.toHaveProperty('signals');
      expect(event.page).toEqual({ type: 'category', path: '/c/shoes' });
    }
    expect(cpKeys()).toEqual([]);
    expect(track).not.toHaveBeenCalled();
  });

  test('gpc: false treats the visitor like any other', async () => {
    setGpc(true);
    const pulse = start({ gpc: false });
    await delivered(pulse, 1);
    expect(events()[0]).toMatchObject({ visitorId: expect.any(String), sessionId: expect.any(String), signals: expect.any(Object) });
    expect(cpKeys()).toContain('cp:visitor');
  });

  test('without the signal nothing changes', async () => {
    setGpc(false);
    const pulse = start();
    await delivered(pulse, 1);
    expect(events()[0]).toHaveProperty('visitorId');
  });
});

describe('query strings', () => {
  test('stripped by default: the path only', async () => {
    const pulse = start();
    await delivered(pulse, 1);
    expect(events()[0]!.page).toEqual({ type: 'category', path: '/c/shoes' });
    expect(JSON.stringify(sent)).not.toContain('jane');
  });

  test('allowlisted parameters are kept in page.query, every other one is dropped', async () => {
    const pulse = start({ queryParams: ['utm_*'] });
    await delivered(pulse, 1);
    expect(events()[0]!.page).toEqual({ type: 'category', path: '/c/shoes', query: { utm_source: 'news', utm_medium: 'mail' } });
    expect(JSON.stringify(sent)).not.toContain('jane');
  });
});

describe('beforeSend', () => {
  test('a changed event is what is stored, heard and sent', async () => {
    const heard: PulseEvent[] = [];
    const pulse = start({ beforeSend: (event) => ({ ...event, page: { ...event.page, path: '/c/[redacted]' } }) });
    pulse.on('outcome', (e) => heard.push(e));
    pulse.outcome('purchase');
    await delivered(pulse, 2);
    expect(events().map((e) => e.page.path)).toEqual(['/c/[redacted]', '/c/[redacted]']);
    // Start-up finishes in a later task, so a listener added at once hears the page view's URL outcome too.
    expect(heard.map((e) => e.page.path)).toEqual(['/c/[redacted]', '/c/[redacted]']);
  });

  test('null or false drops the event before it is stored', async () => {
    const heard: PulseEvent[] = [];
    const pulse = start({ beforeSend: (event) => (event.outcome?.name === 'purchase' ? null : event.outcome?.name === 'refund' ? false : event) });
    pulse.on('outcome', (e) => heard.push(e));
    pulse.outcome('purchase');
    pulse.outcome('refund');
    pulse.outcome('add_to_cart');
    await delivered(pulse, 2);
    expect(sentOutcomes()).toEqual(['add_to_cart', 'category_view']);
    expect(heard.map((e) => e.outcome?.name).sort()).toEqual(['add_to_cart', 'category_view']);
    expect((await pulse.stats()).queued).toBe(0);
  });

  test('a hook that throws drops the event and reports it', async () => {
    const errors: PulseError[] = [];
    const pulse = start({
      beforeSend: (event) => {
        if (event.outcome?.name === 'purchase') throw new Error('redaction failed');
        return event;
      },
    });
    pulse.on('error', (e) => errors.push(e));
    pulse.outcome('purchase');
    pulse.outcome('add_to_cart');
    await delivered(pulse, 2);
    expect(sentOutcomes()).toEqual(['add_to_cart', 'category_view']);
    expect(errors).toEqual([{ reason: 'before_send', message: 'Error: redaction failed' }]);
  });
});

describe('transport', () => {
  test('a custom transport receives each batch, and its status drives the queue', async () => {
    const statuses = [503, 200];
    const calls: Parameters<Transport>[] = [];
    const pulse = start({
      transport: async (...args) => {
        calls.push(args);
        return { status: statuses.shift() ?? 200 };
      },
    });
    await vi.waitFor(async () => expect((await pulse.stats()).queued).toBe(1));
    await pulse.flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe('https://collect.test/v1/events');
    expect(calls[0]![1]).toMatchObject({ v: 1, sentAt: expect.any(String), events: [expect.objectContaining({ type: 'outcome' })] });
    expect(calls[0]![2]).toEqual({ keepalive: false });
    // 503 kept it; a retry with 200 delivers the same event, same id.
    expect((await pulse.stats()).queued).toBe(1);
    await vi.waitFor(async () => expect((await pulse.stats()).sent).toBe(1), { timeout: 5000 });
    expect(calls[1]![1].events[0]!.id).toBe(calls[0]![1].events[0]!.id);
  });
});

describe('destinations', () => {
  test('a throwing destination is reported and never stops delivery or the others', async () => {
    const errors: PulseError[] = [];
    const dataLayer: unknown[] = [];
    (window as any).dataLayer = dataLayer;
    (window as any).analytics = {
      track: () => {
        throw new Error('blocked');
      },
    };
    const pulse = start({ destinations: ['segment', 'dataLayer'] });
    pulse.on('error', (e) => errors.push(e));
    pulse.outcome('purchase', { value: 5, currency: 'EUR' });
    await delivered(pulse, 2);
    // One report per event that Segment refused: the page view's own URL outcome and the purchase.
    expect(errors).toEqual([
      { reason: 'destination', message: 'segment' },
      { reason: 'destination', message: 'segment' },
    ]);
    expect(dataLayer.filter((d: any) => d.event).map((d: any) => [d.event, d.confidence_pulse.outcome])).toEqual(
      expect.arrayContaining([
        ['confidence_pulse_outcome', { name: 'category_view' }],
        ['confidence_pulse_outcome', { name: 'purchase', value: 5, currency: 'EUR' }],
      ]),
    );
    expect(dataLayer.filter((d: any) => d.event)).toHaveLength(2);
  });

  test('the destinations chunk loads at start-up, and events recorded before it arrives reach the tools in order', async () => {
    const dataLayer: any[] = [];
    (window as any).dataLayer = dataLayer;
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    const asked: string[] = [];
    const slowLoader = (async (chunk: 'destinations') => {
      asked.push(chunk);
      if (chunk === 'destinations') await arrived;
      return loadChunk(chunk);
    }) as typeof loadChunk;
    const pulse = createPulseCore({ endpoint: 'https://collect.test/v1/events', config, transport, destinations: ['dataLayer'] }, slowLoader, window);
    pulses.push(pulse);
    for (const name of ['first', 'second', 'third']) pulse.outcome(name);
    await delivered(pulse, 4);
    // Asked for once, before any event needed it; nothing forwarded while it loads.
    expect(asked).toEqual(['destinations']);
    expect(dataLayer).toEqual([]);
    arrive();
    await vi.waitFor(() => expect(dataLayer.filter((d) => d.event)).toHaveLength(4));
    expect(dataLayer.filter((d) => d.event).map((d) => d.confidence_pulse.outcome.name)).toEqual(['category_view', 'first', 'second', 'third']);
  });

  test('a destinations chunk that fails to load is reported per event; every event is still delivered', async () => {
    const errors: PulseError[] = [];
    const failing = ((chunk: 'destinations') => (chunk === 'destinations' ? Promise.reject(new Error('blocked by CSP')) : loadChunk(chunk))) as typeof loadChunk;
    const pulse = createPulseCore({ endpoint: 'https://collect.test/v1/events', config, transport, destinations: ['dataLayer'] }, failing, window);
    pulses.push(pulse);
    pulse.on('error', (e) => errors.push(e));
    pulse.outcome('purchase');
    await delivered(pulse, 2);
    await vi.waitFor(() => expect(errors).toHaveLength(2));
    expect(errors).toEqual([
      { reason: 'internal', message: 'Error: blocked by CSP' },
      { reason: 'internal', message: 'Error: blocked by CSP' },
    ]);
  });

  test.each([undefined, []])('without destinations (%j) the chunk is never loaded', async (destinations) => {
    const asked: string[] = [];
    const loader = ((chunk: any) => (asked.push(chunk), loadChunk(chunk))) as typeof loadChunk;
    const pulse = createPulseCore({ endpoint: 'https://collect.test/v1/events', config, transport, ...(destinations && { destinations }) }, loader, window);
    pulses.push(pulse);
    pulse.outcome('purchase');
    await delivered(pulse, 2);
    expect(asked).toEqual([]);
  });
});
