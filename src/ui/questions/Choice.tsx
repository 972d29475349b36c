import { useState } from 'preact/hooks';
import type { QuestionProps } from '../Survey';
import type { ResolvedChoiceQuestion } from '../types';

/** The value reported for the "Other" option. */
const OTHER_ID = 'other';

/**
 * Single choice (radios in a radiogroup) or multiple choice (checkboxes in a group), in the order
 * the core gives, with an optional "Other" option that reveals a text field.
 */
export function Choice({ q, s, id, pick }: QuestionProps<ResolvedChoiceQuestion>) {
  const [chosen, setChosen] = useState<string[]>([]);
  const [text, setText] = useState('');
  const options = q.other ? [...q.options, { id: OTHER_ID, text: q.other.text }] : q.options;
  const hasOther = chosen.includes(OTHER_ID);

  const report = (ids: string[], other: string, sel?: boolean) => {
    // Display order, whatever order they were ticked in.
    const picked = options.filter((o) => ids.includes(o.id));
    const typed = ids.includes(OTHER_ID) ? other.trim() : '';
    setChosen(ids);
    setText(other);
    pick(
      picked.length
        ? {
            value: q.multiple ? picked.map((o) => o.id) : picked[0]!.id,
            label: picked.map((o) => o.text).join(', '),
            other: typed || undefined,
          }
        : null,
      sel,
    );
  };

  return (
    <div role={q.multiple ? 'group' : 'radiogroup'} aria-labelledby={id}>
      {options.map((o) => {
        const on = chosen.includes(o.id);
        return (
          <label key={o.id} class="o">
            <input
              type={q.multiple ? 'checkbox' : 'radio'}
              name={q.id}
              checked={on}
              onChange={() =>
                report(q.multiple ? (on ? chosen.filter((c) => c != o.id) : [...chosen, o.id]) : [o.id], text, true)
              }
            />
            {o.text}
          </label>
        );
      })}
      {hasOther && (
        <input
          class="w"
          type="text"
          aria-label={s.other}
          maxLength={q.other!.maxLength}
          value={text}
          onInput={(e) => report(chosen, e.currentTarget.value)}
        />
      )}
    </div>
  );
}
