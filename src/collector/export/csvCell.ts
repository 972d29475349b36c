/** Characters that make a spreadsheet read a cell as a formula (plus tab and CR, which some strip first). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field (RFC 4180), safe to open in a spreadsheet.
 *
 * Text beginning with `=`, `+`, `-`, `@`, tab or carriage return is prefixed with `'`, so Excel,
 * LibreOffice and Google Sheets show it instead of evaluating it (CSV injection, OWASP). Numbers
 * are written as numbers: `-3` is a value we produced, not visitor text, so it stays a number.
 * Fields holding `"`, `,`, a line break or edge spaces are quoted, with `"` doubled.
 *
 * ```ts
 * csvCell('=HYPERLINK("http://x")'); // "'=HYPERLINK(""http://x"")"
 * csvCell(-3);                        // -3
 * ```
 */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const guarded = FORMULA_START.test(value);
  const text = guardFormula(value);
  return guarded || /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * `text` with `'` in front when a spreadsheet would run it as a formula. Also applied to each item of a `;`-joined
 * list, which "Text to Columns" splits into cells of their own: `category;@SUM(1+1)` → `category;'@SUM(1+1)`.
 */
export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}
