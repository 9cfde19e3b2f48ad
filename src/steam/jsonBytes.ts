// JSON read straight from its bytes, without decoding or parsing: the grammar JSON.parse
// accepts (RFC 8259, as V8 reads it), for inventoryPageBytes.ts. Each reader takes the index
// of a value's first byte and returns the index just past it, throwing NOT_READ for bytes
// JSON.parse would refuse. Pure.

export const QUOTE = 0x22;
const BACKSLASH = 0x5c;
export const COMMA = 0x2c;
export const COLON = 0x3a;
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
const ZERO = 0x30;
const NINE = 0x39;

/** Thrown inside the reader for bytes JSON.parse would refuse (or this reader does not take); caught below. */
class NotRead {}
export const NOT_READ = new NotRead();

/** Set by skipString: whether the string just passed had an escape sequence. */
export let escaped = false;

export function isDigit(c: number | undefined): boolean {
  return c !== undefined && c >= ZERO && c <= NINE;
}

export function skipSpace(b: Buffer, i: number): number {
  for (;;) {
    const c = b[i];
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

/** From the opening quote to just past the closing one; a raw control character or a bad escape is refused. */
export function skipString(b: Buffer, i: number): number {
  escaped = false;
  i++;
  for (;;) {
    const c = b[i];
    if (c === QUOTE) return i + 1;
    if (c === undefined || c < 0x20) throw NOT_READ;
    if (c !== BACKSLASH) {
      i++;
      continue;
    }
    escaped = true;
    const e = b[i + 1];
    if (e === 0x75 /* u */) {
      for (let k = 2; k < 6; k++) {
        const h = b[i + k];
        const lower = h === undefined ? 0 : h | 0x20;
        if (!isDigit(h) && !(lower >= 0x61 && lower <= 0x66)) throw NOT_READ;
      }
      i += 6;
    } else if (
      e === QUOTE ||
      e === BACKSLASH ||
      e === 0x2f /* / */ ||
      e === 0x62 /* b */ ||
      e === 0x66 /* f */ ||
      e === 0x6e /* n */ ||
      e === 0x72 /* r */ ||
      e === 0x74 /* t */
    ) {
      i += 2;
    } else {
      throw NOT_READ;
    }
  }
}

function skipDigits(b: Buffer, i: number): number {
  if (!isDigit(b[i])) throw NOT_READ;
  while (isDigit(b[i])) i++;
  return i;
}

/** A number, true, false or null. */
function skipLiteral(b: Buffer, i: number): number {
  const c = b[i];
  if (c === 0x74 /* t */ && b[i + 1] === 0x72 && b[i + 2] === 0x75 && b[i + 3] === 0x65) return i + 4;
  if (c === 0x66 /* f */ && b[i + 1] === 0x61 && b[i + 2] === 0x6c && b[i + 3] === 0x73 && b[i + 4] === 0x65) {
    return i + 5;
  }
  if (c === 0x6e /* n */ && b[i + 1] === 0x75 && b[i + 2] === 0x6c && b[i + 3] === 0x6c) return i + 4;
  if (b[i] === 0x2d /* - */) i++;
  if (b[i] === ZERO) i++;
  else i = skipDigits(b, i);
  if (b[i] === 0x2e /* . */) i = skipDigits(b, i + 1);
  if (b[i] === 0x65 /* e */ || b[i] === 0x45 /* E */) {
    i++;
    if (b[i] === 0x2b /* + */ || b[i] === 0x2d /* - */) i++;
    i = skipDigits(b, i);
  }
  return i;
}

/** Any JSON value starting at i (no leading space); returns the index just past it. */
export function skipValue(b: Buffer, i: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i);
  if (c === OPEN_BRACE) {
    i = skipSpace(b, i + 1);
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (b[i] !== QUOTE) throw NOT_READ;
      i = skipSpace(b, skipString(b, i));
      if (b[i] !== COLON) throw NOT_READ;
      i = skipSpace(b, skipValue(b, skipSpace(b, i + 1)));
      if (b[i] === CLOSE_BRACE) return i + 1;
      if (b[i] !== COMMA) throw NOT_READ;
      i = skipSpace(b, i + 1);
    }
  }
  if (c === OPEN_BRACKET) {
    i = skipSpace(b, i + 1);
    if (b[i] === CLOSE_BRACKET) return i + 1;
    for (;;) {
      i = skipSpace(b, skipValue(b, i));
      if (b[i] === CLOSE_BRACKET) return i + 1;
      if (b[i] !== COMMA) throw NOT_READ;
      i = skipSpace(b, i + 1);
    }
  }
  return skipLiteral(b, i);
}

export function isKey(b: Buffer, start: number, end: number, key: Buffer): boolean {
  return end - start === key.length && b.compare(key, 0, key.length, start, end) === 0;
}
