import type { PulseEvent } from '../../contract/eventShapes';

/** Outcomes: an event's `outcome` from `outcome(name, props)`'s arguments, or undefined when the name is not a non-empty string. */
export function toOutcome(name: unknown, props: { value?: number; currency?: string } = {}): PulseEvent['outcome'] {
  if (typeof name !== 'string' || !name) return undefined;
  const outcome: NonNullable<PulseEvent['outcome']> = { name };
  // NaN and Infinity would reach the collector as null and get the event rejected.
  if (Number.isFinite(props.value)) outcome.value = props.value!;
  if (typeof props.currency === 'string') outcome.currency = props.currency;
  return outcome;
}
