// A community inventory page read from its bytes (issue 13). Steam repeats a class's description
// on every page holding a copy of it (docs/steam.md#inventories), so most of a big inventory's
// bytes are descriptions the load has already read: decoding them to text and JSON.parsing them
// again was most of the load's CPU, garbage and peak memory. Here the page's JSON is checked in
// full, byte by byte, but only what the load needs becomes JavaScript values: JSON.parse of each
// top-level field, and (when the load comes to it) of each description whose class is new; a
// description of a known class is only checked and left in its list as KNOWN_DESCRIPTION.
//
// The check accepts exactly what JSON.parse accepts (RFC 8259 grammar, as V8 reads it), and
// anything this reader is unsure of (a page that is not an object, an escaped key, a classid
// that is not a plain string or number) is handed back as undefined: the caller then reads the
// page the ordinary way, so errors read as they always did. Pure.

import {
  QUOTE,
  COMMA,
  COLON,
  OPEN_BRACE,
  CLOSE_BRACE,
  OPEN_BRACKET,
  CLOSE_BRACKET,
  NOT_READ,
  escaped,
  isDigit,
  skipSpace,
  skipString,
  skipValue,
  isKey,
} from './jsonBytes.js';

/** Stands in a page's descriptions for one of a class the load already knows: checked, never parsed. */
export const KNOWN_DESCRIPTION: unique symbol = Symbol('known description');

/**
 * A description of a new class, checked as JSON but not yet parsed: the load parses it when it
 * comes to it, in slices between which the event loop runs (1,900 new descriptions on a page
 * are ~30 ms of JSON.parse). Good until the next page is read into the same buffer.
 */
export class UnparsedDescription {
  constructor(
    private readonly bytes: Buffer,
    private readonly start: number,
    private readonly end: number,
  ) {}

  /** What JSON.parse gives for it (the bytes were checked, so it does not throw). */
  parse(): unknown {
    return parseAt(this.bytes, this.start, this.end);
  }
}

/** Whether the load already holds the description of this class (classid and instanceid as Steam's strings). */
export type KnownClass = (classid: string, instanceid: string) => boolean;

const CLASSID = Buffer.from('"classid"');
const INSTANCEID = Buffer.from('"instanceid"');
const DESCRIPTIONS = Buffer.from('"descriptions"');

/**
 * A class id as JSON.parse + String() would give it (what DescriptionIndex.hasRaw reads), or
 * null for a value that is not a plain string or number.
 */
function idAt(b: Buffer, start: number, end: number): string | null {
  if (b[start] === QUOTE) return escaped ? null : b.toString('utf8', start + 1, end - 1);
  if (b[start] === 0x2d || isDigit(b[start])) return String(Number(b.toString('latin1', start, end)));
  return null;
}

/** Set by skipDescription: whether the description just passed is of a known class. */
let knownEnd = false;

/**
 * A description object starting at i, checked in full; returns its end, and whether its class
 * (its last classid and instanceid, as JSON.parse keeps the last of a repeated key) is known.
 */
function skipDescription(b: Buffer, i: number, known: KnownClass): number {
  let classid: string | null | undefined;
  let instanceid: string | null | undefined;
  let sure = true;
  i = skipSpace(b, i + 1);
  if (b[i] !== CLOSE_BRACE) {
    for (;;) {
      if (b[i] !== QUOTE) throw NOT_READ;
      const keyStart = i;
      i = skipString(b, i);
      if (escaped) sure = false;
      const keyEnd = i;
      i = skipSpace(b, i);
      if (b[i] !== COLON) throw NOT_READ;
      const valueStart = skipSpace(b, i + 1);
      i = skipValue(b, valueStart);
      if (isKey(b, keyStart, keyEnd, CLASSID)) classid = idAt(b, valueStart, i);
      else if (isKey(b, keyStart, keyEnd, INSTANCEID)) instanceid = idAt(b, valueStart, i);
      i = skipSpace(b, i);
      if (b[i] === CLOSE_BRACE) break;
      if (b[i] !== COMMA) throw NOT_READ;
      i = skipSpace(b, i + 1);
    }
  }
  knownEnd =
    sure &&
    typeof classid === 'string' &&
    instanceid !== null &&
    known(classid, instanceid === undefined ? '0' : instanceid);
  return i + 1;
}

function parseAt(b: Buffer, start: number, end: number): unknown {
  return JSON.parse(b.toString('utf8', start, end));
}

/**
 * The descriptions list: KNOWN_DESCRIPTION for each description of a known class, an
 * UnparsedDescription for each other object, and anything else as JSON.parse gives it.
 */
async function readDescriptions(
  b: Buffer,
  i: number,
  known: KnownClass,
  into: unknown[],
  pause: (() => Promise<void>) | undefined,
): Promise<number> {
  i = skipSpace(b, i + 1);
  if (b[i] === CLOSE_BRACKET) return i + 1;
  let sliceStart = i;
  for (;;) {
    if (pause && i - sliceStart >= BYTES_PER_SLICE) {
      await pause();
      sliceStart = i;
    }
    const start = i;
    if (b[i] === OPEN_BRACE) {
      i = skipDescription(b, i, known);
      into.push(knownEnd ? KNOWN_DESCRIPTION : new UnparsedDescription(b, start, i));
    } else {
      i = skipValue(b, i);
      into.push(parseAt(b, start, i));
    }
    i = skipSpace(b, i);
    if (b[i] === CLOSE_BRACKET) return i + 1;
    if (b[i] !== COMMA) throw NOT_READ;
    i = skipSpace(b, i + 1);
  }
}

/** Bytes of descriptions checked between two calls of `pause` (a few ms of work). */
const BYTES_PER_SLICE = 256 * 1024;

/**
 * The page as JSON.parse would give it, except that in its descriptions each description of a
 * known class is KNOWN_DESCRIPTION and each other one an UnparsedDescription; undefined when the
 * bytes are not a JSON object this reader takes (the caller then JSON.parses the text, and
 * reports what is wrong as it always did). `pause` is awaited every few hundred KB of
 * descriptions (a page is ~3 MB), so the event loop runs while a page is read; the buffer must
 * not change meanwhile.
 */
export async function readInventoryPageBytes(
  bytes: Buffer,
  known: KnownClass,
  pause?: () => Promise<void>,
): Promise<Record<string, unknown> | undefined> {
  try {
    const page: Record<string, unknown> = {};
    let i = skipSpace(bytes, 0);
    if (bytes[i] !== OPEN_BRACE) return undefined;
    i = skipSpace(bytes, i + 1);
    if (bytes[i] !== CLOSE_BRACE) {
      for (;;) {
        if (bytes[i] !== QUOTE) return undefined;
        const keyStart = i;
        i = skipString(bytes, i);
        if (escaped) return undefined;
        const keyEnd = i;
        const key = bytes.toString('utf8', keyStart + 1, keyEnd - 1);
        // JSON.parse makes "__proto__" an own property; an assignment would not.
        if (key === '__proto__') return undefined;
        i = skipSpace(bytes, i);
        if (bytes[i] !== COLON) return undefined;
        const valueStart = skipSpace(bytes, i + 1);
        if (isKey(bytes, keyStart, keyEnd, DESCRIPTIONS) && bytes[valueStart] === OPEN_BRACKET) {
          const descriptions: unknown[] = [];
          i = await readDescriptions(bytes, valueStart, known, descriptions, pause);
          page[key] = descriptions;
        } else {
          i = skipValue(bytes, valueStart);
          page[key] = parseAt(bytes, valueStart, i);
        }
        i = skipSpace(bytes, i);
        if (bytes[i] === CLOSE_BRACE) break;
        if (bytes[i] !== COMMA) return undefined;
        i = skipSpace(bytes, i + 1);
      }
    }
    return skipSpace(bytes, i + 1) === bytes.length ? page : undefined;
  } catch {
    // NOT_READ, a nesting deep enough to overflow the stack, or JSON.parse refusing a value
    // this reader let through: the ordinary reading decides.
    return undefined;
  }
}
