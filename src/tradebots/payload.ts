// The SteamTradeBots.com update body (steam-protocol.md §8): built from the stock and the
// rates file, diffed against what the site last accepted so only changes are sent (the site
// allows 10 requests per 5 minutes), and summarised for /tradebots preview.
import { KEY_KINDS, KEY_LABELS, type KeyKind } from './keys.js';
import { RATE_FIELDS, type Rates } from './rates.js';
import type { Stock } from './stock.js';

export const BOT_STATUSES = ['online', 'offline', 'busy'] as const;
export type BotStatus = (typeof BOT_STATUSES)[number];

export interface StockFields {
  stock_sets: number;
  stock_unique_sets: number;
  stock_foil_sets: number;
  stock_gems: number;
  stock_keys_csgo: number;
  stock_keys_tf2: number;
  stock_keys_hydra: number;
  stock_tickets_tod: number;
  /** App id → full regular sets of that game. */
  stock_badges: Record<string, number>;
  /** App ids with at least one full regular set, ascending. */
  stock_badge_appids: number[];
}

/** Every field the site documents; an update carries any subset of them. */
export type SteamTradeBotsUpdate = Partial<
  { status: BotStatus; last_update_timestamp: number } & StockFields & { [K in keyof Rates]-?: Rates[K] }
>;
export type UpdateField = keyof SteamTradeBotsUpdate;

const STOCK_FIELDS = [
  'stock_sets',
  'stock_unique_sets',
  'stock_foil_sets',
  'stock_gems',
  'stock_keys_csgo',
  'stock_keys_tf2',
  'stock_keys_hydra',
  'stock_tickets_tod',
  'stock_badges',
  'stock_badge_appids',
] as const satisfies readonly (keyof StockFields)[];

/** The order fields are written in, so previews and request bodies read the same every time. */
export const UPDATE_FIELDS: readonly UpdateField[] = [
  'status',
  ...RATE_FIELDS,
  ...STOCK_FIELDS,
  'last_update_timestamp',
];

const STOCK_KEY_FIELD: Record<KeyKind, keyof StockFields> = {
  csgo: 'stock_keys_csgo',
  tf2: 'stock_keys_tf2',
  hydra: 'stock_keys_hydra',
  tod: 'stock_tickets_tod',
};

export function stockFields(stock: Stock): StockFields {
  const badges: Record<string, number> = {};
  for (const appid of stock.totals.badgeAppids) badges[String(appid)] = stock.sets.get(appid)?.regular ?? 0;
  return {
    stock_sets: stock.totals.regularSets,
    stock_unique_sets: stock.totals.badgeAppids.length,
    stock_foil_sets: stock.totals.foilSets,
    stock_gems: stock.gems,
    stock_keys_csgo: stock.keys.csgo,
    stock_keys_tf2: stock.keys.tf2,
    stock_keys_hydra: stock.keys.hydra,
    stock_tickets_tod: stock.keys.tod,
    stock_badges: badges,
    stock_badge_appids: [...stock.totals.badgeAppids],
  };
}

export interface BuildPayloadInput {
  stock: Stock;
  rates: Rates;
  status: BotStatus;
  /** When the stock was computed; becomes last_update_timestamp (unix seconds). */
  now: Date | number;
}

/** The full update: status, every rate the file sets, every stock field, the timestamp. */
export function buildPayload({ stock, rates, status, now }: BuildPayloadInput): SteamTradeBotsUpdate {
  const ms = typeof now === 'number' ? now : now.getTime();
  const source: Record<string, unknown> = {
    status,
    ...rates,
    ...stockFields(stock),
    last_update_timestamp: Math.floor(ms / 1000),
  };
  const payload: Record<string, unknown> = {};
  for (const field of UPDATE_FIELDS) {
    const value = source[field];
    if (value !== undefined) payload[field] = value;
  }
  return payload as SteamTradeBotsUpdate;
}

/**
 * The fields of `next` that differ from `previous` (deep comparison), plus
 * last_update_timestamp whenever anything else changed; a new timestamp alone is no change.
 * Fields missing from `next` are not sent: the site documents no way to clear a field.
 * An empty object means there is nothing to send.
 */
export function diffPayload(previous: SteamTradeBotsUpdate | null, next: SteamTradeBotsUpdate): SteamTradeBotsUpdate {
  const diff: Record<string, unknown> = {};
  let changed = false;
  for (const field of UPDATE_FIELDS) {
    if (field === 'last_update_timestamp') continue;
    const value = next[field];
    if (value === undefined) continue;
    if (previous !== null && jsonEqual(previous[field], value)) continue;
    diff[field] = value;
    changed = true;
  }
  if (changed && next.last_update_timestamp !== undefined) diff.last_update_timestamp = next.last_update_timestamp;
  return diff as SteamTradeBotsUpdate;
}

export function hasChanges(update: SteamTradeBotsUpdate): boolean {
  return Object.keys(update).length > 0;
}

/** Deep equality of JSON values; object key order does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  }
  const ak = Object.keys(a);
  const bk = Object.keys(b);
  if (ak.length !== bk.length) return false;
  const bo = b as Record<string, unknown>;
  return ak.every((k) => Object.hasOwn(bo, k) && jsonEqual((a as Record<string, unknown>)[k], bo[k]));
}

// --- /tradebots preview summary ---------------------------------------------------------

const n = (v: number) => v.toLocaleString('en-US');
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
