import type * as Lazy from './lazy';
import type * as LazyLean from './lazyLean';
import type * as LazyDebug from './debug/lazyDebug';
import type * as Destinations from './destinations/forwardEvent';

/** The lazily loaded chunks: the survey UI with the document validator, the UI alone, the debug console, and forwarding to destinations. */
export interface Chunks {
  ui: typeof Lazy;
  lean: typeof LazyLean;
  debug: typeof LazyDebug;
  destinations: typeof Destinations;
}

/** Loads a chunk (dynamic `import()`): injected so the script tag and npm builds can locate them differently. */
export type LoadUi = <K extends keyof Chunks>(chunk: K) => Promise<Chunks[K]>;
