/**
 * A fault-injecting HTTP proxy for the delivery tests, in front of the REAL collector on 127.0.0.1.
 * The collector stays untouched: the proxy answers a scripted status (with `Retry-After`), delays, drops the
 * connection, or forwards, per request, and logs every POST (time, body bytes, event ids, the answer).
 */
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';

/** What the proxy does with one POST. Without `status` or `drop` it forwards to the collector. */
export interface Fault {
  /** Answer this status without forwarding. */
  status?: number;
  /** The `Retry-After` header of a scripted answer (seconds or an HTTP date). */
  retryAfter?: string;
  /** Wait this long before answering (after forwarding, when forwarding): the request stays in flight. */
  delayMs?: number;
  /** Destroy the connection without an answer: a network error for the page. */
  drop?: boolean;
}

/** One POST as the proxy saw it. */
export interface LoggedRequest {
  at: number;
  bytes: number;
  contentType: string;
  ids: string[];
  paths: string[];
  /** The status the page got (0 when the connection was dropped). */
  status: number;
  /** From the collector's answer, when forwarded. */
  accepted?: number;
  duplicate?: number;
}

export interface FaultProxy {
  /** The URL pages post to, e.g. http://127.0.0.1:PORT/v1/events. */
  endpoint: string;
  /** The collector's base URL; set once the collector is up. */
  target: string;
  /** Faults applied to the next POSTs, one each, in order. */
  script: Fault[];
  /** Decides per request when the script is empty; undefined forwards. */
  rule: ((request: { bytes: number; ids: string[]; paths: string[]; n: number }) => Fault | undefined) | undefined;
  /** Every POST so far, in arrival order. */
  log: LoggedRequest[];
  /** Methods of every request, to prove no CORS preflight happened. */
  methods: string[];
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const readBody = (req: IncomingMessage) =>
  new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });

/** Forwards one request to the collector and returns its answer. */
function forward(target: string, req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const url = new URL(req.url ?? '/', target);
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(req.headers)) if (typeof value === 'string' && key !== 'host' && key !== 'connection') headers[key] = value;
  return new Promise((resolve, reject) => {
    const out = httpRequest(url, { method: req.method, headers: { ...headers, 'content-length': String(body.length) } }, (res) => {
      void readBody(res).then((answer) => {
        const kept: Record<string, string> = {};
        for (const [key, value] of Object.entries(res.headers)) if (typeof value === 'string' && key !== 'connection' && key !== 'transfer-encoding' && key !== 'content-length') kept[key] = value;
        resolve({ status: res.statusCode ?? 502, headers: kept, body: answer });
      }, reject);
    });
    out.on('error', reject);
    out.end(body);
  });
}

/** Starts the proxy on 127.0.0.1 (a free port). Set `target` before the first request. */
export async function startFaultProxy(): Promise<FaultProxy> {
  const proxy: FaultProxy = { endpoint: '', target: '', script: [], rule: undefined, log: [], methods: [], close: async () => {} };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    proxy.methods.push(req.method ?? '');
    const body = await readBody(req);
    if (req.method !== 'POST') {
      const answer = await forward(proxy.target, req, body);
      res.writeHead(answer.status, answer.headers);
      return res.end(answer.body);
    }
    let events: { id?: string; page?: { path?: string } }[] = [];
    try {
      events = JSON.parse(body.toString('utf8')).events ?? [];
    } catch {
      // Not a batch: forwarded as is, so the collector's 400 is what the page sees.
    }
    const entry: LoggedRequest = {
      at: Date.now(),
      bytes: body.length,
      contentType: req.headers['content-type'] ?? '',
      ids: events.map((e) => String(e.id)),
      paths: events.map((e) => String(e.page?.path)),
      status: 0,
    };
    proxy.log.push(entry);
    const fault = proxy.script.shift() ?? proxy.rule?.({ bytes: entry.bytes, ids: entry.ids, paths: entry.paths, n: proxy.log.length }) ?? {};
    if (fault.drop) return req.socket.destroy();
    const cors: Record<string, string> = {
      'access-control-allow-origin': req.headers.origin ?? '*',
      'access-control-expose-headers': 'Retry-After',
      vary: 'Origin',
    };
    if (fault.status) {
      if (fault.delayMs) await sleep(fault.delayMs);
      entry.status = fault.status;
      res.writeHead(fault.status, { 'content-type': 'application/json', ...cors, ...(fault.retryAfter ? { 'retry-after': fault.retryAfter } : {}) });
      return res.end(JSON.stringify({ error: `scripted ${fault.status}` }));
    }
    const answer = await forward(proxy.target, req, body);
    if (fault.delayMs) await sleep(fault.delayMs);
    entry.status = answer.status;
    try {
      const parsed = JSON.parse(answer.body.toString('utf8'));
      entry.accepted = parsed.accepted;
      entry.duplicate = parsed.duplicate;
    } catch {
      // An error page: status is enough.
    }
    // The page may be gone by now (a reload while in flight): writing to a closed socket is harmless.
    res.writeHead(answer.status, answer.headers);
    return res.end(answer.body);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  proxy.endpoint = `http://127.0.0.1:${port}/v1/events`;
  proxy.close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  return proxy;
}
