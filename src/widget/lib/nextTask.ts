/**
 * Resolves in a task of its own (a zero-delay timer), so a long piece of work can be cut into steps the browser
 * interleaves with input and rendering: The performance budget allows no task over 50 ms on a 4× slower CPU.
 * The timer calls a function of ours rather than `resolve` itself, so long-animation-frame entries attribute the
 * step to this file (`npm run bench` counts the widget's long tasks that way).
 */
export const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(() => resolve()));
