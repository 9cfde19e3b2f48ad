// The SteamTradeBots.com update body (docs/steam.md#steamtradebots-api): built from the stock and the
// rates file, diffed against what the site last accepted so only changes are sent (the site
// allows 10 requests per 5 minutes). format/tradebotsStock.ts words it for /tradebots preview.
import type { KeyKind } from './keys.js';
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

/** The update field that carries the stock of each kind of key. */
export const STOCK_KEY_FIELD: Record<KeyKind, keyof StockFields> = {
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
