// The words for SteamTradeBots stock: the /tradebots preview summary of an update, and the
// offer card's line of what accepting would change. Pure.
import { KEY_KINDS, type KeyKind } from '../tradebots/keys.js';
import type { StockDelta } from '../tradebots/delta.js';
import { STOCK_KEY_FIELD, type SteamTradeBotsUpdate } from '../tradebots/payload.js';
import { thousands } from './text.js';

/** How a kind of key is called in text ("+1 TF2 key", "3 Tour of Duty tickets"). */
export const KEY_LABELS: Record<KeyKind, { one: string; many: string }> = {
  csgo: { one: 'CS:GO key', many: 'CS:GO keys' },
  tf2: { one: 'TF2 key', many: 'TF2 keys' },
  hydra: { one: 'Hydra key', many: 'Hydra keys' },
  tod: { one: 'Tour of Duty ticket', many: 'Tour of Duty tickets' },
};

// --- /tradebots preview summary ---------------------------------------------------------

const n = (v: number) => thousands(v);
const plural = (count: number, one: string, many: string) => `${n(count)} ${count === 1 ? one : many}`;

const KIND_NAMES: Record<KeyKind, string> = { csgo: 'CS:GO', tf2: 'TF2', hydra: 'Hydra', tod: 'Tour of Duty' };

export interface SummaryNotes {
  /** Games with tradable cards whose set size is unknown: not counted, so say so. */
  unknownSetSizes?: readonly number[];
}

/** A pair of buy/sell rates as "buy 25 / sell 27", either side shown as "—" when unset. */
function pair(buy: number | undefined, sell: number | undefined): string | null {
  if (buy === undefined && sell === undefined) return null;
  return `buy ${buy === undefined ? '—' : n(buy)} / sell ${sell === undefined ? '—' : n(sell)}`;
}

function perKind(u: SteamTradeBotsUpdate, buyPrefix: string, sellPrefix: string): string | null {
  const rec = u as Record<string, number | undefined>;
  const parts: string[] = [];
  for (const kind of KEY_KINDS) {
    const p = pair(rec[`${buyPrefix}${kind}`], rec[`${sellPrefix}${kind}`]);
    if (p !== null) parts.push(`${KIND_NAMES[kind]} ${p}`);
  }
  return parts.length > 0 ? parts.join('; ') : null;
}

/** Readable lines for the fields present in `update` (a full payload or a diff). */
export function formatPayloadSummary(update: SteamTradeBotsUpdate, notes: SummaryNotes = {}): string[] {
  const lines: string[] = [];
  const push = (label: string, value: string | null) => {
    if (value !== null) lines.push(`${label}: ${value}`);
  };

  if (update.status !== undefined) push('Status', update.status);

  const stock: string[] = [];
  if (update.stock_sets !== undefined) {
    const games = update.stock_unique_sets;
    stock.push(
      `${plural(update.stock_sets, 'set', 'sets')}${games === undefined ? '' : ` of ${plural(games, 'game', 'games')}`}`,
    );
  } else if (update.stock_unique_sets !== undefined) {
    stock.push(`sets of ${plural(update.stock_unique_sets, 'game', 'games')}`);
  }
  if (update.stock_foil_sets !== undefined) stock.push(plural(update.stock_foil_sets, 'foil set', 'foil sets'));
  if (update.stock_gems !== undefined) stock.push(plural(update.stock_gems, 'gem', 'gems'));
  push('Stock', stock.length > 0 ? stock.join(', ') : null);

  const keys: string[] = [];
  for (const kind of KEY_KINDS) {
    const count = update[STOCK_KEY_FIELD[kind]] as number | undefined;
    if (count !== undefined) keys.push(plural(count, KEY_LABELS[kind].one, KEY_LABELS[kind].many));
  }
  push('Keys', keys.length > 0 ? keys.join(', ') : null);

  if (update.stock_badges !== undefined) {
    const entries = Object.entries(update.stock_badges);
    const shown = entries.slice(0, 10).map(([appid, sets]) => `${appid}: ${n(sets)}`);
    const more = entries.length > shown.length ? `, … ${n(entries.length - shown.length)} more` : '';
    push('Sets per game', entries.length === 0 ? 'none' : `${shown.join(', ')}${more}`);
  } else if (update.stock_badge_appids !== undefined) {
    push('Games with sets', plural(update.stock_badge_appids.length, 'game', 'games'));
  }

  push('Sets per key', perKind(update, 'buy_sets_', 'sell_sets_'));
  push('Gems per set', pair(update.buy_gems_set, update.sell_gems_set));
  push('Gems per key', perKind(update, 'buy_gems_key_', 'sell_gems_key_'));
  push('Foil sets per key', perKind(update, 'buy_foil_sets_', 'sell_foil_sets_'));
  push('Gems per foil set', pair(update.buy_foil_gems_set, update.sell_foil_gems_set));
  push('Gems per badge', pair(update.buy_gems_badge, update.sell_gems_badge));
  if (update.rates_badges !== undefined) {
    const entries = Object.entries(update.rates_badges);
    const shown = entries.slice(0, 10).map(([id, r]) => `${id}: ${r}`);
    const more = entries.length > shown.length ? `, … ${n(entries.length - shown.length)} more` : '';
    push('Badge rates (buy/sell gems)', entries.length === 0 ? 'none' : `${shown.join(', ')}${more}`);
  }
  if (update.max_level !== undefined) push('Max level', n(update.max_level));
  if (update.custom_message !== undefined) push('Message', JSON.stringify(update.custom_message));
  if (update.last_update_timestamp !== undefined) {
    const iso = new Date(update.last_update_timestamp * 1000).toISOString().replace('.000Z', 'Z');
    push('Last update', `${iso} (${update.last_update_timestamp})`);
  }

  const unknown = notes.unknownSetSizes ?? [];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).join(', ');
    const more = unknown.length > 10 ? `, … ${n(unknown.length - 10)} more` : '';
    lines.push(`Not counted: set size unknown for ${plural(unknown.length, 'game', 'games')} (${shown}${more})`);
  }
  return lines;
}

// --- the offer card's stock line -------------------------------------------------------

const MINUS = '\u2212';

function signed(value: number, one: string, many: string): string {
  const abs = Math.abs(value);
  return `${value < 0 ? MINUS : '+'}${thousands(abs)} ${abs === 1 ? one : many}`;
}

/**
 * One line such as "+2 sets (730), −1,000 gems, +1 TF2 key"; "no change to stock" when
 * nothing changes. Unknown set sizes and unidentified items follow after a semicolon, so
 * a "no change" is never mistaken for a checked one. Longer than maxLength (an embed field
 * holds 1,024), the set list is cut with "… N more".
 */
export function formatStockDelta(
  delta: StockDelta,
  maxLength = 1024,
  gameNames: ReadonlyMap<number, string> = new Map(),
): string {
  const game = (appid: string | number) => gameNames.get(Number(appid)) ?? `app ${appid}`;
  const setParts: string[] = [];
  for (const [appid, d] of Object.entries(delta.regularSets))
    setParts.push(`${signed(d, 'set', 'sets')} (${game(appid)})`);
  for (const [appid, d] of Object.entries(delta.foilSets)) {
    setParts.push(`${signed(d, 'foil set', 'foil sets')} (${game(appid)})`);
  }
  const otherParts: string[] = [];
  if (delta.gems !== 0) otherParts.push(signed(delta.gems, 'gem', 'gems'));
  for (const kind of KEY_KINDS) {
    if (delta.keys[kind] !== 0) otherParts.push(signed(delta.keys[kind], KEY_LABELS[kind].one, KEY_LABELS[kind].many));
  }

  const notes: string[] = [];
  if (delta.unknownSetSizes.length > 0) notes.push(`set size unknown: ${delta.unknownSetSizes.map(game).join(', ')}`);
  if (delta.unidentifiedItems > 0) {
    const u = delta.unidentifiedItems;
    notes.push(`${thousands(u)} ${u === 1 ? 'item' : 'items'} not identified`);
  }
  const tail = notes.length > 0 ? `; ${notes.join('; ')}` : '';

  const render = (shownSets: number) => {
    const hidden = setParts.length - shownSets;
    const parts = [...setParts.slice(0, shownSets), ...(hidden > 0 ? [`… ${thousands(hidden)} more`] : [])];
    const all = [...parts, ...otherParts];
    return `${all.length > 0 ? all.join(', ') : 'no change to stock'}${tail}`;
  };

  let shown = setParts.length;
  let text = render(shown);
  while (text.length > maxLength && shown > 0) text = render(--shown);
  return text;
}
