/**
 * The HTTP front: request log, fault injection, credentials, rate limit, routing, authorisation, and
 * turning thrown errors into GitHub's JSON errors. Order matters: faults come first so a faulted
 * request never reaches state.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authorise, hasPermission, identifyCaller } from './auth.ts';
import type { Caller } from './auth.ts';
import type { FaultAction, FaultInjector } from './faults.ts';
import { SECONDARY_RATE_LIMIT_MESSAGE } from './faults.ts';
import { DOCS, HttpError, errorBody, jsonBodyChecks, sendJson } from './http.ts';
import { checkJsonBody, checkRequestLine, type InvalidRequest } from './openapi.ts';
import type { EmulatorOptions, RouteContext } from './http.ts';
import type { RateLimiter } from './ratelimit.ts';
import { primaryLimitFor } from './ratelimit.ts';
import { isContentCreating, type SecondaryLimiter } from './budgets.ts';
import type { Router } from './router.ts';
import type { EmulatorState } from './state.ts';
import { findRepo } from './state.ts';

export interface RequestLogEntry {
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters; signed-URL signatures are redacted. */
  query: Record<string, string>;
  /** HTTP status answered; 0 when the connection was dropped without an answer. */
  status: number;
  /** The raw token (in-process only), or null for anonymous requests. */
  token: string | null;
  /** The client's `user-agent` header (GitHub requires one). */
  userAgent: string;
  /** Method other than GET/HEAD. */
  write: boolean;
  /** The request passed faults, auth and rate limit and reached its handler. */
  handled: boolean;
  at: number;
  /** When the answer was fully sent (or the connection closed); for overlap checks in bench/. */
  doneAt?: number;
  /** A POST, PATCH, PUT or DELETE: what GitHub's secondary limits count. */
  contentCreating: boolean;
  /** Refused by a secondary limit (the model's, not an injected fault), and which. */
  secondaryLimited?: 'concurrency' | 'per-minute' | 'per-hour';
}

export interface ServerDeps {
  state: EmulatorState;
  router: Router;
  faults: FaultInjector;
  rateLimiter: RateLimiter;
  secondary: SecondaryLimiter;
  log: RequestLogEntry[];
  /** Requests GitHub's API description calls invalid, in arrival order. */
  invalid: InvalidRequest[];
  options: EmulatorOptions;
  urls: () => { apiUrl: string; serverUrl: string };
  /** Requests whose handling has not finished yet (for `settled()`); each removes itself when done. */
  inFlight?: Set<Promise<void>>;
  /** The Actions results service (Twirp + blob store); it authenticates with the runtime JWT itself. */
  artifacts?: { handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> };
}

const ANONYMOUS_RATE_LIMIT = 60;
const REDACTED_QUERY_KEYS = new Set(['sig']);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function rateLimitKey(
  caller: Caller,
  req: IncomingMessage,
  options: EmulatorOptions,
): { key: string; limit: number; who: string } {
  if (caller.token && caller.grant) {
    // A GITHUB_TOKEN's budget belongs to the repository (every run's token shares it), as documented.
    const key =
      caller.grant.kind === 'github-token'
        ? `repository:${Object.keys(caller.grant.repos)[0] ?? ''}`
        : `token:${caller.token}`;
    return { key, limit: primaryLimitFor(caller.grant, options), who: 'this token' };
  }
  const address = req.socket.remoteAddress ?? 'unknown';
  return { key: `ip:${address}`, limit: ANONYMOUS_RATE_LIMIT, who: address };
}

/**
 * Lets the handler run but throws its answer away: what it writes is swallowed, and when it ends
 * the connection is cut or the gateway error is sent instead.
 */
function loseAnswer(res: ServerResponse, req: IncomingMessage, how: 'reset' | number): void {
  const own = res as unknown as Record<string, unknown>;
  own.writeHead = () => res;
  own.setHeader = () => res;
  own.write = () => true;
  own.end = () => {
    for (const name of ['writeHead', 'setHeader', 'write', 'end']) delete own[name];
    if (how === 'reset') req.socket.destroy();
    else sendJson(res, how, { message: 'Server Error' });
    return res;
  };
}

/** Applies the terminal fault, if any. Returns true when the request is finished. */
function applyFault(
  action: FaultAction,
  res: ServerResponse,
  req: IncomingMessage,
  allowMidBodyReset: boolean,
): boolean | 'reset-mid-body' {
  if ('status' in action) {
    const body = action.body ?? { message: `Injected fault ${action.status}`, documentation_url: DOCS };
    sendJson(res, action.status, body, action.headers ?? {});
    return true;
  }
  if ('secondaryRateLimit' in action) {
    sendJson(
      res,
      403,
      {
        message: SECONDARY_RATE_LIMIT_MESSAGE,
        documentation_url: `${DOCS}/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits`,
      },
      { 'retry-after': String(action.secondaryRateLimit.retryAfter) },
    );
    return true;
  }
  if ('reset' in action) {
    if (allowMidBodyReset) return 'reset-mid-body';
    req.socket.destroy();
    return true;
  }
  if ('answerLost' in action) loseAnswer(res, req, action.answerLost);
  return false;
}

export function createRequestHandler(deps: ServerDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const handled = handle(deps, req, res).catch((error: unknown) => {
      console.error('[emulator] unexpected failure', error);
      if (!res.headersSent) sendJson(res, 500, { message: 'Internal Server Error', documentation_url: DOCS });
      else res.destroy();
    });
    deps.inFlight?.add(handled);
    void handled.finally(() => deps.inFlight?.delete(handled));
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { apiUrl, serverUrl } = deps.urls();
  const method = (req.method ?? 'GET').toUpperCase();
  const url = new URL(req.url ?? '/', apiUrl);
  const query: Record<string, string> = {};
  for (const [key, value] of url.searchParams) query[key] = REDACTED_QUERY_KEYS.has(key) ? '[redacted]' : value;
  const entry: RequestLogEntry = {
    method,
    path: url.pathname,
    query,
    status: 0,
    token: null,
    userAgent: req.headers['user-agent'] ?? '',
    write: method !== 'GET' && method !== 'HEAD',
    contentCreating: isContentCreating(method),
    handled: false,
    at: Date.now(),
  };
  deps.log.push(entry);
  res.on('finish', () => {
    entry.status = res.statusCode;
    entry.doneAt = Date.now();
  });
  res.on('close', () => {
    entry.doneAt ??= Date.now();
  });
  req.on('error', () => {
    /* client aborts are expected; handlers see them through their streams */
  });

  const match = deps.router.match(method, url.pathname);

  let resetMidBody = false;
  for (const action of deps.faults.take(method, url.pathname)) {
    if ('latencyMs' in action) {
      await sleep(action.latencyMs);
      continue;
    }
    const outcome = applyFault(action, res, req, match?.route.resetsMidBody === true);
    if (outcome === 'reset-mid-body') resetMidBody = true;
    else if (outcome) return;
  }

  // Before REST caller identification: the runtime token is a JWT the REST token table would refuse.
  if (deps.artifacts && (await deps.artifacts.handle(req, res, url))) {
    entry.handled = true;
    return;
  }

  try {
    const caller = identifyCallerSafely(deps, req, res, entry);
    const limit = rateLimitKey(caller, req, deps.options);
    const effectiveLimit = limit.limit;
    if (method === 'GET' && url.pathname === '/rate_limit') {
      sendRateLimit(res, deps.rateLimiter.peek(limit.key, effectiveLimit));
      entry.handled = true;
      return;
    }
    // Signed blob URLs are not REST API calls: GitHub does not charge them.
    const charged = match?.route.permission !== 'public';
    const verdict = charged
      ? deps.rateLimiter.consume(limit.key, effectiveLimit)
      : { headers: deps.rateLimiter.peek(limit.key, effectiveLimit), exceeded: false };
    for (const [name, value] of Object.entries(verdict.headers)) res.setHeader(name, value);
    if (verdict.exceeded) {
      throw new HttpError(403, `API rate limit exceeded for ${limit.who}.`, undefined, {
        'retry-after': String(
          Math.max(0, Number(verdict.headers['x-ratelimit-reset']) - Math.floor(Date.now() / 1000)),
        ),
      });
    }
    if (deps.options.validateRequests && isApiRequest(match, url.pathname)) validate(deps, req, method, url);
    if (!match) throw new HttpError(404, 'Not Found');
    if (charged && caller.token !== null) admitSecondary(deps, res, entry, `token:${caller.token}`);
    const { route, params } = match;
    const repo =
      params.owner !== undefined && params.repo !== undefined
        ? findRepo(deps.state, params.owner, params.repo)
        : undefined;
    authorise(caller, repo, route.permission, method);
    const ctx: RouteContext = {
      req,
      res,
      state: deps.state,
      params,
      query: url.searchParams,
      apiUrl,
      serverUrl,
      // 'public' routes work without a repository; they never read ctx.repo.
      repo: repo as RouteContext['repo'],
      token: caller.token,
      grant: caller.grant,
      canWriteContents: repo !== undefined && hasPermission(caller.grant, repo, 'contents', 'write'),
      options: deps.options,
      resetMidBody,
    };
    entry.handled = true;
    await route.handler(ctx);
  } catch (error) {
    if (res.headersSent || res.destroyed) {
      if (!(error instanceof HttpError)) console.error('[emulator] handler failed after answering', error);
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      sendJson(res, error.status, errorBody(error), error.headers);
      return;
    }
    console.error('[emulator] handler error', error);
    sendJson(res, 500, { message: 'Internal Server Error', documentation_url: DOCS });
  }
}

/** REST calls, not signed blob URLs or the web's download links (which GitHub's API does not describe). */
function isApiRequest(match: ReturnType<Router['match']>, path: string): boolean {
  return match?.route.permission !== 'public' && !/^\/[^/]+\/[^/]+\/releases\/download\//.test(path);
}

/**
 * The request line now, the JSON body when the handler reads it: anything GitHub's description
 * calls invalid is answered as GitHub would (404 no such operation, 422 otherwise) and recorded.
 */
function validate(deps: ServerDeps, req: IncomingMessage, method: string, url: URL): void {
  const refuse = (reason: string, status: number): HttpError => {
    deps.invalid.push({ method, path: url.pathname, reason });
    return new HttpError(status, `Invalid request. ${reason}`);
  };
  const reason = checkRequestLine(method, url.pathname, url.searchParams);
  if (reason !== undefined) throw refuse(reason, reason.startsWith("GitHub's API description has no") ? 404 : 422);
  jsonBodyChecks.set(req, (body) => {
    const problem = checkJsonBody(method, url.pathname, body);
    if (problem !== undefined) throw refuse(problem, 422);
  });
}

/**
 * GitHub's secondary limits (budgets.ts) for an authenticated REST call: throws GitHub's 403 when a
 * limit refuses it; otherwise counts it in flight until its answer ends.
 */
function admitSecondary(deps: ServerDeps, res: ServerResponse, entry: RequestLogEntry, key: string): void {
  const verdict = deps.secondary.admit(key, entry.contentCreating);
  if (verdict.refused) {
    entry.secondaryLimited = verdict.why;
    const headers: Record<string, string> =
      verdict.retryAfterSeconds === undefined ? {} : { 'retry-after': String(verdict.retryAfterSeconds) };
    throw new HttpError(403, SECONDARY_RATE_LIMIT_MESSAGE, undefined, headers);
  }
  res.once('close', () => deps.secondary.done(key));
}

/** `GET /rate_limit`: the caller's budget, not charged (as documented). */
function sendRateLimit(res: ServerResponse, headers: Record<string, string>): void {
  const core = {
    limit: Number(headers['x-ratelimit-limit']),
    remaining: Number(headers['x-ratelimit-remaining']),
    reset: Number(headers['x-ratelimit-reset']),
    used: Number(headers['x-ratelimit-used']),
    resource: 'core',
  };
  sendJson(res, 200, { resources: { core }, rate: core }, headers);
}

/** Resolves the caller; a 401 still carries the anonymous rate-limit headers, as GitHub's do. */
function identifyCallerSafely(
  deps: ServerDeps,
  req: IncomingMessage,
  res: ServerResponse,
  entry: RequestLogEntry,
): Caller {
  try {
    const caller = identifyCaller(deps.state, req);
    entry.token = caller.token;
    return caller;
  } catch (error) {
    const anonymous = rateLimitKey({ token: null, grant: null }, req, deps.options);
    for (const [name, value] of Object.entries(deps.rateLimiter.peek(anonymous.key, anonymous.limit)))
      res.setHeader(name, value);
    throw error;
  }
}
