// What `give` and `receive` of /offers send name, and which item each one is. Asset ids are
// unique only inside one app and context (docs/steam.md#inventories), so an entry may say where
// the item is (`753/6/26106175069`), and a bare id found in two contexts is refused with both
// listed. A stack (gems, any item with amount > 1) needs an explicit quantity after a colon
// (`26106175069:500`), so a whole stack is never given by accident. Pure.
import type { EconItem } from '../../steam/types.js';
import { thousands } from '../../format/text.js';

export interface AssetSpec {
  /** As typed (normalised), for messages. */
  text: string;
  appid: number | null;
  contextid: string | null;
  assetid: string;
  /** null when no quantity was given. */
  amount: number | null;
}

const MAX_ID = 0xffffffffffffffffn;
const ENTRY = /^(?:(\d{1,10})\/(\d{1,20})\/)?(\d{1,20})(?::(\d{1,12}))?$/;
const isId = (s: string) => BigInt(s) > 0n && BigInt(s) <= MAX_ID;

export type ParsedSpecs = { ok: true; value: AssetSpec[] } | { ok: false; reason: string };

/** "753/6/123:500, 456" → specs. Refuses empties, malformed entries, zero quantities and repeats. */
export function parseAssetSpecList(input: string): ParsedSpecs {
  const parts = input.split(',').map((part) => part.trim());
  // A trailing comma is how lists get pasted ("1, 2,"); an empty entry inside is a typo.
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') return { ok: true, value: [] };
  const specs: AssetSpec[] = [];
  const seen = new Set<string>();
  for (const part of parts) {
    if (part === '') return { ok: false, reason: 'has an empty entry between commas' };
    const m = ENTRY.exec(part);
    if (!m || !isId(m[3]!) || (m[2] !== undefined && BigInt(m[2]) === 0n)) {
      return {
        ok: false,
        reason: `has "${part.slice(0, 40)}", which is not an asset (an asset id like 26106175069, or app/context/asset like 753/6/26106175069, with :quantity for a stack)`,
      };
    }
    const amount = m[4] === undefined ? null : Number(m[4]);
    if (amount !== null && amount < 1)
      return { ok: false, reason: `asks for ${amount} of "${part}"; a quantity is 1 or more` };
    const assetid = BigInt(m[3]!).toString();
    const appid = m[1] === undefined ? null : Number(m[1]);
    const contextid = m[2] === undefined ? null : BigInt(m[2]).toString();
    const where = appid === null ? assetid : `${appid}/${contextid}/${assetid}`;
    if (seen.has(where) || (appid === null && [...seen].some((s) => s.endsWith(`/${assetid}`))) || seen.has(assetid)) {
      return { ok: false, reason: `lists asset ${where} twice` };
    }
    seen.add(where);
    specs.push({ text: amount === null ? where : `${where}:${amount}`, appid, contextid, assetid, amount });
  }
  return { ok: true, value: specs };
}

/** "753/6/123" for an item: the unambiguous way to name it. */
export const itemWhere = (item: Pick<EconItem, 'appid' | 'contextid' | 'assetid'>): string =>
  `${item.appid}/${item.contextid}/${item.assetid}`;

export type SpecResolution =
  | { kind: 'found'; item: EconItem; amount: number }
  | { kind: 'missing' }
  | { kind: 'ambiguous'; candidates: EconItem[] }
  | { kind: 'badAmount'; item: EconItem; reason: string };

/**
 * Which item an entry names, among the items of the contexts that were loaded, and how many of
 * it to trade. Currency entries are not assets and cannot be put in an offer's asset list.
 */
export function resolveAssetSpec(spec: AssetSpec, items: readonly EconItem[]): SpecResolution {
  const candidates = items.filter(
    (item) =>
      !item.isCurrency &&
      item.assetid === spec.assetid &&
      (spec.appid === null || (item.appid === spec.appid && item.contextid === spec.contextid)),
  );
  if (candidates.length === 0) return { kind: 'missing' };
  if (candidates.length > 1) return { kind: 'ambiguous', candidates };
  const item = candidates[0]!;
  const have = item.amount;
  const name = item.description?.marketHashName || item.description?.name || `class ${item.classid}`;
  if (spec.amount === null) {
    if (have > 1) {
      return {
        kind: 'badAmount',
        item,
        reason: `is a stack of ${thousands(have)} (${name}); say how many to trade: \`${spec.text}:${have}\` for all of it, or fewer`,
      };
    }
    return { kind: 'found', item, amount: 1 };
  }
  if (spec.amount > have) {
    return {
      kind: 'badAmount',
      item,
      reason: `asks for ${thousands(spec.amount)}, but there ${have === 1 ? 'is' : 'are'} only ${thousands(have)} (${name})`,
    };
  }
  return { kind: 'found', item, amount: spec.amount };
}
