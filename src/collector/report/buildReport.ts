/**
 * Turns stored events into the report's numbers (SPEC §9). Pure: events in, `ReportData` out, with
 * every statistic from `src/stats`. `loadReport` feeds it from a store.
 */
import { rocAuc } from '../../stats/rocAuc';
import { weightedMean, type WeightedMean } from '../../stats/weightedMean';
import { wilsonInterval, type Proportion } from '../../stats/wilsonInterval';
import type { StoredEvent } from '../store';
import type { BehaviourRow, FollowUpOption, GroupStats, OpenTextAnswer, ReportData, VariantStats } from './reportData';

/** Open-text answers listed, newest first. */
export const OPEN_TEXT_LIMIT = 100;

/** How long after an answer a visitor's outcome still counts for the 7-day conversion. */
const WEEK_MS = 7 * 86_400_000;

/** Journey steps at or past this page of the session share one group. */
const LAST_STEP = 5;

/** Behaviours compared across confidence levels, with how to read each from the answer's signals. */
const BEHAVIOURS: readonly { key: BehaviourRow['key']; label: string; read: (s: Record<string, unknown>) => number | undefined }[] = [
  { key: 'activeSeconds', label: 'Active time (s)', read: (s) => num(s.activeMs, 1 / 1000) },
  { key: 'scrollDepth', label: 'Scroll depth (%)', read: (s) => num(s.maxScrollDepth, 100) },
  { key: 'productsCompared', label: 'Products compared', read: (s) => num(s.productsCompared, 1) ?? 0 },
  { key: 'productsViewed', label: 'Products viewed', read: (s) => num(s.productsViewed, 1) },
  { key: 'filterChanges', label: 'Filter changes', read: (s) => num(s.filterChanges, 1) ?? 0 },
];

function num(value: unknown, scale: number): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value * scale : undefined;
}

/** Options of `createReportBuilder`. */
export interface ReportOptions {
  /** Id of the scale question that measures confidence; null when none was answered. */
  questionId: string | null;
  /** The outcome that counts as conversion; null for any. */
  outcome: string | null;
}

/** One confidence answer, kept until `finish` joins it with outcomes and follow-ups. */
interface ConfidenceAnswer {
  value: number;
  weight: number;
  tsMs: number;
  sessionId: string | null;
  visitorId: string | null;
  pageType: string;
  step: number | null;
  variant: string | null;
  signals: Record<string, unknown>;
}

/** A follow-up (choice) answer, joined with its response's confidence at the end. */
interface ChoiceAnswer {
  questionId: string;
  text: string | null;
  values: string[];
}

/** Values and weights of one group, for `weightedMean` and the distribution. */
interface Sample {
  values: number[];
  weights: number[];
}

/** Collects events one at a time and answers the report at the end. */
export interface ReportBuilder {
  /** An impression, answer, complete or dismiss matching the report's filters. */
  addSurveyEvent(event: StoredEvent): void;
  /** An outcome, from any page (outcomes are not filtered by page type, survey or device). */
  addOutcome(event: StoredEvent): void;
  finish(): ReportData;
}

/** 1 / sampleRate: an answer from a 20% sample stands for five visitors. */
function weightOf(event: StoredEvent): number {
  const rate = event.sampleRate;
  return rate !== null && rate > 0 && rate <= 1 ? 1 / rate : 1;
}

/** Answers are grouped by response; events without one stand alone. */
const responseKey = (event: StoredEvent) => event.responseId ?? `event:${event.id}`;

/**
 * Starts a report.
 *
 * ```ts
 * const builder = createReportBuilder({ questionId: 'confidence', outcome: 'purchase' });
 * for (const e of surveyEvents) builder.addSurveyEvent(e);
 * for (const e of outcomes) builder.addOutcome(e);
 * const data = builder.finish();
 * ```
 */
export function createReportBuilder(options: ReportOptions): ReportBuilder {
  let impressions = 0;
  let answers = 0;
  let completes = 0;
  let dismissals = 0;
  let scaleMin = Number.POSITIVE_INFINITY;
  let scaleMax = Number.NEGATIVE_INFINITY;
  const responses = new Set<string>();
  const confidence = new Map<string, ConfidenceAnswer>();
  const choices = new Map<string, ChoiceAnswer[]>();
  const optionLabels = new Map<string, string>();
  let openText: (OpenTextAnswer & { response: string })[] = [];
  const variantImpressions = new Map<string, number>();
  const variantResponses = new Map<string, Set<string>>();
  const variantText = new Map<string, string>();
  const sessionOutcomes = new Map<string, number>();
  const visitorOutcomes = new Map<string, number[]>();

  const keepText = (event: StoredEvent, text: string) => {
    openText.push({ ts: event.ts, pageType: event.pageType, questionId: event.questionId ?? '', text, confidence: null, response: responseKey(event) });
    // Events arrive oldest first: keep a bounded tail instead of every text ever written.
    if (openText.length > 2 * OPEN_TEXT_LIMIT) openText = openText.slice(-OPEN_TEXT_LIMIT);
  };

  const addAnswer = (event: StoredEvent) => {
    answers++;
    const key = responseKey(event);
    responses.add(key);
    const variant = event.variant ?? '';
    let answered = variantResponses.get(variant);
    if (!answered) variantResponses.set(variant, (answered = new Set()));
    answered.add(key);

    const { question, answer } = event.body;
    const value = event.answerValue;
    if (answer?.other) keepText(event, answer.other);
    if (event.questionType === 'text' && typeof value === 'string' && value.trim()) keepText(event, value);

    if (event.questionType === 'choice' && event.questionId && value !== null) {
      const values = Array.isArray(value) ? value : [String(value)];
      // Labels arrive joined (`More reviews, Clearer pricing`); pair them back when the counts agree.
      const labels = answer?.label?.split(', ') ?? [];
      if (labels.length === values.length) values.forEach((id, i) => optionLabels.set(`${event.questionId}\0${id}`, labels[i]!));
      const list = choices.get(key) ?? [];
      list.push({ questionId: event.questionId, text: question?.text ?? null, values });
      choices.set(key, list);
    }

    if (event.questionId === options.questionId && event.questionType === 'scale' && typeof value === 'number' && Number.isFinite(value)) {
      if (question?.min !== undefined) scaleMin = Math.min(scaleMin, question.min);
      if (question?.max !== undefined) scaleMax = Math.max(scaleMax, question.max);
      scaleMin = Math.min(scaleMin, value);
      scaleMax = Math.max(scaleMax, value);
      const pageIndex = event.body.signals?.pageIndex;
      if (event.variant !== null && question?.text && !variantText.has(event.variant)) variantText.set(event.variant, question.text);
      // A response answers the question once; a repeated send keeps the latest.
      confidence.set(key, {
        value,
        weight: weightOf(event),
        tsMs: Date.parse(event.ts),
        sessionId: event.sessionId,
        visitorId: event.visitorId,
        pageType: event.pageType ?? '(no page type)',
        step: typeof pageIndex === 'number' && pageIndex >= 1 ? Math.min(Math.floor(pageIndex), LAST_STEP) : null,
        variant: event.variant,
        signals: event.body.signals ?? {},
      });
    }
  };

  return {
    addSurveyEvent(event) {
      switch (event.type) {
        case 'impression':
          impressions++;
          variantImpressions.set(event.variant ?? '', (variantImpressions.get(event.variant ?? '') ?? 0) + 1);
          return;
        case 'answer':
          return addAnswer(event);
        case 'complete':
          completes++;
          return;
        case 'dismiss':
          dismissals++;
          return;
        default:
          return;
      }
    },

    addOutcome(event) {
      if (options.outcome !== null && event.outcomeName !== options.outcome) return;
      const t = Date.parse(event.ts);
      if (event.sessionId !== null) sessionOutcomes.set(event.sessionId, Math.max(sessionOutcomes.get(event.sessionId) ?? t, t));
      if (event.visitorId !== null) {
        const times = visitorOutcomes.get(event.visitorId) ?? [];
        times.push(t);
        visitorOutcomes.set(event.visitorId, times);
      }
    },

    finish() {
      const all = [...confidence.values()];
      const hasScale = Number.isFinite(scaleMin) && Number.isFinite(scaleMax);
      const min = hasScale ? Math.floor(scaleMin) : 1;
      const max = hasScale ? Math.ceil(scaleMax) : 5;
      const levels = Array.from({ length: max - min + 1 }, (_, i) => min + i);
      const lowMax = min + Math.floor((max - min) / 2);
      const levelOf = (value: number) => Math.min(max, Math.max(min, Math.round(value)));
      const stats = (key: string, label: string, group: readonly ConfidenceAnswer[]): GroupStats => groupStats(key, label, group, levels, lowMax, levelOf);

      const byPage = groupBy(all, (a) => a.pageType);
      const bySteps = groupBy(
        all.filter((a) => a.step !== null),
        (a) => String(a.step),
      );
      const overall = stats('all', 'All answers', all);

      // Confidence against outcome: an outcome later in the same session, and by the visitor within 7 days.
      for (const times of visitorOutcomes.values()) times.sort((a, b) => a - b);
      const converted = all.map((a) => ({
        answer: a,
        session: a.sessionId !== null && (sessionOutcomes.get(a.sessionId) ?? -Infinity) >= a.tsMs,
        week: a.visitorId !== null && hasTimeWithin(visitorOutcomes.get(a.visitorId), a.tsMs, a.tsMs + WEEK_MS),
      }));
      const rate = (list: typeof converted, key: 'session' | 'week') => wilsonInterval(list.filter((c) => c[key]).length, list.length);

      const lowResponses = new Set([...confidence].filter(([, a]) => a.value <= lowMax).map(([key]) => key));

      return {
        scale: { questionId: options.questionId, min, max, levels, lowMax },
        totals: {
          impressions,
          responses: responses.size,
          answers,
          completes,
          dismissals,
          responseRate: wilsonInterval(Math.min(responses.size, impressions), impressions),
          dismissRate: wilsonInterval(Math.min(dismissals, impressions), impressions),
          confidenceAnswers: all.length,
          meanConfidence: overall.mean,
          lowShare: overall.low,
        },
        distribution: overall.distribution,
        byPageType: [...byPage].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => stats(key, key, group)),
        byStep: [...bySteps]
          .sort(([a], [b]) => Number(a) - Number(b))
          .map(([key, group]) => stats(key, Number(key) >= LAST_STEP ? `Page ${LAST_STEP}+` : `Page ${key}`, group)),
        followUps: followUps(choices, lowResponses, optionLabels),
        openText: openText
          .slice(-OPEN_TEXT_LIMIT)
          .reverse()
          .map(({ response, ...text }) => ({ ...text, confidence: confidence.get(response)?.value ?? null })),
        outcome: {
          name: options.outcome,
          byLevel: levels.map((level) => {
            const atLevel = converted.filter((c) => levelOf(c.answer.value) === level);
            return { level, n: atLevel.length, session: rate(atLevel, 'session'), week: rate(atLevel, 'week') };
          }),
          session: rate(converted, 'session'),
          week: rate(converted, 'week'),
          aucSession: rocAuc(
            converted.map((c) => c.answer.value),
            converted.map((c) => c.session),
            converted.map((c) => c.answer.weight),
          ),
          aucWeek: rocAuc(
            converted.map((c) => c.answer.value),
            converted.map((c) => c.week),
            converted.map((c) => c.answer.weight),
          ),
        },
        behaviour: BEHAVIOURS.map(({ key, label, read }) => ({
          key,
          label,
          byLevel: levels.map((level) => {
            const sample: Sample = { values: [], weights: [] };
            for (const a of all) {
              const value = levelOf(a.value) === level ? read(a.signals) : undefined;
              if (value === undefined) continue;
              sample.values.push(value);
              sample.weights.push(a.weight);
            }
            return within(weightedMean(sample.values, sample.weights), 0, key === 'scrollDepth' ? 100 : Number.POSITIVE_INFINITY);
          }),
        })),
        variants: variantStats(all, variantImpressions, variantResponses, variantText, stats),
      };
    },
  };
}

/**
 * Clips an interval to the values the measure can take: a mean of 1–5 answers lies in [1, 5] whatever
 * the t interval of three answers says, and no one compares fewer than zero products.
 */
function within(mean: WeightedMean | null, min: number, max: number): WeightedMean | null {
  if (!mean || mean.low === null || mean.high === null) return mean;
  return { ...mean, low: Math.max(min, mean.low), high: Math.min(max, mean.high) };
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/** A weighted share with a Wilson interval on the effective sample size (Kish), so unequal weights widen it. */
function weightedShare(part: number, total: number, effectiveN: number): Proportion | null {
  if (!(total > 0)) return null;
  const share = part / total;
  const interval = wilsonInterval(share * effectiveN, effectiveN);
  return interval && { ...interval, p: share };
}

function groupStats(
  key: string,
  label: string,
  group: readonly ConfidenceAnswer[],
  levels: readonly number[],
  lowMax: number,
  levelOf: (value: number) => number,
): GroupStats {
  const mean = within(
    weightedMean(
      group.map((a) => a.value),
      group.map((a) => a.weight),
    ),
    levels[0]!,
    levels[levels.length - 1]!,
  );
  const total = mean?.weight ?? 0;
  const effectiveN = mean?.effectiveN ?? 0;
  const weightAt = new Map<number, number>();
  let lowWeight = 0;
  for (const a of group) {
    const level = levelOf(a.value);
    weightAt.set(level, (weightAt.get(level) ?? 0) + a.weight);
    if (a.value <= lowMax) lowWeight += a.weight;
  }
  return {
    key,
    label,
    n: group.length,
    mean,
    distribution: levels.map((level) => weightedShare(weightAt.get(level) ?? 0, total, effectiveN)),
    low: weightedShare(lowWeight, total, effectiveN),
  };
}

/** True when a sorted list holds a time in [from, to]. */
function hasTimeWithin(sorted: readonly number[] | undefined, from: number, to: number): boolean {
  if (!sorted) return false;
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo]! <= to;
}

/** Follow-up choices of the low-confidence responses, per question, most chosen first. */
function followUps(choices: Map<string, ChoiceAnswer[]>, low: Set<string>, labels: Map<string, string>): ReportData['followUps'] {
  const questions = new Map<string, { text: string | null; responses: Set<string>; counts: Map<string, number> }>();
  for (const [response, list] of choices) {
    if (!low.has(response)) continue;
    for (const choice of list) {
      let q = questions.get(choice.questionId);
      if (!q) questions.set(choice.questionId, (q = { text: choice.text, responses: new Set(), counts: new Map() }));
      // A response counts once per question even if the answer was sent twice.
      if (q.responses.has(response)) continue;
      q.responses.add(response);
      for (const id of new Set(choice.values)) q.counts.set(id, (q.counts.get(id) ?? 0) + 1);
    }
  }
  return [...questions].map(([questionId, q]) => ({
    questionId,
    text: q.text,
    responses: q.responses.size,
    options: [...q.counts]
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
      .map(([id, count]): FollowUpOption => ({ id, label: labels.get(`${questionId}\0${id}`) ?? id, count, share: wilsonInterval(count, q.responses.size) })),
  }));
}

function variantStats(
  all: readonly ConfidenceAnswer[],
  impressions: Map<string, number>,
  responses: Map<string, Set<string>>,
  texts: Map<string, string>,
  stats: (key: string, label: string, group: readonly ConfidenceAnswer[]) => GroupStats,
): VariantStats[] {
  const byVariant = groupBy(all, (a) => a.variant ?? '');
  const keys = new Set([...impressions.keys(), ...byVariant.keys()]);
  // A survey without variants is not a comparison.
  if (keys.size === 1 && keys.has('')) return [];
  return [...keys]
    .sort((a, b) => a.localeCompare(b))
    .map((key) => {
      const shown = impressions.get(key) ?? 0;
      const answered = responses.get(key)?.size ?? 0;
      return {
        ...stats(key, key === '' ? '(no variant)' : key, byVariant.get(key) ?? []),
        impressions: shown,
        responses: answered,
        responseRate: wilsonInterval(Math.min(answered, shown), shown),
        text: texts.get(key) ?? null,
      };
    });
}
