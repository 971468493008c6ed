/**
 * Told of each chunk read for sending: its length, the bytes, and where in the file it starts (0
 * again when a retry reopens the file), so a caller can hash what is sent without reading it twice.
 * The chunk is reused after the call returns: copy what must outlive it.
 */
export type ProgressCallback = (bytes: number, chunk: Uint8Array, position: number) => void;

/**
 * A request body that can be sent again for each attempt: a file streamed from disk, never read whole
 * into memory. Octokit passes non-plain objects through to its fetch untouched, where
 * `octokitFetch` (octokit.ts) sends it with `sendRequest` (http-transport.ts).
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
}
