import { render } from 'preact';
import { afterPaint } from '../../lib/afterPaint';
import { nextQuestion } from './nextQuestion';
import { Binary } from './questions/Binary';
import { Choice } from './questions/Choice';
import { Scale } from './questions/Scale';
import { Text } from './questions/Text';
import type { Draft, QuestionProps } from './questionProps';
import type { MountOptions } from './types';

/** What the survey needs: the mount options minus where and how to mount. */
export type SurveyProps = Pick<MountOptions, 'survey' | 'onShown' | 'onAnswer' | 'onComplete' | 'onDismiss'>;

/** Id of the current question text: labels the dialog and the question's group. */
const QUESTION_ID = 'cp-q';
/** Id of the thank-you text, which labels the dialog at the end. */
const THANKS_ID = 'cp-t';
const VIEWS = { scale: Scale, choice: Choice, text: Text, binary: Binary } as Record<string, (p: QuestionProps<any>) => any>;

const now = () => performance.now();
const isHidden = () => document.visibilityState == 'hidden';

/**
 * Renders the survey card into `el` and keeps it current: one question at a time, `when` branching, then a
 * thank-you. A non-modal dialog that never takes focus on appear; a polite live region announces it.
 * Each answer is reported the moment it is given, so a respondent who leaves half-way still counts.
 * Returns the function that unmounts it and removes its listener.
 *
 * State lives in this closure and every change re-renders with Preact's `render`: no hooks module
 * (about 0.8 KB brotli less), and handlers always see the current state, however fast events come.
 */
export function renderSurvey(el: HTMLElement, { survey, onShown, onAnswer, onComplete, onDismiss }: SurveyProps): () => void {
  const { questions, strings: s } = survey;
  const answers: Record<string, Draft['value']> = {};
  let index = nextQuestion(questions, answers, -1);
  let draft: Draft | null = null;
  // The last selection, and how many times it changed: the first selection is not a change.
  let key = '';
  let changes = 0;
  // Time the question was visible: banked stretches plus the running one (paused while the page is hidden).
  let banked = 0;
  let since: number | null = isHidden() ? null : now();
  let live = '';
  /** Set while an answered question waits for its successor to be drawn; cancels that drawing. */
  let drawing: (() => void) | undefined;
  let completed = false;
  const visibleMs = () => banked + (since == null ? 0 : now() - since);
  const onVisibility = () => {
    banked = visibleMs();
    since = isHidden() ? null : now();
  };

  /** The survey is complete: reported at once, even while the thank-you waits to be drawn. */
  const complete = () => {
    if (!completed) onComplete();
    completed = true;
  };

  const go = (next: number) => {
    // The control that had focus goes with the old question: keep keyboard users in the survey.
    const focused = el.contains((el.getRootNode() as Document | ShadowRoot).activeElement);
    drawing = undefined;
    index = next;
    draft = null;
    key = '';
    changes = banked = 0;
    since = isHidden() ? null : now();
    if (next < 0) {
      live = s.thanks;
      complete();
    }
    paint();
    // No scrolling into view: the next question takes the answered one's place, and scrolling would force a layout.
    if (focused) el.querySelector<HTMLElement>('input,textarea,button')?.focus({ preventScroll: true });
  };

  /** Takes a candidate answer, counting changes of selection. */
  const choose = (at: number, next: Draft | null) => {
    const k = next ? '' + next.value : '';
    // Typing is not a change of selection.
    if (questions[at]!.type != 'text' && k != key) {
      changes++;
      key = k;
    }
    draft = next;
  };

  // Bound to the question index, so a late change or click from an answered question is ignored.
  const pick = (at: number, next: Draft | null) => {
    if (at != index || drawing) return;
    choose(at, next);
    paint();
  };

  // The answer is reported at once (a respondent who leaves now still counts); the next question is drawn after the
  // browser has painted the click, so answering costs the interaction only the report (INP: 56 -> 32 ms at 4× CPU
  // throttling in `npm run bench`). Until then the answered question ignores further input.
  const send = (at: number, answer: Draft) => {
    if (at != index || drawing) return;
    choose(at, answer);
    const question = questions[at]!;
    answers[question.id] = answer.value;
    onAnswer({ question, ...answer, timeToAnswerMs: Math.round(visibleMs()), answerChanges: Math.max(0, changes - 1) });
    const next = nextQuestion(questions, answers, at);
    if (next < 0) complete();
    drawing = afterPaint(() => go(next));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key == 'Escape') {
      // The survey consumes its Escape so a host dialog underneath does not close too.
      e.stopPropagation();
      onDismiss('escape');
    } else if (e.key == 'Enter' && (e.target as Element).tagName == 'INPUT') {
      // Enter on a radio selects it and submits, like a click; on a checkbox or the "Other" field it submits
      // what is chosen. In the textarea it is a new line.
      const input = e.target as HTMLInputElement;
      e.preventDefault();
      if (input.type == 'radio' && !input.checked) input.click();
      if (draft) send(index, draft);
    }
  };

  const paint = () => {
    const at = index;
    const q = questions[at];
    const View = q && VIEWS[q.type]!;
    render(
      <div class="cp" role="dialog" aria-labelledby={q ? QUESTION_ID : THANKS_ID} lang={survey.locale} dir={survey.dir} onKeyDown={onKeyDown}>
        {q ? (
          <>
            <h2 id={QUESTION_ID}>{q.text}</h2>
            <View key={at} q={q} id={QUESTION_ID} s={s} d={draft} pick={(d: Draft | null) => pick(at, d)} send={(d: Draft) => send(at, d)} />
            <div class="a">
              {!q.required && (
                <button type="button" onClick={() => go(nextQuestion(questions, answers, at))}>
                  {s.skip}
                </button>
              )}
              {q.type != 'binary' && (
                <button type="button" class="pr" disabled={!draft} onClick={() => draft && send(at, draft)}>
                  {at == questions.length - 1 ? s.submit : s.next}
                </button>
              )}
            </div>
          </>
        ) : (
          <p id={THANKS_ID}>{s.thanks}</p>
        )}
        {/* Last in the DOM so the question is read first; placed top-right by CSS. */}
        <button type="button" class="x" aria-label={s.close} onClick={() => onDismiss('close')}>
          ×
        </button>
        <div role="status" aria-live="polite" class="v">
          {live}
        </div>
      </div>,
      el,
    );
  };

  paint();
  document.addEventListener('visibilitychange', onVisibility);
  // Rendering happens before the browser paints; the next frame is the first the respondent can see. The impression
  // is recorded in a task after that frame, so its work does not lengthen the frame that shows the survey.
  const shown = afterPaint(() => {
    onShown();
    live = s.announce;
    paint();
  });
  return () => {
    document.removeEventListener('visibilitychange', onVisibility);
    shown();
    drawing?.();
    render(null, el);
  };
}
