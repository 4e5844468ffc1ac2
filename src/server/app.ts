/**
 * The `quorum serve` HTTP app (hono): OpenAI's `POST /v1/chat/completions`, `POST /v1/completions`
 * and `GET /v1/models`, plus `GET /health` and `GET /metrics`. Each request gets its own state (id,
 * abort signal, timeout, log entry) and passes: client key check → body size limit → JSON and
 * schema → plan (pass-through or quorum) → admission under the global generation limit → response.
 */
import { randomInt, randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createKeyCheck } from './auth.js';
import type { AbstentionReply, SamplingDefaults, ServeContext } from './context.js';
import { ServeError, toServeError } from './errors.js';
import { createGenerationLimiter, type GenerationLimiter } from './generation-limit.js';
import { createMetrics, type ServeMetrics } from './metrics.js';
import { forwardResponse, singleGenerationResponse } from './passthrough.js';
import { quorumResponse } from './quorum-response.js';
import { planRequest, type PlanDefaults, type PlanLimits } from './request-plan.js';
import { errorLogFields, type RequestLogEntry } from './request-log.js';
import { parseEnvelope, parseGenerationRequest, parseJsonBody, type Endpoint } from './request-schema.js';
import { RequestState } from './request-state.js';
import { realTimer, type Timer } from './timer.js';
import type { Upstream } from './upstream.js';

export interface ServeAppOptions {
  upstream: Upstream;
  defaults: PlanDefaults;
  limits: PlanLimits;
  sampling: SamplingDefaults;
  abstention: AbstentionReply;
  /** Upstream generations in flight over all requests. */
  maxInFlight: number;
  /** Generations that may wait for a slot before new requests get 429. */
  queue: number;
  /** Client keys; empty = no key needed. */
  apiKeys: readonly string[];
  maxBodyBytes: number;
  requestTimeoutMs: number;
  logPrompts: boolean;
  /** Receives one JSON line per request. */
  log: (line: string) => void;
  timer?: Timer;
  /** Wall clock in ms (default Date.now). */
  now?: () => number;
  randomSeed?: () => number;
}

export interface ServeApp {
  readonly fetch: (request: Request, env?: unknown) => Response | Promise<Response>;
  readonly limiter: GenerationLimiter;
  readonly metrics: ServeMetrics;
  /** Requests being answered now (a stream counts until its last byte). */
  readonly inFlight: number;
  /** From now on new requests get 503, and /health says draining. */
  stopAccepting(): void;
  /** Resolves once no request is in flight. */
  idle(): Promise<void>;
  /** Aborts every request in flight; each still answers from the samples it has, if any. */
  abortAll(): void;
}

type Env = { Variables: { state: RequestState } };

const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function createServeApp(options: ServeAppOptions): ServeApp {
  const now = options.now ?? Date.now;
  const timer = options.timer ?? realTimer;
  const limiter = createGenerationLimiter(options.maxInFlight, options.queue);
  const active = new Set<RequestState>();
  let idleWaiters: Array<() => void> = [];
  let accepting = true;
  const metrics = createMetrics(limiter, () => active.size);
  const ctx: ServeContext = {
    upstream: options.upstream,
    limiter,
    defaults: options.defaults,
    limits: options.limits,
    sampling: options.sampling,
    abstention: options.abstention,
    now,
    randomSeed: options.randomSeed ?? (() => randomInt(2 ** 31)),
  };
  const checkKey = createKeyCheck(options.apiKeys);
  const app = new Hono<Env>();

  const finished = (c: Context<Env>, state: RequestState): void => {
    const entry: RequestLogEntry = {
      time: new Date(now()).toISOString(),
      id: state.id,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      latency_ms: Math.round(now() - state.startedAt),
      ...state.log,
    };
    options.log(JSON.stringify(entry));
    metrics.observe(entry);
    active.delete(state);
    if (active.size > 0) return;
    for (const wake of idleWaiters) wake();
    idleWaiters = [];
  };

  app.use('*', async (c, next) => {
    const given = c.req.header('x-request-id');
    const state = new RequestState(given !== undefined && REQUEST_ID.test(given) ? given : randomUUID(), now(), c.req.raw.signal);
    c.set('state', state);
    c.header('x-request-id', state.id);
    active.add(state);
    state.startTimeout(timer, options.requestTimeoutMs);
    try {
      if (accepting || c.req.path === '/health') await next();
      else {
        const refusal = new ServeError(503, 'the server is shutting down; retry on another instance', 'server_error', 'shutting_down');
        Object.assign(state.log, errorLogFields(refusal));
        c.res = c.json(refusal.toBody(), 503, { connection: 'close' });
      }
    } finally {
      if (!state.endsLater || c.error !== undefined) state.end();
      // On a real socket a request is done once its last byte has left (so a drain never cuts a stream's tail).
      const outgoing = (c.env as { outgoing?: ServerResponse } | undefined)?.outgoing;
      const sent = outgoing === undefined || outgoing.closed ? Promise.resolve() : new Promise<void>((resolve) => outgoing.once('close', () => resolve()));
      void Promise.all([state.ended, sent]).then(() => finished(c, state));
    }
  });

  app.use('/v1/*', async (c, next) => {
    checkKey(c.req.header('authorization'));
    await next();
  });

  app.get('/health', (c) => (accepting ? c.json({ status: 'ok' }) : c.json({ status: 'draining' }, 503)));
  app.get('/metrics', async (c) => c.body(await metrics.registry.metrics(), 200, { 'content-type': metrics.registry.contentType }));
  app.get('/v1/models', async (c) => {
    const ids = await options.upstream.models(c.get('state').signal);
    return c.json({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'quorum' })) });
  });

  const limitBody = bodyLimit({
    maxSize: options.maxBodyBytes,
    onError: () => {
      throw new ServeError(413, `the request body is larger than this server's limit of ${options.maxBodyBytes} bytes`, 'invalid_request_error', 'request_too_large');
    },
  });
  const generation = (endpoint: Endpoint) => async (c: Context<Env>) => {
    const state = c.get('state');
    const body = parseJsonBody(await c.req.text());
    const { model, quorum } = parseEnvelope(body);
    const plan = planRequest(model, quorum, options.defaults, options.limits);
    Object.assign(state.log, { mode: plan.mode, model, stream: body['stream'] === true });
    if (plan.mode === 'passthrough' && options.upstream.forward !== undefined) {
      limiter.admit();
      return forwardResponse(ctx, state, plan, endpoint, body);
    }
    const request = parseGenerationRequest(endpoint, body);
    if (options.logPrompts) state.log.prompt = request.input;
    limiter.admit();
    return plan.mode === 'passthrough' ? singleGenerationResponse(c, ctx, state, plan, request) : quorumResponse(c, ctx, state, plan, request);
  };
  app.post('/v1/chat/completions', limitBody, generation('chat'));
  app.post('/v1/completions', limitBody, generation('completion'));

  app.notFound((c) => c.json(new ServeError(404, `no route ${c.req.method} ${c.req.path}; quorum serve has POST /v1/chat/completions, POST /v1/completions, GET /v1/models, GET /health, GET /metrics`, 'invalid_request_error', 'not_found').toBody(), 404));
  app.onError((error, c) => {
    const serveError = toServeError(error);
    if (serveError.status >= 500 && serveError.code === 'internal_error') process.stderr.write(`quorum serve: internal error: ${error.stack ?? String(error)}\n`);
    const state = c.get('state') as RequestState | undefined;
    if (state !== undefined) Object.assign(state.log, errorLogFields(serveError));
    return c.json(serveError.toBody(), serveError.status as 400, serveError.headers);
  });

  return {
    fetch: app.fetch,
    limiter,
    metrics,
    get inFlight() {
      return active.size;
    },
    stopAccepting() {
      accepting = false;
    },
    idle() {
      return active.size === 0 ? Promise.resolve() : new Promise<void>((resolve) => idleWaiters.push(resolve));
    },
    abortAll() {
      for (const state of active) state.abort('shutdown');
    },
  };
}
