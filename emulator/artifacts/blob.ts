/**
 * The blob store behind signed artifact URLs, playing Azure Block Blob storage as `@azure/storage-blob`
 * (inside `@actions/artifact`) uses it: `PUT ?comp=block&blockid=…` stages a block, `PUT ?comp=blocklist`
 * commits them (both 201), a plain `PUT` uploads in one shot, `GET` downloads the zip. The path has
 * Azure's `/<account>/<container>/<blob>` shape; the `sig` query parameter is the only credential.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { ArtifactRecord, ArtifactRecords } from './records.ts';

export const BLOB_ACCOUNT = 'devstoreaccount1';
export const BLOB_CONTAINER = 'actions-results';
const BLOB_PATH = new RegExp(`^/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/(\\d+)/[^/]+$`);

/** Path (no origin, no query) of an artifact's blob. */
export function blobPath(record: ArtifactRecord): string {
  return `/${BLOB_ACCOUNT}/${BLOB_CONTAINER}/${record.id}/${encodeURIComponent(record.name)}.zip`;
}

function azureError(res: ServerResponse, status: number, code: string, message: string): void {
  const xml = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`;
  res.writeHead(status, {
    'content-type': 'application/xml',
    'x-ms-error-code': code,
    'content-length': String(Buffer.byteLength(xml)),
  });
  res.end(xml);
}

function created(res: ServerResponse): void {
  res.writeHead(201, {
    etag: `"0x${Date.now().toString(16).toUpperCase()}"`,
    'last-modified': new Date().toUTCString(),
    'x-ms-request-server-encrypted': 'true',
    'x-ms-version': '2025-01-05',
    'content-length': '0',
  });
  res.end();
}

async function readText(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** True when `path` is a blob URL (then the request was answered). */
export async function handleBlob(
  records: ArtifactRecords,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<boolean> {
  const match = BLOB_PATH.exec(url.pathname);
  if (!match) return false;
  const record = records.byId(Number(match[1]));
  if (!record || url.searchParams.get('sig') !== record.signature) {
    // Drain the body, or the client sees a reset instead of the 403.
    req.resume();
    azureError(res, 403, 'AuthenticationFailed', 'Server failed to authenticate the request.');
    return true;
  }
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') {
    if (!record.committed) return (azureError(res, 404, 'BlobNotFound', 'The specified blob does not exist.'), true);
    res.writeHead(200, {
      'content-type': 'application/zip',
      'content-length': String(record.size),
      'content-disposition': `attachment; filename="${record.name}.zip"; filename*=UTF-8''${encodeURIComponent(`${record.name}.zip`)}`,
    });
    if (method === 'HEAD') res.end();
    else await pipeline(createReadStream(record.blobPath), res);
    return true;
  }
  if (method !== 'PUT')
    return (
      azureError(res, 405, 'UnsupportedHttpVerb', 'The resource does not support the specified HTTP verb.'),
      true
    );
  if (record.finalized) {
    req.resume();
    return (
      azureError(res, 409, 'BlobImmutable', 'The artifact is finalized; its blob can no longer be written.'),
      true
    );
  }
  const comp = url.searchParams.get('comp');
  if (comp === 'block') {
    const blockId = url.searchParams.get('blockid');
    if (!blockId) return (azureError(res, 400, 'InvalidQueryParameterValue', 'blockid is required.'), true);
    await records.stageBlock(record, blockId, req);
    created(res);
  } else if (comp === 'blocklist') {
    const ids = [
      ...(await readText(req)).matchAll(
        /<(?:Latest|Uncommitted|Committed)>([^<]*)<\/(?:Latest|Uncommitted|Committed)>/g,
      ),
    ].map((m) => m[1] ?? '');
    if (!(await records.commitBlocks(record, ids)))
      return (azureError(res, 400, 'InvalidBlockList', 'The specified block list is invalid.'), true);
    created(res);
  } else if (comp === null) {
    await records.putWhole(record, req);
    created(res);
  } else {
    req.resume();
    azureError(res, 400, 'InvalidQueryParameterValue', `comp=${comp} is not supported by the emulator.`);
  }
  return true;
}
