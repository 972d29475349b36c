/**
 * E-mail addresses: up to 64 characters without spaces (the longest local part there is), `@` or `＠` with optional
 * spaces around it, then a dotted domain. No part contains `@`, and the 64s bound how far the engine backtracks, so
 * time stays linear in the input (2,000 characters without a space: about a millisecond).
 */
const EMAIL = /[^\s@＠]{1,64}\s*[@＠]\s*[^\s@＠]{1,64}[.．。][^\s@＠]{1,64}/g;
/**
 * Phone numbers and other long digit runs (card, account, order numbers): 7 or more digits of any script, each
 * separated by at most three spaces, dashes, dots, slashes, brackets or invisible format characters.
 */
const NUMBER = /[+(]?\p{Nd}(?:[\s\p{Pd}\p{Cf}()./]{0,3}\p{Nd}){6,}/gu;

/**
 * Makes an open-text answer fit to store: e-mail addresses become `[email]`, phone numbers and runs of 7 or more
 * digits become `[number]`, and the result is cut to `maxLength` UTF-16 units without splitting a surrogate pair.
 * It runs in the UI chunk before the event exists, so neither `beforeSend`, the queue nor a destination sees the raw text.
 * The UI already limits typing to `maxLength`, so the patterns never read much more than that.
 */
export function scrubText(text: string, maxLength: number): string {
  return text.replace(EMAIL, '[email]').replace(NUMBER, '[number]').slice(0, maxLength).replace(/[\ud800-\udbff]$/, '');
}
