/**
 * The report's top: problems the collector found in the published survey documents (an invalid edit keeps the last
 * valid document in service, and says so here), and the Install panel with the tag to paste.
 */
import { escapeHtml as h } from './escapeHtml';

/** Problems as an alert at the top of the page, or nothing. */
export function renderNotices(notices: readonly string[] | undefined): string {
  if (!notices?.length) return '';
  return `<div class="error banner" id="survey-problems" role="alert"><p><strong>Published surveys:</strong> a document was refused; visitors keep getting the last valid version.</p><ul>${notices
    .map((line) => `<li><code>${h(line)}</code></li>`)
    .join('')}</ul></div>`;
}

/** The Install panel: the tag to paste on every page, and the Google Tag Manager variant. */
export function renderInstall(install: { tag: string; gtm: string } | undefined): string {
  if (!install) return '';
  return `<details class="install" id="install"><summary>Install on a site</summary>
<p>Paste on every page, in the <code>&lt;head&gt;</code>. The widget posts to this collector and shows the surveys it publishes (<code>--surveys</code>); add the site's origin with <code>--allow-origin</code>.</p>
<pre><code>${h(install.tag)}</code></pre>
<p>With Google Tag Manager: a Custom HTML tag, fired on All Pages.</p>
<pre><code>${h(install.gtm)}</code></pre></details>`;
}
