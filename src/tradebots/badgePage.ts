// How many cards make a game's set (steam-protocol.md §6.1). The inventory does not say;
// the bot's own badge page for the game does: ASF (ArchiWebHandler.GetCardCountForGame)
// counts `//div[@class='badge_card_set_cards']/div[starts-with(@class,'badge_card_set_card')]`
// on /my/gamecards/{appid}?l=english and keeps the answer for good. A file of overrides
// covers games the page gets wrong or the bot cannot fetch.
//
// The markup (owned cards carry a quantity "(2)"; the foil page ?border=1 is laid out alike):
//   <div class="badge_card_set_cards">
//     <div class="badge_card_set_card owned">
//       <div class="game_card_ctn ..."><img class="gamecard" src="..."></div>
//       <div class="badge_card_set_text ellipsis"><div class="badge_card_set_text_qty">(2)</div>Atlas</div>
//       <div class="badge_card_set_text">1 of 6, Series 1</div>
//     </div>
//     <div class="badge_card_set_card unowned">...</div>
//     <div style="clear: left;"></div>
//   </div>
// The trailing clearing div is why only children with the card class are counted.
import { z } from 'zod';
import type { EconDescription } from '../steam/types.js';
import { readConfigFile } from './configFile.js';
import { gameAppid } from './stock.js';

/** Sets have 5 to 15 cards (§6.1); ASF refuses fewer than 5. */
export const MIN_CARDS_PER_SET = 5;
export const MAX_CARDS_PER_SET = 15;

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const CLASS_ATTR = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

function classes(attributes: string): string[] {
  const m = CLASS_ATTR.exec(attributes);
  const value = m?.[1] ?? m?.[2] ?? m?.[3] ?? '';
  return value.split(/\s+/).filter(Boolean);
}

function plausible(size: number): boolean {
  return size >= MIN_CARDS_PER_SET && size <= MAX_CARDS_PER_SET;
}

/**
 * Counts the cards of the set on a gamecards page: the `div.badge_card_set_card` children of
 * the first `div.badge_card_set_cards`. Null when the page has no such list (a game without
 * cards redirects to the badge overview; a logged-out or error page has none either) or when
 * the count is not a possible set size: an unknown size is reported, never guessed.
 */
export function parseBadgePageSetSize(html: string): number | null {
  TAG.lastIndex = 0;
  let depth = 0; // div depth inside the set list; 0 = not inside it yet
  let cards = 0;
  let inScriptOrStyle: string | null = null;
  for (let m = TAG.exec(html); m !== null; m = TAG.exec(html)) {
    if (m[2] === undefined) continue; // a comment
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    // Markup inside a script (Steam's pages carry template strings) is not markup.
    if (inScriptOrStyle !== null) {
      if (closing && name === inScriptOrStyle) inScriptOrStyle = null;
      continue;
    }
    if (!closing && (name === 'script' || name === 'style')) {
      inScriptOrStyle = name;
      continue;
    }
    if (name !== 'div') continue;
    const attributes = m[3] ?? '';
    const selfClosing = /\/\s*$/.test(attributes);
    if (depth === 0) {
      if (!closing && classes(attributes).includes('badge_card_set_cards') && !selfClosing) depth = 1;
      continue;
    }
    if (closing) {
      depth--;
      if (depth === 0) return plausible(cards) ? cards : null;
      continue;
    }
    if (depth === 1 && classes(attributes).includes('badge_card_set_card')) cards++;
    if (!selfClosing) depth++;
  }
  // The list never closed: a cut-off page. Trust what was seen only if it is a whole set.
  return depth > 0 && plausible(cards) ? cards : null;
}

/**
 * Cards per set from the booster packs among the items: a pack lists the classids of its
 * game's cards (container_properties, 2025+, steam-protocol.md §6.1). Game → size; packs
 * with an implausible list are left out.
 */
export function boosterPackSetSizes(items: Iterable<{ description: EconDescription | null }>): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const { description } of items) {
    if (!description?.containedClassids) continue;
    const appid = gameAppid(description);
    const size = new Set(description.containedClassids).size;
    if (appid !== null && plausible(size)) sizes.set(appid, size);
  }
  return sizes;
}

// --- the set-size override file ----------------------------------------------------------

/** `{ "<appid>": <cards per set>, ... }`, e.g. `{ "730": 5, "440": 9 }`. */
export const setSizeOverridesSchema = z.record(
  z.string().regex(/^[1-9]\d*$/, { error: 'expected an app id made of digits' }),
  z
    .number({ error: 'expected a whole number of cards' })
    .int({ error: 'expected a whole number of cards' })
    .min(MIN_CARDS_PER_SET, { error: `expected ${MIN_CARDS_PER_SET} to ${MAX_CARDS_PER_SET} cards` })
    .max(MAX_CARDS_PER_SET, { error: `expected ${MIN_CARDS_PER_SET} to ${MAX_CARDS_PER_SET} cards` }),
  { error: 'expected an object of app id → cards per set' },
);

export type SetSizeOverridesResult =
  { ok: true; sizes: Map<number, number> } | { ok: false; reason: 'unreadable' | 'invalid'; message: string };

export function parseSetSizeOverrides(text: string, file: string): SetSizeOverridesResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: `${file}: not valid JSON (${(err as Error).message})` };
  }
  const parsed = setSizeOverridesSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      return { ok: false, reason: 'invalid', message: `${file}: ${inner}, got ${JSON.stringify(issue.path.at(-1))}` };
    }
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    const value = issue.path.length > 0 ? (data as Record<string, unknown>)[String(issue.path[0])] : data;
    return { ok: false, reason: 'invalid', message: `${file}: ${where}${issue.message}, got ${show(value)}` };
  }
  const sizes = new Map<number, number>();
  for (const [appid, size] of Object.entries(parsed.data)) sizes.set(Number(appid), size);
  return { ok: true, sizes };
}

export async function loadSetSizeOverrides(path: string): Promise<SetSizeOverridesResult> {
  const file = await readConfigFile(path);
  return file.ok ? parseSetSizeOverrides(file.text, path) : file;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

/** Set sizes from several sources, the first that knows a game winning (overrides first). */
export function setSizeLookup(...sources: ReadonlyMap<number, number>[]): (appid: number) => number | undefined {
  return (appid) => {
    for (const source of sources) {
      const size = source.get(appid);
      if (size !== undefined) return size;
    }
    return undefined;
  };
}
