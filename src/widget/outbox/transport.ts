import type { Batch } from '../../contract/eventShapes';

/** What a transport reports back: the HTTP status (0 when the network failed) and `Retry-After`. */
export interface TransportResult {
  status: number;
  retryAfter?: string | null | undefined;
}

/**
 * Sends one batch. `keepalive` is set on the page-hide path, where the request must outlive the page.
 * Replace it with the `transport` option to post somewhere else.
 */
export type Transport = (endpoint: string, batch: Batch, options: { keepalive: boolean }) => Promise<TransportResult>;

/**
 * POSTs the batch with `fetch`. The body is JSON sent as `text/plain`, a CORS-safelisted type,
 * so a cross-origin collector needs no preflight; no cookies are sent.
 *
 * The page-hide path uses `fetch` with `keepalive`, not `sendBeacon`: both share the browser's 64 KiB in-flight
 * budget and both outlive the page, but only `fetch` can omit cookies (a beacon always sends the collector's),
 * reports the status when the page survives (a tab switch), and goes through the same `transport` option.
 * Browsers that ignore `keepalive` may cut that request at unload; the events stay queued for the next page.
 */
export const fetchTransport: Transport = async (endpoint, batch, { keepalive }) => {
  try {
    // A string body is sent as `text/plain;charset=UTF-8` by the Fetch standard itself: no header needed.
    const response = await fetch(endpoint, { method: 'POST', body: JSON.stringify(batch), credentials: 'omit', keepalive });
    return { status: response.status, retryAfter: response.headers.get('retry-after') };
  } catch {
    return { status: 0 };
  }
};
