/**
 * Turns the folded sums (`summarizeUnits`) and the small details into the report's numbers. Pure: sums
 * in, `ReportData` out, with every statistic from `src/stats`. `loadReport` feeds it from a store.
 */
import { delongAuc, type AucEstimate } from '../stats/delongAuc';
import { differenceTest, proportionDifference } from '../stats/compareEstimates';
import { holmAdjust } from '../stats/holm';
import { logisticTrend } from '../stats/logisticTrend';
import { MIN_PER_CLASS } from '../stats/minimumData';
import { meanFromSums, subtractSums, type WeightedMeanWithSe } from '../stats/weightedMean';
import { weightedProportion } from '../stats/weightedProportion';
import { wilsonInterval } from '../stats/wilsonInterval';
import { clusteredReader, type ClusteredFigures, type ClusteredReader } from './clusteredFigures';
import type { ClusterDesign } from './clusterUnits';
import { fitLowModelSample, withSampled, type LowModelFit } from './lowModel';
import type { Difference, FollowUpOption, GroupFigures, GroupRow, ReportContext, ReportData, Share } from './reportData';
import { describeWindow, type ReportSettings } from './reportSettings';
import { BEHAVIOURS, cellsOf, emptyGroup, LAST_STEP, subtractTally, type GroupSums, type Summary, type Tally } from './summarizeUnits';
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

function figures(key: string, label: string, group: GroupSums, levels: readonly number[], clustered?: ClusteredFigures): GroupFigures {
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
    // Every answer: the same estimates, their intervals clustered by visitor.
    ...(clustered && { mean: clustered.mean, low: clustered.low, distribution: clustered.distribution, conversion: clustered.conversion, auc: clustered.auc }),
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

/** Every answer as the unit: the clusters' moments and their reader. */
interface Clustering {
  design: ClusterDesign;
  read: ClusteredReader;
}

/** A group's figures and its raw tests against the rest of the whole, clustered when every answer counts. */
function groupAgainstRest(key: string, label: string, group: GroupSums, total: GroupSums, levels: readonly number[], clustering: Clustering | null) {
  const others = rest(total, group);
  if (!clustering) {
    const row = figures(key, label, group, levels);
    return { row, tests: testsOf(row, figures('rest', 'rest', others, levels)), conversion: null };
  }
  const read = clustering.read.group(clustering.design.domains.get(group), cellsOf(group), cellsOf(others), group.visitors, others.visitors);
  const row = figures(key, label, group, levels, read.figures);
  const tests = { ...testsOf(row, figures('rest', 'rest', others, levels)), mean: read.tests.mean, low: read.tests.low, auc: read.tests.auc };
  return { row, tests, conversion: read.tests.conversion };
}

/** A table of groups, each tested against the rest of the table. */
function compareGroups(
  groups: Map<string, GroupSums>,
  total: GroupSums,
  levels: readonly number[],
  clustering: Clustering | null,
  label: (key: string) => string,
  order: (a: string, b: string) => number,
  text: (key: string) => string | null = () => null,
): GroupRow[] {
  const keys = [...groups.keys()].sort(order);
  const compared = keys.map((key) => groupAgainstRest(key, label(key), groups.get(key)!, total, levels, clustering));
  const rows = compared.map((c) => c.row);
  const raw = compared.map((c, i) => (keys.length > 1 ? c.tests : testsOf(rows[i]!, rows[i]!)));
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
export function buildReport(
  summary: Summary,
  details: ReportDetails,
  settings: ReportSettings,
  scale: ReportContext['scale'],
  responses?: { summary: Summary; design: ClusterDesign },
  lowModel: LowModelFit = fitLowModelSample(summary.model),
): ReportData {
  const { levels } = scale;
  // The confidence figures' sums: each visitor's first answer, or every answer with its clusters.
  const answers = responses?.summary ?? summary;
  const clustering: Clustering | null = responses ? { design: responses.design, read: clusteredReader(responses.design, scale.lowMax) } : null;
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
    unit: settings.unit,
    clusters: responses ? { visitors: responses.design.whole.clusters, positives: responses.design.whole.positives, negatives: responses.design.whole.negatives } : null,
  };
  const overallClustered = clustering?.read.overall(cellsOf(answers.overall), answers.overall.visitors);
  const overall = figures('all', clustering ? 'All answers' : 'All visitors', answers.overall, levels, overallClustered);
  const trend = clustering ? clustering.read.trend(cellsOf(answers.overall)) : logisticTrend(cellsOf(answers.overall));
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

  const periods = answers.byPeriod;
  let change: ReportData['change'] = null;
  if (settings.change !== null) {
    let before: GroupFigures;
    let after: GroupFigures;
    let raw: RawTests & { conversion: Omit<Difference, 'pAdjusted'> | null };
    if (clustering) {
      // Every answer falls before or after the day, so "after" is the rest of "before", and their difference is
      // the negative of the group-against-rest test.
      const compared = groupAgainstRest('before', `Before ${settings.change}`, periods.get('before') ?? emptyGroup(), answers.overall, levels, clustering);
      before = compared.row;
      const afterSums = periods.get('after') ?? emptyGroup();
      const afterRead = clustering.read.group(clustering.design.domains.get(afterSums), cellsOf(afterSums), cellsOf(rest(answers.overall, afterSums)), afterSums.visitors, answers.overall.visitors - afterSums.visitors);
      after = figures('after', `From ${settings.change}`, afterSums, levels, afterRead.figures);
      const flip = (d: Omit<Difference, 'pAdjusted'> | null) => d && { difference: -d.difference, low: -d.high, high: -d.low, p: d.p };
      raw = { ...testsOf(after, before), mean: flip(compared.tests.mean), low: flip(compared.tests.low), auc: flip(compared.tests.auc), conversion: flip(compared.conversion) };
    } else {
      before = figures('before', `Before ${settings.change}`, periods.get('before') ?? emptyGroup(), levels);
      after = figures('after', `From ${settings.change}`, periods.get('after') ?? emptyGroup(), levels);
      raw = { ...testsOf(after, before), conversion: shareDifference(after.conversion, before.conversion) };
    }
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
      byLevel: levels.map((level, i) => {
        const cell = answers.overall.converted.get(level);
        const conversion = overallClustered ? overallClustered.byLevel[i]! : cell ? share(cell.yes, add(cell.yes, cell.no)) : null;
        return { level, visitors: answers.overall.levels.get(level)?.n ?? 0, conversion };
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
    byPageType: compareGroups(answers.byPageType, answers.overall, levels, clustering, (k) => k, (a, b) => a.localeCompare(b)),
    byStep: compareGroups(answers.byStep, answers.overall, levels, clustering, (k) => (Number(k) >= LAST_STEP ? `Page ${LAST_STEP}+` : `Page ${k}`), (a, b) => Number(a) - Number(b)),
    // A survey without variants is not a comparison.
    variants:
      answers.byVariant.size === 1 && answers.byVariant.has('')
        ? []
        : compareGroups(answers.byVariant, answers.overall, levels, clustering, (k) => (k === '' ? '(no variant)' : k), (a, b) => a.localeCompare(b), (k) => variantText(details, k)),
    weeks: [...answers.byWeek]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([week, g]) => {
        const clustered = clustering?.read.group(clustering.design.domains.get(g), cellsOf(g), [], g.visitors, 0).figures;
        return figures(week, `Week of ${week}`, g, levels, clustered);
      }),
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
    lowModel: withSampled(lowModel, summary.modelSeen),
    followUps: followUps(details),
    openText: details.openText.map((t) => ({ ...t })),
  };
}
