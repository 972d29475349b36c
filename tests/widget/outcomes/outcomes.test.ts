import { afterEach, describe, expect, test } from 'vitest';
import { clickedOutcomes } from '../../../src/widget/outcomes/clickedOutcomes';
import { toOutcome } from '../../../src/widget/outcomes/toOutcome';
import { urlOutcomes } from '../../../src/widget/outcomes/urlOutcomes';

afterEach(() => {
  document.body.innerHTML = '';
});

describe('urlOutcomes', () => {
  test('names every outcome whose URL rule matches the path, skipping empty rules', () => {
    const rules = { purchase: { match: ['/thanks'] }, cart: { regex: ['^/cart'] }, broken: null, other: { match: ['/p/*'] } } as any;
    expect(urlOutcomes(rules, '/thanks')).toEqual(['purchase']);
    expect(urlOutcomes(rules, '/cart/1')).toEqual(['cart']);
    expect(urlOutcomes(rules, '/c/shoes')).toEqual([]);
    expect(urlOutcomes(undefined, '/thanks')).toEqual([]);
  });
});

describe('clickedOutcomes', () => {
  test('the data-cp-outcome of an ancestor, then each selector rule, one per name', () => {
    document.body.innerHTML = '<div data-cp-outcome="add_to_cart"><button class="buy"><span id="t">Buy</span></button></div>';
    const target = document.getElementById('t');
    const rules = { add_to_cart: { selector: '.buy' }, checkout: { selector: '.buy' }, other: { selector: '.nope' }, bad: { selector: '[[' } };
    expect(clickedOutcomes(rules, target)).toEqual(['add_to_cart', 'checkout']);
    expect(clickedOutcomes(undefined, target)).toEqual(['add_to_cart']);
    expect(clickedOutcomes(rules, document)).toEqual([]);
    expect(clickedOutcomes(rules, null)).toEqual([]);
  });
});

describe('toOutcome', () => {
  test('keeps a finite value and a string currency; refuses a missing name', () => {
    expect(toOutcome('purchase', { value: 5, currency: 'EUR' })).toEqual({ name: 'purchase', value: 5, currency: 'EUR' });
    expect(toOutcome('purchase', { value: NaN, currency: 3 as any })).toEqual({ name: 'purchase' });
    expect(toOutcome('purchase', { value: Infinity })).toEqual({ name: 'purchase' });
    expect(toOutcome('purchase')).toEqual({ name: 'purchase' });
    expect(toOutcome('')).toBeUndefined();
    expect(toOutcome(42)).toBeUndefined();
  });
});
