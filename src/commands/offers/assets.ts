// Finding the app and context of asset ids, for /offers send. An asset id alone does not say
// which inventory it lives in (ids are unique only inside one app/context), so we read the
// owner's list of contexts (the profile inventory page) and load those contexts, the usual
// trading ones first, until every id is found. Inventories come from the Steam layer's one
// inventory cache (shared with /inventory and the stock engine); the contexts lists are kept
// here for a minute, so a second /offers send right after the first reads neither again.
import type { SteamClient } from '../../steam/client.js';
import type { EconItem, Inventory, InventoryContext, InventoryProgress } from '../../steam/types.js';
import { perOwner } from '../perOwner.js';
import { TtlCache } from './cache.js';

export const INVENTORY_CACHE_TTL_MS = 60_000;

/** Where traded items usually are: Steam Community items, CS2, TF2, Dota 2, Rust. */
const USUAL_CONTEXTS = ['753/6', '730/2', '440/2', '570/2', '252490/2'];

/**
 * The order to search in: contexts with no items are skipped, the usual trading contexts come
 * first, the rest by item count (small ones are quick to load). Pure.
 */
export function searchOrder(contexts: readonly InventoryContext[]): InventoryContext[] {
  const rank = (c: InventoryContext) => {
    const usual = USUAL_CONTEXTS.indexOf(`${c.appid}/${c.contextid}`);
    return usual === -1 ? USUAL_CONTEXTS.length : usual;
  };
  return contexts
    .filter((c) => c.assetCount > 0)
    .sort((a, b) => rank(a) - rank(b) || a.assetCount - b.assetCount || a.appid - b.appid);
}

/**
 * Picks the wanted asset ids out of one inventory into `found` (the first context that has an
 * id wins). Currency entries are not assets and cannot be put in an offer's asset list.
 */
export function collectAssets(items: readonly EconItem[], wanted: ReadonlySet<string>, found: Map<string, EconItem>) {
  for (const item of items) {
    if (!item.isCurrency && wanted.has(item.assetid) && !found.has(item.assetid)) found.set(item.assetid, item);
  }
}

/**
 * Where /offers send looks for the asset ids it was given: contexts lists by owner, kept for a
 * minute, and inventories through steam.inventoryCache; a failed load is kept by neither.
 */
export class OfferAssetCache {
  private readonly contextLists: TtlCache<InventoryContext[]>;

  constructor(
    private readonly steam: SteamClient,
    now: () => number = Date.now,
  ) {
    this.contextLists = new TtlCache(INVENTORY_CACHE_TTL_MS, now);
  }

  contexts(steamid: string): Promise<InventoryContext[]> {
    return this.contextLists.get(steamid, () => this.steam.inventories.contexts(steamid));
  }

  inventory(
    steamid: string,
    context: InventoryContext,
    onProgress?: (progress: InventoryProgress) => void | Promise<void>,
  ): Promise<Inventory> {
    return this.steam.inventoryCache
      .get({ steamid, appid: context.appid, contextid: context.contextid }, onProgress ? { onProgress } : {})
      .then((cached) => cached.inventory);
  }
}

/** One cache per Steam client (so two apps in one process, as in tests, never share one). */
export const offerAssetCacheFor = perOwner((steam: SteamClient) => new OfferAssetCache(steam));

export interface LocateResult {
  /** By asset id, in the order asked for. */
  found: Map<string, EconItem>;
  missing: string[];
  /** The contexts that were looked through. */
  searched: InventoryContext[];
}

export interface LocateProgress {
  found: number;
  context: InventoryContext | null;
  progress: InventoryProgress | null;
}

/** Looks through the owner's contexts until every asset id is found (or there is nothing left). */
export async function locateAssets(
  cache: Pick<OfferAssetCache, 'contexts' | 'inventory'>,
  steamid: string,
  assetids: readonly string[],
  onProgress: (progress: LocateProgress) => Promise<void>,
): Promise<LocateResult> {
  const wanted = new Set(assetids);
  const found = new Map<string, EconItem>();
  const searched: InventoryContext[] = [];
  if (wanted.size === 0) return { found, missing: [], searched };
  await onProgress({ found: 0, context: null, progress: null });
  const contexts = searchOrder(await cache.contexts(steamid));
  for (const context of contexts) {
    if (found.size === wanted.size) break;
    await onProgress({ found: found.size, context, progress: null });
    const inventory = await cache.inventory(steamid, context, (progress) =>
      onProgress({ found: found.size, context, progress }),
    );
    searched.push(context);
    collectAssets(inventory.items, wanted, found);
  }
  const ordered = new Map<string, EconItem>();
  for (const id of assetids) {
    const item = found.get(id);
    if (item) ordered.set(id, item);
  }
  return { found: ordered, missing: assetids.filter((id) => !found.has(id)), searched };
}
