/**
 * Adds an event listener (passive unless told otherwise) and returns the function that removes it,
 * so every subscription can be collected and undone by `destroy`.
 */
export function listen(
  target: EventTarget,
  type: string,
  handler: (event: any) => void,
  options: AddEventListenerOptions = { passive: true, capture: true },
): () => void {
  target.addEventListener(type, handler, options);
  return () => target.removeEventListener(type, handler, options);
}
