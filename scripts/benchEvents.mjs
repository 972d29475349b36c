// The events the collector benchmarks send and store (scripts/benchCollector.mjs, scripts/benchCollectorStore.mjs).

let counter = 0;

/** One event of a realistic size (about 600 bytes), with a fresh id. */
export function newEvent() {
  const n = ++counter;
  return {
    id: `bench-${process.pid}-${String(n).padStart(9, '0')}`,
    type: n % 3 ? 'answer' : 'impression',
    ts: new Date().toISOString(),
    visitorId: `visitor-${n % 5000}`,
    sessionId: `session-${n % 20000}`,
    pageViewId: `page-view-${n}`,
    responseId: `response-${Math.floor(n / 3)}`,
    page: { type: n % 2 ? 'category' : 'comparison', path: '/c/trail-running-shoes' },
    survey: { id: 'decision-confidence', version: 3, variant: n % 2 ? 'A' : 'B', sampleRate: 0.2 },
    ...(n % 3 ? { question: { id: 'confidence', type: 'scale', min: 1, max: 5, text: 'How confident are you that you can pick the right product?' }, answer: { value: 1 + (n % 5), label: 'Somewhat' } } : {}),
    trigger: 'scrollDepth',
    locale: 'en',
    signals: { activeMs: 4100 + n, maxScrollDepth: 0.62, pageIndex: 1 + (n % 6), journey: ['category', 'comparison'], viewport: 'desktop', timeToAnswerMs: 2300 },
  };
}
