// Item names on one line ("2× Key, 1× Gems, …and 3 more kinds"), for history entries and
// the /offers send reply, where a field per side would be too much.
import type { EconDescription } from '../steam/types.js';
import { escapeMarkdown } from './offer.js';

export interface CountedItem {
  label: string;
  amount: number;
}

/** market_hash_name (what traders search for), else the name, else the ids. */
export function itemLabel(item: { appid: number; classid: string; description: EconDescription | null }): string {
  const d = item.description;
  if (!d) return `Unknown item (app ${item.appid}, class ${item.classid})`;
  return d.marketHashName || d.name;
}

/** Same labels added up, most first then by name, cut at `limit` characters with a count of the rest. */
export function inlineItems(items: readonly CountedItem[], limit: number): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item.label, (counts.get(item.label) ?? 0) + item.amount);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const [label, count] = sorted[i]!;
    const part = `${count.toLocaleString('en-US')}× ${escapeMarkdown(label)}`;
    const rest = sorted.length - i;
    const tail = `…and ${rest} more kind${rest === 1 ? '' : 's'}`;
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
