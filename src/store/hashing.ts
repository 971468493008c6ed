/** Streaming sha256: files are never read whole into memory (SPEC §8). */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface Digest {
  /** Lowercase hex. */
  readonly sha256: string;
  readonly size: number;
}

/** sha256 and size of a file, read once as a stream. */
export async function hashFile(path: string): Promise<Digest> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
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
