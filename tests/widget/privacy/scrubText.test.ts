import { describe, expect, test } from 'vitest';
import { scrubText } from '../../../src/widget/privacy/scrubText';

const scrub = (text: string, maxLength = 2000) => scrubText(text, maxLength);

describe('scrubText: e-mail addresses', () => {
  test.each([
    ['mail me at jane.doe+shoes@example.co.uk please', 'mail me at [email] please'],
    ['JÖRG@Bücher.de', '[email]'],
    ['jane @ example.com', '[email]'],
    ['jane＠example．com', '[email]'],
    ['<jane@example.com>, or jane2@example.org.', '[email] or [email]'],
    ['mailto:jane@example.com', '[email]'],
    ['ends with an address jane@example.com', 'ends with an address [email]'],
    ['12345678@numbers.example', '[email]'],
  ])('%j → %j', (input, output) => expect(scrub(input)).toBe(output));

  test.each([['follow @shoeshop for news'], ['a@b is not an address'], ['price: 2 @ 10 EUR'], ['rate me 5/5 @home']])('keeps %j', (input) => {
    expect(scrub(input)).toBe(input);
  });
});

describe('scrubText: phone numbers and long digit runs', () => {
  test.each([
    ['call +1 (555) 123-4567 after six', 'call [number] after six'],
    ['(555) 123-4567', '[number]'],
    ['0044 20 7946 0958', '[number]'],
    ['030/1234567', '[number]'],
    ['555.123.4567', '[number]'],
    ['card 4111 1111 1111 1111 ok', 'card [number] ok'],
    ['4111111111111111', '[number]'],
    ['order #12345678', 'order #[number]'],
    ['IBAN DE89 3704 0044 0532 0130 00', 'IBAN DE[number]'],
    // Invisible characters, dashes of other scripts and digits of other scripts do not hide a number.
    ['555\u200b123\u200b4567', '[number]'],
    ['555–123–4567', '[number]'],
    ['５５５１２３４５６７', '[number]'],
    ['٠١٢٣٤٥٦٧٨٩', '[number]'],
  ])('%j → %j', (input, output) => expect(scrub(input)).toBe(output));

  test.each([['size 42, about 129.99 EUR'], ['between 2 and 3 pairs'], ['model X-200 vs X-300'], ['123456'], ['I paid 1,299 for two'], ['4.5 stars, 10 mm drop']])(
    'keeps %j',
    (input) => expect(scrub(input)).toBe(input),
  );
});

describe('scrubText: the length cap', () => {
  test('cuts to maxLength after scrubbing, so a cut never leaves part of an address or a number', () => {
    const text = 'x'.repeat(90) + ' jane.doe@example.com and +44 20 7946 0958';
    const out = scrub(text, 100);
    expect(out).toHaveLength(100);
    expect(out).not.toMatch(/jane|doe|example/);
    expect(scrub('x'.repeat(95) + ' 4111 1111 1111 1111', 100)).toBe('x'.repeat(95) + ' [num');
  });

  test('never splits a surrogate pair', () => {
    expect(scrub('ab😀cd', 3)).toBe('ab');
    expect(scrub('ab😀cd', 4)).toBe('ab😀');
  });

  test('a long input without any match comes back whole and capped', () => {
    const long = 'a'.repeat(5000);
    expect(scrub(long, 2000)).toBe('a'.repeat(2000));
    expect(scrub('@'.repeat(3000) + 'a.b', 2000)).toHaveLength(2000);
    // A "local part" longer than any real one: the address is still removed, with its @.
    expect(scrub('x'.repeat(100) + '@example.com')).toMatch(/^x+\[email\]$/);
  });

  test('scrubbed text stays text: markup is left for the report to escape', () => {
    expect(scrub('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });
});
