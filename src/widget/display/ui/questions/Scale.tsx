import type { Draft, QuestionProps } from '../questionProps';
import type { ResolvedScaleQuestion } from '../types';

/**
 * A rating scale: a radiogroup of native radios sharing one name, so the browser gives the roving
 * tabindex (one Tab stop; arrows move focus and selection, mirrored in RTL; Space selects).
 * Enter or the Next button submits; a pointer click on a point submits at once.
 */
export function Scale({ q, id, pick, send }: QuestionProps<ResolvedScaleQuestion>) {
  const points: number[] = [];
  for (let n = q.min; n <= q.max; n++) points.push(n);
  const ends = [q.minLabel, q.maxLabel];
  if (q.direction == 'desc') {
    points.reverse();
    ends.reverse();
  }
  return (
    <>
      <div role="radiogroup" aria-labelledby={id} class="s">
        {points.map((n) => {
          const own = q.pointLabels?.[n];
          const d: Draft = { value: n, label: own ?? (n == q.min ? q.minLabel : n == q.max ? q.maxLabel : undefined) };
          return (
            // A real click has detail > 0; arrows and Space click with detail 0 and only select.
            <label key={n} onClick={(e) => e.detail > 0 && send(d)}>
              <input type="radio" name={id} value={n} aria-label={d.label ? n + ', ' + d.label : undefined} onChange={() => pick(d)} />
              <span>{n}</span>
              {own && <small aria-hidden="true">{own}</small>}
            </label>
          );
        })}
      </div>
      {(ends[0] || ends[1]) && (
        // Already part of the end points' accessible names.
        <div class="e" aria-hidden="true">
          <span>{ends[0]}</span>
          <span>{ends[1]}</span>
        </div>
      )}
    </>
  );
}
