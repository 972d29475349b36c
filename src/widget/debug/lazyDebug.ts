/**
 * The debug chunk (`?cp-debug=1`, `data-debug`, `debug(true)`): loaded only when asked for, so it costs the page
 * views without it only the few bytes that load it.
 */
export { startDebug } from './startDebug';
