/**
 * Test-only pages for the browser tests, served by the demo store through `extraRoutes`: the built script tag
 * exactly as a marketer pastes it (the stub file, then the async script), the survey document inline.
 */
import type { Page } from 'playwright-core';

/** A survey with every question type, in English and Arabic, shown by `ConfidencePulse('track', 'open')`. */
export const UI_SURVEY = {
  id: 'ui',
  version: 2,
  pages: ['any'],
  trigger: { event: 'open' },
  questions: [
    {
      id: 'confidence',
      type: 'scale',
      min: 1,
      max: 5,
      text: { en: 'How confident are you that you can pick the right product?', ar: 'ما مدى ثقتك في قدرتك على اختيار المنتج المناسب؟' },
      labels: { min: { en: 'Not at all confident', ar: 'غير واثق إطلاقًا' }, max: { en: 'Completely confident', ar: 'واثق تمامًا' } },
    },
    {
      id: 'blocker',
      type: 'choice',
      multiple: true,
      text: { en: 'What would help you decide?', ar: 'ما الذي سيساعدك على اتخاذ القرار؟' },
      options: [
        { id: 'compare', text: { en: 'An easier way to compare', ar: 'مقارنة أسهل' } },
        { id: 'reviews', text: { en: 'More reviews', ar: 'مزيد من المراجعات' } },
      ],
      other: { maxLength: 200 },
    },
    { id: 'more', type: 'text', required: false, maxLength: 300, text: { en: 'Anything else?', ar: 'هل هناك شيء آخر؟' } },
    {
      id: 'found',
      type: 'binary',
      text: { en: 'Did you find what you need?', ar: 'هل وجدت ما تحتاجه؟' },
      labels: { yes: { en: 'Yes', ar: 'نعم' }, no: { en: 'No', ar: 'لا' } },
    },
  ],
};

/** A survey document around `surveys`, with every path classified as the page type `any`. */
export const documentWith = (surveys: unknown[], extra: Record<string, unknown> = {}) => ({
  version: 1,
  pages: { any: { match: ['/**'] } },
  surveys,
  ...extra,
});

export interface PageOptions {
  endpoint: string;
  config?: unknown;
  lang?: string;
  dir?: 'ltr' | 'rtl';
  /** Extra markup in <head>, before the script tag. */
  head?: string;
  body?: string;
  /** Attributes added to the script tag (e.g. `nonce="…"`). */
  scriptAttrs?: string;
  /** The script tag itself, replacing the default stub + async script. */
  script?: string;
  /** Leave out `<!doctype html>` (quirks mode). */
  quirks?: boolean;
}

/** The default snippet: the stub from a file (no inline script needed) and the async script tag. */
export const snippet = (endpoint: string, attrs = '') =>
  `<script src="/stub.js" ${attrs}></script><script async src="/confidence-pulse.js" data-endpoint="${endpoint}" ${attrs}></script>`;

/** One HTML page loading the built script tag. */
export function pageHtml({ endpoint, config = documentWith([UI_SURVEY]), lang = 'en', dir, head = '', body, scriptAttrs = '', script, quirks }: PageOptions): string {
  return `${quirks ? '' : '<!doctype html>'}<html lang="${lang}"${dir ? ` dir="${dir}"` : ''}>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Test page</title>
${head}
<script type="application/json" id="confidence-pulse-config">${JSON.stringify(config)}</script>
${script ?? snippet(endpoint, scriptAttrs)}
</head>
<body>
${body ?? `<header><a href="#main">Skip</a></header><main id="main"><h1>A product list</h1><p>Some text.</p><button type="button" id="before">A page button</button></main>`}
</body>
</html>`;
}

/** Waits until the script tag has replaced the stub. */
export const booted = (page: Page) => page.waitForFunction(() => typeof (window as any).ConfidencePulse?.v === 'string');

/** Opens the survey (its trigger is the `open` event) and waits until it is visible and its entry animation is over. */
export async function openSurvey(page: Page): Promise<void> {
  await booted(page);
  await page.evaluate(() => (window as any).ConfidencePulse('track', 'open'));
  await page.locator('confidence-pulse [role=dialog]').waitFor({ state: 'visible' });
  await settled(page);
}

/** Waits until the survey's animations have finished (axe must not see a half-transparent card). */
export const settled = (page: Page) =>
  page.waitForFunction(() => {
    const root = document.querySelector('confidence-pulse')?.shadowRoot;
    return !!root && root.getAnimations().length === 0;
  });

/** The element focused inside the survey's shadow root, described as `tag[type]:name`. */
export const focusedInSurvey = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement?.shadowRoot?.activeElement as HTMLInputElement | null | undefined;
    if (!el) return `page:${document.activeElement?.id || document.activeElement?.tagName}`;
    return `${el.tagName.toLowerCase()}${el.type ? `[${el.type}]` : ''}:${el.getAttribute('aria-label') ?? el.labels?.[0]?.textContent ?? el.textContent ?? ''}`.trim();
  });

/** Records the widget's survey events in `window.__events` (registered through the queued command API). */
export const recordEvents = (page: Page) =>
  page.evaluate(() => {
    const w = window as any;
    w.__events = [];
    for (const type of ['impression', 'answer', 'complete', 'dismiss', 'outcome']) w.ConfidencePulse('on', type, (e: unknown) => w.__events.push(e));
  });

export const recordedEvents = (page: Page): Promise<any[]> => page.evaluate(() => (window as any).__events);
