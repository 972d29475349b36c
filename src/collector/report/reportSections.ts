/**
 * The report's sections, in the order a marketer asks: does confidence predict the outcome, who answers,
 * where confidence is lost and what would help, did a change move it, which wording works, and what
 * behaviour goes with low confidence. Each says its unit; the page's footer says the weighting.
 */
import { escapeHtml as h } from './escapeHtml';
import { formatAuc, formatCount, formatDifference, formatMean, formatP, formatPercent, formatProportion, NONE } from './formatStats';
import { card, figure, table } from './htmlParts';
import type { GroupFigures, GroupRow, ReportData, Share } from './reportData';

const ci = (value: { low: number | null; high: number | null } | null, format: (n: number) => string): string =>
  value && value.low !== null && value.high !== null ? `95% CI ${format(value.low)}–${format(value.high)}` : '';
const pct = (s: Share | null) => (s ? formatPercent(s.p) : NONE);

/** What the confidence figures count: "visitors", or "answers" when every answer is the unit. */
const counted = (data: ReportData) => (data.context.unit === 'response' ? 'answers' : 'visitors');
const Counted = (data: ReportData) => (data.context.unit === 'response' ? 'Answers' : 'Visitors');

const VERDICT_CLASS = { yes: 'verdict yes', no: 'verdict no', insufficient: 'verdict wait' } as const;

/** "Does confidence predict the outcome?": the verdict, what it rests on, and conversion by level. */
export function renderVerdict(data: ReportData): string {
  const { outcome, overall, context } = data;
  const { verdict, trend } = outcome;
  const name = context.outcome ?? 'the outcome';
  const auc = overall.auc;
  return `<section aria-labelledby="h-outcome"><h2 id="h-outcome">Does confidence predict ${h(name)}?</h2>
<p class="${VERDICT_CLASS[verdict.state]}" id="verdict" data-state="${verdict.state}">${h(verdict.headline)}</p>
${verdict.details.map((d) => `<p class="note">${h(d)}</p>`).join('\n')}
<div class="cards">
${card('auc', `AUC, ${name} ${context.windowLabel}`, auc ? auc.auc.toFixed(2) : NONE, auc ? `${ci(auc, (n) => n.toFixed(2))} · 0.5 is chance` : 'needs visitors with and without the outcome')}
${card('odds-ratio', 'Odds ratio per scale point', trend ? trend.oddsRatio.toFixed(2) : NONE, trend ? `${ci(trend, (n) => n.toFixed(2))} · ${formatP(trend.p)}` : 'needs visitors with and without the outcome')}
${card('conversion', `Converted ${context.windowLabel}`, pct(overall.conversion), `${ci(overall.conversion, formatPercent)} · ${formatCount(overall.converting + overall.notConverting)} ${counted(data)}`)}
${card('pending', 'Window not over yet', formatCount(overall.pending), `${counted(data)} left out of conversion`)}
${card('unjoinable', 'Sent without an id', formatCount(outcome.unjoinable), 'answers never joined to outcomes')}
</div>
${figure('chart-outcome', `Conversion ${context.windowLabel}, by confidence level`, 'Conversion rate by confidence level, with 95% intervals')}
${table(
  `Conversion ${context.windowLabel} by confidence level (${counted(data)} whose window is over)`,
  ['Confidence', Counted(data), 'Converted (95% CI)'],
  outcome.byLevel.map((l) => [String(l.level), formatCount(l.visitors), formatProportion(l.conversion)]),
  'No answers for these filters.',
)}
<p class="note">${
    context.unit === 'response'
      ? `AUC: the chance that an answer followed by ${h(name)} was higher than one not (ties count half), with an interval from the linearised variance over visitors (Obuchowski's clustered AUC) and Student's t on their number. Odds ratio: a weighted logistic regression of the outcome on the answer, with a sandwich interval clustered by visitor.`
      : `AUC: the chance that a visitor with ${h(name)} gave a higher confidence than one without (ties count half), with DeLong's interval. Odds ratio: a weighted logistic regression of the outcome on the answer, with a robust interval.`
  }</p>
</section>`;
}

/** Who answers: the funnel of displays, and respondents against non-respondents. */
export function renderFunnel(data: ReportData): string {
  const { funnel, nonResponse, context } = data;
  const signalRows = nonResponse.signals.map((s) => [s.label, formatMean(s.respondents), formatMean(s.nonRespondents), formatDifference(s.difference, false)]);
  return `<section aria-labelledby="h-funnel"><h2 id="h-funnel">Who answers</h2>
<p class="note">Unit: the display (each time the survey was shown). A display answered and then closed counts as answered.</p>
<div class="cards">
${card('funnel-displays', 'Displays', formatCount(funnel.displays), funnel.pageViews === null ? 'no page views recorded' : `${pct(funnel.coverage as Share | null)} of ${formatCount(funnel.pageViews)} page views`)}
${card('funnel-answered', 'Answered', pct(funnel.answered), ci(funnel.answered, formatPercent))}
${card('funnel-dismissed', 'Dismissed before answering', pct(funnel.dismissed), ci(funnel.dismissed, formatPercent))}
${card('funnel-ignored', 'Neither', pct(funnel.ignored), ci(funnel.ignored, formatPercent))}
</div>
<h3>Respondents and non-respondents</h3>
<p class="note">Unit: each visitor's first display whose window is over (${formatCount(nonResponse.visitors)} visitors). If those who answer convert differently from those who do not, the answers are not a picture of every visitor.</p>
${table(
  `${context.outcome ?? 'Outcome'} ${context.windowLabel} of the display`,
  ['Group', 'Converted (95% CI)', 'Difference (p)'],
  [
    ['Answered', formatProportion(nonResponse.respondents), formatDifference(nonResponse.difference, true)],
    ['Did not answer', formatProportion(nonResponse.nonRespondents), ''],
  ],
  'No displays for these filters.',
)}
${table('Behaviour at the display, by whether the visitor answered', ['Behaviour', 'Answered', 'Did not answer', 'Difference (Holm p)'], signalRows, 'No signals recorded at displays.')}
</section>`;
}

function groupTable(caption: string, first: string, rows: readonly GroupRow[], data: ReportData, wording = false): string {
  return table(
    caption,
    [
      first,
      ...(wording ? ['Wording'] : []),
      Counted(data),
      'Mean (95% CI)',
      'Δ mean vs rest',
      'Low (95% CI)',
      'Δ low vs rest',
      `Converted ${data.context.windowLabel}`,
      'AUC (95% CI)',
      'Δ AUC vs rest',
      'Displays',
      'Answered',
      'Δ answered vs rest',
      'Dismissed',
      'Δ dismissed vs rest',
    ],
    rows.map((g) => [
      g.label,
      ...(wording ? [g.text ?? NONE] : []),
      formatCount(g.visitors),
      formatMean(g.mean),
      formatDifference(g.tests.mean, false),
      formatProportion(g.low),
      formatDifference(g.tests.low, true),
      formatProportion(g.conversion),
      formatAuc(g.auc),
      formatDifference(g.tests.auc, false),
      formatCount(g.displays),
      formatProportion(g.responseRate),
      formatDifference(g.tests.responseRate, true),
      formatProportion(g.dismissRate),
      formatDifference(g.tests.dismissRate, true),
    ]),
    'No answers for these filters.',
    wording ? [1] : [],
  );
}

/** Where confidence is lost: the distribution, page types, journey steps, and what visitors did next. */
export function renderWhere(data: ReportData): string {
  const { context, overall, momentum } = data;
  const { scale } = context;
  return `<section aria-labelledby="h-where"><h2 id="h-where">Where confidence is lost</h2>
<p class="note">${
    context.unit === 'response'
      ? 'Unit: every answer, each visitor’s answers counted together in the intervals and tests.'
      : 'Unit: the visitor.'
  } Low is ${scale.min}–${scale.lowMax}. “Δ … vs rest” compares a row with every other ${context.unit === 'response' ? 'answer' : 'visitor'} in the table (Holm-adjusted p).</p>
<div class="cards">
${card('mean', `Mean confidence (${scale.min}–${scale.max})`, overall.mean ? formatMean({ ...overall.mean, low: null, high: null }) : NONE, ci(overall.mean, (n) => n.toFixed(2)))}
${card('low', `Low confidence (${scale.min}–${scale.lowMax})`, pct(overall.low), `${ci(overall.low, formatPercent)} · ${formatCount(overall.visitors)} ${counted(data)}`)}
</div>
<div class="grid">
${figure('chart-distribution', `Share of ${counted(data)} at each level`, 'Distribution of confidence, with 95% intervals')}
${figure('chart-page', 'Mean confidence by page type', 'Mean confidence by page type, with 95% intervals')}
</div>
${table(`Share of ${counted(data)} at each level`, ['Level', ...scale.levels.map(String)], [[Counted(data), ...overall.distribution.map(formatProportion)]], 'No answers.')}
${groupTable('Confidence by page type', 'Page type', data.byPageType, data)}
${figure('chart-step', 'Mean confidence by journey step (page of the visit)', 'Mean confidence by journey step, with 95% intervals')}
${groupTable('Confidence by journey step', 'Step', data.byStep, data)}
<h3>What visitors did next</h3>
<p class="note">${context.unit === 'response' ? 'Unit: each visitor’s first answer, whatever the unit chosen above. ' : ''}Per confidence level, among visitors whose session is over (idle for 30 minutes): reached ${h(context.outcome ?? 'the outcome')} later in the session, went on to another page, or left. ${formatCount(momentum.pending)} visitors whose session may still be going on are left out.</p>
${figure('chart-momentum', 'What visitors did next, by confidence level', 'Share of visitors who reached the outcome, went on, or left, by confidence level')}
${table(
  'What visitors did next, by confidence level',
  ['Confidence', 'Visitors', `Reached ${context.outcome ?? 'the outcome'}`, 'Went on to another page', 'Left'],
  momentum.byLevel.map((m) => [String(m.level), formatCount(m.visitors), formatProportion(m.outcome), formatProportion(m.page), formatProportion(m.left)]),
  'No finished sessions yet.',
)}
${renderBehaviour(data)}
</section>`;
}

function renderBehaviour(data: ReportData): string {
  // A behaviour nobody measured (no value at any level) is left out rather than shown as a row of dashes.
  const rows = data.behaviour.filter((b) => b.byLevel.some((m) => m !== null));
  return `<h3>Behaviour by confidence level</h3>
<p class="note">Measured on the page view at the moment of the answer. Mean (95% CI) per confidence level.</p>
${figure('chart-behaviour', 'Active time before answering, by confidence level', 'Active seconds by confidence level, with 95% intervals')}
${table('Behaviour by confidence level', ['Behaviour', ...data.context.scale.levels.map(String)], rows.map((b) => [b.label, ...b.byLevel.map(formatMean)]), 'No answers for these filters.')}`;
}

/** What would help: follow-up choices and open text from low-confidence responses. */
export function renderHelp(data: ReportData): string {
  const followUps = data.followUps.length
    ? data.followUps
        .map(
          (q, i) => `<h3>${h(q.text ?? q.questionId)}</h3>
<p class="note">Among ${formatCount(q.responses)} low-confidence responses that answered it (unweighted).</p>
${i === 0 ? figure('chart-followup', '', `Follow-up choices for ${q.text ?? q.questionId}`) : ''}
${table(`Follow-up: ${q.questionId}`, ['Choice', 'Chosen', 'Share (95% CI)'], q.options.map((o) => [o.label, formatCount(o.count), formatProportion(o.share)]), 'No choices yet.')}`,
        )
        .join('\n')
    : '<p class="empty">No follow-up answers from low-confidence responses yet.</p>';
  const textRows = data.openText.map((t) => [t.ts.slice(0, 10), t.pageType ?? NONE, t.confidence === null ? NONE : String(t.confidence), t.text]);
  const textTable = (caption: string, rows: string[][]) => table(caption, ['Date', 'Page type', 'Confidence', 'Answer'], rows, 'No open-text answers yet.', [3]);
  const shown = 15;
  // The latest few are read; the rest wait behind a disclosure so the page stays scannable.
  const texts =
    textTable('Open-text answers, newest first', textRows.slice(0, shown)) +
    (textRows.length > shown ? `<details><summary>${textRows.length - shown} older answers</summary>${textTable('Older open-text answers', textRows.slice(shown))}</details>` : '');
  return `<section aria-labelledby="h-help"><h2 id="h-help">What would help</h2>
${followUps}
<h3>In their words</h3>
${texts}
</section>`;
}

function periodRow(g: GroupFigures): string[] {
  return [g.label, formatCount(g.visitors), formatMean(g.mean), formatProportion(g.low), formatProportion(g.conversion), formatCount(g.pending), formatAuc(g.auc), formatCount(g.displays), formatProportion(g.responseRate)];
}

const PERIOD_HEAD = (data: ReportData) => ['Period', Counted(data), 'Mean (95% CI)', 'Low (95% CI)', `Converted ${data.context.windowLabel}`, 'Pending', 'AUC (95% CI)', 'Displays', 'Answered'];

/** Confidence and conversion week by week. */
export function renderWeeks(data: ReportData): string {
  return `<section aria-labelledby="h-weeks"><h2 id="h-weeks">Week by week</h2>
<p class="note">${
    data.context.unit === 'response' ? 'Unit: every answer, by the week (Monday to Sunday, UTC) it was given' : 'Unit: the visitor, by the week (Monday to Sunday, UTC) of their first answer'
  }. Recent weeks have ${counted(data)} whose window is not over yet: their conversion is pending, not zero.</p>
${figure('chart-weeks', 'Mean confidence by week', 'Mean confidence by week, with 95% intervals')}
${table('Confidence and conversion by week', PERIOD_HEAD(data), data.weeks.map(periodRow), 'No answers for these filters.')}
</section>`;
}

/** Before and after a date the user gave. */
export function renderChange(data: ReportData): string {
  const change = data.change;
  if (!change) {
    return `<section aria-labelledby="h-change"><h2 id="h-change">Did a change move it?</h2><p class="empty">Give a date under “Compare around” (the day a comparison guide went live, say) to compare the visitors before it with those from it on.</p></section>`;
  }
  const t = change.tests;
  return `<section aria-labelledby="h-change"><h2 id="h-change">Did a change move it? Before and from ${h(change.date)}</h2>
<p class="note">Unit: the visitor, by the date of their first answer. Each difference is “from” minus “before”, tested, with Holm's correction over the six measures. Other things changed too (season, campaigns): a difference is a reason to look, not proof of cause.</p>
${table('Before and after', PERIOD_HEAD(data), [periodRow(change.before), periodRow(change.after)], 'No answers.')}
${table(
  'Differences, from minus before',
  ['Measure', 'Difference (Holm p)'],
  [
    ['Mean confidence', formatDifference(t.mean, false)],
    ['Low confidence', formatDifference(t.low, true)],
    ['Converted', formatDifference(t.conversion, true)],
    ['AUC', formatDifference(t.auc, false)],
    ['Answered', formatDifference(t.responseRate, true)],
    ['Dismissed', formatDifference(t.dismissRate, true)],
  ],
  'No answers.',
)}
</section>`;
}

/** Wording variants: the instrument itself, compared on response, dismissal, confidence and predictive power. */
export function renderVariants(data: ReportData): string {
  if (!data.variants.length) {
    return `<section aria-labelledby="h-variants"><h2 id="h-variants">Wording variants</h2><p class="empty">No wording variants in these answers.</p></section>`;
  }
  return `<section aria-labelledby="h-variants"><h2 id="h-variants">Wording variants</h2>
<p class="note">A wording change changes the instrument: compare how often each is answered or dismissed and how well it predicts, not only its mean.</p>
${figure('chart-variants', 'Mean confidence by variant', 'Mean confidence by wording variant, with 95% intervals')}
${groupTable('Variant comparison', 'Variant', data.variants, data, true)}
</section>`;
}

/** The behaviour that goes with low confidence, as a model. */
export function renderLowModel(data: ReportData): string {
  const model = data.lowModel;
  const body = model
    ? `<p class="note">A weighted logistic regression of low confidence on the behaviour of the answer's page view, each per standard deviation, fitted on ${formatCount(model.n)} visitors${model.sampled ? ' (a random sample)' : ''}. Cross-validated AUC ${model.cvAuc === null ? NONE : model.cvAuc.toFixed(2)}: how well behaviour alone tells low confidence apart (0.5 is chance). An odds ratio above 1 means more of that behaviour goes with low confidence. It describes who answered; it is a rough guide to visitors who did not.</p>
${table(
  'Low confidence and behaviour',
  ['Behaviour (per SD)', 'Odds ratio (95% CI)', 'p'],
  model.terms.map((t) => [t.label, `${t.oddsRatio.toFixed(2)} (${t.low.toFixed(2)}–${t.high.toFixed(2)})`, formatP(t.p)]),
  'No behaviour varies.',
)}`
    : `<p class="empty">Needs at least ${data.context.minimumPerClass} low-confidence and ${data.context.minimumPerClass} other visitors with behaviour recorded.</p>`;
  return `<section aria-labelledby="h-model"><h2 id="h-model">What behaviour goes with low confidence</h2>
${body}
</section>`;
}
