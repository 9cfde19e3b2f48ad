// What accepting an offer would do to the bot's stock, for the offer card in the feed.
// It is stock(after) − stock(before) with the same engine that feeds SteamTradeBots.com,
// so the card and the published stock can never disagree: sets are not additive (giving
// one card of a set can cost a whole set), so nothing short of recounting is right.
import type { TradeOffer, TradeOfferAsset } from '../steam/types.js';
import { DEFAULT_KEY_TABLE, indexKeyTable, KEY_KINDS, keyContexts, type KeyKind, type KeyTable } from './keys.js';
import {
  COMMUNITY_CONTEXTID,
  computeStock,
  emptyKeyCounts,
  itemRole,
  STEAM_APPID,
  type SetSizeLookup,
  type Stock,
  type StockItem,
} from './stock.js';

export interface StockDelta {
  /** App id → change in full regular sets; only games that change. */
  regularSets: Record<number, number>;
  /** App id → change in full foil sets; only games that change. */
  foilSets: Record<number, number>;
  gems: number;
  keys: Record<KeyKind, number>;
  /** Games whose cards the offer moves but whose set size is unknown, ascending. */
  unknownSetSizes: number[];
  /**
   * Offer items in stock-bearing inventories that could not be accounted for: received
   * without a description, or given but not in the bot's loaded inventory.
   */
  unidentifiedItems: number;
}

type OfferSides = Pick<TradeOffer, 'itemsToGive' | 'itemsToReceive'>;

/**
 * @param items the bot's current items (every inventory the stock is computed from)
 * @param before computeStock of `items`, when the caller already has it
 */
export function offerStockDelta(
  items: readonly StockItem[],
  offer: OfferSides,
  setSizes: SetSizeLookup,
  keyTable: KeyTable = DEFAULT_KEY_TABLE,
  before?: Stock,
): StockDelta {
  const keyIndex = indexKeyTable(keyTable);
  const stockContexts = new Set([
    `${STEAM_APPID}/${COMMUNITY_CONTEXTID}`,
    ...keyContexts(keyTable).map((c) => `${c.appid}/${c.contextid}`),
  ]);
  const bearsStock = (a: TradeOfferAsset) => stockContexts.has(`${a.appid}/${a.contextid}`);

  // Amounts, not whole assets: an offer may take 500 gems out of a stack of 10,000.
  // Keyed by assetid alone so the pass over a large inventory builds no strings.
  const giving = new Map<string, { appid: number; contextid: string; amount: number; found: boolean }[]>();
  for (const a of offer.itemsToGive) {
    if (a.missing) continue;
    const same = giving.get(a.assetid) ?? [];
    const entry = same.find((g) => g.appid === a.appid && g.contextid === a.contextid);
    if (entry) entry.amount += a.amount;
    else same.push({ appid: a.appid, contextid: a.contextid, amount: a.amount, found: false });
    giving.set(a.assetid, same);
  }

  const touched: StockItem[] = [];
  const after: StockItem[] = [];
  for (const item of items) {
    const given = giving.get(item.assetid)?.find((g) => g.appid === item.appid && g.contextid === item.contextid);
    if (given === undefined) {
      after.push(item);
      continue;
    }
    given.found = true;
    touched.push(item);
    const left = item.amount - given.amount;
    if (left > 0) after.push({ ...item, amount: left });
  }

  let unidentifiedItems = 0;
  for (const a of offer.itemsToGive) {
    if (a.missing || !bearsStock(a)) continue;
    const entry = giving.get(a.assetid)?.find((g) => g.appid === a.appid && g.contextid === a.contextid);
    if (entry?.found !== true) unidentifiedItems++;
  }
  for (const a of offer.itemsToReceive) {
    if (a.missing) continue;
    if (a.description === null) {
      if (bearsStock(a)) unidentifiedItems++;
      continue;
    }
    after.push(a);
    touched.push(a);
  }

  const stockBefore = before ?? computeStock(items, setSizes, keyTable);
  const stockAfter = computeStock(after, setSizes, keyTable);

  const regularSets: Record<number, number> = {};
  const foilSets: Record<number, number> = {};
  const appids = new Set([...stockBefore.sets.keys(), ...stockAfter.sets.keys()]);
  for (const appid of [...appids].sort((a, b) => a - b)) {
    const b = stockBefore.sets.get(appid);
    const c = stockAfter.sets.get(appid);
    const regular = (c?.regular ?? 0) - (b?.regular ?? 0);
    const foil = (c?.foil ?? 0) - (b?.foil ?? 0);
    if (regular !== 0) regularSets[appid] = regular;
    if (foil !== 0) foilSets[appid] = foil;
  }

  const keys = emptyKeyCounts();
  for (const kind of KEY_KINDS) keys[kind] = stockAfter.keys[kind] - stockBefore.keys[kind];

  const unknown = new Set([...stockBefore.unknownSetSizes, ...stockAfter.unknownSetSizes]);
  const unknownSetSizes = new Set<number>();
  for (const item of touched) {
    const role = itemRole(item, keyIndex);
    if (role.role === 'card' && unknown.has(role.appid)) unknownSetSizes.add(role.appid);
  }

  return {
    regularSets,
    foilSets,
    gems: stockAfter.gems - stockBefore.gems,
    keys,
    unknownSetSizes: [...unknownSetSizes].sort((a, b) => a - b),
    unidentifiedItems,
  };
}

export function isEmptyDelta(delta: StockDelta): boolean {
  return (
    Object.keys(delta.regularSets).length === 0 &&
    Object.keys(delta.foilSets).length === 0 &&
    delta.gems === 0 &&
    KEY_KINDS.every((k) => delta.keys[k] === 0)
  );
}

/**
 * Game names from the items' own descriptions: a trading card carries its game as a tag of
 * category "Game" (internal_name "app_440", name "Team Fortress 2"). Cleaned of invisible
 * characters and cut; the line is escaped where it is shown.
 */
export function gameNamesOf(items: Iterable<Pick<StockItem, 'description'>>): Map<number, string> {
  const names = new Map<number, string>();
  for (const item of items) {
    for (const tag of item.description?.tags ?? []) {
      const match = tag.category === 'Game' ? /^app_(\d+)$/.exec(tag.internalName) : null;
      if (match && tag.name && !names.has(Number(match[1]))) names.set(Number(match[1]), tag.name.slice(0, 100));
    }
  }
  return names;
}
