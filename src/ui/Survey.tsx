import { useEffect, useRef, useState } from 'preact/hooks';
import { nextQuestion } from './nextQuestion';
import { Binary } from './questions/Binary';
import { Choice } from './questions/Choice';
import { Scale } from './questions/Scale';
import { Text } from './questions/Text';
import type { MountOptions, ResolvedQuestion, ResolvedSurvey, UiAnswer, UiStrings } from './types';

/** The survey's props: the mount options minus where and how to mount. */
export type SurveyProps = Pick<MountOptions, 'survey' | 'onShown' | 'onAnswer' | 'onComplete' | 'onDismiss'>;

/** A candidate answer, as a question component reports it. */
export type Draft = Pick<UiAnswer, 'value' | 'label' | 'other'>;

/** What every question component receives from the survey. */
export interface QuestionProps<Q extends ResolvedQuestion> {
  q: Q;
  /** Id of the element holding the question text, for `aria-labelledby`. */
  id: string;
  s: UiStrings;
  dir: ResolvedSurvey['dir'];
  /** The candidate answer changed (null: nothing chosen); `sel` when the respondent changed the selection. */
  pick(draft: Draft | null, sel?: boolean): void;
  /** Answer at once (a pointer click on a scale point, a Yes/No button). */
  send(draft: Draft): void;
}

/** Id of the current question text: labels the dialog and the question's group. */
const QUESTION_ID = 'cp-q';
/** Id of the thank-you text, which labels the dialog at the end. */
const THANKS_ID = 'cp-t';

const now = () => performance.now();
const isHidden = () => document.visibilityState == 'hidden';

/**
 * The survey card: one question at a time, `when` branching, then a thank-you.
 * A non-modal dialog that never takes focus on appear; a polite live region announces it.
 * Reports each answer the moment it is given, so a respondent who leaves half-way still counts.
 */
export function Survey({ survey, onShown, onAnswer, onComplete, onDismiss }: SurveyProps) {
  const { questions, strings } = survey;
  const [index, setIndex] = useState(() => nextQuestion(questions, {}, -1));
  const [hasDraft, setHasDraft] = useState(false);
  const [live, setLive] = useState('');
  const root = useRef<HTMLDivElement>(null);
  // Per-question bookkeeping that handlers must see at once (events can outrun a re-render):
  // _i current index, _d draft, _k last selection key, _n selections, _t/_s visible time banked/since, _f refocus, _a answers.
  const [r] = useState(() => ({
    _i: index,
    _d: null as Draft | null,
    _k: '',
    _n: 0,
    _t: 0,
    _s: null as number | null,
    _f: false,
    _a: {} as Record<string, Draft['value']>,
  }));

  useEffect(() => {
    // Bank the running visible stretch on every change; restart the clock only while visible.
    const onVisibility = () => {
      if (r._s != null) r._t += now() - r._s;
      r._s = isHidden() ? null : now();
    };
    document.addEventListener('visibilitychange', onVisibility);
    // Effects run before the browser paints; the next frame is the first the respondent can see.
    const frame = requestAnimationFrame(() => {
      onShown();
      setLive(strings.announce);
    });
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      cancelAnimationFrame(frame);
    };
  }, []);

  useEffect(() => {
    r._t = 0;
    r._s = isHidden() ? null : now();
    // The control that had focus is gone with the old question: keep keyboard users in the survey.
    if (r._f) {
      r._f = false;
      root.current?.querySelector<HTMLElement>('input,textarea,button')?.focus();
    }
  }, [index]);

  const go = (next: number) => {
    const el = root.current!;
    r._f = el.contains((el.getRootNode() as Document | ShadowRoot).activeElement);
    r._i = next;
    r._d = null;
    r._k = '';
    r._n = 0;
    setHasDraft(false);
    setIndex(next);
    if (next < 0) {
      setLive(strings.thanks);
      onComplete();
    }
  };

  // Bound to the question index, so a late change/click from an answered question is ignored.
  const pick = (at: number) => (draft: Draft | null, sel?: boolean) => {
    if (r._i != at) return;
    const key = draft ? '' + draft.value : '';
    if (sel && key != r._k) {
      r._n++;
      r._k = key;
    }
    r._d = draft;
    setHasDraft(!!draft);
  };

  const send = (at: number) => (draft: Draft) => {
    if (r._i != at) return;
    pick(at)(draft, true);
    const question = questions[at]!;
    r._a[question.id] = draft.value;
    const visible = r._t + (r._s == null ? 0 : now() - r._s);
    // The first selection is not a change.
    onAnswer({ question, ...draft, timeToAnswerMs: Math.round(visible), answerChanges: Math.max(0, r._n - 1) });
    go(nextQuestion(questions, r._a, at));
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key == 'Escape') {
      // The survey consumes its Escape so a host dialog underneath does not close too.
      e.stopPropagation();
      onDismiss('escape');
    } else if (e.key == 'Enter' && r._d && (e.target as Element).tagName == 'INPUT') {
      e.preventDefault();
      send(index)(r._d);
    }
  };

  const q = questions[index];
  const props = { id: QUESTION_ID, s: strings, dir: survey.dir, pick: pick(index), send: send(index) };

  return (
    <div
      ref={root}
      class="cp"
      role="dialog"
      aria-labelledby={q ? QUESTION_ID : THANKS_ID}
      lang={survey.locale}
      dir={survey.dir}
      onKeyDown={onKeyDown}
    >
      {q ? (
        <>
          <h2 id={QUESTION_ID}>{q.text}</h2>
          {q.type == 'scale' ? (
            <Scale key={index} q={q} {...props} />
          ) : q.type == 'choice' ? (
            <Choice key={index} q={q} {...props} />
          ) : q.type == 'text' ? (
            <Text key={index} q={q} {...props} />
          ) : (
            <Binary key={index} q={q} {...props} />
          )}
          <div class="a">
            {!q.required && (
              <button type="button" onClick={() => go(nextQuestion(questions, r._a, index))}>
                {strings.skip}
              </button>
            )}
            {q.type != 'binary' && (
              <button type="button" class="pr" disabled={!hasDraft} onClick={() => r._d && send(index)(r._d)}>
                {index == questions.length - 1 ? strings.submit : strings.next}
              </button>
            )}
          </div>
        </>
      ) : (
        <p id={THANKS_ID} class="t">
          {strings.thanks}
        </p>
      )}
      {/* Last in the DOM so the question is read first; placed top-right by CSS. */}
      <button type="button" class="x" aria-label={strings.close} onClick={() => onDismiss('close')}>
        ×
      </button>
      <div role="status" aria-live="polite" class="v">
        {live}
      </div>
    </div>
  );
}
