/** Escapes text for HTML element content and quoted attribute values: answers are visitor-written (stored XSS). */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
