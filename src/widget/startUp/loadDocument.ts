import { VALIDATED_HEADER } from '../../contract/validatedHeader';
import { nextTask } from '../lib/nextTask';

/**
 * Fetches the survey document from `url`, in a task of its own: the page's first request costs the main thread more
 * than evaluating this script (about 15 ms of a 4× slower CPU in Chromium). Resolves to the document and whether the
 * collector that published it vouches for it (it publishes only documents that passed `validate`'s checks).
 * Rejects with the reason, worded for the console.
 */
export const loadDocument = (url: string, win: Window): Promise<[document: any, validated: boolean]> =>
  nextTask()
    .then(() => win.fetch(url, { credentials: 'same-origin' }))
    .then(async (response) => {
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      return [await response.json(), !!response.headers.get(VALIDATED_HEADER)] as [any, boolean];
    })
    .catch((error) => {
      throw `[confidence-pulse] could not load the survey document from ${url}: ${error?.message ?? error}`;
    });
