// Item descriptions and inventory assets as Steam sends them (community inventory pages,
// IEconService's embedded descriptions, ISteamEconomy/GetAssetClassInfo), read with plain checks
// where there are 100,000s of them, and mapped into the domain types of types.ts.
import { z } from 'zod';
import type { EconDescription, EconItem, EconTag } from '../types.js';
import {
  steamBool,
  steamId,
  steamInt,
  idOf,
  intOf,
  boolOf,
  Invalid,
  optional,
  stringOf,
  Intern,
  NO_TAGS,
  noIntern,
} from './primitives.js';

export function descriptionKey(classid: string, instanceid: string | undefined): string {
  return `${classid}_${instanceid ?? '0'}`;
}

const NO_FRAUD_WARNINGS: readonly string[] = Object.freeze([]);

const containerProperties = z.looseObject({
  contained_items: z.array(z.looseObject({ classid: steamId })),
});

/** A booster pack's card classids (container_properties, 2025+); undefined for anything else. */
export function containedClassids(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  // Read leniently: a pack we cannot read must not fail the page.
  const parsed = containerProperties.safeParse(raw);
  return parsed.success ? parsed.data.contained_items.map((i) => i.classid) : undefined;
}

function tagsOf(value: unknown, intern: Intern): readonly EconTag[] | undefined {
  if (!Array.isArray(value)) return undefined;
  if (value.length === 0) return NO_TAGS;
  // Checked and keyed from Steam's values first; the tag objects are built only for a list
  // not seen before in this load.
  const fields: string[] = [];
  let key = '';
  for (let i = 0; i < value.length; i++) {
    const tag = value[i] as Record<string, unknown> | null;
    if (typeof tag !== 'object' || tag === null) throw new Invalid(`tags.${i}: expected an object`);
    // Older payloads used category_name for the category, name for the localized name.
    const category =
      optional(tag, 'category', stringOf, 'a string') ?? optional(tag, 'category_name', stringOf, 'a string') ?? '';
    const internalName = optional(tag, 'internal_name', stringOf, 'a string') ?? '';
    const name =
      optional(tag, 'localized_tag_name', stringOf, 'a string') ?? optional(tag, 'name', stringOf, 'a string') ?? '';
    fields.push(category, internalName, name);
    key += `${category}\u0001${internalName}\u0001${name}\u0002`;
  }
  return intern.tags(key, () => {
    const tags: EconTag[] = [];
    for (let i = 0; i < fields.length; i += 3) {
      tags.push({ category: intern(fields[i]!), internalName: intern(fields[i + 1]!), name: intern(fields[i + 2]!) });
    }
    return tags;
  });
}

function stringsOf(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : undefined;
}

/**
 * An item description (docs/steam.md#item-descriptions) as the compact EconDescription, or a sentence naming what is
 * wrong with it. Only the fields tradedesk reads are checked and kept; unknown ones are
 * ignored. `intern` shares the strings many classes repeat (tag names, "Card 3", a game's
 * card type), so 30,000 descriptions do not hold 30,000 copies of "item_class". Pure.
 */
export function readDescription(raw: unknown, intern: Intern = noIntern): EconDescription | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'expected an object';
  const d = raw as Record<string, unknown>;
  try {
    const appid = intOf(d.appid);
    if (appid === undefined) return 'appid: expected a number';
    const classid = idOf(d.classid);
    if (classid === undefined) return 'classid: expected a numeric id';
    const name =
      optional(d, 'name', stringOf, 'a string') ??
      optional(d, 'market_name', stringOf, 'a string') ??
      optional(d, 'market_hash_name', stringOf, 'a string') ??
      `Item ${classid}`;
    const type = optional(d, 'type', stringOf, 'a string');
    const fraudWarnings = optional(d, 'fraudwarnings', stringsOf, 'a list of strings');
    const contained = containedClassids(d.container_properties);
    return {
      appid,
      classid,
      instanceid: optional(d, 'instanceid', idOf, 'a numeric id') ?? '0',
      name: intern(name),
      marketHashName: optional(d, 'market_hash_name', stringOf, 'a string') ?? name,
      type: type === undefined ? '' : intern(type),
      tradable: optional(d, 'tradable', boolOf, '0/1 or a boolean') ?? false,
      marketable: optional(d, 'marketable', boolOf, '0/1 or a boolean') ?? false,
      tags: optional(d, 'tags', (v) => tagsOf(v, intern), 'a list of tags') ?? NO_TAGS,
      marketFeeApp: optional(d, 'market_fee_app', intOf, 'a number') ?? null,
      sealed: optional(d, 'sealed', boolOf, '0/1 or a boolean') ?? false,
      fraudWarnings: fraudWarnings?.length ? fraudWarnings : NO_FRAUD_WARNINGS,
      ...(contained ? { containedClassids: contained } : {}),
    };
  } catch (error) {
    if (error instanceof Invalid) return error.problem;
    throw error;
  }
}

/** readDescription as a zod schema, for answers that embed descriptions (IEconService). */
export const econDescription = z.unknown().transform((raw, ctx): EconDescription => {
  const read = readDescription(raw);
  if (typeof read === 'string') {
    ctx.addIssue({ code: 'custom', message: read, input: raw });
    return z.NEVER;
  }
  return read;
});

/** Joins descriptions by classid_instanceid (instanceid "0" when missing). */
export function indexDescriptions(descriptions: readonly EconDescription[], into = new Map<string, EconDescription>()) {
  for (const d of descriptions) {
    const key = descriptionKey(d.classid, d.instanceid);
    if (!into.has(key)) into.set(key, d);
  }
  return into;
}

/** What the class cache keeps: the domain description, checked again when read back. */
export const storedDescription = z
  .object({
    appid: z.number().int(),
    classid: z.string(),
    instanceid: z.string(),
    name: z.string(),
    marketHashName: z.string(),
    type: z.string(),
    tradable: z.boolean(),
    marketable: z.boolean(),
    // Records written before issue 13 carry more fields, and are read fine.
    tags: z.array(z.object({ category: z.string(), internalName: z.string(), name: z.string().catch('') })),
    marketFeeApp: z.number().nullable(),
    sealed: z.boolean(),
    fraudWarnings: z.array(z.string()),
    containedClassids: z.array(z.string()).optional(),
  })
  .transform(({ containedClassids, ...rest }): EconDescription =>
    containedClassids ? { ...rest, containedClassids } : rest,
  );

// ---- ISteamEconomy/GetAssetClassInfo (docs/steam.md#getassetclassinfo) ----

/** {result: {"<classid>[_<instanceid>]": {…}, success: true}}; an answer without success is a failure. */
export const classInfoResponse = z.looseObject({
  result: z
    .record(z.string(), z.unknown())
    .refine((result) => result.success === true || result.success === 1 || result.success === '1', {
      message: 'result.success is not true',
    }),
});

/** GetAssetClassInfo sends lists as objects keyed "0", "1", … and an empty fraudwarnings as "". */
function asList(value: unknown): unknown {
  if (value === '' || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) return Object.values(value);
  return value;
}

const CLASS_KEY = /^(\d+)(?:_(\d+))?$/;

/** One entry of a GetAssetClassInfo result, or null for `success` and anything unreadable. */
export function toClassDescription(appid: number, key: string, value: unknown): EconDescription | null {
  const match = CLASS_KEY.exec(key);
  if (!match || typeof value !== 'object' || value === null) return null;
  const raw = value as Record<string, unknown>;
  const normalised: Record<string, unknown> = {
    ...raw,
    appid,
    classid: raw.classid ?? match[1],
    instanceid: raw.instanceid ?? match[2] ?? '0',
  };
  for (const field of ['descriptions', 'owner_descriptions', 'tags', 'actions', 'market_actions', 'fraudwarnings']) {
    if (field in raw) normalised[field] = asList(raw[field]);
  }
  const read = readDescription(normalised);
  return typeof read === 'string' ? null : read;
}

// ---- community inventory (docs/steam.md#inventories) ----

/**
 * One inventory asset as an item not yet joined to its description, or a sentence naming
 * what is wrong with it. Checked with plain comparisons rather than zod: an inventory has
 * 100,000s of assets, and zod per asset was most of the load's cost (issue 13). The rules are
 * the schemas' own: appid a number or numeric string, ids digit strings (or small numbers),
 * amount a numeric string or number, assetid or currencyid; unknown fields ignored. The item
 * takes `contextid` (the inventory's own string) when the asset names the same context. Pure.
 */
export function readInventoryAsset(raw: unknown, contextid: string): EconItem | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'expected an object';
  const a = raw as Record<string, unknown>;
  const appid = intOf(a.appid);
  if (appid === undefined) return 'appid: expected a number';
  const assetContextid = idOf(a.contextid);
  if (assetContextid === undefined) return 'contextid: expected a numeric id';
  const classid = idOf(a.classid);
  if (classid === undefined) return 'classid: expected a numeric id';
  let instanceid = '0';
  if (a.instanceid !== undefined) {
    const parsed = idOf(a.instanceid);
    if (parsed === undefined) return 'instanceid: expected a numeric id';
    instanceid = parsed;
  }
  let amount = 1;
  if (a.amount !== undefined) {
    const parsed = intOf(a.amount);
    if (parsed === undefined) return 'amount: expected a number';
    amount = parsed;
  }
  const assetid = a.assetid === undefined ? undefined : idOf(a.assetid);
  if (a.assetid !== undefined && assetid === undefined) return 'assetid: expected a numeric id';
  const currencyid = a.currencyid === undefined ? undefined : idOf(a.currencyid);
  if (a.currencyid !== undefined && currencyid === undefined) return 'currencyid: expected a numeric id';
  const id = assetid ?? currencyid;
  if (id === undefined) return 'expected an assetid or a currencyid';
  return {
    appid,
    contextid: assetContextid === contextid ? contextid : assetContextid,
    assetid: id,
    classid,
    instanceid,
    amount,
    isCurrency: assetid === undefined,
    description: null,
  };
}

/**
 * The page around the assets and descriptions. Those two are arrays here and are read one by
 * one in inventory.ts: a description only the first time its class is seen (Steam repeats a
 * class's description on every page holding a copy), an asset with readInventoryAsset.
 */
/** An array, taken as it is (z.array would copy each of its thousands of elements). */
export const list = z.custom<unknown[]>((value) => Array.isArray(value), 'expected an array');

export const inventoryPage = z.looseObject({
  success: steamInt.optional(),
  assets: list.optional(),
  descriptions: list.optional(),
  more_items: steamBool.optional(),
  last_assetid: steamId.optional(),
  total_inventory_count: steamInt.optional(),
  error: z.string().optional(),
});
