import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

/**
 * A request body that can be opened again for each attempt: a file streamed from disk, never read
 * whole into memory. Octokit passes non-plain objects through to fetch untouched, where
 * `replayingFetch` opens it.
 */
export class ReplayableBody {
  readonly path: string;
  readonly size: number;
  readonly onProgress: ((bytes: number) => void) | undefined;
  constructor(path: string, size: number, onProgress?: (bytes: number) => void) {
    this.path = path;
    this.size = size;
    this.onProgress = onProgress;
  }

  /** A web ReadableStream over the file, reporting bytes sent. */
  open(): ReadableStream<Uint8Array> {
    const file = createReadStream(this.path, { highWaterMark: 1024 * 1024 });
    const onProgress = this.onProgress;
    if (onProgress) file.on('data', (chunk) => onProgress(chunk.length));
    return Readable.toWeb(file) as ReadableStream<Uint8Array>;
  }
}
