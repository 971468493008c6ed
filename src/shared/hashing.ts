/** Streaming sha256: files are never read whole into memory (SPEC §8). */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Digest {
  /** Lowercase hex. */
  readonly sha256: string;
  readonly size: number;
}

export const CHUNK = 1024 * 1024;

/**
 * sha256 of a file in hex, read in 1 MiB chunks into one buffer (pass one to reuse it across files):
 * no allocation per chunk, so hashing GiBs leaves no garbage that would raise the peak RSS.
 */
export async function sha256File(path: string, buffer: Buffer = Buffer.allocUnsafe(CHUNK)): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(path, 'r');
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/** sha256 and size of a file, read once. */
export async function hashFile(path: string): Promise<Digest> {
  const { size } = await stat(path);
  return { sha256: await sha256File(path, Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK, size)))), size };
}

/** Writes `source` to `destination`, hashing the bytes on the way: one pass, no re-read. */
export async function writeHashed(source: Readable, destination: string): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
  });
  await pipeline(source, tap, createWriteStream(destination));
  return { sha256: hash.digest('hex'), size };
}
