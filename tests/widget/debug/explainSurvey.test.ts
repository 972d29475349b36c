/**
 * Debug mode's explanations: one test per reason a survey does not show (the document, consent, the page type, the
 * sample, each cap, another survey on screen, the trigger), plus GPC and the trigger's progress, read from the words
 * `explainSurveys` gives the console. Then the real core in happy-dom with `debug: true`, printing them.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { explainSurveys, type State } from '../../../src/widget/debug/explainSurvey';
import { hashToUnit } from '../../../src/widget/lib/hashToUnit';
import { loadChunk } from '../../../src/widget/loadChunk';
import { createPulseCore } from '../../../src/widget/pulse';
import type { Pulse } from '../../../src/widget/pulseApi';

const NOW = Date.UTC(2026, 10, 2, 9);
const DAY = 86_400_000;
const survey = (over: Record<string, unknown> = {}) => ({
  id: 's1',
  version: 1,
  pages: ['category'],
  trigger: { scrollDepth: 0.5 },
  questions: [{ id: 'q', type: 'scale', min: 1, max: 5, text: 'Sure?' }],
  ...over,
});
const trigger = { activeSeconds: 4, scrollDepth: 0.23, exitIntent: false, idleSeconds: 0, counts: { compare: 1 }, pageIndex: 1, isVisible: () => false };
const state = (over: Partial<State> = {}): State => ({
  config: { version: 1, pages: { category: { match: ['/c/**'] } }, surveys: [survey()] },
  validated: undefined,
  invalid: false,
  page: { path: '/c/shoes', type: 'category' },
  session: { visitorId: 'visitor-1', sessionId: 'session-1', pageIndex: 1 } as State['session'],
  permitted: true,
  consent: undefined,
  gpc: false,
  caps: { surveys: {} },
  busy: false,
  trigger,
  loadError: undefined,
  ...over,
});
const verdict = (s: State) => explainSurveys(s, null, NOW).surveys[0]!.verdict;

describe('each reason a survey does not show, in words', () => {
  it('the trigger has not fired: with its progress', () => {
    const { surveys } = explainSurveys(state({ config: { ...state().config, surveys: [survey({ trigger: { any: [{ scrollDepth: 0.5 }, { activeSeconds: 20 }, { event: 'compare', count: 2 }] } })] } }), null, NOW);
    expect(surveys[0]!.verdict).toBe('not shown: waiting for its trigger');
    expect(surveys[0]!.lines).toEqual(expect.arrayContaining(['  any of:', '    scroll 23% of 50%', '    active 4 s of 20 s', '    event "compare" 1 of 2']));
  });
  it('fires: the verdict says it shows, and the condition is ticked', () => {
    const s = state({ trigger: { ...trigger, scrollDepth: 0.6 } });
    expect(verdict(s)).toBe('eligible and its trigger fired: showing');
    expect(explainSurveys(s, null, NOW).surveys[0]!.lines).toContain('  scroll 60% of 50% ✓');
  });
  it('sample: the visitor\'s bucket against the rate', () => {
    const rate = 0.2;
    const visitorId = Array.from({ length: 50 }, (_, i) => `v${i}`).find((id) => hashToUnit(`${id}:s1`) >= rate)!;
    const s = state({ session: { visitorId, sessionId: 'x', pageIndex: 1 } as State['session'], config: { ...state().config, surveys: [survey({ sample: rate })] } });
    expect(verdict(s)).toMatch(/^not shown: sample: this visitor's bucket 0\.\d{3} is not below the rate 0\.2 \(set "sample": 1 while testing\)$/);
  });
  it('consent required and not given', () => {
    expect(verdict(state({ permitted: false }))).toBe('not shown: consent: required (consent: "required") and not given yet: call ConfidencePulse(\'consent\', true)');
  });
  it('consent refused', () => {
    expect(verdict(state({ permitted: false, consent: false }))).toBe('not shown: consent: refused by consent(false): nothing is stored, sent or shown');
  });
  it('no page type', () => {
    const s = state({ page: { path: '/about' } });
    expect(verdict(s)).toBe('not shown: this page has no page type');
    expect(explainSurveys(s, null, NOW).header).toContain('page type: none (no data-cp-page on the page and no "pages" rule matches /about)');
  });
  it('a page type the survey does not target, and where the type came from', () => {
    const s = state({ page: { path: '/p/1', type: 'product' } });
    expect(verdict(s)).toBe('not shown: this page is "product", not one of the survey\'s pages (category)');
    expect(explainSurveys(s, 'product', NOW).header).toContain('page type: "product" from data-cp-page');
    expect(explainSurveys(state(), null, NOW).header).toContain('page type: "category" from the rule pages.category ({"match":["/c/**"]})');
  });
  it('maxPerSession', () => {
    expect(verdict(state({ caps: { surveys: {}, sessionId: 'session-1', sessionCount: 1 } }))).toBe('not shown: maxPerSession: 1 of 1 survey(s) already shown this session');
  });
  it('once per visitor when the survey sets no cooldown', () => {
    expect(verdict(state({ caps: { surveys: { s1: { shown: NOW - 40 * DAY } } } }))).toBe('not shown: already shown to this visitor (once per visitor: the survey sets no cooldownDays)');
  });
  it('cooldownDays', () => {
    const s = state({ caps: { surveys: { s1: { shown: NOW - 2 * DAY } } }, config: { ...state().config, surveys: [survey({ frequency: { cooldownDays: 14 } })] } });
    expect(verdict(s)).toBe('not shown: cooldownDays: shown 2026-10-31 09:00 UTC, 14 day(s) must pass');
  });
  it('afterDismissDays', () => {
    const s = state({ caps: { surveys: { s1: { dismissed: NOW - DAY } } }, config: { ...state().config, surveys: [survey({ frequency: { afterDismissDays: 30 } })] } });
    expect(verdict(s)).toBe('not shown: afterDismissDays: dismissed 2026-11-01 09:00 UTC, 30 day(s) must pass');
  });
  it('minGapMinutes across surveys', () => {
    const s = state({ caps: { surveys: {}, lastShown: NOW - 60_000 }, config: { ...state().config, frequency: { minGapMinutes: 10 } } });
    expect(verdict(s)).toBe('not shown: minGapMinutes: a survey was shown 2026-11-02 08:59 UTC, 10 minute(s) must pass between any two');
  });
  it('another survey on screen', () => {
    expect(verdict(state({ busy: true, trigger: { ...trigger, scrollDepth: 1 } }))).toBe('not shown: another survey is being shown');
  });
  it('no document, a document that failed to load, an invalid one', () => {
    expect(verdict(state({ config: { version: 1, pages: {}, surveys: [survey()] }, invalid: true }))).toBe('not shown: the survey document is invalid (the error above names the problem)');
    const none = explainSurveys(state({ config: undefined }), null, NOW);
    expect(none.header).toContain('no survey document: set data-config, an inline #confidence-pulse-config, or init({ config })');
    const failed = explainSurveys(state({ config: undefined, loadError: '[confidence-pulse] could not load the survey document from https://c.example/v1/surveys: HTTP 404' }), null, NOW);
    expect(failed.header).toContain('could not load the survey document from https://c.example/v1/surveys: HTTP 404');
  });
  it('GPC is said, and is not a reason not to show', () => {
    const s = state({ gpc: true, trigger: { ...trigger, scrollDepth: 0.9 } });
    expect(explainSurveys(s, null, NOW).header).toContain('GPC: on: surveys still show; events go out without ids or signals');
    expect(verdict(s)).toBe('eligible and its trigger fired: showing');
  });
});

describe('the core with debug on', () => {
  const running: Pulse[] = [];
  afterEach(() => {
    running.splice(0).forEach((p) => p.destroy());
    vi.restoreAllMocks();
  });

  it('prints each survey\'s verdict grouped, and logs each send with its result', async () => {
    const groups: string[] = [];
    const logs: string[] = [];
    vi.spyOn(console, 'group').mockImplementation((...args: unknown[]) => void groups.push(args.join(' ')));
    vi.spyOn(console, 'groupEnd').mockImplementation(() => {});
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void logs.push(args.join(' ')));
    const setIntervalSpy = vi.spyOn(window, 'setInterval');
    const config = { version: 1, pages: { any: { match: ['/**'] } }, surveys: [survey({ pages: ['any'], sample: 0 })] };
    const pulse = createPulseCore({ endpoint: 'https://collect.test/v1/events', config, debug: true, transport: async () => ({ status: 202 }) }, loadChunk);
    running.push(pulse);
    await vi.waitFor(() => expect(groups).toContain('[confidence-pulse] survey "s1": not shown: sample: this visitor\'s bucket ' + groups.join('').match(/bucket (0\.\d{3})/)?.[1] + ' is not below the rate 0 (set "sample": 1 while testing)'), { timeout: 5000 });
    expect(logs).toContain('pages: any');
    pulse.outcome('purchase');
    await pulse.flush();
    expect(logs.some((line) => /^\[confidence-pulse\] sent 1 event\(s\) \(outcome\) to https:\/\/collect\.test\/v1\/events: HTTP 202$/.test(line))).toBe(true);
    // destroy stops the explanations too: the debug chunk's interval (the one whose callback prints groups) is cleared.
    const timers = setIntervalSpy.mock.results.map((r) => r.value);
    const cleared = vi.spyOn(window, 'clearInterval');
    pulse.destroy();
    expect(timers.length).toBeGreaterThan(0);
    expect(cleared.mock.calls.map(([id]) => id)).toEqual(expect.arrayContaining([timers.at(-1)]));
  });

  it('a relative endpoint is an error at once, on on(\'error\'), and nothing is sent', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((line: unknown) => void errors.push(String(line)));
    const sent: unknown[] = [];
    const reported: string[] = [];
    const pulse = createPulseCore({ endpoint: 'undefined', config: { version: 1, pages: {}, surveys: [] }, transport: async (...args) => (sent.push(args), { status: 200 }) }, loadChunk);
    running.push(pulse);
    pulse.on('error', (e) => reported.push(e.reason));
    expect(errors).toEqual(['[confidence-pulse] endpoint "undefined" is not an absolute or root-relative URL; events stay queued']);
    pulse.outcome('purchase');
    await vi.waitFor(() => expect(reported).toContain('invalid_endpoint'));
    await pulse.flush();
    expect(sent).toEqual([]);
    expect((await pulse.stats()).queued).toBe(1);
  });
});
