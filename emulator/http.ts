/**
 * Shared HTTP vocabulary of the emulator: the route table shape every API family exports, the request
 * context handed to handlers, and GitHub-shaped JSON errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AccessLevel, EmulatorState, PermissionScope, RepoRecord, TokenGrant, TokenKind } from './state.ts';

export const DOCS = 'https://docs.github.com/rest';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  state: EmulatorState;
  params: Record<string, string>;
  query: URLSearchParams;
  /** REST root, e.g. 'http://127.0.0.1:PORT'. */
  apiUrl: string;
  /** Web root for html_url / browser_download_url. */
  serverUrl: string;
  /** The repository named by :owner/:repo, already authorised. */
  repo: RepoRecord;
  token: string | null;
  grant: TokenGrant | null;
  /** True when the caller may write contents: drafts are visible only to such callers. */
  canWriteContents: boolean;
  options: EmulatorOptions;
  /** Set by a `reset` fault on an upload: the handler drops the connection after about half the body. */
  resetMidBody: boolean;
}

export interface EmulatorOptions {
  /** Model the reported hazard where PATCHing a draft without tag_name resets it to 'untagged-…'. */
  draftPatchWithoutTagUntags: boolean;
  /** Requests per hour for every token whose grant names no figure; absent: by kind (primaryLimits). */
  rateLimit: number | undefined;
  /** Requests per hour by kind of token (GitHub's documented figures unless a test says otherwise). */
  primaryLimits: Readonly<Record<TokenKind, number>>;
  /** Check every REST request against GitHub's OpenAPI description (answer 422/404 and record it). */
  validateRequests: boolean;
}

export type RoutePermission = { scope: PermissionScope; level: AccessLevel } | 'public';

export interface Route {
  method: string;
  /** Path pattern: ':name' matches one segment, '*name' one or more segments (slashes included). */
  pattern: string;
  /** 'public' routes do their own checks (signed blob URLs). Others need :owner and :repo in the pattern. */
  permission: RoutePermission;
  /**
   * The handler honours `ctx.resetMidBody` (streams a request body and can cut it halfway). For other
   * routes a `reset` fault drops the connection before anything runs.
   */
  resetsMidBody?: boolean;
  handler: (ctx: RouteContext) => Promise<void> | void;
}

export interface ErrorDetail {
  resource: string;
  code: string;
  field?: string;
  message?: string;
}

/** Thrown by handlers; the server turns it into GitHub's error JSON. */
export class HttpError extends Error {
  status: number;
  errors: ErrorDetail[] | undefined;
  headers: Record<string, string>;
  constructor(status: number, message: string, errors?: ErrorDetail[], headers: Record<string, string> = {}) {
    super(message);
    this.status = status;
    this.errors = errors;
    this.headers = headers;
  }
}

export function notFound(): HttpError {
  return new HttpError(404, 'Not Found');
}

export function validationFailed(resource: string, code: string, field: string, message?: string): HttpError {
  const detail: ErrorDetail = { resource, code, field };
  if (message) detail.message = message;
  return new HttpError(422, 'Validation Failed', [detail]);
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    ...(text ? { 'content-type': 'application/json; charset=utf-8' } : {}),
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

export function sendNoContent(res: ServerResponse): void {
  res.writeHead(204);
  res.end();
}

export function errorBody(error: HttpError): Record<string, unknown> {
  const body: Record<string, unknown> = { message: error.message, documentation_url: DOCS };
  if (error.errors) body.errors = error.errors;
  body.status = String(error.status);
  return body;
}

const MAX_JSON_BODY = 10 * 1024 * 1024;

/** Set by the server per request: checks a parsed JSON body against GitHub's API description. */
export const jsonBodyChecks = new WeakMap<IncomingMessage, (body: Record<string, unknown>) => void>();

/** Reads a JSON request body; malformed JSON is GitHub's 400 "Problems parsing JSON". */
export async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_JSON_BODY) throw new HttpError(413, 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') {
    jsonBodyChecks.get(req)?.({});
    return {};
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new HttpError(400, 'Problems parsing JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new HttpError(400, 'Problems parsing JSON');
  }
  jsonBodyChecks.get(req)?.(parsed as Record<string, unknown>);
  return parsed as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, field: string, resource: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw validationFailed(resource, 'invalid', field, `${field} is not a string`);
  return value;
}

export function optionalBoolean(body: Record<string, unknown>, field: string, resource: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw validationFailed(resource, 'invalid', field, `${field} is not a boolean`);
  return value;
}

export function numericParam(ctx: RouteContext, name: string): number {
  const raw = ctx.params[name] ?? '';
  if (!/^\d+$/.test(raw)) throw notFound();
  return Number(raw);
}
