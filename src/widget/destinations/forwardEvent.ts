import type { PulseEvent } from '../../contract/eventShapes';

/** Tools an event can be forwarded to: Google Tag Manager's `window.dataLayer`, Segment's `window.analytics`, PostHog's `window.posthog`. */
export type Destination = 'dataLayer' | 'segment' | 'posthog';

/**
 * The event as destinations receive it: the wire format's shape (`survey.id`, `answer.value`, `page.type`, …) minus
 * what stays first-party: the visitor and session ids, the behavioural signals, and free text (a text question's
 * answer and the "Other" text), which are set to `undefined`.
 */
export function destinationProps(event: PulseEvent): Partial<PulseEvent> {
  return {
    ...event,
    visitorId: undefined,
    sessionId: undefined,
    signals: undefined,
    answer: event.answer && event.question?.type != 'text' ? { ...event.answer, other: undefined } : undefined,
  };
}

/** How each tool takes an event; a tool the page lacks is skipped. */
const SEND: Record<Destination, (win: any, name: string, props: object) => void> = {
  // Tag Manager merges pushes into one model: clear the previous event's object first.
  dataLayer: (win, name, props) => win.dataLayer?.push({ confidence_pulse: null }, { event: name, confidence_pulse: props }),
  segment: (win, name, props) => win.analytics?.track(name, props),
  posthog: (win, name, props) => win.posthog?.capture(name, props),
};

/**
 * Forwards one event, as `confidence_pulse_<type>` with `destinationProps`, to each listed tool the page has, and
 * returns the destinations that threw (an unknown name too). A failing one never stops delivery or the others.
 */
export function forwardEvent(event: PulseEvent, destinations: readonly Destination[], win: any): Destination[] {
  return destinations.filter((destination) => {
    try {
      SEND[destination](win, 'confidence_pulse_' + event.type, destinationProps(event));
      return false;
    } catch {
      return true;
    }
  });
}
