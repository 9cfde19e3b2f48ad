// Text that comes from Steam (persona names, offer messages, item names and tags) is written by
// strangers. Before it reaches Discord it is cleaned of characters that change how the text
// around it reads, escaped so it cannot format or link, and cut to Discord's limits, so one
// long value can never make Discord refuse a whole card.
import { codeBlock, escapeMarkdown as escapeDiscordMarkdown } from 'discord.js';

/**
 * Bidi controls (LRE…RLO, LRI…PDI, LRM/RLM/ALM) reorder the text after them, a SteamID
 * included; zero-width and filler characters hide text or make two names look alike. Variation
 * selectors stay: emoji need them.
 */
const INVISIBLE =
  /\u034F|\u17B4|\u17B5|\u180B|\u180C|\u180D|[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\u3164\uFEFF\uFFA0\uFFF9-\uFFFB]/g;
/** C0 and C1 control characters except the line feed. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/** Removes bidi controls, zero-width characters and control characters (newlines are kept). */
export function cleanText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(INVISIBLE, '').replace(CONTROLS, ' ');
}

/**
 * 1234567 → "1,234,567", as `toLocaleString('en-US')` writes it (at most 3 decimals), without
 * ICU: Node's first locale-aware number format maps about 7 MB of its built-in locale data,
 * which the bot then keeps resident for as long as it runs.
 */
export function thousands(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Math.round(Math.abs(value) * 1000) / 1000;
  const [whole = '', fraction] = String(rounded).split('.');
  const sign = value < 0 || Object.is(value, -0) ? '-' : '';
  return `${sign}${whole.replace(/\B(?=(\d{3})+$)/g, ',')}${fraction ? `.${fraction}` : ''}`;
}

/** "1 item", "1,234 items": the count as people read it, and the word that goes with it. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${thousands(count)} ${count === 1 ? one : many}`;
}

/** Cuts to at most `max` UTF-16 units with "…", never splitting a surrogate pair. */
export function cut(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return '…'.slice(0, Math.max(0, max));
  let end = max - 1;
  const last = text.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end -= 1;
  return `${text.slice(0, end)}…`;
}

/**
 * Cleaned and escaped for Markdown: no bold, links, headings or lists, no mention pills
 * ("<@123>" stays text), and no bare URL turns into a link ("https\://…" reads the same).
 */
export function markdownText(text: string): string {
  const escaped = escapeDiscordMarkdown(cleanText(text), {
    heading: true,
    bulletedList: true,
    numberedList: true,
    maskedLink: true,
  });
  // escapeMarkdown escapes pairs ("**bold**"); a lone or odd run of markers is left as it is,
  // and "***…" from a stranger could still format what follows. Those are escaped too.
  return escaped
    .replace(/\\.|([*_~|`])/g, (match, marker: string | undefined) => (marker ? `\\${marker}` : match))
    .replace(/</g, '\\<')
    .replace(/:\/\//g, '\\://');
}

/** A one-line value from Steam (a persona or item name), escaped and cut to `max` characters. */
export function steamLine(text: string, max: number): string {
  const line = cleanText(text)
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  let shown = markdownText(line);
  // Cut the raw text, not the escaped one, so no escape is cut in half.
  for (let keep = line.length; shown.length > max && keep > 1;) {
    // Escapes can double the length, so shrink in proportion rather than by the overshoot.
    keep = Math.max(1, Math.min(keep - 1, Math.floor((keep * max) / shown.length)));
    shown = markdownText(cut(line, keep));
  }
  return shown;
}

/**
 * An offer message as a code block: nothing in it formats, pings or links. Triple backticks
 * inside would close the block, so each backtick is swapped for a look-alike (ˋ).
 */
export function steamMessageBlock(text: string, max: number): string {
  const body = cleanText(text).replace(/`/g, 'ˋ').trim();
  const overhead = codeBlock('').length;
  return codeBlock(cut(body, Math.max(1, max - overhead)));
}
