// The bot's stock as SteamTradeBots.com counts it: full card sets per game (regular and
// foil), gems, and keys by kind, computed from the items of several inventories.
//
// Community items are recognised by their tags (docs/steam.md#community-items), never by name:
// names are localized and collide. Full sets follow ASF's method (docs/steam.md#counting-full-sets). Only tradable
// copies count, because stock is what the bot can hand over in a trade.
import type { EconDescription } from '../steam/types.js';
import { DEFAULT_KEY_TABLE, indexKeyTable, keyLookupKey, type KeyKind, type KeyTable } from './keys.js';

export const STEAM_APPID = 753;
export const COMMUNITY_CONTEXTID = '6';
/** ASF's and BoosterManager's class ids: both carry item_class_7 and only the class tells them apart. */
export const GEMS_CLASSID = '667924416';
export const SACK_OF_GEMS_CLASSID = '667933237';
export const GEMS_PER_SACK = 1000;

/** What computeStock needs of an item: EconItem and TradeOfferAsset both fit. */
export interface StockItem {
  appid: number;
  contextid: string;
  assetid: string;
  classid: string;
  amount: number;
  description: EconDescription | null;
}

/** Looks up how many cards make the set of a game; undefined when not known yet. */
export type SetSizeLookup = (appid: number) => number | undefined;

export interface SetCount {
  regular: number;
  foil: number;
}

export interface StockTotals {
  /** Sum of full regular sets over all games (stock_sets). */
  regularSets: number;
  /** Sum of full foil sets over all games (stock_foil_sets). */
  foilSets: number;
  /** Games with at least one full regular set (stock_unique_sets), ascending. */
  badgeAppids: number[];
}

export interface Stock {
  gems: number;
  keys: Record<KeyKind, number>;
  /** Games with at least one full set, regular or foil. */
  sets: Map<number, SetCount>;
  /** Games whose tradable cards could not be counted into sets: set size unknown. Ascending. */
  unknownSetSizes: number[];
  totals: StockTotals;
}

/** What an item is, for stock purposes. Decided once per description. */
export type ItemRole =
  | { role: 'card'; appid: number; foil: boolean }
  | { role: 'gems'; gemsEach: number }
  | { role: 'key'; kind: KeyKind }
  | { role: 'other' };

const OTHER: ItemRole = { role: 'other' };
const LOOSE_GEMS: ItemRole = { role: 'gems', gemsEach: 1 };
const SACK_OF_GEMS: ItemRole = { role: 'gems', gemsEach: GEMS_PER_SACK };

/** The game a Steam Community item belongs to: the Game tag (ASF's RealAppID), else market_fee_app. */
export function gameAppid(description: EconDescription): number | null {
  for (const tag of description.tags) {
    if (tag.category === 'Game' && tag.internalName.startsWith('app_')) {
      const appid = Number(tag.internalName.slice(4));
      if (Number.isSafeInteger(appid) && appid > 0) return appid;
    }
  }
  const fee = description.marketFeeApp;
  return fee !== null && Number.isSafeInteger(fee) && fee > 0 ? fee : null;
}

function communityRole(description: EconDescription, classid: string): ItemRole {
  let itemClass = '';
  let cardborder = '';
  for (const tag of description.tags) {
    if (tag.category === 'item_class') itemClass = tag.internalName;
    else if (tag.category === 'cardborder') cardborder = tag.internalName;
  }
  // ASF reads the cardborder tag first and falls back to item_class_2 when it is missing.
  if (cardborder === 'cardborder_0' || cardborder === 'cardborder_1' || itemClass === 'item_class_2') {
    const appid = gameAppid(description);
    return appid === null ? OTHER : { role: 'card', appid, foil: cardborder === 'cardborder_1' };
  }
  if (itemClass === 'item_class_7' || classid === GEMS_CLASSID || classid === SACK_OF_GEMS_CLASSID) {
    if (classid === SACK_OF_GEMS_CLASSID || description.marketHashName === '753-Sack of Gems') return SACK_OF_GEMS;
    return LOOSE_GEMS;
  }
  return OTHER;
}

/** Classifies one item, tradable or not (callers decide whether untradable copies count). */
export function itemRole(item: StockItem, keyIndex: ReadonlyMap<string, KeyKind>): ItemRole {
  const d = item.description;
  if (d === null) return OTHER;
  if (item.appid === STEAM_APPID) {
    return item.contextid === COMMUNITY_CONTEXTID ? communityRole(d, item.classid) : OTHER;
  }
  const kind = keyIndex.get(keyLookupKey(item.appid, item.contextid, d.marketHashName));
  return kind === undefined ? OTHER : { role: 'key', kind };
}

/**
 * Whether a copy counts: only what the bot can hand over in a trade now. Steam's `tradable`
 * already says it (untradable CS:GO keys bought after 2019-10-28, Points Shop items, fresh
 * market purchases).
 */
export function countsAsStock(description: EconDescription): boolean {
  return description.tradable;
}

/** Copies per classid of one game's cards, regular and foil kept apart as ASF does. */
interface GameCards {
  regular: Map<string, number>;
  foil: Map<string, number>;
}

/** ASF: 0 sets while any card of the set is missing, else the smallest count of any card. */
export function fullSets(copiesPerClassid: ReadonlyMap<string, number>, setSize: number): number {
  if (copiesPerClassid.size < setSize) return 0;
  let min = Infinity;
  for (const n of copiesPerClassid.values()) if (n < min) min = n;
  return min === Infinity ? 0 : min;
}

function validSetSize(size: number | undefined): size is number {
  return size !== undefined && Number.isSafeInteger(size) && size > 0;
}

export function emptyKeyCounts(): Record<KeyKind, number> {
  return { csgo: 0, tf2: 0, hydra: 0, tod: 0 };
}

export function computeStock(
  items: Iterable<StockItem>,
  setSizes: SetSizeLookup,
  keyTable: KeyTable = DEFAULT_KEY_TABLE,
): Stock {
  const keyIndex = indexKeyTable(keyTable);
  // One classification per description object: inventories share descriptions across assets.
  const roles = new Map<EconDescription, ItemRole>();
  const games = new Map<number, GameCards>();
  const keys = emptyKeyCounts();
  let gems = 0;

  for (const item of items) {
    const d = item.description;
    if (d === null || !countsAsStock(d)) continue;
    let role = roles.get(d);
    if (role === undefined) {
      role = itemRole(item, keyIndex);
      roles.set(d, role);
    }
    switch (role.role) {
      case 'card': {
        let game = games.get(role.appid);
        if (game === undefined) {
          game = { regular: new Map(), foil: new Map() };
          games.set(role.appid, game);
        }
        const copies = role.foil ? game.foil : game.regular;
        copies.set(item.classid, (copies.get(item.classid) ?? 0) + item.amount);
        break;
      }
      case 'gems':
        gems += item.amount * role.gemsEach;
        break;
      case 'key':
        keys[role.kind] += item.amount;
        break;
      case 'other':
        break;
    }
  }

  const sets = new Map<number, SetCount>();
  const unknownSetSizes: number[] = [];
  const badgeAppids: number[] = [];
  let regularSets = 0;
  let foilSets = 0;
  for (const appid of [...games.keys()].sort((a, b) => a - b)) {
    const game = games.get(appid)!;
    const size = setSizes(appid);
    if (!validSetSize(size)) {
      unknownSetSizes.push(appid);
      continue;
    }
    const regular = fullSets(game.regular, size);
    const foil = fullSets(game.foil, size);
    if (regular === 0 && foil === 0) continue;
    sets.set(appid, { regular, foil });
    regularSets += regular;
    foilSets += foil;
    if (regular > 0) badgeAppids.push(appid);
  }

  return { gems, keys, sets, unknownSetSizes, totals: { regularSets, foilSets, badgeAppids } };
}
