/** What the queue does with a batch after the endpoint answers. */
export type DeliveryAction = 'delete' | 'retry' | 'split' | 'drop' | 'pause';

/**
 * Maps an HTTP status (0 for a network error) to the queue's next step.
 * Retry what may succeed later (network, 408, 429, 5xx except 501/505/511, which never will);
 * split on 413; pause on 401/403 so a bad token never destroys answers, and on 404/405 so a wrong endpoint URL
 * (a typo, a missing path, a page URL posted to) never does either; drop other 4xx (the batch itself is refused).
 */
export function classifyStatus(status: number): DeliveryAction {
  if (status >= 200 && status < 300) return 'delete';
  if (status === 0 || status === 408 || status === 429) return 'retry';
  if (status === 413) return 'split';
  if (status === 401 || status === 403 || status === 404 || status === 405) return 'pause';
  if (status >= 500 && status !== 501 && status !== 505 && status !== 511) return 'retry';
  return 'drop';
}
