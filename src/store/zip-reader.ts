/**
 * A small reader for the zip archives Actions artifacts are stored as. We read the archive ourselves
 * (instead of letting the client unpack it) so every entry name is checked before a single byte is
 * written: an entry that would land outside the destination (zip slip) is refused, not silently
 * renamed. Reads the central directory (zip64 included); entry data is streamed, never buffered.
 */
import { createReadStream } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { createInflateRaw } from 'node:zlib';

export interface ZipEntry {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly isDirectory: boolean;
}

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const MAX_EOCD_SEARCH = 22 + 0xffff;

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw new Error('unexpected end of archive');
  return buffer;
}

function u64(buffer: Buffer, at: number): number {
  const value = buffer.readBigUInt64LE(at);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('zip64 value out of range');
  return Number(value);
}

/** Where the central directory is and how many entries it has. */
async function locateCentralDirectory(
  handle: FileHandle,
  fileSize: number,
): Promise<{ offset: number; count: number }> {
  const tailLength = Math.min(fileSize, MAX_EOCD_SEARCH);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip archive (no end of central directory)');
  let count = tail.readUInt16LE(eocd + 10);
  let offset = tail.readUInt32LE(eocd + 16);
  const locator = eocd - 20;
  if (locator >= 0 && tail.readUInt32LE(locator) === ZIP64_LOCATOR_SIGNATURE) {
    const zip64 = await readAt(handle, u64(tail, locator + 8), 56);
    if (zip64.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) throw new Error('broken zip64 end of central directory');
    count = u64(zip64, 32);
    offset = u64(zip64, 48);
  }
  return { offset, count };
}

/** Sizes and offset from the zip64 extra field, for the fields the central record marks 0xFFFFFFFF. */
function applyZip64(extra: Buffer, fields: { size: number; compressedSize: number; localHeaderOffset: number }): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let p = at + 4;
      for (const key of ['size', 'compressedSize', 'localHeaderOffset'] as const) {
        if (fields[key] === 0xffffffff) {
          fields[key] = u64(extra, p);
          p += 8;
        }
      }
      return;
    }
    at += 4 + length;
  }
}

/** Every entry of the archive at `path`, from its central directory. */
export async function readZipEntries(path: string): Promise<ZipEntry[]> {
  const handle = await open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    const { offset, count } = await locateCentralDirectory(handle, fileSize);
    const entries: ZipEntry[] = [];
    let at = offset;
    for (let i = 0; i < count; i++) {
      const header = await readAt(handle, at, 46);
      if (header.readUInt32LE(0) !== CENTRAL_SIGNATURE) throw new Error('broken central directory');
      const nameLength = header.readUInt16LE(28);
      const extraLength = header.readUInt16LE(30);
      const commentLength = header.readUInt16LE(32);
      const variable = await readAt(handle, at + 46, nameLength + extraLength);
      const name = variable.subarray(0, nameLength).toString('utf8');
      const fields = {
        compressedSize: header.readUInt32LE(20),
        size: header.readUInt32LE(24),
        localHeaderOffset: header.readUInt32LE(42),
      };
      applyZip64(variable.subarray(nameLength), fields);
      entries.push({ name, method: header.readUInt16LE(10), ...fields, isDirectory: name.endsWith('/') });
      at += 46 + nameLength + extraLength + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

/** The entry's uncompressed bytes as a stream. */
export async function openZipEntry(path: string, entry: ZipEntry): Promise<Readable> {
  if (entry.method !== 0 && entry.method !== 8)
    throw new Error(`entry '${entry.name}' uses unsupported compression method ${entry.method}`);
  const handle = await open(path, 'r');
  let local: Buffer;
  try {
    local = await readAt(handle, entry.localHeaderOffset, 30);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== LOCAL_SIGNATURE) throw new Error(`broken local header of entry '${entry.name}'`);
  const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return Readable.from([]);
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1 });
  if (entry.method === 0) return raw;
  const inflate = createInflateRaw();
  raw.on('error', (error) => inflate.destroy(error));
  return raw.pipe(inflate);
}

/**
 * Why an entry name is unsafe to extract (absolute, drive-letter, backslash, `..` component, NUL),
 * or undefined when it stays inside any destination.
 */
export function unsafeEntryReason(name: string): string | undefined {
  if (name.includes('\0')) return 'contains a NUL character';
  if (name.includes('\\')) return 'contains a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'is an absolute path';
  if (name.split('/').some((part) => part === '..')) return "contains a '..' component";
  return undefined;
}
