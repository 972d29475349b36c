import type { LoadUi } from './chunks';

const chunks = { ui: () => import('./lazy'), lean: () => import('./lazyLean'), debug: () => import('./debug/lazyDebug'), destinations: () => import('./destinations/forwardEvent') };

/** Loads a lazy chunk by module import: the npm build's loader (the consumer's bundler splits them). */
export const loadChunk = ((chunk: keyof typeof chunks) => chunks[chunk]()) as LoadUi;
