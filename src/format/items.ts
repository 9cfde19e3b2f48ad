// How an item is named everywhere tradedesk lists items: the display name Steam gives, its
// market_hash_name when that differs (a TF2 name tag can call junk "Mann Co. Supply Crate Key"),
// a clear mark on renamed items and every fraud warning Steam attached. Also the one-line
// form ("2× Key, 1× Gems, …and 3 more kinds") for history entries and the /offers send reply.
import { byItemName } from '../steam/inventoryGroups.js';
import type { EconDescription } from '../steam/types.js';
import { plural, steamLine, thousands } from './text.js';

export interface CountedItem {
  label: string;
  amount: number;
}

/** What naming an item needs from its description. */
export type ItemNaming = Pick<EconDescription, 'name' | 'marketHashName' | 'fraudWarnings'>;

/** The words that mark a renamed item in lines and labels. */
export const RENAMED_MARK = '⚠️ RENAMED';
/** Steam's fraud warning on an item renamed with a name tag (real TF2 descriptions). */
const RENAMED_WARNING = /^This item has been renamed\b/;
const MAX_NAME = 100;

export function isRenamed(d: Pick<EconDescription, 'fraudWarnings'>): boolean {
  return d.fraudWarnings.some((warning) => RENAMED_WARNING.test(warning));
}

/** Of two equal counts, a renamed item's line comes first: it is the one to look at twice. */
export function renamedFirst(a: string, b: string): number {
  return Number(b.startsWith(RENAMED_MARK)) - Number(a.startsWith(RENAMED_MARK));
}

/**
 * Plain label (escaped later): "Name", "Name (market_hash_name)" when they differ, and for a
 * renamed item "⚠️ RENAMED “custom name” — real item: market_hash_name".
 */
export function namingLabel(d: ItemNaming): string {
  if (isRenamed(d)) return `${RENAMED_MARK} “${d.name}” — real item: ${d.marketHashName}`;
  return d.name === d.marketHashName || !d.marketHashName ? d.name : `${d.name} (${d.marketHashName})`;
}

/** The same, escaped for Markdown with each name cleaned and cut. */
export function namingText(d: ItemNaming): string {
  const name = steamLine(d.name, MAX_NAME);
  const hash = steamLine(d.marketHashName, MAX_NAME);
  if (isRenamed(d)) return `${RENAMED_MARK} “${name}” — real item: **${hash}**`;
  return d.name === d.marketHashName || !d.marketHashName ? name : `${name} (${hash})`;
}

/** One "⚠ …" line per fraud warning, cleaned and cut. */
export function warningLines(d: Pick<EconDescription, 'fraudWarnings'>, max = 200): string[] {
  return d.fraudWarnings.map((warning) => `⚠ ${steamLine(warning, max)}`);
}

/** Display name, market_hash_name when it differs, the renamed mark; ids when Steam gave no description. */
export function itemLabel(item: { appid: number; classid: string; description: EconDescription | null }): string {
  const d = item.description;
  if (!d) return `Unknown item (app ${item.appid}, class ${item.classid})`;
  return namingLabel(d);
}

/** Same labels added up, most first then by name, cut at `limit` characters with a count of the rest. */
export function inlineItems(items: readonly CountedItem[], limit: number): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + item.amount);
  const sorted = [...counts.entries()].sort(
    (a, b) => b[1] - a[1] || renamedFirst(a[0], b[0]) || byItemName(a[0], b[0]),
  );
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const [label, count] = sorted[i]!;
    const part = `${thousands(count)}× ${steamLine(label, 2 * MAX_NAME + 40)}`;
    const rest = sorted.length - i;
    const tail = `…and ${plural(rest, 'more kind')}`;
    const separator = parts.length ? 2 : 0;
    // Keep room for the tail unless this is the last kind.
    const needed = length + separator + part.length + (rest > 1 ? 2 + tail.length : 0);
    if (needed > limit) {
      parts.push(tail);
      break;
    }
    parts.push(part);
    length += separator + part.length;
  }
  return parts.join(', ');
}

export function totalAmount(items: readonly { amount: number }[]): number {
  return items.reduce((sum, item) => sum + item.amount, 0);
}
