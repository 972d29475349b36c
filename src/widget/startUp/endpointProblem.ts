import { isEndpointUrl } from '../lib/isEndpointUrl';

/**
 * Why the endpoint cannot be used, or false. A relative endpoint (`"undefined"` from an unset build variable) would
 * post to a different wrong URL on each page, so it is an error at once and nothing is sent: every event stays queued.
 */
export const endpointProblem = (endpoint: string): string | false =>
  !isEndpointUrl(endpoint) && `[confidence-pulse] endpoint "${endpoint}" is not an absolute or root-relative URL; events stay queued`;
