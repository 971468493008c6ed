/**
 * Checks every REST request the emulator receives against GitHub's published OpenAPI description
 * of api.github.com (the `@octokit/openapi` package ships it): the method and path must be an
 * operation GitHub describes, required query parameters present and their enums kept, and a JSON
 * body must match the operation's request schema (required properties, enums, types, and
 * oneOf/anyOf/allOf). A request that fails is answered 422 (404 for an operation GitHub does not
 * have) and recorded, so the test that sent it can fail. The description is read on the first
 * request and reduced once to what is checked (cached in the temp dir, keyed by package version);
 * path patterns are compiled once per process.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/* eslint-disable @typescript-eslint/no-explicit-any -- JSON Schema is walked structurally. */
type Schema = any;

export interface InvalidRequest {
  readonly method: string;
  readonly path: string;
  readonly reason: string;
}

interface QueryParameter {
  readonly name: string;
  readonly required: boolean;
  readonly enum?: readonly string[];
}

/** One operation, reduced to what is checked: query parameters and the JSON body's schema (dereferenced). */
interface Operation {
  readonly query: readonly QueryParameter[];
  readonly body: Schema | undefined;
}

interface CompactPath {
  readonly template: string;
  readonly methods: Record<string, Operation>;
}

interface CompiledPath extends CompactPath {
  readonly pattern: RegExp;
  /** The same pattern with a trailing parameter allowed to hold slashes (`git/refs/{ref}` = `tags/a/b`). */
  readonly loose: RegExp;
  readonly segments: number;
}

let loaded: CompiledPath[] | undefined;

function compile(path: CompactPath): CompiledPath {
  const escaped = path.template.replace(/[.+*?^$()[\]\\|]/g, '\\$&');
  return {
    ...path,
    pattern: new RegExp(`^${escaped.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    // Only a trailing ref-like parameter may hold slashes (`git/refs/{ref}`, `releases/tags/{tag}`).
    loose: /\{(ref|tag|path|branch|basehead)\}$/.test(path.template)
      ? new RegExp(`^${escaped.replace(/\{[^}]+\}$/, '.+').replace(/\{[^}]+\}/g, '[^/]+')}$`)
      : /$^/,
    segments: path.template.split('/').length,
  };
}

function resolve(root: Schema, node: Schema): Schema {
  let current = node;
  for (let depth = 0; current && typeof current.$ref === 'string' && depth < 20; depth++) {
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((at: Schema, key: string) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], root);
  }
  return current;
}

/** A schema with every `$ref` replaced by its target, keeping only what {@link schemaProblem} reads. */
function dereference(root: Schema, node: Schema, depth = 0): Schema {
  const schema = resolve(root, node);
  if (schema === null || typeof schema !== 'object' || depth > 25) return undefined;
  const out: Record<string, unknown> = {};
  for (const key of ['type', 'nullable', 'enum', 'required', 'additionalProperties'] as const)
    if ((schema[key] !== undefined && typeof schema[key] !== 'object') || Array.isArray(schema[key]))
      out[key] = schema[key];
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const)
    if (Array.isArray(schema[key])) out[key] = schema[key].map((part: Schema) => dereference(root, part, depth + 1));
  if (schema.items) out.items = dereference(root, schema.items, depth + 1);
  if (schema.properties)
    out.properties = Object.fromEntries(
      Object.entries<Schema>(schema.properties).map(([k, v]) => [k, dereference(root, v, depth + 1)]),
    );
  return out;
}

/**
 * Reads GitHub's description (13 MB) and keeps the checked parts, cached in node_modules/.cache (the
 * usual place for a package's derived files: it lives and goes with the installed tree, not the temp dir).
 */
function compact(): CompactPath[] {
  const require = createRequire(import.meta.url);
  const file = require.resolve('@octokit/openapi/generated/api.github.com.json');
  const version = (require('@octokit/openapi/package.json') as { version: string }).version;
  const cacheDir = join(
    dirname(require.resolve('@octokit/openapi/package.json')),
    '..',
    '..',
    '.cache',
    'crp-emulator',
  );
  mkdirSync(cacheDir, { recursive: true });
  const cache = join(cacheDir, `openapi-${version}-${statSync(file).size}.json`);
  if (existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as CompactPath[];
  const root = JSON.parse(readFileSync(file, 'utf8'));
  const paths: CompactPath[] = [];
  for (const [template, item] of Object.entries<any>(root.paths)) {
    const methods: Record<string, Operation> = {};
    for (const [method, op] of Object.entries<any>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete', 'head'].includes(method)) continue;
      const query = [...(item.parameters ?? []), ...(op.parameters ?? [])]
        .map((p: Schema) => resolve(root, p))
        .filter((p: Schema) => p?.in === 'query')
        .map((p: Schema) => {
          const values = resolve(root, p.schema)?.enum;
          return {
            name: p.name,
            required: Boolean(p.required),
            ...(Array.isArray(values) ? { enum: values.map(String) } : {}),
          };
        });
      const body = op.requestBody ? resolve(root, op.requestBody)?.content?.['application/json']?.schema : undefined;
      methods[method.toUpperCase()] = { query, body: body === undefined ? undefined : dereference(root, body) };
    }
    paths.push({ template, methods });
  }
  // Written whole then renamed: parallel test workers never read half a file.
  const partial = `${cache}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(paths));
  renameSync(partial, cache);
  return paths;
}

function load(): CompiledPath[] {
  loaded ??= compact().map(compile);
  return loaded;
}

/** The request path as GitHub's description names it: uploads drop their host's prefix. */
function describedPath(path: string): string {
  return path.startsWith('/api/uploads/') ? path.slice('/api/uploads'.length) : path;
}

function findOperation(method: string, path: string): Operation | undefined | 'unknown-path' {
  const paths = load();
  const described = describedPath(path);
  const segments = described.split('/').length;
  const exact = paths.filter((p) => p.segments === segments && p.pattern.test(described));
  const candidates = exact.length > 0 ? exact : paths.filter((p) => p.loose.test(described));
  if (candidates.length === 0) return 'unknown-path';
  for (const candidate of candidates) {
    const op = candidate.methods[method === 'HEAD' ? 'GET' : method];
    if (op) return op;
  }
  return undefined;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

/** The first problem of `value` against a dereferenced `schema`, or undefined when it conforms. */
export function schemaProblem(schema: Schema, value: unknown, at: string): string | undefined {
  if (schema === undefined || schema === null || typeof schema !== 'object') return undefined;
  if (schema.allOf)
    for (const part of schema.allOf) {
      const problem = schemaProblem(part, value, at);
      if (problem) return problem;
    }
  for (const key of ['oneOf', 'anyOf'] as const) {
    if (!schema[key]) continue;
    const problems = schema[key].map((part: Schema) => schemaProblem(part, value, at));
    if (problems.every((p: string | undefined) => p !== undefined)) return problems[0];
  }
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types: string[] = Array.isArray(schema.type) ? schema.type : [schema.type];
    const allowed = schema.nullable ? [...types, 'null'] : types;
    if (!allowed.some((t) => typeMatches(t, actual)))
      return `${at || 'the body'} is ${actual}, expected ${allowed.join(' or ')}`;
  }
  if (schema.enum && !schema.enum.includes(value))
    return `${at || 'the body'} is ${JSON.stringify(value)}, expected one of ${schema.enum.map((v: unknown) => JSON.stringify(v)).join(', ')}`;
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    for (const name of schema.required ?? []) if (!(name in object)) return `${at ? `${at}.` : ''}${name} is required`;
    for (const [name, child] of Object.entries<Schema>(schema.properties ?? {})) {
      if (!(name in object)) continue;
      const problem = schemaProblem(child, object[name], at ? `${at}.${name}` : name);
      if (problem) return problem;
    }
    if (schema.additionalProperties === false) {
      const extra = Object.keys(object).find((k) => !(k in (schema.properties ?? {})));
      if (extra !== undefined) return `${at ? `${at}.` : ''}${extra} is not a known property`;
    }
  }
  if (actual === 'array' && schema.items) {
    for (const [i, item] of (value as unknown[]).entries()) {
      const problem = schemaProblem(schema.items, item, `${at}[${i}]`);
      if (problem) return problem;
    }
  }
  return undefined;
}

/** Method, path and query against the description: the reason it is invalid, or undefined. */
export function checkRequestLine(method: string, path: string, query: URLSearchParams): string | undefined {
  const op = findOperation(method, path);
  if (op === 'unknown-path') return `GitHub's API description has no path ${describedPath(path)}`;
  if (op === undefined) return `GitHub's API description has no ${method} ${describedPath(path)}`;
  for (const parameter of op.query) {
    const value = query.get(parameter.name);
    if (value === null) {
      if (parameter.required) return `query parameter ${parameter.name} is required`;
      continue;
    }
    if (parameter.enum && !parameter.enum.includes(value))
      return `query parameter ${parameter.name} is '${value}', expected one of ${parameter.enum.join(', ')}`;
  }
  return undefined;
}

/** A parsed JSON body against the operation's request schema: the reason it is invalid, or undefined. */
export function checkJsonBody(method: string, path: string, body: unknown): string | undefined {
  const op = findOperation(method, path);
  if (op === undefined || op === 'unknown-path' || op.body === undefined) return undefined;
  const problem = schemaProblem(op.body, body, '');
  return problem === undefined ? undefined : `the request body does not match GitHub's schema: ${problem}`;
}
