// Loads the inventories /offers send needs to tell which item each entry of `give`/`receive`
// is: only the named context for an `app/context/asset` entry, and every context with items
// when any entry is a bare asset id — ids are unique only per app and context, so a bare id
// is known to be unambiguous only once every context was looked through. The owner's contexts
// list and the inventories come from the Steam layer's one inventory cache (shared with
// /inventory and the stock engine), so a second /offers send right after the first, or one
// right after /inventory show, reads nothing again.
import type { InventoryCache } from '../../steam/inventoryCache.js';
import type { EconItem, InventoryContext, InventoryProgress } from '../../steam/types.js';
import type { AssetSpec } from './assetSpec.js';

/** Where traded items usually are: Steam Community items, CS2, TF2, Dota 2, Rust. */
const USUAL_CONTEXTS = ['753/6', '730/2', '440/2', '570/2', '252490/2'];

export interface LocateProgress {
  found: number;
  context: InventoryContext | null;
  progress: InventoryProgress | null;
}

export interface Candidates {
  /** Every item of the contexts that were loaded. */
  items: EconItem[];
  /** The contexts that were looked through. */
  searched: InventoryContext[];
}

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

/** Pure: the contexts to load for these entries, in search order. */
export function contextsFor(specs: readonly AssetSpec[], contexts: readonly InventoryContext[]): InventoryContext[] {
  const ordered = searchOrder(contexts);
  if (specs.some((s) => s.appid === null)) return ordered;
  return ordered.filter((c) => specs.some((s) => s.appid === c.appid && s.contextid === c.contextid));
}

export async function loadCandidates(
  inventories: Pick<InventoryCache, 'contexts' | 'get'>,
  steamid: string,
  specs: readonly AssetSpec[],
  onProgress: (progress: LocateProgress) => Promise<void>,
): Promise<Candidates> {
  const items: EconItem[] = [];
  const searched: InventoryContext[] = [];
  if (specs.length === 0) return { items, searched };
  await onProgress({ found: 0, context: null, progress: null });
  const found = () => specs.filter((s) => items.some((i) => i.assetid === s.assetid)).length;
  for (const context of contextsFor(specs, await inventories.contexts(steamid))) {
    await onProgress({ found: found(), context, progress: null });
    const { inventory } = await inventories.get(
      { steamid, appid: context.appid, contextid: context.contextid },
      { onProgress: (progress) => onProgress({ found: found(), context, progress }) },
    );
    searched.push(context);
    for (const item of inventory.items) items.push(item);
  }
  return { items, searched };
}
