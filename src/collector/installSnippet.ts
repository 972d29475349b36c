/**
 * The tag a site pastes to install the widget from this collector (printed by `serve` and `snippet`, shown in the
 * report's Install panel), and its Google Tag Manager variant.
 */

/** The one-line command-queue stub: commands called before the script loads wait in `ConfidencePulse.q`. */
export const STUB = '<script>window.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};</script>';

/** The collector's public URL without a trailing slash; throws a clear error for anything but an http(s) URL. */
export function normalizePublicUrl(publicUrl: string): string {
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    throw new Error(`public URL must be an absolute http(s) URL such as https://collect.example.com, got "${publicUrl}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`public URL must use http or https, got "${publicUrl}"`);
  return url.href.replace(/\/+$/, '');
}

/**
 * The install for a collector at `publicUrl`: `tag`, the stub and one script tag (the widget then posts to
 * `/v1/events` and reads `/v1/surveys` of that URL), and `gtm`, the same as one Custom HTML tag for Google Tag Manager.
 */
export function installSnippet(publicUrl: string): { tag: string; gtm: string } {
  const src = `${normalizePublicUrl(publicUrl)}/confidence-pulse.js`;
  return {
    tag: `${STUB}\n<script async src="${src}"></script>`,
    gtm: `<script>\nwindow.ConfidencePulse=window.ConfidencePulse||function(){(ConfidencePulse.q=ConfidencePulse.q||[]).push(arguments)};\n(function(){var s=document.createElement('script');s.async=true;s.src=${JSON.stringify(src)};document.head.appendChild(s);})();\n</script>`,
  };
}
