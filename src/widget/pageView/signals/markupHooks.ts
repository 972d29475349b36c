import { listen } from '../../lib/listen';

/** A product tile is viewed once at least half of it has been on screen this long. */
const VIEW_MS = 1000;
/** Distinct `track` names kept per page view, so a buggy caller cannot grow every event without bound. */
const MAX_NAMES = 50;

/** What the markup hooks hand on: `track`, its counts (triggers read them), the product finder for the tick, and this family's part of the snapshot. */
export type MarkupHooks = [
  track: (name: string, by?: number) => void,
  counts: Record<string, number>,
  findProducts: () => void,
  snapshot: () => Record<string, number | Record<string, number>>,
];

/**
 * Markup hooks and `track`: product tiles viewed (`data-cp-product`), comparisons (`data-cp-compare`) and filter
 * changes (`data-cp-filter`), counted with the page's own `track('name')` calls. Buttons and links count on click,
 * form controls on `change` (never both); an unticked compare box is not a comparison.
 *
 * @param account moves the page view's clock to now and answers its hidden time: a tile counts after a second on
 * screen, and any hidden time in that second starts the second again.
 */
export function markupHooks(win: Window, account: () => number, notify: () => void, stops: (() => void)[]): MarkupHooks {
  const doc = win.document;
  let productsViewed = 0;
  let names = 0;
  const seenProducts = new Set<unknown>();
  const pendingProducts = new Map<Element, ReturnType<typeof setTimeout>>();
  // A null prototype, so names such as "constructor" are counted like any other.
  const counts: Record<string, number> = Object.create(null);

  const track = (name: string, by = 1) => {
    name = name.slice(0, 60);
    // `__proto__` is refused by the collector (it would set a prototype where a count was meant): never sent.
    if (name != '__proto__' && (name in counts || names++ < MAX_NAMES)) counts[name] = (counts[name] ?? 0) + by;
    notify();
  };

  const onActivate = (event: Event) => {
    const el = event.target;
    // Nothing in the survey itself (its host, after retargeting) is page behaviour; a form control counts on `change`.
    if (!(el instanceof Element) || el.closest('confidence-pulse') || (event.type == 'click' && el.closest('input,select,textarea,label'))) return;
    if (el.closest('[data-cp-compare]') && (el as HTMLInputElement).checked !== false) track('compare');
    if (el.closest('[data-cp-filter]')) track('filter');
  };

  const viewed = (el: Element) => {
    pendingProducts.delete(el);
    io.unobserve(el);
    // The same product in two tiles is one product viewed.
    const key = el.getAttribute('data-cp-product') || el;
    if (!seenProducts.has(key)) {
      seenProducts.add(key);
      productsViewed++;
      notify();
    }
  };
  const startViewing = (el: Element, hiddenBefore = account()): unknown =>
    pendingProducts.set(el, setTimeout(() => (account() > hiddenBefore ? startViewing(el) : viewed(el)), VIEW_MS));
  const io = new IntersectionObserver(
    (entries) =>
      entries.forEach(({ target, intersectionRatio }) => {
        if (intersectionRatio >= 0.5) pendingProducts.has(target) || startViewing(target);
        else {
          clearTimeout(pendingProducts.get(target));
          pendingProducts.delete(target);
        }
      }),
    { threshold: 0.5 },
  );
  /** Observes product tiles not seen yet, including ones added since the last look (lists, SPAs). */
  const findProducts = () =>
    doc.querySelectorAll('[data-cp-product]').forEach((el) => seenProducts.has(el.getAttribute('data-cp-product') || el) || io.observe(el));

  stops.push(listen(win, 'click', onActivate), listen(win, 'change', onActivate), () => {
    io.disconnect();
    pendingProducts.forEach((timer) => clearTimeout(timer));
  });
  findProducts();
  return [
    track,
    counts,
    findProducts,
    () => ({ productsViewed, productsCompared: counts.compare ?? 0, filterChanges: counts.filter ?? 0, tracked: { ...counts } }),
  ];
}
