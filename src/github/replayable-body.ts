import { open } from 'node:fs/promises';

/**
 * Told of each chunk read for sending: its length, the bytes, and where in the file it starts (0
 * again when a retry reads the file afresh), so a caller can hash what is sent without reading it
 * twice.
 */
export type ProgressCallback = (bytes: number, chunk: Uint8Array, position: number) => void;

/** Bytes per read: large enough that a 1.5 GiB upload is not dominated by per-chunk overhead. */
const CHUNK = 256 * 1024;

/**
 * An upload body streamed from disk, never read whole into memory, that can be sent again: an
 * AsyncIterable, which Octokit passes to fetch untouched and undici's fetch documents as a body
 * (`BodyInit`). Each iteration opens the file afresh at 0, so plugin-retry can resend an upload that
 * was cut. Every chunk is a fresh buffer: fetch may still hold the previous one.
 */
export class ReplayableBody implements AsyncIterable<Uint8Array> {
  readonly path: string;
  readonly size: number;
  readonly onProgress: ProgressCallback | undefined;
  constructor(path: string, size: number, onProgress?: ProgressCallback) {
    this.path = path;
    this.size = size;
    this.onProgress = onProgress;
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    const handle = await open(this.path, 'r');
    try {
      for (let position = 0; position < this.size;) {
        const buffer = Buffer.allocUnsafe(Math.min(CHUNK, this.size - position));
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
        if (bytesRead === 0) throw new Error(`${this.path} ended at ${position} of its ${this.size} bytes`);
        const chunk = bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead);
        this.onProgress?.(bytesRead, chunk, position);
        position += bytesRead;
        yield chunk;
      }
    } finally {
      await handle.close();
    }
  }
}
