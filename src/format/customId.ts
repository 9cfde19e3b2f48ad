// A button's custom id carries everything its handler needs (the offer, the page, who may press
// it), so the button keeps working after a restart and in a second process. Each kind of id is
// one typed codec: a fixed prefix and named parts, each a zod codec between its text and its
// value. build() refuses a value that would not parse back (a programming error), parse() gives
// null for anything else — a forged id, an old format, a number out of range.
import { z } from 'zod';
import { CUSTOM_ID_LIMIT } from './limits.js';

/** One part of a custom id: text in, a value out (and back). */
export type CustomIdPart<T> = z.ZodType<T, string>;

export interface CustomIdCodec<T> {
  /** The leading parts every id of this kind starts with ("offer", "offers:list"). */
  readonly prefix: string;
  build(data: T): string;
  parse(customId: string): T | null;
}

type PartsData<S extends Record<string, CustomIdPart<unknown>>> = { [K in keyof S]: z.output<S[K]> };

export function customIdCodec<S extends Record<string, CustomIdPart<unknown>>>(
  prefix: string,
  parts: S,
): CustomIdCodec<PartsData<S>> {
  const names = Object.keys(parts) as Array<keyof S & string>;
  return {
    prefix,
    build(data) {
      const texts = names.map((name) => {
        const text = parts[name]!.encode(data[name]);
        if (text.includes(':')) throw new Error(`custom id ${prefix}: part ${name} contains ':'`);
        return text;
      });
      const id = [prefix, ...texts].join(':');
      if (id.length > CUSTOM_ID_LIMIT) throw new Error(`custom id ${prefix}: ${id.length} characters`);
      return id;
    },
    parse(customId) {
      if (!customId.startsWith(`${prefix}:`) || customId.length > CUSTOM_ID_LIMIT) return null;
      const texts = customId.slice(prefix.length + 1).split(':');
      if (texts.length !== names.length) return null;
      const data: Partial<PartsData<S>> = {};
      for (const [i, name] of names.entries()) {
        const result = parts[name]!.safeDecode(texts[i]!);
        if (!result.success) return null;
        data[name] = result.data as PartsData<S>[typeof name];
      }
      return data as PartsData<S>;
    },
  };
}

/** A whole number of at most `digits` digits, at least `min`. */
export function integerPart(digits: number, min = 0, max = Number.MAX_SAFE_INTEGER): CustomIdPart<number> {
  return z.codec(z.string().regex(new RegExp(`^\\d{1,${digits}}$`)), z.number().int().min(min).max(max), {
    decode: (text) => Number(text),
    encode: (value) => String(value),
  });
}

/** A Discord user id (a snowflake). */
export const userIdPart: CustomIdPart<string> = z.string().regex(/^\d{17,20}$/);

/** A flag as one character: '1' or '0'. */
export const flagPart: CustomIdPart<boolean> = z.codec(z.enum(['0', '1']), z.boolean(), {
  decode: (text) => text === '1',
  encode: (value) => (value ? '1' : '0'),
});

/** A value from a short fixed list, written as its code. */
export function codedPart<const V extends string>(codes: Record<V, string>): CustomIdPart<V> {
  const entries = Object.entries(codes) as Array<[V, string]>;
  const byCode = new Map(entries.map(([value, code]) => [code, value]));
  return z.codec(
    z.string().refine((text) => byCode.has(text)),
    z.enum(entries.map(([value]) => value) as [V, ...V[]]) as unknown as z.ZodType<V, V>,
    {
      decode: (text) => byCode.get(text)!,
      encode: (value) => codes[value],
    },
  );
}
