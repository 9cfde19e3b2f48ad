// An inventory as /inventory show lists it: items grouped by what they are, with quantities.
// Pure.
import type { EconItem, InventoryGroup } from './types.js';

/** localeCompare's order from one collator (localeCompare sets one up per call: slow for 30,000 groups). */
const byName = new Intl.Collator();

/**
 * Groups items by market_hash_name with quantities (a stack of 1,000 gems counts 1,000).
 * `search` matches name, market_hash_name and type, case-insensitively.
 */
export function aggregateInventory(items: readonly EconItem[], search?: string): InventoryGroup[] {
  const needle = search?.trim().toLowerCase() ?? '';
  const groups = new Map<string, InventoryGroup>();
  for (const item of items) {
    const d = item.description;
    const marketHashName = d?.marketHashName ?? `${item.appid}-class-${item.classid}`;
    // An item with fraud warnings (a TF2 name tag) is listed apart from the real ones it imitates.
    const key = d?.fraudWarnings.length
      ? `${marketHashName}\0${d.name}\0${d.fraudWarnings.join('\0')}`
      : marketHashName;
    let group = groups.get(key);
    if (!group) {
      const name = d?.name ?? `Unknown item (class ${item.classid})`;
      const type = d?.type ?? '';
      if (needle && !`${name}\n${marketHashName}\n${type}`.toLowerCase().includes(needle)) continue;
      group = {
        marketHashName,
        name,
        type,
        quantity: 0,
        tradableQuantity: 0,
        marketable: d?.marketable ?? false,
        tradable: false,
        isCurrency: item.isCurrency,
        fraudWarnings: d?.fraudWarnings ?? [],
      };
      groups.set(key, group);
    }
    group.quantity += item.amount;
    if (d?.tradable) {
      group.tradableQuantity += item.amount;
      group.tradable = true;
    }
  }
  return [...groups.values()].sort((a, b) => b.quantity - a.quantity || byName.compare(a.name, b.name));
}
