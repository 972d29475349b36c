import { renderSurvey } from './renderSurvey';
import { SURVEY_CSS } from './styles';
import type { MountedSurvey, MountOptions } from './types';

/** Default z-index: near the top, yet below the maximum so a host overlay that uses the maximum still wins. */
const Z_INDEX = 2147483000;

/**
 * Shows a survey in one `<confidence-pulse>` element with an open shadow root, styled by a
 * constructable stylesheet (a `<style nonce>` when those are unavailable). Corner and bar are
 * `position: fixed`, so the page's layout never moves; `inline` goes into `options.slot`
 * (corner when there is no slot). Throws to the caller on failure; the host element is only
 * added once rendering worked.
 *
 * ```ts
 * const ui = mountSurvey({ survey, onShown, onAnswer, onComplete, onDismiss });
 * ui.destroy();
 * ```
 */
export function mountSurvey(options: MountOptions): MountedSurvey {
  const doc = document;
  // Where focus goes back to when the survey closes with focus inside: the last element focused before it.
  let previous = doc.activeElement as HTMLElement | null;
  const host = doc.createElement('confidence-pulse');
  const root = host.attachShadow({ mode: 'open' });
  const wrapper = doc.createElement('div');
  const slot = options.position == 'inline' && options.slot;
  const viewport = slot ? null : window.visualViewport;
  // The visual viewport's height and its gap to the layout viewport's bottom (the on-screen keyboard), so
  // the mobile sheet stays above the keyboard and within 40% of what is visible.
  // The scrolling element measures the layout viewport in quirks mode too (there it is <body>, not <html>).
  // See: https://developer.chrome.com/blog/viewport-resize-behavior
  // The wrapper's inline style: its z-index, the viewport's height and the keyboard's. Writing a custom property
  // restyles the whole card, even with the same value, so only a change is written (the first ResizeObserver
  // callback used to restyle the card inside its first frame).
  const zIndex = 'z-index:' + (options.zIndex ?? Z_INDEX);
  let applied = '';
  const apply = (height: number, keyboard: number) => {
    const css = zIndex + ';--h:' + height + 'px;--k:' + keyboard + 'px';
    if (css != applied) wrapper.style.cssText = applied = css;
  };
  const onViewport = () => {
    // Every read before the first write: a read after a write would force another layout.
    const { height, offsetTop } = viewport!;
    apply(height, Math.max(0, doc.scrollingElement!.clientHeight - height - offsetTop));
  };
  const onFocusIn = (e: Event) => {
    const from = (e as FocusEvent).relatedTarget as HTMLElement | null;
    if (from && !root.contains(from)) previous = from;
  };

  try {
    // Checked first: where unsupported, assigning adoptedStyleSheets would only add a plain property.
    if (!('adoptedStyleSheets' in root)) throw 0;
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SURVEY_CSS);
    root.adoptedStyleSheets = [sheet];
  } catch {
    // No constructable stylesheets (older Safari): a <style> with the page's nonce, for a strict style-src.
    const style = root.appendChild(doc.createElement('style'));
    if (options.nonce) style.nonce = options.nonce;
    style.textContent = SURVEY_CSS;
  }
  wrapper.className = 'p ' + (slot ? 'i' : options.position == 'bar' ? 'b' : 'c');
  wrapper.dir = options.survey.dir;
  // Before the host is in the page, where reading the visual viewport lays nothing out (in the top frame): the card
  // is styled with its height from the first frame, and the observer below writes only when something changed.
  if (viewport) apply(viewport.height, 0);
  else wrapper.style.cssText = zIndex;
  const unrender = renderSurvey(root.appendChild(wrapper), options);
  (slot || doc.body).append(host);
  root.addEventListener('focusin', onFocusIn);
  // The first measure comes from a ResizeObserver, which runs once the frame's layout is done: read right after the
  // host went in, it would force that layout inside the rendering task (46-58 ms of it at 4× CPU throttling on the
  // demo page, measured with long-animation-frame entries). Reading after layout costs nothing; it runs before paint.
  const observer = viewport && new ResizeObserver(onViewport);
  if (viewport) {
    observer!.observe(wrapper);
    viewport.addEventListener('resize', onViewport);
    viewport.addEventListener('scroll', onViewport);
  }

  let mounted = true;
  return {
    destroy() {
      if (!mounted) return;
      mounted = false;
      // Read before unmounting: removing the focused element moves focus to <body>.
      const hadFocus = !!root.activeElement;
      observer?.disconnect();
      viewport?.removeEventListener('resize', onViewport);
      viewport?.removeEventListener('scroll', onViewport);
      root.removeEventListener('focusin', onFocusIn);
      unrender();
      host.remove();
      if (hadFocus) previous?.focus?.();
    },
  };
}
