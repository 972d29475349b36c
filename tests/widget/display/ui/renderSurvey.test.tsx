import { fireEvent, screen, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderSurvey } from '../../../../src/widget/display/ui/renderSurvey';
import type {
  ResolvedBinaryQuestion,
  ResolvedChoiceQuestion,
  ResolvedQuestion,
  ResolvedScaleQuestion,
  ResolvedSurvey,
  ResolvedTextQuestion,
  UiStrings,
} from '../../../../src/widget/display/ui/types';

const strings: UiStrings = {
  close: 'Close survey',
  next: 'Next',
  submit: 'Send',
  skip: 'Skip',
  thanks: 'Thank you!',
  announce: 'A one-question survey appeared',
  other: 'Please specify',
};

const confidence: ResolvedScaleQuestion = {
  id: 'confidence',
  type: 'scale',
  text: 'How confident are you?',
  required: true,
  min: 1,
  max: 5,
  minLabel: 'Not at all confident',
  maxLabel: 'Completely confident',
  layout: 'numbers',
  direction: 'asc',
};

const blocker: ResolvedChoiceQuestion = {
  id: 'blocker',
  type: 'choice',
  text: 'What would help you decide?',
  required: true,
  multiple: true,
  when: { question: 'confidence', lte: 3 },
  options: [
    { id: 'compare', text: 'An easier way to compare' },
    { id: 'reviews', text: 'More reviews' },
    { id: 'price', text: 'Clearer pricing' },
  ],
  other: { maxLength: 200, text: 'Something else' },
};

function setup(questions: ResolvedQuestion[], survey: Partial<ResolvedSurvey> = {}) {
  const props = {
    survey: { id: 's', locale: 'en', dir: 'ltr' as const, questions, strings, ...survey },
    onShown: vi.fn(),
    onAnswer: vi.fn(),
    onComplete: vi.fn(),
    onDismiss: vi.fn(),
  };
  const container = document.body.appendChild(document.createElement('div'));
  const unmount = renderSurvey(container, props);
  stops.push(unmount);
  return { ...props, container, unmount };
}

const stops: (() => void)[] = [];

const radios = () => screen.getAllByRole('radio') as HTMLInputElement[];
/** The next question (or the thank-you) is drawn after the browser paints the answering click. */
const drawn = () => new Promise<void>((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
const lastAnswer = (onAnswer: ReturnType<typeof vi.fn>) => onAnswer.mock.calls.at(-1)![0];

afterEach(() => {
  stops.splice(0).forEach((stop) => stop());
  document.body.replaceChildren();
  vi.restoreAllMocks();
  delete (document as { visibilityState?: unknown }).visibilityState;
});

describe('Survey: roles and names', () => {
  it('is a non-modal dialog named by the question, in the survey language and direction', () => {
    setup([confidence], { locale: 'de', dir: 'rtl' });
    const dialog = screen.getByRole('dialog', { name: 'How confident are you?' });
    expect(dialog.hasAttribute('aria-modal')).toBe(false);
    expect(dialog.getAttribute('lang')).toBe('de');
    expect(dialog.getAttribute('dir')).toBe('rtl');
  });

  it('does not take focus when it appears', async () => {
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    const { onShown } = setup([confidence]);
    await waitFor(() => expect(onShown).toHaveBeenCalled());
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('names the scale group by the question and the end points by their labels', () => {
    setup([confidence]);
    expect(screen.getByRole('radiogroup', { name: 'How confident are you?' })).toBeTruthy();
    expect(radios().map((r) => r.getAttribute('aria-label') ?? r.closest('label')!.textContent)).toEqual([
      '1, Not at all confident',
      '2',
      '3',
      '4',
      '5, Completely confident',
    ]);
    expect(screen.getByRole('radio', { name: '1, Not at all confident' }).getAttribute('type')).toBe('radio');
    expect(screen.getByRole('radio', { name: '3' })).toBeTruthy();
  });

  it('has a close button with an accessible name', () => {
    const { onDismiss } = setup([confidence]);
    fireEvent.click(screen.getByRole('button', { name: 'Close survey' }));
    expect(onDismiss).toHaveBeenCalledWith('close');
  });

  it('uses point labels in names and as the reported label', () => {
    const { onAnswer } = setup([{ ...confidence, pointLabels: { 3: 'Unsure', 1: 'Not at all' } }]);
    expect(radios()[0]!.getAttribute('aria-label')).toBe('1, Not at all');
    fireEvent.click(screen.getByRole('radio', { name: '3, Unsure' }), { detail: 1 });
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 3, label: 'Unsure' });
  });
});

describe('Survey: live region and lifecycle', () => {
  it('announces politely after the first frame, calls onShown once, then announces the thanks', async () => {
    const { onShown, onComplete } = setup([confidence]);
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-live')).toBe('polite');
    expect(status.textContent).toBe('');
    await waitFor(() => expect(status.textContent).toBe(strings.announce));
    expect(onShown).toHaveBeenCalledTimes(1);

    fireEvent.click(radios()[4]!, { detail: 1 });
    // Completion is reported at once; the thanks are drawn and announced after the click is painted.
    expect(onComplete).toHaveBeenCalledTimes(1);
    await drawn();
    expect(screen.getByRole('status')).toBe(status);
    expect(status.textContent).toBe(strings.thanks);
    expect(onShown).toHaveBeenCalledTimes(1);
  });

  it('unmount empties the container and removes its visibilitychange listener', () => {
    const remove = vi.spyOn(document, 'removeEventListener');
    const { unmount, container, onShown } = setup([confidence]);
    unmount();
    expect(remove).toHaveBeenCalledWith('visibilitychange', expect.any(Function));
    expect(container.childNodes).toHaveLength(0);
    return new Promise((done) => requestAnimationFrame(() => done(expect(onShown).not.toHaveBeenCalled())));
  });
});

describe('Survey: keyboard', () => {
  // Arrow keys, roving focus and RTL mirroring are the browser's own radio-group behaviour: they are
  // tested in real Chromium (tests/browser/survey.test.ts), since happy-dom does not implement them.
  it('scale points are native radios sharing one group name', () => {
    setup([confidence]);
    expect(radios().every((r) => r.type == 'radio' && r.name == radios()[0]!.name && r.name)).toBe(true);
    expect(radios().map((r) => r.tabIndex)).toEqual([0, 0, 0, 0, 0]);
  });

  it('selection (Space, arrows: a click with detail 0) counts changes; Enter submits', () => {
    const { onAnswer, onComplete } = setup([confidence]);
    for (const i of [1, 2, 1, 0, 4, 0, 1]) fireEvent.click(radios()[i]!);
    expect(radios()[1]!.checked).toBe(true);
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.keyDown(radios()[1]!, { key: 'Enter' });
    expect(onAnswer).toHaveBeenCalledTimes(1);
    // 2, 3, 2, 1, 5, 1, 2: six changes after the first selection.
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 2, label: undefined, answerChanges: 6 });
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('keeps focus in the survey, on the close button, when focus was on the last answered question', async () => {
    setup([confidence]);
    radios()[1]!.focus();
    fireEvent.click(radios()[1]!);
    fireEvent.keyDown(radios()[1]!, { key: 'Enter' });
    await drawn();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Close survey' }));
  });

  it('Enter on a radio with nothing selected selects it and answers', () => {
    const { onAnswer } = setup([confidence]);
    expect((screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(radios()[2]!, { key: 'Enter' });
    expect(onAnswer).toHaveBeenCalledTimes(1);
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 3, answerChanges: 0 });
  });

  it('ignores Enter on an unticked checkbox while nothing is chosen', () => {
    const { onAnswer } = setup([{ ...blocker, when: undefined }]);
    fireEvent.keyDown(screen.getByRole('checkbox', { name: 'More reviews' }), { key: 'Enter' });
    expect(onAnswer).not.toHaveBeenCalled();
    expect((screen.getByRole('checkbox', { name: 'More reviews' }) as HTMLInputElement).checked).toBe(false);
  });

  it('dismisses with Escape from anywhere inside, without letting it reach the page', () => {
    const pageHandler = vi.fn();
    document.addEventListener('keydown', pageHandler);
    const { onDismiss } = setup([confidence]);
    fireEvent.keyDown(radios()[3]!, { key: 'Escape' });
    expect(onDismiss).toHaveBeenCalledWith('escape');
    expect(onDismiss).toHaveBeenCalledTimes(1);
    expect(pageHandler).not.toHaveBeenCalled();
    fireEvent.keyDown(screen.getByRole('heading'), { key: 'Escape' });
    expect(onDismiss).toHaveBeenCalledTimes(2);
    document.removeEventListener('keydown', pageHandler);
  });

  it('moves focus to the next question when focus was on the answered one', async () => {
    setup([confidence, blocker]);
    radios()[1]!.focus();
    fireEvent.click(radios()[1]!);
    fireEvent.keyDown(radios()[1]!, { key: 'Enter' });
    await drawn();
    expect(screen.getByRole('heading').textContent).toBe(blocker.text);
    expect(document.activeElement).toBe(screen.getByRole('checkbox', { name: 'An easier way to compare' }));
  });

  it('leaves focus alone when it was on the page', async () => {
    const outside = document.body.appendChild(document.createElement('button'));
    outside.focus();
    setup([confidence, blocker]);
    fireEvent.click(radios()[1]!, { detail: 1 });
    await drawn();
    expect(screen.getByRole('heading').textContent).toBe(blocker.text);
    expect(document.activeElement).toBe(outside);
  });
});

describe('Survey: scale direction and pointer', () => {
  it('shows max first with direction desc, end labels following', () => {
    const { container, onAnswer } = setup([{ ...confidence, direction: 'desc' }]);
    expect(radios().map((r) => r.value)).toEqual(['5', '4', '3', '2', '1']);
    expect([...container.querySelectorAll('.e span')].map((s) => s.textContent)).toEqual([
      'Completely confident',
      'Not at all confident',
    ]);
    fireEvent.click(radios()[1]!, { detail: 1 });
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 4 });
  });

  it('lays out 0-10 for NPS', () => {
    setup([{ ...confidence, min: 0, max: 10, layout: 'nps', minLabel: 'Not likely', maxLabel: 'Very likely' }]);
    expect(radios().map((r) => r.value)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10']);
    expect(screen.getByRole('radio', { name: '10, Very likely' })).toBeTruthy();
  });

  it('submits at once on a pointer click, counting earlier changes', () => {
    const { onAnswer } = setup([confidence]);
    fireEvent.click(radios()[2]!); // keyboard-style selection first
    expect(onAnswer).not.toHaveBeenCalled();
    fireEvent.click(radios()[3]!, { detail: 1 });
    expect(onAnswer).toHaveBeenCalledTimes(1);
    expect(lastAnswer(onAnswer)).toMatchObject({ question: confidence, value: 4, answerChanges: 1 });
  });

  it('submits with the Next button after a selection', async () => {
    const { onAnswer } = setup([confidence, { ...confidence, id: 'again', text: 'Again?' }]);
    fireEvent.click(radios()[1]!);
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 2, answerChanges: 0 });
    await drawn();
    expect(screen.getByRole('dialog', { name: 'Again?' })).toBeTruthy();
    expect(radios().every((r) => !r.checked)).toBe(true);
  });
});

describe('Survey: branching', () => {
  it('answering 2 of 1-5 shows the lte 3 follow-up', async () => {
    const { onAnswer, onComplete } = setup([confidence, blocker]);
    fireEvent.click(screen.getByRole('radio', { name: '2' }), { detail: 1 });
    expect(onAnswer).toHaveBeenCalledTimes(1);
    const answer = lastAnswer(onAnswer);
    expect(answer).toMatchObject({ question: confidence, value: 2, label: undefined, answerChanges: 0 });
    expect(typeof answer.timeToAnswerMs).toBe('number');
    // The answered question stays until the click is painted; then the follow-up replaces it.
    expect(screen.getByRole('dialog', { name: confidence.text })).toBeTruthy();
    await drawn();
    expect(screen.getByRole('dialog', { name: blocker.text })).toBeTruthy();
    expect(screen.getByRole('group', { name: blocker.text })).toBeTruthy();
    expect(onComplete).not.toHaveBeenCalled();
  });

  it('answering 5 skips the follow-up and thanks', async () => {
    const { onAnswer, onComplete } = setup([confidence, blocker]);
    fireEvent.click(screen.getByRole('radio', { name: '5, Completely confident' }), { detail: 1 });
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 5, label: 'Completely confident' });
    await drawn();
    expect(screen.queryByRole('group')).toBeNull();
    expect(screen.getByRole('dialog', { name: strings.thanks })).toBeTruthy();
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('ignores a late second click on an answered question, before and after the next one is drawn', async () => {
    const { onAnswer } = setup([confidence, blocker]);
    const two = screen.getByRole('radio', { name: '2' });
    fireEvent.click(two, { detail: 1 });
    fireEvent.click(screen.getByRole('radio', { name: '4' }), { detail: 1 });
    await drawn();
    fireEvent.click(two, { detail: 1 });
    expect(onAnswer).toHaveBeenCalledTimes(1);
    expect(screen.getByRole('dialog', { name: blocker.text })).toBeTruthy();
  });
});

describe('Survey: choice', () => {
  it('multiple choice with other: ids in display order, labels joined, other text capped', async () => {
    const { onAnswer, onComplete } = setup([confidence, blocker]);
    fireEvent.click(screen.getByRole('radio', { name: '1, Not at all confident' }), { detail: 1 });
    await drawn();

    const submit = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    expect(submit.disabled).toBe(true);
    expect(screen.queryByRole('textbox')).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: 'More reviews' }));
    expect(submit.disabled).toBe(false);
    fireEvent.click(screen.getByRole('checkbox', { name: 'An easier way to compare' }));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Something else' }));
    const other = screen.getByRole('textbox', { name: 'Please specify' }) as HTMLInputElement;
    expect(other.getAttribute('maxlength')).toBe('200');
    fireEvent.input(other, { target: { value: '  Videos ' } });
    fireEvent.click(submit);

    expect(onAnswer).toHaveBeenCalledTimes(2);
    expect(lastAnswer(onAnswer)).toMatchObject({
      question: blocker,
      value: ['compare', 'reviews', 'other'],
      label: 'An easier way to compare, More reviews, Something else',
      other: 'Videos',
      answerChanges: 2,
    });
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('unticking everything disables submit again', () => {
    setup([{ ...blocker, when: undefined }]);
    const box = screen.getByRole('checkbox', { name: 'Clearer pricing' });
    const submit = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    fireEvent.click(box);
    expect(submit.disabled).toBe(false);
    fireEvent.click(box);
    expect(submit.disabled).toBe(true);
  });

  it('single choice is a radiogroup; optional questions can be skipped, and their follow-ups with them', () => {
    const single: ResolvedChoiceQuestion = { ...blocker, id: 'single', multiple: false, required: false, when: undefined };
    const followUp: ResolvedTextQuestion = {
      id: 'why',
      type: 'text',
      text: 'Why?',
      required: true,
      maxLength: 10,
      when: { question: 'single', eq: 'price' },
    };
    const { onAnswer, onComplete } = setup([single, followUp]);
    expect(screen.getByRole('radiogroup', { name: blocker.text })).toBeTruthy();
    fireEvent.click(screen.getByRole('radio', { name: 'Clearer pricing' }));
    fireEvent.click(screen.getByRole('radio', { name: 'More reviews' }));
    fireEvent.click(screen.getByRole('button', { name: 'Skip' }));
    expect(onAnswer).not.toHaveBeenCalled();
    expect(onComplete).toHaveBeenCalledTimes(1);
  });

  it('single choice reports one id and its text', () => {
    const single: ResolvedChoiceQuestion = { ...blocker, multiple: false, when: undefined };
    const { onAnswer } = setup([single]);
    fireEvent.click(screen.getByRole('radio', { name: 'Clearer pricing' }));
    fireEvent.click(screen.getByRole('radio', { name: 'More reviews' }));
    fireEvent.keyDown(screen.getByRole('radio', { name: 'More reviews' }), { key: 'Enter' });
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 'reviews', label: 'More reviews', answerChanges: 1 });
    expect(lastAnswer(onAnswer).other).toBeUndefined();
  });
});

describe('Survey: text and binary', () => {
  it('text: a labelled, capped textarea whose trimmed text is sent', () => {
    const text: ResolvedTextQuestion = { id: 't', type: 'text', text: 'Anything else?', required: true, maxLength: 50 };
    const { onAnswer } = setup([text]);
    const box = screen.getByRole('textbox', { name: 'Anything else?' });
    expect(box.tagName).toBe('TEXTAREA');
    expect(box.getAttribute('maxlength')).toBe('50');
    const submit = screen.getByRole('button', { name: 'Send' }) as HTMLButtonElement;
    fireEvent.input(box, { target: { value: '   ' } });
    expect(submit.disabled).toBe(true);
    fireEvent.input(box, { target: { value: ' More photos ' } });
    fireEvent.click(submit);
    expect(lastAnswer(onAnswer)).toMatchObject({ value: 'More photos', answerChanges: 0 });
  });

  it('binary: Yes/No buttons answer at once with a boolean', async () => {
    const binary: ResolvedBinaryQuestion = { id: 'b', type: 'binary', text: 'Found it?', required: true, yes: 'Yes', no: 'No' };
    const { onAnswer } = setup([binary, { ...binary, id: 'c', text: 'Again?' }]);
    expect(screen.getByRole('group', { name: 'Found it?' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Next' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'No' }));
    expect(lastAnswer(onAnswer)).toMatchObject({ value: false, label: 'No' });
    await drawn();
    fireEvent.click(screen.getByRole('button', { name: 'Yes' }));
    expect(lastAnswer(onAnswer)).toMatchObject({ value: true, label: 'Yes', question: { id: 'c' } });
  });
});

describe('Survey: time to answer', () => {
  it('counts from the question appearing and pauses while the page is hidden', async () => {
    let t = 1000;
    vi.spyOn(performance, 'now').mockImplementation(() => t);
    let state: DocumentVisibilityState = 'visible';
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
    const visibility = (next: DocumentVisibilityState) => {
      state = next;
      document.dispatchEvent(new Event('visibilitychange'));
    };

    const { onAnswer } = setup([confidence, { ...confidence, id: 'second' }]);
    t = 1500;
    visibility('hidden');
    t = 60_000;
    visibility('visible');
    t = 60_700;
    fireEvent.click(radios()[0]!, { detail: 1 });
    expect(lastAnswer(onAnswer).timeToAnswerMs).toBe(1200);
    await drawn();

    // The clock restarts for the next question.
    t = 61_000;
    fireEvent.click(radios()[0]!, { detail: 1 });
    expect(lastAnswer(onAnswer).timeToAnswerMs).toBe(300);
  });
});
