/**
 * True for an endpoint the widget can post to from any page: an absolute `http(s)://` URL, or one starting with `/`
 * (root-relative, or `//host/…`). A relative value such as `"undefined"` (an unset build variable) would resolve
 * against each page's own path and post somewhere different on every page.
 */
export const isEndpointUrl = (endpoint: unknown): endpoint is string => typeof endpoint === 'string' && /^(https?:\/\/|\/)/i.test(endpoint);
