import { open, type FileHandle } from 'node:fs/promises';

/**
 * Bytes per read. Each chunk is a fresh buffer (fetch may still hold the previous one). fetch's cost
 * per chunk is high: 1 MiB chunks uploaded a big file ~1.5-2× faster than 64-256 KiB ones (bench
 * P2), and smaller chunks did not lower the peak RSS.
 */
const CHUNK = 1024 * 1024;

/**
 * Told of each chunk read for sending: its length, the bytes, and where in the file it starts (0
 * again when a retry reopens the file), so a caller can hash what is sent without reading it twice.
 */
export type ProgressCallback = (bytes: number, chunk: Uint8Array, position: number) => void;

/**
 * A request body that can be opened again for each attempt: a file streamed from disk, never read
 * whole into memory. Octokit passes non-plain objects through to fetch untouched, where
 * `replayingFetch` opens it.
 */
export class ReplayableBody {
  readonly path: string;
  readonly size: number;
  readonly onProgress: ProgressCallback | undefined;
  constructor(path: string, size: number, onProgress?: ProgressCallback) {
    this.path = path;
    this.size = size;
    this.onProgress = onProgress;
  }

  /**
   * A web ReadableStream over the file, reporting bytes sent. Pulled (one chunk read ahead) rather
   * than `Readable.toWeb(createReadStream())`, which was slower in bench P2.
   */
  open(): ReadableStream<Uint8Array> {
    const { path, size, onProgress } = this;
    let handle: FileHandle | undefined;
    let position = 0;
    const close = async (): Promise<void> => {
      const h = handle;
      handle = undefined;
      await h?.close();
    };
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          // Exactly `size` bytes (the declared content-length), in chunks no larger than what is left.
          const want = Math.min(CHUNK, size - position);
          if (want <= 0) {
            await close();
            controller.close();
            return;
          }
          handle ??= await open(path, 'r');
          const chunk = Buffer.allocUnsafe(want);
          const { bytesRead } = await handle.read(chunk, 0, want, position);
          if (bytesRead === 0) {
            await close();
            controller.close();
            return;
          }
          const view = chunk.subarray(0, bytesRead);
          onProgress?.(bytesRead, view, position);
          position += bytesRead;
          controller.enqueue(view);
        } catch (error) {
          await close().catch(() => undefined);
          throw error;
        }
      },
      cancel: close,
    }, { highWaterMark: 1 });
  }
}
