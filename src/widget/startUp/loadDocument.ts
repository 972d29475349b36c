import { VALIDATED_HEADER } from '../../contract/validatedHeader';
import { nextTask } from '../lib/nextTask';

/**
 * Start-up: fetches the survey document from `url`, in a task of its own (the page's first request costs the main
 * thread more than evaluating the script tag: about 15 ms of a 4× slower CPU in Chromium), and hands it to `loaded`
 * with whether the collector that published it vouches for it: it publishes only documents that passed `validate`'s
 * checks, and says so in a header. Rejects on a network error, an HTTP error or a body that is not JSON.
 */
export const loadDocument = (url: string, loaded: (document: unknown, validated: boolean) => void): Promise<void> =>
  nextTask()
    // fetch's default credentials, `same-origin`: cookies go to the page's own origin only.
    .then(() => fetch(url))
    .then(async (response) => {
      if (!response.ok) throw Error(`HTTP ${response.status}`);
      loaded(await response.json(), !!response.headers.get(VALIDATED_HEADER));
    });
