import { Fragment, h, render } from 'preact';
import { Survey } from './Survey';
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
  const previous = doc.activeElement as HTMLElement | null;
  const host = doc.createElement('confidence-pulse');
  const root = host.attachShadow({ mode: 'open' });
  const slot = options.position == 'inline' && options.slot;
  const viewport = slot ? null : window.visualViewport;
  // Layout viewport bottom minus visual viewport bottom: the on-screen keyboard's height, if any.
  // See: https://developer.chrome.com/blog/viewport-resize-behavior
  const onViewport = () =>
    host.style.setProperty(
      '--cp-kb',
      Math.max(0, Math.round(doc.documentElement.clientHeight - viewport!.height - viewport!.offsetTop)) + 'px',
    );

  let adopted = false;
  try {
    // Checked first: assigning adoptedStyleSheets where it is unsupported silently does nothing.
    if ('adoptedStyleSheets' in root) {
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(SURVEY_CSS);
      root.adoptedStyleSheets = [sheet];
      adopted = true;
    }
  } catch {
    // No constructable stylesheets (older Safari): the <style nonce> fallback below.
  }

  render(
    h(
      Fragment,
      null,
      adopted ? null : h('style', { nonce: options.nonce }, SURVEY_CSS),
      h(
        'div',
        {
          class: 'p ' + (slot ? 'i' : options.position == 'bar' ? 'b' : 'c'),
          dir: options.survey.dir,
          style: { zIndex: '' + (options.zIndex ?? Z_INDEX) },
        },
        h(Survey, options),
      ),
    ),
    root,
  );
  (slot || doc.body).append(host);

  if (viewport) {
    viewport.addEventListener('resize', onViewport);
    viewport.addEventListener('scroll', onViewport);
    onViewport();
  }

  let mounted = true;
  return {
    destroy() {
      if (!mounted) return;
      mounted = false;
      // Read before unmounting: removing the focused element moves focus to <body>.
      const hadFocus = !!root.activeElement;
      viewport?.removeEventListener('resize', onViewport);
      viewport?.removeEventListener('scroll', onViewport);
      render(null, root);
      host.remove();
      if (hadFocus) previous?.focus?.();
    },
  };
}
