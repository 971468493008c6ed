/**
 * The Actions artifact service of the emulator, self-contained: the results service's Twirp API and the
 * signed blob URLs (served by {@link ArtifactService.handle}, which needs no GitHub token: the runtime
 * JWT and URL signatures are the credentials), plus REST routes for the emulator's router, plus
 * inspection and tampering helpers for tests. The real `@actions/artifact` 6 client runs against it
 * unmodified.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import type { Route } from '../http.ts';
import { blobPath, handleBlob } from './blob.ts';
import { ArtifactRecords, type ArtifactRecord } from './records.ts';
import { artifactRoutes } from './rest.ts';
import { TWIRP_PREFIX, handleTwirp } from './twirp.ts';
import { buildStoredZip, entryDataRange, type ZipEntryInput } from './zip-tools.ts';

export { runtimeTokenFor, runBackendId, jobBackendId, type JobIdentity } from './tokens.ts';
export { buildStoredZip, type ZipEntryInput } from './zip-tools.ts';
export type { ArtifactRecord } from './records.ts';

export interface ArtifactServiceOptions {
  /** Directory for blob bytes (the emulator's temp dir). */
  readonly blobDir: string;
  /** Origin the emulator is reachable at, e.g. `http://127.0.0.1:PORT`; signed URLs point there. */
  readonly publicUrl: () => string;
}

export interface ArtifactService {
  /**
   * Serves Twirp calls (`/twirp/github.actions.results.api.v1.ArtifactService/*`) and blob URLs
   * (`/devstoreaccount1/actions-results/*`); false for any other request, which the caller routes on.
   */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean>;
  /** REST artifact endpoints (`/repos/{o}/{r}/actions/…artifacts…`) for the emulator's route table. */
  readonly routes: Route[];
  /** Every artifact, finalized or not, oldest first. */
  list(): readonly ArtifactRecord[];
  /** Flips one byte in the middle of `entryName`'s data inside the artifact's zip. */
  corruptEntry(artifactId: number, entryName: string): Promise<void>;
  /** Replaces the artifact's zip with one holding exactly `entries` (e.g. a zip-slip name). */
  replaceArchive(artifactId: number, entries: readonly ZipEntryInput[]): Promise<void>;
  /** From now on GetSignedArtifactURL answers 404 for it (still listed; REST download works). */
  withdrawSignedUrl(artifactId: number): void;
}

const HANG_UP_CODES = new Set(['ERR_STREAM_PREMATURE_CLOSE', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * A client may hang up at any moment: a download it no longer wants, an upload it aborted, or just
 * closing its socket right after the last body byte, which under CPU load can come before the
 * server's own 'finish' of the response, so `pipeline(file, res)` rejects with "Premature close".
 * That is the client's business, not a failure of the service: nobody is left to answer, and a
 * rejected handler would be an unhandled rejection in a bare test server (failing whichever test
 * runs then) or an "unexpected failure" in the emulator's log. Any other error is real.
 */
function clientHungUp(error: unknown, req: IncomingMessage, res: ServerResponse): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const connectionGone = req.socket.destroyed || res.destroyed || (req.destroyed && !req.complete);
  return connectionGone && code !== undefined && HANG_UP_CODES.has(code);
}

export function createArtifactService(options: ArtifactServiceOptions): ArtifactService {
  const records = new ArtifactRecords(options.blobDir);
  const signedUrl = (record: ArtifactRecord): string =>
    `${options.publicUrl().replace(/\/+$/, '')}${blobPath(record)}?sv=2025-01-05&se=${encodeURIComponent(record.expiresAt)}&sp=rcw&sig=${record.signature}`;
  const required = (id: number): ArtifactRecord => {
    const record = records.byId(id);
    if (!record) throw new Error(`No artifact ${id} in the emulator`);
    return record;
  };
  return {
    async handle(req, res, url) {
      try {
        if (url.pathname.startsWith(TWIRP_PREFIX)) {
          await handleTwirp({ records, blobUrl: signedUrl }, req, res, url.pathname.slice(TWIRP_PREFIX.length));
          return true;
        }
        return await handleBlob(records, req, res, url);
      } catch (error) {
        if (!clientHungUp(error, req, res)) throw error;
        res.destroy();
        return true;
      }
    },
    routes: artifactRoutes(records, signedUrl),
    list: () => records.all(),
    async corruptEntry(artifactId, entryName) {
      const record = required(artifactId);
      const zip = await readFile(record.blobPath);
      const range = entryDataRange(zip, entryName);
      if (!range || range.length === 0) throw new Error(`Artifact ${artifactId} has no entry '${entryName}' with data`);
      const at = range.start + Math.floor(range.length / 2);
      zip[at] = (zip[at] ?? 0) ^ 0xff;
      await writeFile(record.blobPath, zip);
    },
    withdrawSignedUrl(artifactId) {
      required(artifactId).signedUrlGone = true;
    },
    async replaceArchive(artifactId, entries) {
      await records.replaceBlob(required(artifactId), buildStoredZip(entries));
    },
  };
}
