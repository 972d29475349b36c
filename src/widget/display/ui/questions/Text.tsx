import type { QuestionProps } from '../questionProps';
import type { ResolvedTextQuestion } from '../types';

/** A short free-text answer: a textarea capped at the question's `maxLength`, sent trimmed. */
export function Text({ q, id, pick }: QuestionProps<ResolvedTextQuestion>) {
  return (
    <textarea
      aria-labelledby={id}
      maxLength={q.maxLength}
      placeholder={q.placeholder}
      rows={3}
      onInput={(e) => {
        const value = e.currentTarget.value.trim();
        pick(value ? { value } : null);
      }}
    />
  );
}
