// How many cards make a game's set (docs/steam.md#cards-per-set). The inventory does not say;
// the bot's own badge page for the game does: ASF (ArchiWebHandler.GetCardCountForGame)
// counts `//div[@class='badge_card_set_cards']/div[starts-with(@class,'badge_card_set_card')]`
// on /my/gamecards/{appid}?l=english and keeps the answer for good. A file of overrides
// (tradebots/setSizeSources.ts) covers games the page gets wrong or the bot cannot fetch.
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

/** Sets have 5 to 15 cards (docs/steam.md#cards-per-set); ASF refuses fewer than 5. */
export const MIN_CARDS_PER_SET = 5;
export const MAX_CARDS_PER_SET = 15;

const TAG = /<!--[\s\S]*?-->|<(\/?)([a-zA-Z][^\s/>]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
const CLASS_ATTR = /\bclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i;

function classes(attributes: string): string[] {
  const m = CLASS_ATTR.exec(attributes);
  const value = m?.[1] ?? m?.[2] ?? m?.[3] ?? '';
  return value.split(/\s+/).filter(Boolean);
}

/** Whether a count can be a set's size. */
export function plausibleSetSize(size: number): boolean {
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
      if (depth === 0) return plausibleSetSize(cards) ? cards : null;
      continue;
    }
    if (depth === 1 && classes(attributes).includes('badge_card_set_card')) cards++;
    if (!selfClosing) depth++;
  }
  // The list never closed: a cut-off page. Trust what was seen only if it is a whole set.
  return depth > 0 && plausibleSetSize(cards) ? cards : null;
}
