import { useState } from 'preact/hooks';
import type { Draft, QuestionProps } from '../Survey';
import type { ResolvedScaleQuestion } from '../types';

/**
 * A rating scale: a radiogroup of native radios with roving tabindex.
 * Arrows move focus and selection (Left/Right mirrored in RTL); Enter or the Next button submits;
 * a pointer click on a point submits at once.
 */
export function Scale({ q, id, dir, pick, send }: QuestionProps<ResolvedScaleQuestion>) {
  const [value, setValue] = useState<number | null>(null);
  const points: number[] = [];
  for (let n = q.min; n <= q.max; n++) points.push(n);
  const ends = [q.minLabel, q.maxLabel];
  if (q.direction == 'desc') {
    points.reverse();
    ends.reverse();
  }

  const labelOf = (n: number) => q.pointLabels?.[n] ?? (n == q.min ? q.minLabel : n == q.max ? q.maxLabel : undefined);
  const draft = (n: number): Draft => ({ value: n, label: labelOf(n) });
  const choose = (n: number) => {
    setValue(n);
    pick(draft(n), true);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const k = e.key;
    // Left/Right follow the reading direction, as native radios do in RTL.
    const across = k == 'ArrowRight' ? 1 : k == 'ArrowLeft' ? -1 : 0;
    const step = across ? (dir == 'rtl' ? -across : across) : k == 'ArrowDown' ? 1 : k == 'ArrowUp' ? -1 : 0;
    if (!step) return;
    // We take the arrows over from the browser so focus, selection and our state move together.
    e.preventDefault();
    const radios = [...(e.currentTarget as HTMLElement).querySelectorAll('input')];
    const next = (radios.indexOf(e.target as HTMLInputElement) + step + points.length) % points.length;
    radios[next]!.focus();
    choose(points[next]!);
  };

  return (
    <>
      <div role="radiogroup" aria-labelledby={id} class="s" onKeyDown={onKeyDown}>
        {points.map((n) => {
          const label = labelOf(n);
          return (
            // A real click has detail > 0; Space on a radio clicks with detail 0 and only selects.
            <label key={n} onClick={(e) => e.detail > 0 && send(draft(n))}>
              <input
                type="radio"
                name={q.id}
                value={n}
                checked={value === n}
                tabIndex={n === (value ?? points[0]) ? 0 : -1}
                aria-label={label ? n + ', ' + label : undefined}
                onChange={() => choose(n)}
              />
              <span>{n}</span>
              {q.pointLabels?.[n] && <small aria-hidden="true">{q.pointLabels[n]}</small>}
            </label>
          );
        })}
      </div>
      {(q.minLabel || q.maxLabel) && (
        // Already part of the end points' accessible names.
        <div class="e" aria-hidden="true">
          <span>{ends[0]}</span>
          <span>{ends[1]}</span>
        </div>
      )}
    </>
  );
}
