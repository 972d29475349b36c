/**
 * Runs `fn` in a task after the next frame has been painted (a timer set from an animation frame callback), and
 * returns the function that cancels it. Work moved there no longer delays what the user sees: the frame that
 * shows a survey, or the one that shows the point just clicked (INP).
 */
export function afterPaint(fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  const frame = requestAnimationFrame(() => (timer = setTimeout(fn)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
