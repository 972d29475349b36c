/**
 * The report page (SPEC §9): every number as an HTML table, readable without script, and a JSON data
 * block from which `/assets/report.js` draws the charts with Chart.js. No inline script or style, so
 * the page runs under `script-src 'self'; style-src 'self'`. Every visitor-written string is escaped.
 */
import { FILTER_PARAMS, type FilterParams } from '../parseFilters';
import type { Facets } from '../store';
import { escapeHtml as h } from './escapeHtml';
import { formatCount, formatMean, formatPercent, formatProportion, NONE } from './formatStats';
import type { GroupStats, ReportData } from './reportData';

/** Open-text answers shown before the "older answers" disclosure. */
const OPEN_TEXT_SHOWN = 15;

/** Id of the JSON data block the page's script reads. */
export const REPORT_DATA_ID = 'cp-report-data';

/** What the page shows besides the numbers. */
export interface ReportPageInput {
  data: ReportData;
  facets: Facets;
  /** The filters as given, to re-fill the form and build the export links. */
  params: FilterParams & { question?: string | undefined; outcome?: string | undefined };
  /** Show a sign-out button (a token is configured). */
  signOut: boolean;
  /** `SQLite /path/pulse.sqlite` or `PostgreSQL host/db`. */
  store: string;
  generatedAt: Date;
}

/** The whole page as HTML. */
export function renderReportPage(input: ReportPageInput): string {
  const { data } = input;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confidence Pulse report</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/report.css">
<script src="/assets/chart.umd.min.js" defer></script>
<script src="/assets/report.js" defer></script>
</head><body>
<header class="top"><h1>Confidence Pulse</h1>${renderActions(input)}</header>
<main>
${renderFilters(input)}
${data.totals.impressions + data.totals.answers === 0 ? '<p class="empty banner" id="no-data" role="status">No answers yet for these filters.</p>' : ''}
${renderTotals(data)}
${renderWhere(data)}
${renderHelp(data)}
${renderOutcome(data)}
${renderBehaviour(data)}
${renderVariants(data)}
</main>
<footer>Generated ${h(input.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC from ${h(input.store)}.
Means and shares are sample-weighted (each answer counts 1 / its survey's sample rate); intervals are 95%.</footer>
<script type="application/json" id="${REPORT_DATA_ID}">${jsonForScript(data)}</script>
</body></html>`;
}

/** JSON inside `<script type="application/json">`: `<` escaped, so no value can close the element. */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

function renderActions(input: ReportPageInput): string {
  const query = new URLSearchParams();
  for (const key of FILTER_PARAMS) {
    const value = input.params[key];
    if (value !== undefined) query.set(key, value);
  }
  const link = (format: string) => `/v1/export?${new URLSearchParams([['format', format], ...query]).toString()}`;
  const signOut = input.signOut ? `<form method="post" action="/sign-out"><button type="submit" class="quiet">Sign out</button></form>` : '';
  return `<nav class="actions" aria-label="Export and account"><a href="${h(link('csv'))}" download>Export CSV</a><a href="${h(link('ndjson'))}" download>Export NDJSON</a>${signOut}</nav>`;
}

function select(name: string, label: string, current: string | undefined, options: readonly [string, string][], all: string): string {
  // A value given in the URL that the data no longer has stays selectable, so the form shows what is applied.
  const list = current !== undefined && !options.some(([value]) => value === current) ? [...options, [current, current] as [string, string]] : options;
  const option = (value: string, text: string) => `<option value="${h(value)}"${value === (current ?? '') ? ' selected' : ''}>${h(text)}</option>`;
  const items = option('', all) + list.map(([value, text]) => option(value, text)).join('');
  return `<div class="field"><label for="f-${name}">${h(label)}</label><select id="f-${name}" name="${name}">${items}</select></div>`;
}

function renderFilters({ facets, params, data }: ReportPageInput): string {
  const versions = [...new Set(facets.surveys.flatMap((s) => s.versions))].sort((a, b) => a - b);
  const pairs = (values: readonly string[]): [string, string][] => values.map((v) => [v, v]);
  const questionChoice =
    facets.scaleQuestions.length > 1
      ? select('question', 'Confidence question', data.scale.questionId ?? undefined, pairs(facets.scaleQuestions), 'Automatic')
      : '';
  return `<form class="filters" method="get" action="/" aria-label="Filters">
<div class="field"><label for="f-from">From</label><input type="date" id="f-from" name="from" value="${h(params.from ?? '')}"></div>
<div class="field"><label for="f-to">To</label><input type="date" id="f-to" name="to" value="${h(params.to ?? '')}"></div>
${select('survey', 'Survey', params.survey, pairs(facets.surveys.map((s) => s.id)), 'All surveys')}
${select('version', 'Version', params.version, versions.map((v) => [String(v), `v${v}`]), 'All versions')}
${select('page', 'Page type', params.page, pairs(facets.pageTypes), 'All page types')}
${select('device', 'Device', params.device, pairs(facets.devices), 'All devices')}
${questionChoice}
${select('outcome', 'Outcome', data.outcome.name ?? undefined, pairs(facets.outcomes), 'Any outcome')}
<div class="buttons"><button type="submit">Apply</button><a href="/">Reset</a></div>
</form>`;
}

function card(id: string, label: string, value: string, detail = ''): string {
  return `<div class="card" id="${id}"><span class="label">${h(label)}</span><strong class="value">${h(value)}</strong>${detail ? `<span class="detail">${h(detail)}</span>` : ''}</div>`;
}

function intervalText(value: { low: number | null; high: number | null } | null, format: (n: number) => string): string {
  return value && value.low !== null && value.high !== null ? `95% CI ${format(value.low)}–${format(value.high)}` : '';
}

function renderTotals({ totals, scale }: ReportData): string {
  const mean = totals.meanConfidence;
  return `<section aria-labelledby="h-totals"><h2 id="h-totals">Totals</h2><div class="cards">
${card('total-impressions', 'Impressions', formatCount(totals.impressions))}
${card('total-responses', 'Responses', formatCount(totals.responses), `${formatCount(totals.answers)} answers`)}
${card('total-completes', 'Completes', formatCount(totals.completes))}
${card('total-dismissals', 'Dismissals', formatCount(totals.dismissals))}
${card('total-response-rate', 'Response rate', totals.responseRate ? formatPercent(totals.responseRate.p) : NONE, intervalText(totals.responseRate, formatPercent))}
${card('total-dismiss-rate', 'Dismiss rate', totals.dismissRate ? formatPercent(totals.dismissRate.p) : NONE, intervalText(totals.dismissRate, formatPercent))}
${card('total-mean', `Mean confidence (${scale.min}–${scale.max})`, mean ? formatMean({ ...mean, low: null, high: null }) : NONE, intervalText(mean, (n) => n.toFixed(2)))}
${card('total-low', `Low confidence (${scale.min}–${scale.lowMax})`, totals.lowShare ? formatPercent(totals.lowShare.p) : NONE, `${formatCount(totals.confidenceAnswers)} answers`)}
</div></section>`;
}

/**
 * A table whose first column heads each row. Numbers stay on one line (a narrow screen scrolls the table
 * inside its box); the columns listed in `text` hold prose and wrap.
 */
function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], empty: string, text: readonly number[] = []): string {
  const cell = (c: string, i: number) => `<td${text.includes(i) ? ' class="text"' : ''}>${h(c)}</td>`;
  const body = rows.length
    ? rows.map((cells) => `<tr><th scope="row">${h(cells[0]!)}</th>${cells.slice(1).map((c, i) => cell(c, i + 1)).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}">${h(empty)}</td></tr>`;
  return `<div class="table"><table><caption>${h(caption)}</caption><thead><tr>${head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

function chart(id: string, label: string): string {
  return `<div class="chart"><canvas id="${id}" role="img" aria-label="${h(label)}"></canvas></div>`;
}

function groupTable(caption: string, first: string, groups: readonly GroupStats[], levels: readonly number[]): string {
  return table(
    caption,
    [first, 'Answers', 'Mean (95% CI)', 'Low (95% CI)', ...levels.map(String)],
    groups.map((g) => [g.label, formatCount(g.n), formatMean(g.mean), formatProportion(g.low), ...g.distribution.map((d) => (d ? formatPercent(d.p) : NONE))]),
    'No answers for these filters.',
  );
}

function renderWhere(data: ReportData): string {
  const { scale } = data;
  const question = scale.questionId === null ? 'No scale question has been answered yet.' : `Question “${scale.questionId}”, scale ${scale.min}–${scale.max}; low is ${scale.min}–${scale.lowMax}.`;
  return `<section aria-labelledby="h-where"><h2 id="h-where">Where confidence is lost</h2>
<p class="note">${h(question)} Columns ${h(scale.levels.join(', '))} give the weighted share of each answer.</p>
<div class="grid">
<figure><figcaption>All answers: share of each level</figcaption>${chart('chart-distribution', 'Distribution of confidence answers')}</figure>
<figure><figcaption>Mean confidence by page type</figcaption>${chart('chart-page', 'Mean confidence by page type, with 95% intervals')}</figure>
</div>
${groupTable('Confidence by page type', 'Page type', data.byPageType, scale.levels)}
<div class="grid">
<figure><figcaption>Mean confidence by journey step (page of the visit)</figcaption>${chart('chart-step', 'Mean confidence by journey step, with 95% intervals')}</figure>
</div>
${groupTable('Confidence by journey step', 'Step', data.byStep, scale.levels)}
</section>`;
}

function renderHelp(data: ReportData): string {
  const followUps = data.followUps.length
    ? data.followUps
        .map(
          (q, i) => `<h3>${h(q.text ?? q.questionId)}</h3>
<p class="note">Among ${formatCount(q.responses)} low-confidence responses that answered it.</p>
${i === 0 ? `<figure>${chart('chart-followup', `Follow-up choices for ${q.text ?? q.questionId}`)}</figure>` : ''}
${table(`Follow-up: ${q.questionId}`, ['Choice', 'Chosen', 'Share (95% CI)'], q.options.map((o) => [o.label, formatCount(o.count), formatProportion(o.share)]), 'No choices yet.')}`,
        )
        .join('\n')
    : '<p class="empty">No follow-up answers from low-confidence responses yet.</p>';
  const textRows = data.openText.map((t) => [t.ts.slice(0, 10), t.pageType ?? NONE, t.confidence === null ? NONE : String(t.confidence), t.text]);
  const textTable = (caption: string, rows: string[][]) => table(caption, ['Date', 'Page type', 'Confidence', 'Answer'], rows, 'No open-text answers yet.', [3]);
  // The latest few are read; the rest wait behind a disclosure so the page stays scannable.
  const texts =
    textTable('Open-text answers, newest first', textRows.slice(0, OPEN_TEXT_SHOWN)) +
    (textRows.length > OPEN_TEXT_SHOWN
      ? `<details><summary>${textRows.length - OPEN_TEXT_SHOWN} older answers</summary>${textTable('Older open-text answers', textRows.slice(OPEN_TEXT_SHOWN))}</details>`
      : '');
  return `<section aria-labelledby="h-help"><h2 id="h-help">What would help</h2>
${followUps}
<h3>In their words</h3>
${texts}
</section>`;
}

function aucText(auc: ReportData['outcome']['aucSession']): [string, string] {
  if (!auc) return [NONE, 'needs answers with and without the outcome'];
  return [auc.auc.toFixed(2), `95% CI ${auc.low.toFixed(2)}–${auc.high.toFixed(2)} · ${formatCount(auc.positives)} converted, ${formatCount(auc.negatives)} not`];
}

function renderOutcome(data: ReportData): string {
  const { outcome } = data;
  const name = outcome.name ?? 'any outcome';
  const [sessionAuc, sessionDetail] = aucText(outcome.aucSession);
  const [weekAuc, weekDetail] = aucText(outcome.aucWeek);
  return `<section aria-labelledby="h-outcome"><h2 id="h-outcome">Does confidence predict the outcome?</h2>
<p class="note">Outcome: ${h(name)}. Conversion counts an outcome later in the same session, or by the same visitor within 7 days of the answer.
AUC is the chance that a visitor who converted gave a higher confidence than one who did not (0.5 is chance, 1 perfect).</p>
<div class="cards">
${card('auc-session', 'AUC, same session', sessionAuc, sessionDetail)}
${card('auc-week', 'AUC, within 7 days', weekAuc, weekDetail)}
${card('conversion-session', 'Converted, same session', outcome.session ? formatPercent(outcome.session.p) : NONE, intervalText(outcome.session, formatPercent))}
${card('conversion-week', 'Converted, within 7 days', outcome.week ? formatPercent(outcome.week.p) : NONE, intervalText(outcome.week, formatPercent))}
</div>
<figure><figcaption>Conversion rate by confidence level</figcaption>${chart('chart-outcome', 'Conversion rate by confidence level, with 95% intervals')}</figure>
${table(
  'Conversion by confidence level',
  ['Confidence', 'Answers', 'Same session (95% CI)', 'Within 7 days (95% CI)'],
  outcome.byLevel.map((l) => [String(l.level), formatCount(l.n), formatProportion(l.session), formatProportion(l.week)]),
  'No answers for these filters.',
)}
</section>`;
}

function renderBehaviour(data: ReportData): string {
  // A behaviour nobody measured (no value at any level) is left out rather than shown as a row of dashes.
  const rows = data.behaviour.filter((b) => b.byLevel.some((m) => m !== null));
  return `<section aria-labelledby="h-behaviour"><h2 id="h-behaviour">Behaviour by confidence level</h2>
<p class="note">Measured on the page view at the moment of the answer. Mean (95% CI) per confidence level.</p>
<figure><figcaption>Active time before answering, by confidence level</figcaption>${chart('chart-behaviour', 'Active seconds by confidence level, with 95% intervals')}</figure>
${table('Behaviour by confidence level', ['Behaviour', ...data.scale.levels.map(String)], rows.map((b) => [b.label, ...b.byLevel.map(formatMean)]), 'No answers for these filters.')}
</section>`;
}

function renderVariants(data: ReportData): string {
  if (!data.variants.length) {
    return `<section aria-labelledby="h-variants"><h2 id="h-variants">Wording variants</h2><p class="empty">No wording variants in these answers.</p></section>`;
  }
  return `<section aria-labelledby="h-variants"><h2 id="h-variants">Wording variants</h2>
<figure><figcaption>Mean confidence by variant</figcaption>${chart('chart-variants', 'Mean confidence by wording variant, with 95% intervals')}</figure>
${table(
  'Variant comparison',
  ['Variant', 'Wording', 'Impressions', 'Response rate (95% CI)', 'Answers', 'Mean (95% CI)', 'Low (95% CI)'],
  data.variants.map((v) => [v.label, v.text ?? NONE, formatCount(v.impressions), formatProportion(v.responseRate), formatCount(v.n), formatMean(v.mean), formatProportion(v.low)]),
  'No variants.',
  [1],
)}
</section>`;
}
