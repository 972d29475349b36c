/**
 * The UI chunk without the validator (`confidence-pulse.lean.js`): loaded instead of `lazy.ts` when the survey
 * document came from a collector that validated it at publish time (`serve --surveys`), so it is about 3.4 KB
 * (brotli) lighter.
 */
export { presentSurvey } from './display/presentSurvey';
