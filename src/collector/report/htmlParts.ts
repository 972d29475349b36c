/** The report page's building blocks: cards, tables and chart slots, with every string escaped. */
import { escapeHtml as h } from './escapeHtml';

/** A figure on a card: its label, its value and a line of detail. */
export function card(id: string, label: string, value: string, detail = ''): string {
  return `<div class="card" id="${id}"><span class="label">${h(label)}</span><strong class="value">${h(value)}</strong>${detail ? `<span class="detail">${h(detail)}</span>` : ''}</div>`;
}

/**
 * A table whose first column heads each row. Numbers stay on one line (a narrow screen scrolls the table
 * inside its box); the columns listed in `text` hold prose and wrap.
 */
export function table(caption: string, head: readonly string[], rows: readonly (readonly string[])[], empty: string, text: readonly number[] = []): string {
  const cell = (c: string, i: number) => `<td${text.includes(i) ? ' class="text"' : ''}>${h(c)}</td>`;
  const body = rows.length
    ? rows.map((cells) => `<tr><th scope="row">${h(cells[0]!)}</th>${cells.slice(1).map((c, i) => cell(c, i + 1)).join('')}</tr>`).join('')
    : `<tr><td colspan="${head.length}">${h(empty)}</td></tr>`;
  return `<div class="table"><table><caption>${h(caption)}</caption><thead><tr>${head.map((c) => `<th scope="col">${h(c)}</th>`).join('')}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** A canvas the page's script draws a chart into; the label tells what a screen reader would miss. */
export function chart(id: string, label: string): string {
  return `<div class="chart"><canvas id="${id}" role="img" aria-label="${h(label)}"></canvas></div>`;
}

/** A `<figure>` with a caption around a chart. */
export function figure(id: string, caption: string, label: string): string {
  return `<figure><figcaption>${h(caption)}</figcaption>${chart(id, label)}</figure>`;
}
