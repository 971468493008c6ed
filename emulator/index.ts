/**
 * Public API of the local GitHub emulator: a real loopback HTTP server speaking GitHub's REST shapes,
 * with in-process admin helpers to arrange state and inspect what clients did.
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRepo, repoHandle } from './admin.ts';
import type { RepoHandle } from './admin.ts';
import { FaultInjector } from './faults.ts';
import type { EmulatorOptions } from './http.ts';
import { GITHUB_PRIMARY_LIMITS, primaryLimitFor, RateLimiter } from './ratelimit.ts';
import { GITHUB_SECONDARY_LIMITS, SecondaryLimiter, type SecondaryLimits } from './budgets.ts';
import { Router } from './router.ts';
import { allRoutes } from './routes/index.ts';
import { createRequestHandler } from './server.ts';
import type { RequestLogEntry } from './server.ts';
import type { InvalidRequest } from './openapi.ts';
import type { AssetRecord, EmulatorState, TokenGrant, TokenKind } from './state.ts';
import { createState, findAssetAnywhere, findRepo } from './state.ts';
import { createArtifactService, type ArtifactService } from './artifacts/index.ts';

export type { JobHandle, RepoHandle, RunHandle, SeedRelease } from './admin.ts';
export type { FaultAction, FaultRule, FaultRuleHandle } from './faults.ts';
export { FaultInjector } from './faults.ts';
export type { Route, RouteContext } from './http.ts';
export type { RequestLogEntry } from './server.ts';
export type { InvalidRequest } from './openapi.ts';
export type { TagRuleset, TagRuleAction } from './tag-rules.ts';
export type { SecondaryLimits } from './budgets.ts';
export { GITHUB_SECONDARY_LIMITS } from './budgets.ts';
export { GITHUB_PRIMARY_LIMITS } from './ratelimit.ts';
export type {
  AccessLevel,
  AssetRecord,
  PermissionScope,
  ReleaseRecord,
  RunStatus,
  TokenGrant,
  TokenKind,
} from './state.ts';
export { sanitizeAssetName } from './routes/assets.ts';

export interface StartOptions {
  /** Port to listen on (127.0.0.1); 0 or absent picks a free one. */
  port?: number;
  /** Host name for serverUrl (html_url, browser_download_url), e.g. 'github.localhost'. Default 127.0.0.1. */
  serverHost?: string;
  /** Primary rate limit per hour for every token whose grant names none (default: GitHub's figure per kind). */
  rateLimit?: number;
  /** Primary budgets by kind of token (default GitHub's: GITHUB_TOKEN 1000, others 5000). */
  primaryLimits?: Partial<Record<TokenKind, number>>;
  /**
   * Secondary limits (default GitHub's: 80 content-creating requests a minute, 500 an hour, 100 in
   * flight, `retry-after` sent). A test that needs other figures, or a shorter minute, says so here.
   */
  secondaryLimits?: Partial<SecondaryLimits>;
  /** Model the reported hazard: PATCH of a draft without tag_name resets it to 'untagged-…' (default off). */
  draftPatchWithoutTagUntags?: boolean;
  /** Check requests against GitHub's OpenAPI description (default on; off only for tests of the emulator's own answers). */
  validateRequests?: boolean;
  /**
   * Serve HTTPS with this key and certificate (PEM) instead of plain HTTP, as GitHub does: clients
   * must trust the certificate (NODE_EXTRA_CA_CERTS for a Node process). Default plain HTTP.
   */
  tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
}

export interface Emulator {
  /** REST API root, e.g. 'http://127.0.0.1:PORT' (GITHUB_API_URL). */
  readonly url: string;
  /** Web root used in html_url / browser_download_url (GITHUB_SERVER_URL). */
  readonly serverUrl: string;
  /** Every request, in arrival order. */
  readonly log: RequestLogEntry[];
  /** Write requests (not GET/HEAD) that reached a handler: for "nothing was written" assertions. */
  writes(): RequestLogEntry[];
  /** Requests GitHub's OpenAPI description calls invalid (each was answered 422 or 404). */
  invalidRequests(): readonly InvalidRequest[];
  readonly faults: FaultInjector;
  readonly state: EmulatorState;
  /** The Actions artifact service (results Twirp API, blob store, REST artifact endpoints). */
  readonly artifacts: ArtifactService;
  createRepo(o: {
    owner: string;
    repo: string;
    private?: boolean;
    defaultBranch?: string;
    immutableReleases?: boolean;
  }): RepoHandle;
  /** Handle of an existing repository. */
  repo(owner: string, repo: string): RepoHandle;
  addToken(token: string, grant: TokenGrant): void;
  /** The secondary limits in force (for tests that compute with them). */
  readonly secondaryLimits: SecondaryLimits;
  /** Pretend `token` just made `spent` content-creating requests (secondary limits). */
  spendSecondary(token: string, spent: number): void;
  /** Pretend the caller (a token, or null for anonymous from 127.0.0.1) already used `used` requests this hour. */
  setRateLimitUsed(token: string | null, used: number): void;
  /** The stored asset record (any repository), for assertions. */
  asset(assetId: number): AssetRecord | undefined;
  /**
   * Resolves once every request the server has received so far is fully handled, including the
   * bookkeeping after a client hung up (an aborted upload's starter asset and its size).
   */
  settled(): Promise<void>;
  /** The uploaded bytes of an asset (small files only: reads the whole file). */
  assetBytes(assetId: number): Promise<Buffer>;
  close(): Promise<void>;
}

export async function startEmulator(options: StartOptions = {}): Promise<Emulator> {
  const blobDir = await mkdtemp(join(tmpdir(), 'gh-emulator-'));
  const state = createState(blobDir);
  const faults = new FaultInjector();
  const rateLimiter = new RateLimiter();
  const secondaryLimits: SecondaryLimits = { ...GITHUB_SECONDARY_LIMITS, ...options.secondaryLimits };
  const secondary = new SecondaryLimiter(secondaryLimits);
  const log: RequestLogEntry[] = [];
  const inFlight = new Set<Promise<void>>();
  const emulatorOptions: EmulatorOptions = {
    rateLimit: options.rateLimit,
    primaryLimits: { ...GITHUB_PRIMARY_LIMITS, ...options.primaryLimits },
    draftPatchWithoutTagUntags: options.draftPatchWithoutTagUntags ?? false,
    validateRequests: options.validateRequests ?? true,
  };
  const invalid: InvalidRequest[] = [];
  let url = '';
  let serverUrl = '';
  const artifacts = createArtifactService({ blobDir, publicUrl: () => url });
  const handler = createRequestHandler({
    state,
    router: new Router([...allRoutes, ...artifacts.routes]),
    artifacts,
    faults,
    rateLimiter,
    secondary,
    log,
    inFlight,
    invalid,
    options: emulatorOptions,
    urls: () => ({ apiUrl: url, serverUrl }),
  });
  const server = options.tls
    ? createTlsServer({ requestTimeout: 0, key: options.tls.key, cert: options.tls.cert }, handler)
    : createServer({ requestTimeout: 0 }, handler);
  // Node's default. undici (Octokit's fetch) subtracts 2 s from the server's `Keep-Alive: timeout`
  // hint, so 1 s made it open a new connection for every request, which GitHub does not make it do.
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  url = `${scheme}://127.0.0.1:${port}`;
  serverUrl = `${scheme}://${options.serverHost ?? '127.0.0.1'}:${port}`;

  return {
    get url() {
      return url;
    },
    get serverUrl() {
      return serverUrl;
    },
    log,
    writes: () => log.filter((entry) => entry.write && entry.handled),
    invalidRequests: () => invalid,
    faults,
    state,
    artifacts,
    createRepo: (o) => createRepo(state, o),
    repo(owner, repo) {
      const record = findRepo(state, owner, repo);
      if (!record) throw new Error(`no repository ${owner}/${repo}`);
      return repoHandle(state, record);
    },
    addToken(token, grant) {
      state.tokens.set(token, grant);
    },
    secondaryLimits,
    spendSecondary(token, spent) {
      secondary.spend(`token:${token}`, spent);
    },
    setRateLimitUsed(token, used) {
      if (token === null) {
        rateLimiter.setUsed('ip:127.0.0.1', 60, used);
        return;
      }
      const grant = state.tokens.get(token);
      if (grant === undefined) throw new Error(`no token ${token}`);
      const key = grant.kind === 'github-token' ? `repository:${Object.keys(grant.repos)[0] ?? ''}` : `token:${token}`;
      rateLimiter.setUsed(key, primaryLimitFor(grant, emulatorOptions), used);
    },
    async settled() {
      // Requests that arrive while we wait are waited for too.
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
    asset: (assetId) => findAssetAnywhere(state, assetId)?.asset,
    async assetBytes(assetId) {
      const found = findAssetAnywhere(state, assetId);
      if (!found) throw new Error(`no asset ${assetId}`);
      return readFile(found.asset.filePath);
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(blobDir, { recursive: true, force: true });
    },
  };
}
