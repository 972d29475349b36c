import type { Survey, SurveyDocument } from '../../contract/documentShapes';
import type { PulseEvent } from '../../contract/eventShapes';
import type { EventDetails, SurveyContext } from '../events/eventParts';
import { scrubText } from '../privacy/scrubText';
import { pickVariant } from '../eligibility/assignVisitor';
import { mountSurvey } from './ui/mount';
import type { ResolvedChoiceQuestion, UiAnswer } from './ui/types';
import { resolveSurvey } from './resolveSurvey';

/** What the core lends the UI chunk to show one survey. */
export interface PresentContext {
  /** The validated document. */
  doc: SurveyDocument;
  surveyId: string;
  /** What fired: a trigger name, or `show`. */
  trigger: string;
  visitorId: string;
  /** Groups this display's events; made by the core, which has the id generator already (no copy in the UI chunk). */
  responseId: string;
  /** Readers' languages, best first. */
  preferred: readonly (string | null | undefined)[];
  position?: 'corner' | 'bar' | 'inline' | undefined;
  zIndex?: number | undefined;
  nonce?: string | undefined;
  /** The page's window: the survey mounts in its document. */
  win: Window;
  /**
   * Hands the core what this display knows of an event: the survey's context and, for an answer, the question and
   * answer (open text already scrubbed) with its timings. The core's `buildEvent` makes the event.
   */
  emit(type: PulseEvent['type'], details: EventDetails | undefined, context: SurveyContext): void;
  /** The survey became visible: caps count it from now. */
  onShown(survey: Survey): void;
  onDismissed(survey: Survey): void;
  /** The widget is gone (finished, dismissed or destroyed): another survey may show. */
  onClosed(): void;
}

/** A survey on screen. */
export interface PresentedSurvey {
  /** Dismisses (recording how) unless already finished, then removes the widget. */
  dismiss(method: 'close' | 'escape' | 'navigation'): void;
  /** Removes the widget without recording anything (the instance is being destroyed). */
  destroy(): void;
}

/** After the thank-you, the widget leaves on its own. */
const THANKS_MS = 2500;

/**
 * Shows one survey, unless one is already on the page (then undefined): picks the visitor's variant and locale, mounts the UI, and turns its callbacks into
 * `impression`, `answer` (one per question, at once), `complete` and `dismiss` events of one response.
 */
export function presentSurvey(ctx: PresentContext): PresentedSurvey | undefined {
  const survey = ctx.doc.surveys.find((s) => s.id === ctx.surveyId);
  const doc = ctx.win.document;
  // Never two surveys at once, even from two instances (npm and script tag on one page).
  if (!survey || doc.querySelector('confidence-pulse')) return undefined;
  const variant = pickVariant(ctx.visitorId, survey.id, survey.variants)?.id;
  const resolved = resolveSurvey(survey, { preferred: ctx.preferred, variant, seed: `${ctx.visitorId}:${survey.id}` });
  const context: SurveyContext = {
    responseId: ctx.responseId,
    survey: { id: survey.id, version: survey.version, ...(variant ? { variant } : {}), sampleRate: survey.sample ?? 1 },
    trigger: ctx.trigger,
    locale: resolved.locale,
  };
  const emit = (type: PulseEvent['type'], details?: EventDetails) => ctx.emit(type, details, context);

  let finished = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    mounted.destroy();
    ctx.onClosed();
  };
  const dismiss = (method: 'close' | 'escape' | 'navigation') => {
    if (!finished) {
      finished = true;
      ctx.onDismissed(survey);
      emit('dismiss', { dismiss: { method } });
    }
    close();
  };

  const position = ctx.position ?? survey.position;
  const mounted = mountSurvey({
    survey: resolved,
    position,
    slot: position === 'inline' ? doc.querySelector('[data-cp-slot]') : null,
    zIndex: ctx.zIndex,
    nonce: ctx.nonce,
    onShown() {
      ctx.onShown(survey);
      emit('impression');
    },
    onAnswer(answer: UiAnswer) {
      const q = answer.question;
      emit('answer', {
        question: {
          id: q.id,
          type: q.type,
          text: q.text,
          ...(q.type === 'scale' ? { min: q.min, max: q.max, ...(q.low === undefined ? {} : { low: q.low }) } : {}),
          // Option ids in display order (this respondent's, when shuffled), the free-text option last.
          ...(q.type === 'choice' ? { multiple: q.multiple, options: q.options.map((o) => o.id).concat(q.other ? 'other' : []) } : {}),
        },
        // Open text is capped and scrubbed of addresses and numbers here, before the event exists.
        answer: {
          value: q.type === 'text' ? scrubText(answer.value as string, q.maxLength) : answer.value,
          // Several long option texts joined could pass the 1,000 characters an event's label may hold.
          ...(answer.label ? { label: answer.label.slice(0, 1000) } : {}),
          ...(answer.other ? { other: scrubText(answer.other, (q as ResolvedChoiceQuestion).other!.maxLength) } : {}),
        },
        signals: { timeToAnswerMs: Math.round(answer.timeToAnswerMs), answerChanges: answer.answerChanges },
      });
    },
    onComplete() {
      finished = true;
      emit('complete');
      timer = setTimeout(close, THANKS_MS);
    },
    onDismiss: dismiss,
  });
  return {
    dismiss,
    destroy() {
      finished = true;
      close();
    },
  };
}
