/**
 * Turns the folded sums (`summarizeUnits`) and the small details into the report's numbers. Pure: sums
 * in, `ReportData` out, with every statistic from `src/stats`. `loadReport` feeds it from a store.
 */
import { delongAuc, type AucEstimate } from '../../stats/delongAuc';
import { differenceTest, proportionDifference } from '../../stats/compareEstimates';
import { holmAdjust } from '../../stats/holm';
import { logisticTrend } from '../../stats/logisticTrend';
import { MIN_PER_CLASS } from '../../stats/minimumData';
import type { ScoreCell } from '../../stats/scoreCells';
import { meanFromSums, subtractSums, type WeightedMeanWithSe } from '../../stats/weightedMean';
import { weightedProportion } from '../../stats/weightedProportion';
import { wilsonInterval } from '../../stats/wilsonInterval';
import { fitLowModel } from './lowModel';
import type { Difference, FollowUpOption, GroupFigures, GroupRow, ReportContext, ReportData, Share } from './reportData';
import { describeWindow, type ReportSettings } from './reportSettings';
import { BEHAVIOURS, emptyGroup, LAST_STEP, subtractTally, type GroupSums, type Summary, type Tally } from './summarizeUnits';
import type { ReportDetails } from './units';
import { decideVerdict } from './verdict';
export { scaleOf } from './scaleOf';

/** A weighted share of a tally's subset, on the smaller of Kish's and the design-based effective size. */
function share(part: Tally, whole: Tally): Share | null {
  if (!(whole.w > 0)) return null;
  return weightedProportion(part.w, whole.w, (whole.w * whole.w) / whole.w2, part.w2);
}

const add = (a: Tally, b: Tally): Tally => ({ n: a.n + b.n, w: a.w + b.w, w2: a.w2 + b.w2 });
const sumTallies = (tallies: Iterable<Tally>): Tally => [...tallies].reduce(add, { n: 0, w: 0, w2: 0 });

/** The score cells of a group's converted map, for the AUC and the trend. */
function cellsOf(group: GroupSums): ScoreCell[] {
  const cells: ScoreCell[] = [];
  for (const [score, { yes, no }] of group.converted) {
    if (yes.n) cells.push({ score, positive: true, n: yes.n, weight: yes.w, weight2: yes.w2 });
    if (no.n) cells.push({ score, positive: false, n: no.n, weight: no.w, weight2: no.w2 });
  }
  return cells.sort((a, b) => a.score - b.score || Number(a.positive) - Number(b.positive));
}

function figures(key: string, label: string, group: GroupSums, levels: readonly number[]): GroupFigures {
  const all = sumTallies(group.levels.values());
  const yes = sumTallies([...group.converted.values()].map((c) => c.yes));
  const no = sumTallies([...group.converted.values()].map((c) => c.no));
  const mean = meanFromSums(group.confidence);
  return {
    key,
    label,
    visitors: group.visitors,
    mean: mean && clip(mean, levels[0]!, levels[levels.length - 1]!),
    low: share(group.low, all),
    distribution: levels.map((level) => share(group.levels.get(level) ?? { n: 0, w: 0, w2: 0 }, all)),
    conversion: share(yes, add(yes, no)),
    converting: yes.n,
    notConverting: no.n,
    pending: group.pending,
    auc: delongAuc(cellsOf(group)),
    displays: group.shown.n,
    responseRate: share(group.answered, group.shown),
    dismissRate: share(group.dismissed, group.shown),
  };
}

/** A mean's interval clipped to the values it can take: a mean of 1–5 answers lies in [1, 5] whatever t says. */
function clip<T extends WeightedMeanWithSe>(mean: T, min: number, max: number): T {
  if (mean.low === null || mean.high === null) return mean;
  return { ...mean, low: Math.max(min, mean.low), high: Math.min(max, mean.high) };
}

/** A group's sums minus another's: everyone in the table but that group. */
function rest(total: GroupSums, part: GroupSums): GroupSums {
  const minus = (a: Map<number, Tally>, b: Map<number, Tally>) => new Map([...a].map(([k, t]) => [k, b.has(k) ? subtractTally(t, b.get(k)!) : t]));
  const converted = new Map(
    [...total.converted].map(([k, c]) => {
      const p = part.converted.get(k);
      return [k, p ? { yes: subtractTally(c.yes, p.yes), no: subtractTally(c.no, p.no) } : c];
    }),
  );
  return {
    visitors: total.visitors - part.visitors,
    confidence: subtractSums(total.confidence, part.confidence),
    levels: minus(total.levels, part.levels),
    low: subtractTally(total.low, part.low),
    converted,
    pending: total.pending - part.pending,
    shown: subtractTally(total.shown, part.shown),
    answered: subtractTally(total.answered, part.answered),
    dismissed: subtractTally(total.dismissed, part.dismissed),
  };
}

/** Two shares compared: Newcombe's interval for the difference, with its test. */
function shareDifference(a: Share | null, b: Share | null): Omit<Difference, 'pAdjusted'> | null {
  if (!a || !b) return null;
  const d = proportionDifference({ successes: a.p * a.n, n: a.n }, { successes: b.p * b.n, n: b.n });
  return d && { difference: d.difference, low: d.low, high: d.high, p: d.p };
}

function estimateDifference(a: { estimate: number; se: number | null } | null, b: { estimate: number; se: number | null } | null): Omit<Difference, 'pAdjusted'> | null {
  if (!a || !b || a.se === null || b.se === null || !(a.se > 0 || b.se > 0)) return null;
  const d = differenceTest({ estimate: a.estimate, se: a.se }, { estimate: b.estimate, se: b.se });
  return { difference: d.difference, low: d.low, high: d.high, p: d.p };
}

const meanEstimate = (m: WeightedMeanWithSe | null) => (m ? { estimate: m.mean, se: m.se } : null);
const aucEstimate = (a: AucEstimate | null) => (a ? { estimate: a.auc, se: a.se } : null);

type Tests = GroupRow['tests'];
type RawTests = { [K in keyof Tests]: Omit<Difference, 'pAdjusted'> | null };

function testsOf(a: GroupFigures, b: GroupFigures): RawTests {
  return {
    responseRate: shareDifference(a.responseRate, b.responseRate),
    dismissRate: shareDifference(a.dismissRate, b.dismissRate),
    mean: estimateDifference(meanEstimate(a.mean), meanEstimate(b.mean)),
    low: shareDifference(a.low, b.low),
    auc: estimateDifference(aucEstimate(a.auc), aucEstimate(b.auc)),
  };
}

/** Holm's correction down each column: the tests of one measure across the rows of one table are one family. */
function adjustColumns(rows: RawTests[]): Tests[] {
  const keys = ['responseRate', 'dismissRate', 'mean', 'low', 'auc'] as const;
  const out: Tests[] = rows.map(() => ({ responseRate: null, dismissRate: null, mean: null, low: null, auc: null }));
  for (const key of keys) {
    const present = rows.map((r, i) => [i, r[key]] as const).filter((pair): pair is readonly [number, Omit<Difference, 'pAdjusted'>] => pair[1] !== null);
    const adjusted = holmAdjust(present.map(([, d]) => d.p));
    present.forEach(([i, d], j) => (out[i]![key] = { ...d, pAdjusted: adjusted[j]! }));
  }
  return out;
}

/** A table of groups, each tested against the rest of the table. */
function compareGroups(
  groups: Map<string, GroupSums>,
  total: GroupSums,
  levels: readonly number[],
  label: (key: string) => string,
  order: (a: string, b: string) => number,
  text: (key: string) => string | null = () => null,
): GroupRow[] {
  const keys = [...groups.keys()].sort(order);
  const rows = keys.map((key) => figures(key, label(key), groups.get(key)!, levels));
  const raw = keys.map((key, i) => (keys.length > 1 ? testsOf(rows[i]!, figures('rest', 'rest', rest(total, groups.get(key)!), levels)) : testsOf(rows[i]!, rows[i]!)));
  const tests = keys.length > 1 ? adjustColumns(raw) : rows.map(() => ({ responseRate: null, dismissRate: null, mean: null, low: null, auc: null }));
  return rows.map((row, i) => ({ ...row, text: text(keys[i]!), tests: tests[i]! }));
}

function followUps(details: ReportDetails): ReportData['followUps'] {
  const byQuestion = new Map<string, { text: string | null; counts: Map<string, number>; labels: Map<string, string> }>();
  for (const row of details.followUps) {
    const body = JSON.parse(row.body) as { question?: { text?: string }; answer?: { label?: string } };
    const q = byQuestion.get(row.questionId) ?? { text: body.question?.text ?? null, counts: new Map(), labels: new Map() };
    byQuestion.set(row.questionId, q);
    const parsed = JSON.parse(row.value) as unknown;
    const ids = [...new Set(Array.isArray(parsed) ? parsed.map(String) : [String(parsed)])];
    // Labels arrive joined (`More reviews, Clearer pricing`); pair them back when the counts agree.
    const labels = body.answer?.label?.split(', ') ?? [];
    if (labels.length === ids.length) ids.forEach((id, i) => q.labels.set(id, labels[i]!));
    for (const id of ids) q.counts.set(id, (q.counts.get(id) ?? 0) + row.responses);
  }
  return [...byQuestion]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([questionId, q]) => {
      const responses = details.followUpResponses[questionId] ?? 0;
      return {
        questionId,
        text: q.text,
        responses,
        options: [...q.counts]
          .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
          .map(([id, count]): FollowUpOption => ({ id, label: q.labels.get(id) ?? id, count, share: wilsonInterval(Math.min(count, responses), responses) })),
      };
    });
}

function variantText(details: ReportDetails, key: string): string | null {
  const body = details.variantBodies[key];
  if (body === undefined) return null;
  return (JSON.parse(body) as { question?: { text?: string } }).question?.text ?? null;
}

/**
 * Builds the report from the fold's sums and the details.
 *
 * ```ts
 * const data = buildReport(fold.summary, details, settings, scaleOf(details, settings.lowMax));
 * data.outcome.verdict.headline; // 'Yes: confidence predicts purchase within 7 days.'
 * ```
 */
export function buildReport(summary: Summary, details: ReportDetails, settings: ReportSettings, scale: ReportContext['scale']): ReportData {
  const { levels } = scale;
  const context: ReportContext = {
    questionId: settings.questionId,
    outcome: settings.outcome,
    outcomeReason: settings.outcomeReason,
    window: settings.window,
    windowLabel: describeWindow(settings.window),
    scale,
    asOf: new Date(settings.now).toISOString(),
    change: settings.change,
    minimumPerClass: MIN_PER_CLASS,
  };
  const overall = figures('all', 'All visitors', summary.overall, levels);
  const trend = logisticTrend(cellsOf(summary.overall));
  const shown = summary.overall.shown;
  const pageViews = Object.values(details.pageViews).reduce((a, b) => a + b, 0);

  const respondents = summary.nonResponse.respondents;
  const others = summary.nonResponse.others;
  const respondentShare = share(respondents.yes, respondents.all);
  const otherShare = share(others.yes, others.all);
  const withAdjusted = (d: Omit<Difference, 'pAdjusted'> | null): Difference | null => d && { ...d, pAdjusted: d.p };
  const signalTests = BEHAVIOURS.map((b) => {
    const sums = summary.nonResponseSignals.get(b.key)!;
    const r = meanFromSums(sums.respondents);
    const o = meanFromSums(sums.others);
    return { key: b.key, label: b.label, respondents: r, nonRespondents: o, difference: estimateDifference(meanEstimate(r), meanEstimate(o)) };
  }).filter((row) => row.respondents !== null || row.nonRespondents !== null);
  const adjustedSignals = holmAdjust(signalTests.map((row) => row.difference?.p ?? 1));

  const periods = summary.byPeriod;
  let change: ReportData['change'] = null;
  if (settings.change !== null) {
    const before = figures('before', `Before ${settings.change}`, periods.get('before') ?? emptyGroup(), levels);
    const after = figures('after', `From ${settings.change}`, periods.get('after') ?? emptyGroup(), levels);
    const raw = { ...testsOf(after, before), conversion: shareDifference(after.conversion, before.conversion) };
    // One family: every measure compared around the same date.
    const entries = Object.entries(raw).filter((e): e is [string, Omit<Difference, 'pAdjusted'>] => e[1] !== null);
    const adjusted = holmAdjust(entries.map(([, d]) => d.p));
    const tests = Object.fromEntries(Object.keys(raw).map((k) => [k, null])) as NonNullable<ReportData['change']>['tests'];
    entries.forEach(([k, d], i) => ((tests as unknown as Record<string, Difference>)[k] = { ...d, pAdjusted: adjusted[i]! }));
    change = { date: settings.change, before, after, tests };
  }

  return {
    context,
    counts: {
      impressions: details.events.impression ?? 0,
      answers: details.events.answer ?? 0,
      completes: details.events.complete ?? 0,
      dismissals: details.events.dismiss ?? 0,
      confidenceAnswers: details.confidenceAnswers,
      visitors: summary.overall.visitors,
      anonymous: summary.anonymous,
      repeats: Math.max(0, details.confidenceAnswers - summary.overall.visitors),
    },
    funnel: {
      displays: shown.n,
      answered: share(summary.overall.answered, shown),
      dismissed: share(summary.overall.dismissed, shown),
      ignored: share(subtractTally(subtractTally(shown, summary.overall.answered), summary.overall.dismissed), shown),
      pageViews: pageViews > 0 ? pageViews : null,
      coverage: pageViews > 0 ? wilsonInterval(Math.min(shown.n, pageViews), pageViews) : null,
    },
    overall,
    outcome: {
      verdict: decideVerdict(context, overall, trend),
      byLevel: levels.map((level) => {
        const cell = summary.overall.converted.get(level);
        return { level, visitors: summary.overall.levels.get(level)?.n ?? 0, conversion: cell ? share(cell.yes, add(cell.yes, cell.no)) : null };
      }),
      trend,
      unjoinable: summary.anonymous,
    },
    nonResponse: {
      visitors: respondents.all.n + others.all.n,
      respondents: respondentShare,
      nonRespondents: otherShare,
      difference: withAdjusted(shareDifference(respondentShare, otherShare)),
      signals: signalTests.map((row, i) => ({ ...row, difference: row.difference && { ...row.difference, pAdjusted: adjustedSignals[i]! } })),
    },
    momentum: {
      byLevel: levels.map((level) => {
        const m = summary.momentum.get(level);
        return m
          ? { level, visitors: m.all.n, outcome: share(m.outcome, m.all), page: share(m.page, m.all), left: share(m.left, m.all) }
          : { level, visitors: 0, outcome: null, page: null, left: null };
      }),
      pending: summary.momentumPending,
    },
    byPageType: compareGroups(summary.byPageType, summary.overall, levels, (k) => k, (a, b) => a.localeCompare(b)),
    byStep: compareGroups(summary.byStep, summary.overall, levels, (k) => (Number(k) >= LAST_STEP ? `Page ${LAST_STEP}+` : `Page ${k}`), (a, b) => Number(a) - Number(b)),
    // A survey without variants is not a comparison.
    variants:
      summary.byVariant.size === 1 && summary.byVariant.has('')
        ? []
        : compareGroups(summary.byVariant, summary.overall, levels, (k) => (k === '' ? '(no variant)' : k), (a, b) => a.localeCompare(b), (k) => variantText(details, k)),
    weeks: [...summary.byWeek].sort(([a], [b]) => a.localeCompare(b)).map(([week, g]) => figures(week, `Week of ${week}`, g, levels)),
    change,
    behaviour: BEHAVIOURS.map(({ key, label }) => ({
      key,
      label,
      byLevel: levels.map((level) => {
        const sums = summary.behaviour.get(key)!.get(level);
        const mean = sums ? meanFromSums(sums) : null;
        return mean && clip(mean, 0, key === 'scrollDepth' ? 100 : Number.POSITIVE_INFINITY);
      }),
    })),
    lowModel: fitLowModel(summary.model, summary.modelSeen),
    followUps: followUps(details),
    openText: details.openText.map((t) => ({ ...t })),
  };
}
