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
 * One buffer that a series of answers is read into in turn (an inventory's pages, one after the
 * other): each answer is a view of it, valid until the next answer is read. A 100,000-item
 * inventory is 50 pages of ~3 MB; a buffer of its own for each page was 150 MB of memory outside
 * the JavaScript heap, which the GC frees late, and most of the load's peak RSS (issue 13).
 */
export class BodyBuffer {
  private bytes: Buffer = Buffer.allocUnsafe(0);

  /** A buffer of at least `size` bytes whose first `keep` bytes are the current ones. */
  reserve(size: number, keep = 0): Buffer {
    if (size > this.bytes.length) {
      const grown = Buffer.allocUnsafe(Math.max(size, this.bytes.length * 2));
      this.bytes.copy(grown, 0, 0, keep);
      this.bytes = grown;
    }
    return this.bytes;
  }
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
  into?: BodyBuffer,
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
  let target = into && !decoder && Number.isFinite(declared) ? into.reserve(declared) : undefined;
  try {
    for await (const chunk of source) {
      const end = size + chunk.length;
      if (end > limit) {
        body.destroy();
        decoder?.destroy();
        throw new SteamBodyTooLargeError(endpoint, limit);
      }
      if (into) {
        if (target === undefined || end > target.length) target = into.reserve(end, size);
        chunk.copy(target, size);
      } else {
        chunks.push(chunk);
      }
      size = end;
    }
  } catch (error) {
    // A connection lost mid-body is retried like any other; only bad bytes are a shape error.
    if (!decoder || error instanceof SteamBodyTooLargeError || isNetworkError(error)) throw error;
    throw new SteamShapeError(endpoint, `a ${String(headers['content-encoding'])} body that does not decompress`);
  }
  if (into) return target ? target.subarray(0, size) : Buffer.alloc(0);
  return Buffer.concat(chunks);
}

/** A failure of the connection itself (reset, timeout, refused), as node and undici name them. */
export function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_.*)$/.test(code);
}
