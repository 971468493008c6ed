/**
 * The artifacts the emulator holds and their blob bytes on disk. Plain state plus the file work of the
 * block-blob protocol (stage blocks, commit a block list); the HTTP modules translate to and from it.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';

export interface ArtifactRecord {
  readonly id: number;
  readonly name: string;
  readonly owner: string;
  readonly repo: string;
  readonly runId: number;
  readonly jobId: number;
  readonly runBackendId: string;
  readonly jobBackendId: string;
  readonly createdAt: string;
  expiresAt: string;
  /** False between CreateArtifact and FinalizeArtifact: invisible to listings. */
  finalized: boolean;
  /** Bytes of the committed blob (0 until the block list is committed). */
  size: number;
  /** `sha256:<hex>` as the client reported it at finalize. */
  digest: string | null;
  /** Secret in the signed upload and download URLs. */
  readonly signature: string;
  /** Path of the committed blob; blocks are staged beside it. */
  readonly blobPath: string;
  committed: boolean;
  /**
   * GetSignedArtifactURL answers 404 for it while ListArtifacts still lists it: what GitHub does
   * since July 2026 for some items of earlier attempts (actions/download-artifact#486).
   */
  signedUrlGone?: boolean;
}

export class ArtifactRecords {
  private readonly artifacts: ArtifactRecord[] = [];
  private nextId = 5000;
  private readonly blobDir: string;

  constructor(blobDir: string) {
    this.blobDir = blobDir;
  }

  create(
    fields: Omit<
      ArtifactRecord,
      'id' | 'createdAt' | 'finalized' | 'size' | 'digest' | 'signature' | 'blobPath' | 'committed'
    >,
  ): ArtifactRecord {
    const id = ++this.nextId;
    const record: ArtifactRecord = {
      ...fields,
      id,
      createdAt: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      finalized: false,
      size: 0,
      digest: null,
      signature: randomBytes(16).toString('hex'),
      blobPath: join(this.blobDir, `artifact-${id}.zip`),
      committed: false,
    };
    this.artifacts.push(record);
    return record;
  }

  all(): readonly ArtifactRecord[] {
    return this.artifacts;
  }

  byId(id: number): ArtifactRecord | undefined {
    return this.artifacts.find((a) => a.id === id);
  }

  /** Finalized artifacts of one run (every job, every attempt), oldest first. */
  ofRun(runBackendId: string): ArtifactRecord[] {
    return this.artifacts.filter((a) => a.finalized && a.runBackendId === runBackendId);
  }

  /** An artifact with this name in the run, finalized or still uploading. */
  named(runBackendId: string, name: string): ArtifactRecord | undefined {
    return this.artifacts.find((a) => a.runBackendId === runBackendId && a.name === name);
  }

  async remove(record: ArtifactRecord): Promise<void> {
    const index = this.artifacts.indexOf(record);
    if (index >= 0) this.artifacts.splice(index, 1);
    await rm(record.blobPath, { force: true });
    await rm(this.blockDir(record), { recursive: true, force: true });
  }

  private blockDir(record: ArtifactRecord): string {
    return `${record.blobPath}.blocks`;
  }

  /** Stores one block (`PUT ?comp=block&blockid=…`) streamed from the request. */
  async stageBlock(record: ArtifactRecord, blockId: string, body: Readable): Promise<void> {
    const dir = this.blockDir(record);
    await mkdir(dir, { recursive: true });
    await streamOrDiscard(body, join(dir, blockFileName(blockId)));
  }

  /** Concatenates the listed blocks into the blob (`PUT ?comp=blocklist`); unknown block → false. */
  async commitBlocks(record: ArtifactRecord, blockIds: readonly string[]): Promise<boolean> {
    const dir = this.blockDir(record);
    const paths = blockIds.map((id) => join(dir, blockFileName(id)));
    for (const path of paths) {
      if (!(await stat(path).catch(() => undefined))) return false;
    }
    // One pipeline over all blocks: a pipeline per block onto the same stream ({ end: false })
    // leaves its listeners behind, and an artifact of 11+ blocks tripped MaxListenersExceeded.
    await pipeline(async function* () {
      for (const path of paths) yield* createReadStream(path);
    }, createWriteStream(record.blobPath));
    await rm(dir, { recursive: true, force: true });
    record.size = (await stat(record.blobPath)).size;
    record.committed = true;
    return true;
  }

  /** A single-shot blob upload (`PUT` with `x-ms-blob-type: BlockBlob`). */
  async putWhole(record: ArtifactRecord, body: Readable): Promise<void> {
    await streamOrDiscard(body, record.blobPath);
    record.size = (await stat(record.blobPath)).size;
    record.committed = true;
  }

  /** Replaces a finalized artifact's bytes (tests: crafted archives); the recorded digest follows. */
  async replaceBlob(record: ArtifactRecord, bytes: Uint8Array): Promise<void> {
    await writeFile(record.blobPath, bytes);
    record.size = bytes.length;
    record.digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
    record.committed = true;
  }
}

/**
 * Streams an upload body to `path`; if the body breaks off (the client aborted), nothing of it stays,
 * so a truncated block can never be committed and a truncated blob never downloaded.
 */
async function streamOrDiscard(body: Readable, path: string): Promise<void> {
  // Written aside and renamed: a failed re-upload keeps the earlier bytes, as Azure does.
  const partial = `${path}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await pipeline(body, createWriteStream(partial));
    await rename(partial, path);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

/** Block ids are base64 and may hold '/', '+': hex keeps them safe as file names. */
function blockFileName(blockId: string): string {
  return `block-${Buffer.from(blockId, 'utf8').toString('hex')}`;
}
