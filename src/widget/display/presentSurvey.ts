import type { Survey } from '../../contract/documentShapes';
import type { PulseEvent } from '../../contract/eventShapes';
import type { EventDetails, SurveyContext } from '../events/eventParts';
import type { PulseOptions } from '../pulseApi';
import { scrubText } from '../privacy/scrubText';
import { pickVariant } from '../eligibility/assignVisitor';
import { recordDismissed, recordShown, type CapsState } from '../eligibility/frequency';
import { mountSurvey } from './ui/mount';
import type { ResolvedChoiceQuestion, UiAnswer } from './ui/types';
import { resolveSurvey } from './resolveSurvey';

/** The instance's options a display reads: a forced language, the position, the stacking order, the nonce. */
export type DisplayOptions = Pick<PulseOptions, 'locale' | 'position' | 'zIndex' | 'nonce'>;

/**
 * Hands the core what a display knows of an event: the survey's context and, for an answer, the question and answer
 * (open text already scrubbed) with its timings. The core's `buildEvent` makes the event.
 */
export type EmitSurveyEvent = (type: PulseEvent['type'], details: EventDetails | undefined, context: SurveyContext) => void;

/** Gives the visitor's caps and this session's id to `change`, and stores what it returns (unless consent was withdrawn). */
export type UpdateCaps = (change: (caps: CapsState, sessionId: string) => CapsState) => void;

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
 * What the core lends it comes as arguments, not an object: the script tag would pay for every property name
 * (39 B brotli for these).
 *
 * @param survey the survey to show, from the validated document
 * @param trigger what fired: a trigger name, or `show`
 * @param responseId groups this display's events; made by the core, which has the id generator already (no copy in the UI chunk)
 * @param emitEvent hands each event's parts to the core, which builds the event
 * @param win the page's window: the survey mounts in its document
 * @param updateCaps a survey shown counts from now, a dismissal too: only a display writes caps, so the writers live here
 * @param onClosed the widget is gone (finished, dismissed or destroyed): another survey may show
 */
export function presentSurvey(
  survey: Survey,
  trigger: string,
  visitorId: string,
  responseId: string,
  options: DisplayOptions,
  emitEvent: EmitSurveyEvent,
  win: Window,
  updateCaps: UpdateCaps,
  onClosed: () => void,
): PresentedSurvey | undefined {
  const doc = win.document;
  // Never two surveys at once, even from two instances (npm and script tag on one page).
  if (doc.querySelector('confidence-pulse')) return undefined;
  const variant = pickVariant(visitorId, survey.id, survey.variants)?.id;
  // Readers' languages, best first: the option, the page's language, the browser's.
  const preferred = [options.locale, doc.documentElement.lang, ...(win.navigator.languages ?? [])];
  const resolved = resolveSurvey(survey, { preferred, variant, seed: `${visitorId}:${survey.id}` });
  const context: SurveyContext = {
    responseId: responseId,
    survey: { id: survey.id, version: survey.version, ...(variant ? { variant } : {}), sampleRate: survey.sample ?? 1 },
    trigger: trigger,
    locale: resolved.locale,
  };
  const emit = (type: PulseEvent['type'], details?: EventDetails) => emitEvent(type, details, context);

  let finished = false;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const close = () => {
    if (closed) return;
    closed = true;
    clearTimeout(timer);
    mounted.destroy();
    onClosed();
  };
  const dismiss = (method: 'close' | 'escape' | 'navigation') => {
    if (!finished) {
      finished = true;
      updateCaps((caps) => recordDismissed(caps, survey.id, Date.now()));
      emit('dismiss', { dismiss: { method } });
    }
    close();
  };

  const { zIndex, nonce } = options;
  const position = options.position ?? survey.position;
  const mounted = mountSurvey({
    survey: resolved,
    position,
    slot: position === 'inline' ? doc.querySelector('[data-cp-slot]') : null,
    zIndex,
    nonce,
    onShown() {
      updateCaps((caps, sessionId) => recordShown(caps, survey.id, sessionId, Date.now()));
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
