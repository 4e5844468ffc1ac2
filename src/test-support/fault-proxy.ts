/**
 * A tiny HTTP proxy on 127.0.0.1 that forwards OpenAI-style requests to a real upstream server and
 * injects faults on the requests a test chooses: error statuses with headers, hangs, resets,
 * invalid JSON, SSE streams cut in the middle of an event, servers that reject or ignore `n`.
 * It logs every request it receives, so tests can count retries and see where requests went.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Fault =
  /** Answer with this status (and JSON body, headers) instead of forwarding. */
  | { kind: 'status'; status: number; body?: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Close the connection without a response. */
  | { kind: 'reset' }
  /** Answer 200 with this body (e.g. invalid JSON). */
  | { kind: 'body'; body: string; contentType?: string }
  /**
   * Forward, then cut the response after `afterEvents` SSE events, in the middle of the next one:
   * by dropping the connection (`'reset'`, default) or by ending the response cleanly (`'end'`).
   */
  | { kind: 'cut-stream'; afterEvents: number; how?: 'reset' | 'end' }
  /** Like llama.cpp's server: 400 "Only one completion choice is allowed" when `n > 1`. */
  | { kind: 'reject-n' }
  /** Like servers without `n` support: forward with `n` removed, so one choice comes back. */
  | { kind: 'ignore-n' }
  /** Forward after waiting this long. */
  | { kind: 'delay'; ms: number }
  /** Forward after `until` settles (or the client goes away): a replica that is slow for as long as a test says. */
  | { kind: 'hold'; until: Promise<unknown> }
  /**
   * Forward `afterEvents` whole SSE events, call `onHold`, then forward nothing more until `until`
   * settles (never, if absent) or the client goes away: a stream that stalls exactly where a test says.
   */
  | { kind: 'hold-stream'; afterEvents: number; until?: Promise<unknown>; onHold?: () => void };

export interface ProxiedRequest {
  /** 0-based arrival order. */
  index: number;
  path: string;
  body: Record<string, unknown>;
  /** Arrival time (Date.now()). */
  at: number;
}

export interface FaultProxyOptions {
  /** Upstream base URL, e.g. the `baseURL` of a `startLlamaOpenAIServer`. */
  upstream: string;
  /** Chooses a fault for a request, or `undefined` to forward it untouched. */
  plan?: (request: ProxiedRequest) => Fault | undefined;
  /** Port to listen on (default: any free port); lets a test restart a proxy at the same address. */
  port?: number;
}

export interface FaultProxy {
  baseURL: string;
  port: number;
  readonly log: readonly ProxiedRequest[];
  /** Requests being handled right now, and the most at any one time. */
  readonly inFlight: number;
  readonly peakInFlight: number;
  /** Resolves as soon as no request is being handled (at once when none is). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const log: ProxiedRequest[] = [];
  let inFlight = 0;
  let peakInFlight = 0;
  let idleWaiters: Array<() => void> = [];
  const upstreamPrefix = options.upstream.replace(/\/v1\/?$/, '');

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const parts: Buffer[] = [];
    for await (const part of req) parts.push(part as Buffer);
    const text = Buffer.concat(parts).toString('utf8');
    const request: ProxiedRequest = { index: log.length, path: req.url ?? '/', body: text ? JSON.parse(text) : {}, at: Date.now() };
    log.push(request);
    const fault = options.plan?.(request);
    const clientGone = new AbortController();
    res.on('close', () => clientGone.abort());

    switch (fault?.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers });
        res.end(JSON.stringify(fault.body ?? { error: { message: `injected ${fault.status}` } }));
        return;
      case 'hang':
        await new Promise((resolve) => clientGone.signal.addEventListener('abort', resolve));
        return;
      case 'reset':
        req.socket.destroy();
        return;
      case 'body':
        res.writeHead(200, { 'content-type': fault.contentType ?? 'application/json' }).end(fault.body);
        return;
      case 'reject-n':
        if (typeof request.body['n'] === 'number' && request.body['n'] > 1) {
          res.writeHead(400, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { code: 400, message: 'Only one completion choice is allowed', type: 'invalid_request_error' } }));
          return;
        }
        break;
      case 'ignore-n':
        delete request.body['n'];
        break;
      case 'delay':
        await new Promise((resolve) => setTimeout(resolve, fault.ms));
        break;
      case 'hold':
        await Promise.race([fault.until, new Promise((resolve) => clientGone.signal.addEventListener('abort', resolve))]);
        if (clientGone.signal.aborted) return;
        break;
      default:
        break;
    }

    const upstream = await fetch(upstreamPrefix + request.path, {
      method: req.method ?? 'POST',
      headers: { 'content-type': 'application/json' },
      body: req.method === 'GET' ? null : JSON.stringify(request.body),
      signal: clientGone.signal,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' });
    if (!upstream.body) return void res.end();
    let events = 0;
    let held = false;
    for await (const piece of upstream.body as AsyncIterable<Uint8Array>) {
      const chunk = Buffer.from(piece).toString('utf8');
      if (fault?.kind === 'hold-stream') {
        for (const event of chunk.split(/(?<=\n\n)/)) {
          if (!held && events === fault.afterEvents) {
            held = true;
            fault.onHold?.();
            await Promise.race([fault.until ?? new Promise(() => undefined), new Promise((resolve) => clientGone.signal.addEventListener('abort', resolve))]);
            if (clientGone.signal.aborted) return;
          }
          res.write(event);
          if (event.endsWith('\n\n')) events++;
        }
        continue;
      }
      if (fault?.kind !== 'cut-stream') {
        res.write(chunk);
        continue;
      }
      // Forward whole events until the budget is spent, then half of the next one, then cut.
      for (const event of chunk.split(/(?<=\n\n)/)) {
        if (events === fault.afterEvents) {
          res.write(event.slice(0, Math.max(1, Math.floor(event.length / 2))));
          if (fault.how === 'end') res.end();
          else req.socket.destroy();
          return;
        }
        res.write(event);
        if (event.endsWith('\n\n')) events++;
      }
    }
    res.end();
  };

  const server = createServer((req, res) => {
    inFlight++;
    peakInFlight = Math.max(peakInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
      if (inFlight > 0) return;
      for (const wake of idleWaiters) wake();
      idleWaiters = [];
    });
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    port,
    log,
    get inFlight() {
      return inFlight;
    },
    get peakInFlight() {
      return peakInFlight;
    },
    idle() {
      return inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
