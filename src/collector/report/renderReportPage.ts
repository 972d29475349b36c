/**
 * The report page: every number as an HTML table, readable without script, and a JSON data block from
 * which `/assets/report.js` draws the charts with Chart.js. No inline script or style, so the page runs
 * under `script-src 'self'; style-src 'self'`. Every visitor-written string is escaped.
 */
import { FILTER_PARAMS, type FilterParams } from '../parseFilters';
import type { Facets } from '../store';
import { escapeHtml as h } from './escapeHtml';
import { renderInstall, renderNotices } from './renderNotices';
import type { ReportData } from './reportData';
import { WINDOW_CHOICES } from './reportSettings';
import { renderChange, renderFunnel, renderHelp, renderLowModel, renderVerdict, renderVariants, renderWeeks, renderWhere } from './reportSections';

/** Id of the JSON data block the page's script reads. */
export const REPORT_DATA_ID = 'cp-report-data';

/** The report's own parameters, beside the filters. */
export const REPORT_PARAMS = ['unit', 'question', 'outcome', 'window', 'low', 'change'] as const;

/** What the page shows besides the numbers. */
export interface ReportPageInput {
  data: ReportData;
  facets: Facets;
  /** The filters and choices as given, to re-fill the form and build the export links. */
  params: FilterParams & Partial<Record<(typeof REPORT_PARAMS)[number], string>>;
  /** Show a sign-out button (a token is configured). */
  signOut: boolean;
  /** `SQLite /path/pulse.sqlite` or `PostgreSQL host/db`. */
  store: string;
  generatedAt: Date;
  /** Milliseconds the numbers took, printed in the footer. */
  tookMs?: number;
  /** Problems of the published survey documents, shown first. */
  notices?: readonly string[] | undefined;
  /** The tag to paste, for the Install panel. */
  install?: { tag: string; gtm: string } | undefined;
}

/** The whole page as HTML. */
export function renderReportPage(input: ReportPageInput): string {
  const { data } = input;
  const empty = data.counts.impressions + data.counts.answers === 0;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Confidence Pulse report</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/assets/report.css">
<script src="/assets/report.js" defer></script>
</head><body>
<header class="top"><h1>Confidence Pulse</h1>${renderActions(input)}</header>
<main>
${renderNotices(input.notices)}
${renderInstall(input.install)}
${renderFilters(input)}
${empty ? '<p class="empty banner" id="no-data" role="status">No answers yet for these filters.</p>' : ''}
${renderContext(data)}
${renderVerdict(data)}
${renderFunnel(data)}
${renderWhere(data)}
${renderHelp(data)}
${renderWeeks(data)}
${renderChange(data)}
${renderVariants(data)}
${renderLowModel(data)}
</main>
<footer>Generated ${h(input.generatedAt.toISOString().replace('T', ' ').slice(0, 16))} UTC from ${h(input.store)}${input.tookMs === undefined ? '' : ` in ${Math.round(input.tookMs)} ms`}.
Every mean, share, conversion rate and AUC is weighted by 1 / its survey's sample rate (an answer from a 20% sample stands for five visitors), with intervals on Kish's effective sample size${input.data.context.unit === 'response' ? " (with every answer as the unit, over visitors: a visitor's answers count together in every interval and test)" : ''}; counts of visitors, displays and answers are plain counts, and follow-up choices are unweighted shares of responses. Intervals are 95%. Differences are tested against the rest of their table, with Holm's correction down each column.</footer>
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

function select(name: string, label: string, current: string | undefined, options: readonly [string, string][], all?: string): string {
  // A value given in the URL that the data no longer has stays selectable, so the form shows what is applied.
  const list = current !== undefined && current !== '' && !options.some(([value]) => value === current) ? [...options, [current, current] as [string, string]] : options;
  const option = (value: string, text: string) => `<option value="${h(value)}"${value === (current ?? '') ? ' selected' : ''}>${h(text)}</option>`;
  const items = (all === undefined ? '' : option('', all)) + list.map(([value, text]) => option(value, text)).join('');
  return `<div class="field"><label for="f-${name}">${h(label)}</label><select id="f-${name}" name="${name}">${items}</select></div>`;
}

function renderFilters({ facets, params, data }: ReportPageInput): string {
  const versions = [...new Set(facets.surveys.flatMap((s) => s.versions))].sort((a, b) => a - b);
  const pairs = (values: readonly string[]): [string, string][] => values.map((v) => [v, v]);
  const { context } = data;
  const questionChoice =
    facets.scaleQuestions.length > 1 ? select('question', 'Confidence question', context.questionId ?? undefined, pairs(facets.scaleQuestions)) : '';
  const window = context.window.kind === 'session' ? 'session' : String(context.window.days);
  const windows = WINDOW_CHOICES.map((w): [string, string] => [w, w === 'session' ? 'Same session' : w === '1' ? '1 day' : `${w} days`]);
  const outcomeChoice = facets.outcomes.length ? select('outcome', 'Outcome', context.outcome ?? undefined, pairs(facets.outcomes)) : '';
  return `<form class="filters" method="get" action="/" aria-label="Filters">
<div class="field"><label for="f-from">From</label><input type="date" id="f-from" name="from" value="${h(params.from ?? '')}"></div>
<div class="field"><label for="f-to">To</label><input type="date" id="f-to" name="to" value="${h(params.to ?? '')}"></div>
${select('survey', 'Survey', params.survey, pairs(facets.surveys.map((s) => s.id)), 'All surveys')}
${select('version', 'Version', params.version, versions.map((v) => [String(v), `v${v}`]), 'All versions')}
${select('page', 'Page type', params.page, pairs(facets.pageTypes), 'All page types')}
${select('device', 'Device', params.device, pairs(facets.devices), 'All devices')}
${questionChoice}
${outcomeChoice}
${select('window', 'Follow-up window', window, windows)}
${select('unit', 'Unit', context.unit, [['visitor', "Each visitor's first answer"], ['response', 'Every answer']])}
<div class="field"><label for="f-low">Low confidence: up to</label><input type="number" id="f-low" name="low" step="1" value="${h(params.low ?? '')}" placeholder="${context.scale.lowMax}"></div>
<div class="field"><label for="f-change">Compare around</label><input type="date" id="f-change" name="change" value="${h(params.change ?? '')}"></div>
<div class="buttons"><button type="submit">Apply</button><a href="/">Reset</a></div>
</form>`;
}

const OUTCOME_REASONS: Record<ReportData['context']['outcomeReason'], string> = {
  chosen: 'chosen above',
  configured: "the collector's primary outcome",
  purchase: 'the default when purchases are recorded',
  first: 'the first outcome recorded; choose another above',
  none: '',
};

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function renderContext({ context, counts }: ReportData): string {
  const { scale } = context;
  const outcome = context.outcome === null ? 'none recorded yet' : `${context.outcome} (${OUTCOME_REASONS[context.outcomeReason]}), counted ${context.windowLabel} of the answer`;
  const question = context.questionId === null ? 'no scale question answered yet' : `“${context.questionId}”, scale ${scale.min}–${scale.max}`;
  const low = `${scale.min}–${scale.lowMax}${{ default: ' (the bottom two points)', survey: ' (as the survey document sets it)', report: ' (chosen above)' }[scale.lowSource]}`;
  const anonymous = counts.anonymous
    ? ` ${counts.anonymous.toLocaleString('en-US')} answers sent without an id (Global Privacy Control) count one visitor each and are never joined to outcomes.`
    : '';
  return `<section aria-labelledby="h-context" class="context"><h2 id="h-context">What this report counts</h2>
<ul class="facts">
<li><strong>Unit:</strong> ${
    context.clusters
      ? `every confidence answer in these dates (${counts.confidenceAnswers.toLocaleString('en-US')} ${counts.confidenceAnswers === 1 ? 'answer' : 'answers'} from ${plural(context.clusters.visitors, 'visitor', 'visitors')}, ${counts.repeats.toLocaleString('en-US')} of them repeats). A visitor's answers are not independent: every interval and test counts them together (clustered by visitor), and the verdict's minimum counts visitors. What visitors did next, who answers, behaviour and the model stay one row per visitor.`
      : `the visitor: each visitor's first confidence answer in these dates (${plural(counts.visitors, 'visitor', 'visitors')}; ${counts.repeats.toLocaleString('en-US')} later ${counts.repeats === 1 ? 'answer' : 'answers'} of the same visitors left out; choose “Every answer” above to count them).`
  }${h(anonymous)}</li>
<li><strong>Confidence question:</strong> ${h(question)}. <strong>Low confidence:</strong> ${h(low)}.</li>
<li><strong>Outcome:</strong> ${h(outcome)}. Answers whose window is not over by ${h(context.asOf.slice(0, 16).replace('T', ' '))} UTC are left out of conversion figures and counted as pending.</li>
<li><strong>Weighting:</strong> each answer counts 1 / its survey's sample rate; intervals use the effective sample size.</li>
<li><strong>Verdict:</strong> given once at least ${context.minimumPerClass} visitors with the outcome and ${context.minimumPerClass} without have a window that is over; “yes” when the AUC's 95% interval lies wholly above 0.5.</li>
</ul></section>`;
}
