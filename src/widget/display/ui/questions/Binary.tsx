import type { QuestionProps } from '../questionProps';
import type { ResolvedBinaryQuestion } from '../types';

/** A yes/no question: two buttons, each answering at once with `true` or `false`. */
export function Binary({ q, id, send }: QuestionProps<ResolvedBinaryQuestion>) {
  return (
    <div class="y" role="group" aria-labelledby={id}>
      <button type="button" onClick={() => send({ value: true, label: q.yes })}>
        {q.yes}
      </button>
      <button type="button" onClick={() => send({ value: false, label: q.no })}>
        {q.no}
      </button>
    </div>
  );
}
