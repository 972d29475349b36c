/**
 * The survey UI in real Chromium (WCAG 2.2 AA): axe-core scans with the survey open in every mode
 * (desktop, phone, reduced motion, forced colours, dark, RTL Arabic), keyboard-only completion with the
 * browser's own radio-group behaviour, the accessibility tree Chromium gives screen readers, the live
 * region, and the phone bottom sheet staying within the visible part of the page.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { useDemo } from './harness';
import { focusedInSurvey, openSurvey, pageHtml, recordedEvents, recordEvents, settled } from './testPage';
import type { BrowserContextOptions, Page } from 'playwright-core';

const AXE = fileURLToPath(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url));
const html = (body: string) => ({ type: 'text/html; charset=utf-8', body });

const routes = {
  '/t/en': () => html(pageHtml({ endpoint: env.demo.endpoint })),
  '/t/ar': () => html(pageHtml({ endpoint: env.demo.endpoint, lang: 'ar', dir: 'rtl' })),
};
const env = useDemo({ extraRoutes: routes });

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

async function openPage(options: BrowserContextOptions, path = '/t/en'): Promise<Page> {
  const context = await env.newContext(options);
  const page = await context.newPage();
  await page.goto(env.demo.storeUrl + path);
  return page;
}

/** axe-core on the whole page; also lists the rules that passed on nodes inside the survey's shadow root. */
async function runAxe(page: Page) {
  await settled(page);
  return page.evaluate(async () => {
    // Every rule, best practices included; target-size (WCAG 2.2 AA 2.5.8) is off by default and turned on.
    const result = await (window as any).axe.run(document, { resultTypes: ['violations', 'passes'], rules: { 'target-size': { enabled: true } } });
    // Nodes inside a shadow root are targeted by a path: an array of selectors.
    const inSurvey = (node: { target: unknown[] }) => Array.isArray(node.target[0]);
    return {
      violations: result.violations.map(
        (v: any) => `${v.id} (${v.impact}): ${v.nodes.map((n: any) => `${JSON.stringify(n.target)} ${n.failureSummary}`).join(' | ')}`,
      ) as string[],
      passedInSurvey: [...new Set(result.passes.filter((p: any) => p.nodes.some(inSurvey)).map((p: any) => p.id))] as string[],
    };
  });
}

const shadowRoles = (page: Page) => page.locator('confidence-pulse');

describe('axe-core finds no violations with the survey open', () => {
  const modes: [string, BrowserContextOptions, string][] = [
    ['desktop', DESKTOP, '/t/en'],
    ['phone', PHONE, '/t/en'],
    ['reduced motion', { ...DESKTOP, reducedMotion: 'reduce' }, '/t/en'],
    ['forced colours', { ...DESKTOP, forcedColors: 'active' }, '/t/en'],
    ['dark scheme', { ...DESKTOP, colorScheme: 'dark' }, '/t/en'],
    ['RTL Arabic', DESKTOP, '/t/ar'],
  ];

  test.each(modes)('%s: every question and the thank-you', async (_mode, options, path) => {
    const page = await openPage(options, path);
    await openSurvey(page);
    await page.addScriptTag({ path: AXE });
    const survey = shadowRoles(page);
    const scans: Record<string, Awaited<ReturnType<typeof runAxe>>> = {};

    scans.scale = await runAxe(page);
    await survey.getByRole('radio').nth(1).click();
    await survey.getByRole('checkbox').last().check(); // "Other" reveals its text field
    await survey.getByRole('textbox').waitFor();
    scans.choice = await runAxe(page);
    await survey.getByRole('button').first().click(); // the primary button comes before the close button
    // The text question (a textarea) is drawn once that click has been painted; until then the old "Other" field is there.
    await survey.locator('textarea').fill('More photos');
    scans.text = await runAxe(page);
    await survey.getByRole('button').nth(1).click(); // Skip, then Send
    await survey.getByRole('group').waitFor();
    scans.binary = await runAxe(page);
    await survey.getByRole('group').getByRole('button').first().click();
    await survey.getByRole('status').filter({ hasText: /./ }).waitFor();
    scans.thanks = await runAxe(page);

    for (const [step, scan] of Object.entries(scans)) {
      expect(scan.violations, step).toEqual([]);
      // The scan really reached into the shadow root.
      expect(scan.passedInSurvey, step).toContain('color-contrast');
    }
    expect(scans.scale!.passedInSurvey).toEqual(expect.arrayContaining(['aria-dialog-name', 'button-name', 'label', 'target-size']));
    expect(scans.text!.passedInSurvey).toContain('label');
    await page.context().close();
  });
});

test('keyboard only: one Tab stop per radio group, arrows, Space and Enter, focus back where it was', async () => {
  const page = await openPage(DESKTOP);
  await page.locator('#before').focus();
  await openSurvey(page);
  await recordEvents(page);
  // A corner prompt does not take focus.
  expect(await focusedInSurvey(page)).toBe('page:before');

  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toBe('input[radio]:1, Not at all confident');
  // The scale is one Tab stop; Next is disabled until a point is chosen, so the close button is next.
  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toBe('button[button]:Close survey');
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowLeft');
  expect(await focusedInSurvey(page)).toBe('input[radio]:2');
  expect(await page.locator('confidence-pulse').getByRole('radio', { name: '2', exact: true }).isChecked()).toBe(true);
  await page.keyboard.press('Enter');

  // The follow-up, drawn once the answering key press has been painted: focus moves to its first control.
  await expect.poll(() => focusedInSurvey(page)).toBe('input[checkbox]:An easier way to compare');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toBe('input[checkbox]:Other');
  await page.keyboard.press('Space');
  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toBe('input[text]:Other');
  await page.keyboard.type('Videos');
  await page.keyboard.press('Enter');

  // Optional text: Enter in a textarea is a new line; Tab to Skip or Send.
  await expect.poll(() => focusedInSurvey(page)).toBe('textarea[textarea]:');
  await page.keyboard.type('Sizes');
  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toBe('button[button]:Skip');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  await expect.poll(() => focusedInSurvey(page)).toBe('button[button]:Yes');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Space');
  await page.locator('confidence-pulse').getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  expect(await focusedInSurvey(page)).toBe('button[button]:Close survey');

  // Escape closes; focus returns to the page control focus came from.
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('confidence-pulse').count()).toBe(0);
  expect(await focusedInSurvey(page)).toBe('page:before');

  const events = await recordedEvents(page);
  expect(events.map((e) => e.type)).toEqual(['answer', 'answer', 'answer', 'answer', 'complete']);
  expect(events.filter((e) => e.type === 'answer').map((e) => [e.question.id, e.answer.value, e.answer.other])).toEqual([
    ['confidence', 2, undefined],
    ['blocker', ['compare', 'other'], 'Videos'],
    ['more', 'Sizes', undefined],
    ['found', false, undefined],
  ]);
  // Arrows: 2, 3, 2 after the first selection.
  expect(events[0].signals.answerChanges).toBe(2);
  await page.context().close();
});

test('keyboard in RTL: Left moves to the next point, as the scale reads right to left', async () => {
  const page = await openPage(DESKTOP, '/t/ar');
  await page.locator('#before').focus();
  await openSurvey(page);
  await page.keyboard.press('Tab');
  expect(await focusedInSurvey(page)).toMatch(/^input\[radio\]:1, /);
  await page.keyboard.press('ArrowLeft');
  expect(await focusedInSurvey(page)).toBe('input[radio]:2');
  const [one, two] = await page.locator('confidence-pulse').getByRole('radio').evaluateAll((els) => els.slice(0, 2).map((e) => e.getBoundingClientRect().x));
  expect(two).toBeLessThan(one!);
  await page.keyboard.press('Escape');
  await expect.poll(() => page.locator('confidence-pulse').count()).toBe(0);
  expect(await focusedInSurvey(page)).toBe('page:before');
  await page.context().close();
});

test('keyboard: Enter on a radio selects it and answers at once', async () => {
  const page = await openPage(DESKTOP);
  await page.locator('#before').focus();
  await openSurvey(page);
  await recordEvents(page);
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await expect.poll(() => focusedInSurvey(page)).toBe('input[checkbox]:An easier way to compare');
  expect((await recordedEvents(page)).map((e) => [e.type, e.answer?.value])).toEqual([['answer', 1]]);
  await page.context().close();
});

test('what a screen reader gets: roles, names, states, a polite live region, lang and dir', async () => {
  const page = await openPage(DESKTOP);
  await openSurvey(page);
  const cdp = await page.context().newCDPSession(page);
  const axTree = async () => {
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: any[] };
    return nodes
      .filter((n) => !n.ignored)
      .map((n) => ({
        role: n.role?.value as string,
        name: n.name?.value as string,
        props: Object.fromEntries((n.properties ?? []).map((p: any) => [p.name, p.value.value])),
      }));
  };
  const find = (nodes: Awaited<ReturnType<typeof axTree>>, role: string) => nodes.filter((n) => n.role === role);

  let nodes = await axTree();
  const question = 'How confident are you that you can pick the right product?';
  expect(find(nodes, 'dialog')).toEqual([expect.objectContaining({ name: question })]);
  expect(find(nodes, 'dialog')[0]!.props.modal).toBeFalsy();
  expect(find(nodes, 'heading').map((n) => n.name)).toContain(question);
  expect(find(nodes, 'radiogroup').map((n) => n.name)).toEqual([question]);
  expect(find(nodes, 'radio').map((n) => [n.name, n.props.checked])).toEqual([
    ['1, Not at all confident', 'false'],
    ['2', 'false'],
    ['3', 'false'],
    ['4', 'false'],
    ['5, Completely confident', 'false'],
  ]);
  expect(find(nodes, 'button').filter((n) => n.name !== 'A page button').map((n) => [n.name, !!n.props.disabled])).toEqual([
    ['Next', true],
    ['Close survey', false],
  ]);
  const status = find(nodes, 'status');
  expect(status).toHaveLength(1);
  expect(status[0]!.props).toMatchObject({ live: 'polite', atomic: true });
  const survey = page.locator('confidence-pulse');
  await expect.poll(() => survey.getByRole('status').textContent()).toBe('A short survey has appeared');
  expect(await survey.getByRole('dialog').evaluate((el) => [el.getAttribute('lang'), el.getAttribute('dir')])).toEqual(['en', 'ltr']);

  await survey.getByRole('radio', { name: '4', exact: true }).click();
  await survey.getByRole('checkbox').first().waitFor();
  nodes = await axTree();
  const followUp = 'What would help you decide?';
  expect(find(nodes, 'dialog')[0]!.name).toBe(followUp);
  expect(find(nodes, 'group').map((n) => n.name)).toContain(followUp);
  expect(find(nodes, 'checkbox').map((n) => n.name)).toEqual(['An easier way to compare', 'More reviews', 'Other']);
  await survey.getByRole('checkbox', { name: 'More reviews' }).check();
  await survey.getByRole('button', { name: 'Next' }).click();
  // Each next question is drawn once the answering click has been painted.
  await survey.getByRole('textbox').waitFor();
  nodes = await axTree();
  expect(find(nodes, 'textbox').map((n) => n.name)).toEqual(['Anything else?']);
  await survey.getByRole('button', { name: 'Skip' }).click();
  await survey.getByRole('button', { name: 'Yes' }).click();
  await survey.getByRole('status').filter({ hasText: 'Thank you!' }).waitFor();
  nodes = await axTree();
  expect(find(nodes, 'dialog')[0]!.name).toBe('Thank you!');
  expect(await survey.getByRole('status').textContent()).toBe('Thank you!');
  await page.context().close();
});

test('forced colours: controls take the system colours, and the checked point stays distinct in Highlight', async () => {
  const page = await openPage({ ...DESKTOP, forcedColors: 'active' });
  await openSurvey(page);
  const survey = page.locator('confidence-pulse');
  await survey.getByRole('radio').nth(2).focus();
  await page.keyboard.press('Space');
  const colours = await page.evaluate(() => {
    const root = document.querySelector('confidence-pulse')!.shadowRoot!;
    const of = (el: Element) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor];
    const probe = document.body.appendChild(document.createElement('i'));
    probe.style.cssText = 'forced-color-adjust:none;color:HighlightText;background:Highlight';
    const result = {
      // The page's own button shows what the system gives a button; ours must match (its text then keeps a readable backplate).
      pageButton: of(document.querySelector('#before')!),
      next: of(root.querySelector('.pr')!),
      checked: of(root.querySelector(':checked + span')!),
      highlight: of(probe),
    };
    probe.remove();
    return result;
  });
  expect(colours.next[0]).toBe(colours.pageButton[0]);
  expect(colours.checked).toEqual(colours.highlight);
  await page.context().close();
});

test('RTL locale: the dialog carries lang="ar" and dir="rtl", and sits in the left corner', async () => {
  const page = await openPage(DESKTOP, '/t/ar');
  await openSurvey(page);
  const dialog = page.locator('confidence-pulse').getByRole('dialog');
  expect(await dialog.evaluate((el) => [el.getAttribute('lang'), el.getAttribute('dir')])).toEqual(['ar', 'rtl']);
  const box = (await dialog.boundingBox())!;
  expect(box.x).toBe(16);
  expect(await page.locator('confidence-pulse').getByRole('button', { name: 'إغلاق الاستبيان' }).count()).toBe(1);
  await page.context().close();
});

test('phone: a bottom sheet within 40% of the viewport, 44 px targets, above the visible bottom when the viewport shrinks', async () => {
  const page = await openPage(PHONE);
  await openSurvey(page);
  const survey = page.locator('confidence-pulse');
  const sheet = async () => (await survey.getByRole('dialog').boundingBox())!;
  let box = await sheet();
  expect(box.x).toBe(0);
  expect(box.width).toBe(390);
  expect(Math.abs(box.y + box.height - 844)).toBeLessThan(1);
  expect(box.height).toBeLessThanOrEqual(0.4 * 844);

  const targets = async () =>
    survey.evaluate((host) =>
      [...host.shadowRoot!.querySelectorAll('button, .s span, .o')].filter((el) => !(el as HTMLButtonElement).disabled).map((el) => {
        const r = el.getBoundingClientRect();
        return Math.min(r.width, r.height);
      }),
    );
  expect(Math.min(...(await targets()))).toBeGreaterThanOrEqual(44);
  await survey.getByRole('radio').nth(1).click();
  await survey.getByRole('checkbox').first().waitFor();
  expect(Math.min(...(await targets()))).toBeGreaterThanOrEqual(44);
  await survey.getByRole('checkbox').first().check();
  await survey.getByRole('button', { name: 'Next' }).click();

  // The text question: the field gets focus, then the visible viewport shrinks to half (as when the on-screen
  // keyboard opens; here by zooming, the one way to shrink the visual viewport in headless Chromium).
  const field = survey.getByRole('textbox');
  await field.focus();
  expect(await field.evaluate((el) => getComputedStyle(el).fontSize)).toBe('16px');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.synthesizePinchGesture', { x: 10, y: 10, scaleFactor: 2, relativeSpeed: 2000 });
  await page.waitForFunction(() => visualViewport!.scale > 1.9);
  await page.waitForTimeout(100);
  const visible = await page.evaluate(() => ({ top: visualViewport!.offsetTop, bottom: visualViewport!.offsetTop + visualViewport!.height, height: visualViewport!.height }));
  expect(visible.height).toBeLessThan(450);
  box = await sheet();
  expect(Math.abs(box.y + box.height - visible.bottom)).toBeLessThan(2);
  expect(box.height).toBeLessThanOrEqual(0.4 * visible.height + 1);
  const fieldBox = (await field.boundingBox())!;
  expect(fieldBox.y).toBeGreaterThanOrEqual(visible.top);
  expect(fieldBox.y + fieldBox.height).toBeLessThanOrEqual(visible.bottom);
  await page.context().close();
});
