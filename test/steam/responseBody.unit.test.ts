// Reading answer bodies (src/steam/responseBody.ts) into one reused BodyBuffer, as an inventory's
// pages are read: each answer is whole and exact, however its chunks arrive, and the cap holds.
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Dispatcher } from 'undici';
import { SteamBodyTooLargeError } from '../../src/steam/errors.js';
import { BodyBuffer, readCapped } from '../../src/steam/responseBody.js';

type Body = Dispatcher.ResponseData['body'];
const body = (chunks: Buffer[]) => Readable.from(chunks) as unknown as Body;
const chunksOf = (bytes: Buffer, size: number) => {
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) chunks.push(bytes.subarray(at, at + size));
  return chunks;
};

describe('readCapped into a BodyBuffer', () => {
  it('reads answers in turn into one buffer, with or without Content-Length, plain or gzip', async () => {
    const into = new BodyBuffer();
    const answers = [
      Buffer.from('{"first":"a small page"}'),
      Buffer.from(JSON.stringify({ second: 'x'.repeat(100_000) })),
      Buffer.from('{"third":"smaller again"}'),
      Buffer.from(JSON.stringify({ fourth: 'y'.repeat(300_000) })),
    ];
    const read: string[] = [];
    for (const [n, bytes] of answers.entries()) {
      const headers = n % 2 ? {} : { 'content-length': String(bytes.length) };
      read.push((await readCapped(body(chunksOf(bytes, 7_000)), 'e', 1_000_000, headers, into)).toString());
    }
    const zipped = answers[3]!;
    read.push(
      (
        await readCapped(body(chunksOf(gzipSync(zipped), 500)), 'e', 1_000_000, { 'content-encoding': 'gzip' }, into)
      ).toString(),
    );
    expect(read).toEqual([...answers, zipped].map(String));
    expect((await readCapped(body([]), 'e', 10, {}, into)).length).toBe(0);
  });

  it('refuses an answer past the cap, declared or read', async () => {
    const into = new BodyBuffer();
    const bytes = Buffer.alloc(5_000, 0x61);
    await expect(
      readCapped(body(chunksOf(bytes, 1_000)), 'e', 4_000, { 'content-length': '5000' }, into),
    ).rejects.toBeInstanceOf(SteamBodyTooLargeError);
    await expect(readCapped(body(chunksOf(bytes, 1_000)), 'e', 4_000, {}, into)).rejects.toBeInstanceOf(
      SteamBodyTooLargeError,
    );
  });
});
