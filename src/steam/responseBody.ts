// Reading a Steam answer's body: capped in size (decoded bytes count), decompressed with node:zlib.
import { pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { Dispatcher } from 'undici';
import { SteamBodyTooLargeError, SteamShapeError } from './errors.js';

/** node:zlib's decoder for a Content-Encoding we asked for; null for none; undefined for one we did not. */
function decoderFor(contentEncoding: string | string[] | undefined): Transform | null | undefined {
  const encoding = String(contentEncoding ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'deflate') return createInflate();
  return undefined;
}

/**
 * Reads a body up to `limit` bytes (after decompression) and stops (destroying the stream, so
 * the connection is dropped instead of drained) as soon as Content-Length or the bytes read
 * say it is larger. A gzip, deflate or br body is decoded with node:zlib: undici's
 * DecompressInterceptor would do it, but it is experimental and prints an ExperimentalWarning
 * on stderr.
 */
export async function readCapped(
  body: Dispatcher.ResponseData['body'],
  endpoint: string,
  limit: number,
  headers: Record<string, string | string[] | undefined>,
): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw new SteamBodyTooLargeError(endpoint, limit);
  }
  const decoder = decoderFor(headers['content-encoding']);
  if (decoder === undefined) {
    body.destroy();
    throw new SteamShapeError(endpoint, `content-encoding ${String(headers['content-encoding'])}`);
  }
  const source: AsyncIterable<Buffer> = decoder ? pipeline(body, decoder, () => undefined) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) {
        body.destroy();
        decoder?.destroy();
        throw new SteamBodyTooLargeError(endpoint, limit);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A connection lost mid-body is retried like any other; only bad bytes are a shape error.
    if (!decoder || error instanceof SteamBodyTooLargeError || isNetworkError(error)) throw error;
    throw new SteamShapeError(endpoint, `a ${String(headers['content-encoding'])} body that does not decompress`);
  }
  return Buffer.concat(chunks);
}

/** A failure of the connection itself (reset, timeout, refused), as node and undici name them. */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_.*)$/.test(code);
}
