// Loads the inventories /offers send needs to tell which item each entry of `give`/`receive`
// is: only the named context for an `app/context/asset` entry, and every context with items
// when any entry is a bare asset id — ids are unique only per app and context, so a bare id
// is known to be unambiguous only once every context was looked through.
import type { EconItem, InventoryContext } from '../../steam/types.js';
import { searchOrder, type LocateProgress, type OfferAssetCache } from './assets.js';
import type { AssetSpec } from './assetSpec.js';

export interface Candidates {
  /** Every item of the contexts that were loaded. */
  items: EconItem[];
  /** The contexts that were looked through. */
  searched: InventoryContext[];
}

/** Pure: the contexts to load for these entries, in search order. */
export function contextsFor(specs: readonly AssetSpec[], contexts: readonly InventoryContext[]): InventoryContext[] {
  const ordered = searchOrder(contexts);
  if (specs.some((s) => s.appid === null)) return ordered;
  return ordered.filter((c) => specs.some((s) => s.appid === c.appid && s.contextid === c.contextid));
}

export async function loadCandidates(
  cache: Pick<OfferAssetCache, 'contexts' | 'inventory'>,
  steamid: string,
  specs: readonly AssetSpec[],
  onProgress: (progress: LocateProgress) => Promise<void>,
): Promise<Candidates> {
  const items: EconItem[] = [];
  const searched: InventoryContext[] = [];
  if (specs.length === 0) return { items, searched };
  await onProgress({ found: 0, context: null, progress: null });
  const found = () => specs.filter((s) => items.some((i) => i.assetid === s.assetid)).length;
  for (const context of contextsFor(specs, await cache.contexts(steamid))) {
    await onProgress({ found: found(), context, progress: null });
    const inventory = await cache.inventory(steamid, context, (progress) =>
      onProgress({ found: found(), context, progress }),
    );
    searched.push(context);
    items.push(...inventory.items);
  }
  return { items, searched };
}
