// The custom-id codec every button uses: what build() writes reads back the same through
// parse(), build() refuses what would not, and parse() refuses anything it did not make.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { codedPart, customIdCodec, flagPart, integerPart, userIdPart } from '../../src/format/customId.js';

const codec = customIdCodec('demo:x', {
  owner: userIdPart,
  side: codedPart({ left: 'l', right: 'r' }),
  on: flagPart,
  page: integerPart(3, 0, 500),
  word: z.string().regex(/^[a-z]{1,8}$/),
});
const OWNER = '123456789012345678';

describe('customIdCodec', () => {
  it('round-trips every part', () => {
    for (const data of [
      { owner: OWNER, side: 'left' as const, on: true, page: 0, word: 'a' },
      { owner: '9'.repeat(20), side: 'right' as const, on: false, page: 500, word: 'abcdefgh' },
    ]) {
      const id = codec.build(data);
      expect(codec.parse(id)).toEqual(data);
    }
    expect(codec.build({ owner: OWNER, side: 'right', on: false, page: 42, word: 'hi' })).toBe(
      `demo:x:${OWNER}:r:0:42:hi`,
    );
    expect(codec.prefix).toBe('demo:x');
  });

  it('refuses to build an id that would not parse back, or that passes Discord’s 100 characters', () => {
    expect(() => codec.build({ owner: '1', side: 'left', on: true, page: 0, word: 'a' })).toThrow();
    expect(() => codec.build({ owner: OWNER, side: 'left', on: true, page: 501, word: 'a' })).toThrow();
    expect(() => codec.build({ owner: OWNER, side: 'left', on: true, page: -1, word: 'a' })).toThrow();
    const long = customIdCodec('long', { text: z.string() });
    expect(() => long.build({ text: 'a:b' })).toThrow(/contains ':'/);
    expect(() => long.build({ text: 'x'.repeat(100) })).toThrow(/characters/);
  });

  it('parses nothing it did not make', () => {
    const good = `demo:x:${OWNER}:l:1:7:abc`;
    expect(codec.parse(good)).not.toBeNull();
    for (const bad of [
      `demo:${OWNER}:l:1:7:abc`,
      `demo:xy:${OWNER}:l:1:7:abc`,
      `demo:x:${OWNER}:l:1:7`,
      `demo:x:${OWNER}:l:1:7:abc:extra`,
      `demo:x:${OWNER}:q:1:7:abc`,
      `demo:x:${OWNER}:l:2:7:abc`,
      `demo:x:${OWNER}:l:1:7777:abc`,
      `demo:x:${OWNER}:l:1:501:abc`,
      `demo:x:${OWNER}:l:1:-1:abc`,
      `demo:x:${OWNER}:l:1:1.5:abc`,
      `demo:x:${OWNER}:l:1:7:ABC`,
      `demo:x:12:l:1:7:abc`,
      `${good}${'0'.repeat(100)}`,
      '',
    ]) {
      expect(codec.parse(bad), bad).toBeNull();
    }
  });
});
