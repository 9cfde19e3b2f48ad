// An inventory as /inventory show lists it: items grouped by what they are, with quantities.
// Pure.
import type { EconItem, InventoryGroup } from './types.js';

/**
 * Item names in the order people scan a list for them: letter by letter without regard to the
 * case of A–Z, then exactly, so equal-looking names keep one order. Not Intl.Collator or
 * localeCompare: their first use maps about 2 MB of Node's built-in ICU collation data, which
 * then stays resident for as long as the bot runs (issue 13). For Steam's market names, English
 * and mostly ASCII, the two orders differ only in where accented letters and punctuation go.
 */
export function byItemName(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return x - y;
  }
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}

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
  return [...groups.values()].sort((a, b) => b.quantity - a.quantity || byItemName(a.name, b.name));
}
