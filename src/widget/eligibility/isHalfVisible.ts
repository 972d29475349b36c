/** True when the first element matching `selector` has at least half of its area in the viewport. */
export function isHalfVisible(selector: string, doc: Document): boolean {
  let el: Element | null;
  try {
    el = doc.querySelector(selector);
  } catch {
    return false;
  }
  if (!el) return false;
  const r = el.getBoundingClientRect();
  const view = doc.defaultView!;
  const area = r.width * r.height;
  // The part inside the viewport: overlap in x times overlap in y.
  const inView = Math.max(0, Math.min(r.right, view.innerWidth) - Math.max(r.left, 0)) * Math.max(0, Math.min(r.bottom, view.innerHeight) - Math.max(r.top, 0));
  return area > 0 && inView / area >= 0.5;
}
