// Steam's wire primitives as zod schemas and plain checks: ids as digit strings, counts that
// arrive as numbers or strings, 0/1 booleans, uint32 times. Unknown enum numbers are kept:
// Steam changes without notice (docs/steam.md).
import { z } from 'zod';
import type { EconTag } from '../types.js';

/** 0/1, "0"/"1" or true/false. */
export const steamBool = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
/**
 * A 64-bit id: Steam sends strings, but be lenient about small numbers. Only what fits in 64 bits; a
 * number past 2^53 was already corrupted by JSON.parse, so it is refused rather than kept wrong.
 */
export const steamId = z
  .union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()])
  .transform(String)
  .refine((id) => BigInt(id) <= UINT64_MAX, 'a 64-bit id out of range');
/** A count or timestamp that may arrive as a number or a numeric string. */
export const steamInt = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
/** A whole number from 0 to `max`, as a number or a string of digits. */
const wholeNumber = (max: number) =>
  z
    .union([
      z.number().int(),
      z
        .string()
        .regex(/^\d{1,10}$/)
        .transform(Number),
    ])
    .pipe(z.number().int().min(0).max(max));
/** A uint32 (appid, accountid): Steam's protobufs declare them so. */
export const steamUint32 = wholeNumber(0xffff_ffff);
/** An enum value (offer state, confirmation method): a non-negative int32. */
export const steamEnum = wholeNumber(0x7fff_ffff);
/** Unix seconds as Steam's protobufs carry them (uint32); anything else is not a time. */
export const steamTime = steamUint32;
/** What a timestamp that is present but not a Steam time reads as, so the mapping can say which one. */
export const INVALID_TIME = -1;
// Plain checks with the same rules as steamId, steamInt and steamBool, for what is read once
// per asset or description: a 100,000-item inventory has 100,000 assets and ~100,000
// descriptions on the wire, and zod there was most of the load's CPU and garbage (issue 13).
const DIGITS = /^\d+$/;
const INTEGER = /^-?\d+$/;

export function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return DIGITS.test(value) ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

export function intOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && INTEGER.test(value)) return Number(value);
  return undefined;
}

export function boolOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'string') return value === 1 || value === '1' || value === 'true';
  return undefined;
}

export class Invalid {
  constructor(readonly problem: string) {}
}

export function optional<T>(
  d: Record<string, unknown>,
  field: string,
  read: (v: unknown) => T | undefined,
  expected: string,
): T | undefined {
  const value = d[field];
  if (value === undefined) return undefined;
  const read_ = read(value);
  if (read_ === undefined) throw new Invalid(`${field}: expected ${expected}`);
  return read_;
}

export const stringOf = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Hands back one shared copy of equal strings, and of equal tag lists (see readDescription):
 * the 30,000 descriptions of a big card inventory carry ~150,000 tags but a few thousand
 * distinct lists (one per game and border), so each list is built and kept once.
 */
export interface Intern {
  (value: string): string;
  /** The list kept under this key, or the one `make` builds (then kept). */
  tags(key: string, make: () => readonly EconTag[]): readonly EconTag[];
}

export const NO_TAGS: readonly EconTag[] = Object.freeze([]);

function makeIntern(share: boolean): Intern {
  const strings = new Map<string, string>();
  const lists = new Map<string, readonly EconTag[]>();
  const intern = ((value: string) => {
    if (!share) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }) as Intern;
  intern.tags = (key, make) => {
    if (!share) return make();
    let list = lists.get(key);
    if (!list) lists.set(key, (list = make()));
    return list;
  };
  return intern;
}

export const noIntern: Intern = makeIntern(false);

/** An Intern for one inventory load: the strings and tag lists it keeps are shared by the descriptions. */
export function stringInterner(): Intern {
  return makeIntern(true);
}

/**
 * What the log says of a row of a list (an offer, a trade) that cannot be read at all: its id
 * when that much could be read, and what was wrong (`whole` names the row itself in a path).
 */
export function unreadableRow(
  raw: unknown,
  idField: string,
  error: z.ZodError,
  whole: string,
  most = Infinity,
): { id: string | null; problems: string[] } {
  const id = steamId.safeParse((raw as Record<string, unknown> | null)?.[idField]);
  return {
    id: id.success ? id.data : null,
    problems: error.issues.slice(0, most).map((i) => `${i.path.join('.') || whole}: ${i.message}`),
  };
}
