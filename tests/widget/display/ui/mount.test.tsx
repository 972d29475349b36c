import { fireEvent, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mountSurvey } from '../../../../src/widget/display/ui/mount';
import type { MountedSurvey, MountOptions, ResolvedSurvey } from '../../../../src/widget/display/ui/types';

const survey: ResolvedSurvey = {
  id: 's',
  locale: 'en',
  dir: 'ltr',
  strings: {
    close: 'Close',
    next: 'Next',
    submit: 'Send',
    skip: 'Skip',
    thanks: 'Thanks',
    announce: 'A quick question',
    other: 'Other',
  },
  questions: [
    {
      id: 'confidence',
      type: 'scale',
      text: 'How confident are you?',
      required: true,
      min: 1,
      max: 5,
      layout: 'numbers',
      direction: 'asc',
    },
  ],
};

let ui: MountedSurvey | undefined;

function mount(extra: Partial<MountOptions> = {}) {
  const options = { survey, onShown: vi.fn(), onAnswer: vi.fn(), onComplete: vi.fn(), onDismiss: vi.fn(), ...extra };
  ui = mountSurvey(options);
  return options;
}

const hosts = () => document.querySelectorAll('confidence-pulse');
const shadow = () => hosts()[0]!.shadowRoot!;

afterEach(() => {
  ui?.destroy();
  ui = undefined;
  document.body.replaceChildren();
  vi.unstubAllGlobals();
});

describe('mountSurvey', () => {
  it('renders into one open shadow root with an adopted stylesheet, fixed in the corner', async () => {
    const { onShown, onAnswer } = mount();
    expect(hosts()).toHaveLength(1);
    expect(hosts()[0]!.parentElement).toBe(document.body);
    const root = within(shadow() as unknown as HTMLElement);
    expect(root.getByRole('dialog', { name: 'How confident are you?' })).toBeTruthy();
    expect(shadow().adoptedStyleSheets).toHaveLength(1);
    expect(shadow().querySelector('style')).toBeNull();
    const wrapper = shadow().querySelector<HTMLElement>('.p')!;
    expect(wrapper.className).toBe('p c');
    expect(wrapper.style.zIndex).toBe('2147483000');

    await waitFor(() => expect(onShown).toHaveBeenCalledTimes(1));
    fireEvent.click(root.getByRole('radio', { name: '4' }), { detail: 1 });
    expect(onAnswer).toHaveBeenCalledWith(expect.objectContaining({ value: 4 }));
  });

  it('destroy removes the host and returns focus when focus was inside', () => {
    const before = document.body.appendChild(document.createElement('button'));
    before.focus();
    mount();
    const radio = within(shadow() as unknown as HTMLElement).getAllByRole('radio')[0]!;
    radio.focus();
    expect(shadow().activeElement).toBe(radio);
    ui!.destroy();
    expect(hosts()).toHaveLength(0);
    expect(document.activeElement).toBe(before);
    ui!.destroy(); // twice is harmless
  });

  it('returns focus to the element focus came from when the survey was entered later', () => {
    const before = document.body.appendChild(document.createElement('button'));
    const later = document.body.appendChild(document.createElement('a'));
    later.href = '#';
    before.focus();
    mount();
    later.focus();
    const radio = within(shadow() as unknown as HTMLElement).getAllByRole('radio')[0]!;
    radio.focus();
    // happy-dom does not fill in relatedTarget when focus moves; a browser does.
    shadow().dispatchEvent(new FocusEvent('focusin', { relatedTarget: later, bubbles: true, composed: true }));
    ui!.destroy();
    expect(document.activeElement).toBe(later);
  });

  it('destroy leaves focus alone when it is elsewhere on the page', () => {
    const before = document.body.appendChild(document.createElement('button'));
    const elsewhere = document.body.appendChild(document.createElement('input'));
    before.focus();
    mount();
    elsewhere.focus();
    ui!.destroy();
    expect(hosts()).toHaveLength(0);
    expect(document.activeElement).toBe(elsewhere);
  });

  it('falls back to a <style nonce> without constructable stylesheets', () => {
    vi.stubGlobal(
      'CSSStyleSheet',
      class {
        constructor() {
          throw new TypeError('Illegal constructor');
        }
      },
    );
    mount({ nonce: 'abc123', zIndex: 10 });
    const style = shadow().querySelector('style')!;
    // Browsers take the property; happy-dom lacks it, so Preact sets the attribute.
    expect(style.nonce || style.getAttribute('nonce')).toBe('abc123');
    expect(style.textContent).toContain(':host{all:initial!important');
    expect(shadow().querySelector<HTMLElement>('.p')!.style.zIndex).toBe('10');
  });

  it('goes inline into the slot, or as a bar, with the survey direction', () => {
    const slot = document.body.appendChild(document.createElement('div'));
    mount({ position: 'inline', slot });
    expect(hosts()[0]!.parentElement).toBe(slot);
    expect(shadow().querySelector('.p')!.className).toBe('p i');
    ui!.destroy();

    mount({ position: 'bar', survey: { ...survey, dir: 'rtl' } });
    expect(hosts()[0]!.parentElement).toBe(document.body);
    expect(shadow().querySelector('.p')!.className).toBe('p b');
    expect(shadow().querySelector('.p')!.getAttribute('dir')).toBe('rtl');
  });
  it('styles the card with the viewport from its first frame, and restyles it only when the viewport changes', () => {
    // A custom property written on the wrapper restyles the whole card, same value or not: the first frame used to
    // pay for a second style recalculation when the observer wrote what was already there.
    const viewport = Object.assign(new EventTarget(), { height: 700, offsetTop: 0 });
    let observed: (() => void) | undefined;
    vi.stubGlobal('visualViewport', viewport);
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: () => void) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    mount();
    // Set before the observer's first callback, which comes after the first layout.
    expect(shadow().querySelector<HTMLElement>('.p')!.style.getPropertyValue('--h')).toBe('700px');
    const wrapper = shadow().querySelector<HTMLElement>('.p')!;
    const writes = new MutationObserver(() => {});
    writes.observe(wrapper, { attributes: true, attributeFilter: ['style'] });
    observed!();
    expect(writes.takeRecords()).toHaveLength(0);
    viewport.height = 400;
    viewport.dispatchEvent(new Event('resize'));
    expect(writes.takeRecords()).toHaveLength(1);
    writes.disconnect();
    expect(wrapper.style.getPropertyValue('--h')).toBe('400px');
    expect(wrapper.style.getPropertyValue('--k')).toBe('0px');
    expect(wrapper.style.zIndex).toBe('2147483000');
  });
});
