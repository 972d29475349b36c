/**
 * The report's answer, in words, to "does confidence predict the outcome?": yes, no evidence, or not
 * enough data yet. The rule: below the minimum of converting and non-converting visitors there is no
 * verdict; above it, "yes" needs the AUC's 95% interval to lie wholly above 0.5 (chance).
 */
import type { TrendEstimate } from '../stats/logisticTrend';
import { enoughForVerdict } from '../stats/minimumData';
import { formatP } from './formatStats';
import type { GroupFigures, ReportContext, Verdict } from './reportData';

/** How the report names an AUC's size: Hosmer and Lemeshow's bands, with "weak" below 0.6. */
export function aucStrength(auc: number): string {
  const a = Math.max(auc, 1 - auc);
  return a >= 0.8 ? 'strong' : a >= 0.7 ? 'moderate' : a >= 0.6 ? 'modest' : 'weak';
}

const two = (n: number) => n.toFixed(2);
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/**
 * Decides the verdict from the overall figures.
 *
 * ```ts
 * decideVerdict(context, overall, trend).headline; // 'Not enough data yet: …'
 * ```
 */
export function decideVerdict(context: ReportContext, overall: GroupFigures, trend: TrendEstimate | null): Verdict {
  const outcome = context.outcome;
  const within = context.windowLabel;
  if (context.questionId === null) {
    return { state: 'insufficient', headline: 'Not enough data yet: nobody has answered a confidence question in these dates.', details: [], needs: null };
  }
  if (outcome === null) {
    return {
      state: 'insufficient',
      headline: 'Not enough data yet: no outcome has been recorded, so there is nothing to predict.',
      details: ["Report outcomes from the site, for example ConfidencePulse.outcome('purchase') on the order confirmation page."],
      needs: null,
    };
  }
  const clusters = context.clusters;
  // Every answer as the unit: the answers are counted, but the minimum counts visitors, the independent units.
  const basis = clusters
    ? `Based on ${plural(overall.converting + overall.notConverting, 'answer', 'answers')} whose window is over: ${overall.converting.toLocaleString('en-US')} followed by ${outcome} ${within}, ${overall.notConverting.toLocaleString('en-US')} not; ${plural(clusters.positives, 'visitor', 'visitors')} with an answer followed by ${outcome}, ${clusters.negatives.toLocaleString('en-US')} with one not. Intervals count each visitor's answers together.`
    : `Based on ${plural(overall.converting + overall.notConverting, 'visitor', 'visitors')} whose window is over: ${overall.converting.toLocaleString('en-US')} with ${outcome} ${within}, ${overall.notConverting.toLocaleString('en-US')} without.`;
  const pending = overall.pending
    ? ` ${plural(overall.pending, clusters ? 'answer was' : 'visitor answered', clusters ? 'answers were' : 'visitors answered')} ${clusters ? 'given ' : ''}too recently to know and ${overall.pending === 1 ? 'is' : 'are'} left out.`
    : '';
  const enough = clusters ? enoughForVerdict(clusters.positives, clusters.negatives) : enoughForVerdict(overall.converting, overall.notConverting);
  const auc = overall.auc;
  if (!enough.enough || !auc) {
    const more = (n: number) => plural(n, 'more visitor', 'more visitors');
    const needs =
      enough.morePositives && enough.moreNegatives
        ? `${more(enough.morePositives)} with ${outcome} ${within} and ${enough.moreNegatives.toLocaleString('en-US')} more without`
        : enough.morePositives
          ? `${more(enough.morePositives)} with ${outcome} ${within}`
          : `${more(enough.moreNegatives)} without ${outcome} ${within}`;
    return {
      state: 'insufficient',
      headline: `Not enough data yet: needs about ${needs}.`,
      details: [
        `The verdict waits for at least ${context.minimumPerClass} visitors on each side, so that its interval can be trusted.`,
        basis + pending,
      ],
      needs: { converting: enough.morePositives, notConverting: enough.moreNegatives },
    };
  }
  const aucText = `AUC ${two(auc.auc)} (95% CI ${two(auc.low)}–${two(auc.high)}; 0.5 is chance)`;
  const trendText =
    trend === null
      ? ''
      : ` Each point higher on the scale goes with ${two(trend.oddsRatio)} times the odds of ${outcome} (95% CI ${two(trend.low)}–${two(trend.high)}, ${formatP(trend.p)}).`;
  const caveat = 'Confidence is observed, not assigned: it can predict the outcome without causing it.';
  if (auc.low > 0.5) {
    return {
      state: 'yes',
      headline: `Yes: confidence predicts ${outcome} ${within}.`,
      details: [`${clusters ? `Answers followed by ${outcome} were higher than the others` : `Visitors with ${outcome} had given higher confidence than those without`}: ${aucText}, a ${aucStrength(auc.auc)} relation.${trendText}`, basis + pending, caveat],
      needs: null,
    };
  }
  if (auc.high < 0.5) {
    return {
      state: 'no',
      headline: `No evidence that higher confidence predicts ${outcome} ${within}: here it goes the other way.`,
      details: [`${clusters ? `Answers followed by ${outcome} were lower than the others` : `Visitors with ${outcome} had given lower confidence than those without`}: ${aucText}. Check that the scale's high end means confident.${trendText}`, basis + pending],
      needs: null,
    };
  }
  return {
    state: 'no',
    headline: `No evidence that confidence predicts ${outcome} ${within}.`,
    details: [`${aucText}: the interval includes chance. If there is a relation, the data make an AUC above ${two(auc.high)} unlikely.${trendText}`, basis + pending],
    needs: null,
  };
}
