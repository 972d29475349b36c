import type { QuestionProps } from '../questionProps';
import type { ResolvedChoiceQuestion } from '../types';

/** The value reported for the "Other" option. */
const OTHER_ID = 'other';

/**
 * Single choice (native radios in a radiogroup) or multiple choice (checkboxes in a group), in the order
 * the core gives, with an optional "Other" option that reveals a text field. The inputs keep their own
 * state; every change reads them back, in display order.
 */
export function Choice({ q, s, id, d, pick }: QuestionProps<ResolvedChoiceQuestion>) {
  const options = q.other ? [...q.options, { id: OTHER_ID, text: q.other.text }] : q.options;
  const read = (e: Event) => {
    const group = e.currentTarget as HTMLElement;
    const inputs = group.querySelectorAll('input');
    const picked = options.filter((_, k) => inputs[k]!.checked);
    const other = picked.some((o) => o.id == OTHER_ID) && group.querySelector<HTMLInputElement>('.w')?.value.trim();
    pick(
      picked[0]
        ? {
            value: q.multiple ? picked.map((o) => o.id) : picked[0].id,
            label: picked.map((o) => o.text).join(', '),
            other: other || undefined,
          }
        : null,
    );
  };
  return (
    <div role={q.multiple ? 'group' : 'radiogroup'} aria-labelledby={id} onChange={read} onInput={read}>
      {options.map((o) => (
        <label key={o.id} class="o">
          <input type={q.multiple ? 'checkbox' : 'radio'} name={id} />
          {o.text}
        </label>
      ))}
      {q.other && [d?.value].flat().includes(OTHER_ID) && (
        <input class="w" type="text" aria-label={s.other} maxLength={q.other.maxLength} />
      )}
    </div>
  );
}
