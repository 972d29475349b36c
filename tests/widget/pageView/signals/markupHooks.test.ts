/** The markup hooks and `track`: comparisons, filter changes and product tiles viewed, counted by name. */
import { afterEach, expect, test, vi } from 'vitest';
import { markupHooks, type MarkupHooks } from '../../../../src/widget/pageView/signals/markupHooks';
import { useFakeLifecycle } from './fakeLifecycle';

const stops = useFakeLifecycle();
afterEach(() => void vi.unstubAllGlobals());
let changes = 0;
/** Starts the hooks; `hidden` is the hidden total their `account` answers (the time family's, in the page). */
const start = (hidden = () => 0): MarkupHooks => {
  changes = 0;
  return markupHooks(window, hidden, () => changes++, stops);
};

test('markup hooks: buttons count on click, form controls on change, never both; unticking is no comparison', () => {
  document.body.innerHTML = `
    <button id="sort" data-cp-filter>Sort</button>
    <label data-cp-filter><input id="wide" type="checkbox"> Wide</label>
    <input id="cmp" type="checkbox" data-cp-compare>
    <button id="cmpb" data-cp-compare>Compare</button>
    <button id="plain">Plain</button>`;
  const [track, counts, , snapshot] = start();
  const $ = (id: string) => document.getElementById(id) as HTMLElement;
  $('sort').click();
  // A checkbox: its click is skipped, its change counts; through its label, the same.
  $('wide').click();
  $('wide').closest('label')!.click();
  $('cmp').click();
  $('cmp').click();
  $('cmpb').click();
  $('plain').click();
  track('compare', 2);
  track('size_guide');
  expect((document.getElementById('cmp') as HTMLInputElement).checked).toBe(false);
  expect(snapshot()).toEqual({ productsViewed: 0, filterChanges: 3, productsCompared: 4, tracked: { filter: 3, compare: 4, size_guide: 1 } });
  // Triggers read the same counts; each count may fire one (the unticking and the plain button count nothing).
  expect(counts.compare).toBe(4);
  expect(changes).toBe(7);
});

test('hooks inside the survey are not page behaviour', () => {
  const host = document.createElement('confidence-pulse');
  host.setAttribute('data-cp-filter', '');
  document.body.append(host);
  const [, , , snapshot] = start();
  host.click();
  expect(snapshot().filterChanges).toBe(0);
});

test('track names: any name but __proto__, at most 50 distinct, 60 characters', () => {
  const [track, , , snapshot] = start();
  track('constructor');
  track('__proto__');
  for (let i = 0; i < 60; i++) track(`name${i}`);
  track('constructor', 2);
  track('x'.repeat(80));
  const tracked = snapshot().tracked as Record<string, number>;
  expect(tracked.constructor).toBe(3);
  expect(Object.keys(tracked)).toHaveLength(50);
  // The collector refuses an event with a __proto__ key, so the widget never sends one (nor spends a name on it).
  expect(JSON.stringify(snapshot())).not.toContain('__proto__');
  expect(Object.keys(tracked)).toContain('name48');
});

/** An IntersectionObserver the test drives: `show(el, ratio)` reports how much of a tile is on screen. */
const stubObserver = () => {
  let report: IntersectionObserverCallback = () => {};
  const observed = new Set<Element>();
  vi.stubGlobal(
    'IntersectionObserver',
    class {
      constructor(callback: IntersectionObserverCallback) {
        report = callback;
      }
      observe = (el: Element) => observed.add(el);
      unobserve = (el: Element) => observed.delete(el);
      disconnect = () => observed.clear();
    },
  );
  const show = (target: Element, intersectionRatio: number) =>
    report([{ target, intersectionRatio } as IntersectionObserverEntry], {} as IntersectionObserver);
  return { observed, show };
};

test('a product tile counts after a second at least half on screen, each product once, and hidden time restarts the second', () => {
  const { observed, show } = stubObserver();
  document.body.innerHTML = ['a', 'b', 'a', 'c'].map((id, i) => `<div id="t${i}" data-cp-product="${id}"></div>`).join('');
  const tile = (i: number) => document.getElementById(`t${i}`)!;
  let hidden = 0;
  const [, , findProducts, snapshot] = start(() => hidden);
  expect(observed.size).toBe(4);
  // Tile 0 for 999 ms: not yet; at 1 s, product a.
  show(tile(0), 0.5);
  vi.advanceTimersByTime(999);
  expect(snapshot().productsViewed).toBe(0);
  vi.advanceTimersByTime(1);
  expect([snapshot().productsViewed, changes]).toEqual([1, 1]);
  // Tile 2 is product a again: one product viewed.
  show(tile(2), 0.9);
  vi.advanceTimersByTime(1000);
  expect(snapshot().productsViewed).toBe(1);
  // Tile 1 leaves the screen (under half) before its second is up: not viewed.
  show(tile(1), 0.6);
  vi.advanceTimersByTime(500);
  show(tile(1), 0.4);
  vi.advanceTimersByTime(2000);
  expect(snapshot().productsViewed).toBe(1);
  // Tile 3: the tab is hidden during its second, so the second starts again.
  show(tile(3), 1);
  hidden = 300;
  vi.advanceTimersByTime(1000);
  expect(snapshot().productsViewed).toBe(1);
  vi.advanceTimersByTime(1000);
  expect(snapshot().productsViewed).toBe(2);
  // Tiles added later are found on the next look; seen products are not observed again.
  document.body.insertAdjacentHTML('beforeend', '<div data-cp-product="d"></div><div data-cp-product="c"></div>');
  findProducts();
  expect([...observed].map((el) => el.getAttribute('data-cp-product'))).toEqual(['b', 'd']);
});

test('its stops remove the listeners, the observer and pending tiles', () => {
  const { observed, show } = stubObserver();
  document.body.innerHTML = '<button data-cp-filter id="f">Sort</button><div id="t" data-cp-product="a"></div>';
  const [, , , snapshot] = start();
  show(document.getElementById('t')!, 1);
  stops.splice(0).forEach((stop) => stop());
  vi.advanceTimersByTime(5000);
  document.getElementById('f')!.click();
  expect(snapshot()).toMatchObject({ productsViewed: 0, filterChanges: 0 });
  expect(observed.size).toBe(0);
  expect(vi.getTimerCount()).toBe(0);
});
