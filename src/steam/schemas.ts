// zod schemas of Steam's wire formats (snake_case, seconds, 0/1 booleans) and the pure
// mapping into the domain types of types.ts. Unknown fields pass through untouched (item
// descriptions and inventory assets, read with plain checks, keep only what is read), and
// unknown enum numbers are kept: Steam changes without notice (steam-protocol.md intro).
import { z } from 'zod';
import type {
  EconDescription,
  EconItem,
  EconTag,
  TradeHistoryAsset,
  TradeOffer,
  TradeOfferAsset,
  TradeOffersSummary,
  Trade,
} from './types.js';
import { accountIdToSteamId64 } from './ids.js';

/** 0/1, "0"/"1" or true/false. */
export const steamBool = z
  .union([z.boolean(), z.number(), z.string()])
  .transform((v) => v === true || v === 1 || v === '1' || v === 'true');
const UINT64_MAX = 0xffff_ffff_ffff_ffffn;
/**
 * A 64-bit id: Steam sends strings, but be lenient about small numbers. Only what fits in 64 bits; a
 * number past 2^53 was already corrupted by JSON.parse, so it is refused rather than kept wrong.
 */
export const steamId = z
  .union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()])
  .transform(String)
  .refine((id) => BigInt(id) <= UINT64_MAX, 'a 64-bit id out of range');
/** A count or timestamp that may arrive as a number or a numeric string. */
export const steamInt = z.union([z.number(), z.string().regex(/^-?\d+$/)]).transform(Number);
/** A uint32 (appid, accountid): Steam's protobufs declare them so. */
export const steamUint32 = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(0).max(0xffff_ffff));
/** An enum value (offer state, confirmation method): a non-negative int32. */
export const steamEnum = z
  .union([
    z.number().int(),
    z
      .string()
      .regex(/^\d{1,10}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(0).max(0x7fff_ffff));
/** Unix seconds as Steam's protobufs carry them (uint32); anything else is not a time. */
export const steamTime = steamUint32;
/** What a timestamp that is present but not a Steam time reads as, so the mapping can say which one. */
export const INVALID_TIME = -1;
const offerTime = steamTime.optional().catch(INVALID_TIME);

export function descriptionKey(classid: string, instanceid: string | undefined): string {
  return `${classid}_${instanceid ?? '0'}`;
}

const NO_FRAUD_WARNINGS: readonly string[] = Object.freeze([]);

const containerProperties = z.looseObject({
  contained_items: z.array(z.looseObject({ classid: steamId })),
});

/** A booster pack's card classids (container_properties, 2025+); undefined for anything else. */
function containedClassids(raw: unknown): string[] | undefined {
  if (raw === undefined) return undefined;
  // Read leniently: a pack we cannot read must not fail the page.
  const parsed = containerProperties.safeParse(raw);
  return parsed.success ? parsed.data.contained_items.map((i) => i.classid) : undefined;
}

// Plain checks with the same rules as steamId, steamInt and steamBool, for what is read once
// per asset or description: a 100,000-item inventory has 100,000 assets and ~100,000
// descriptions on the wire, and zod there was most of the load's CPU and garbage (issue 13).
const DIGITS = /^\d+$/;
const INTEGER = /^-?\d+$/;

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return DIGITS.test(value) ? value : undefined;
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  return undefined;
}

function intOf(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && INTEGER.test(value)) return Number(value);
  return undefined;
}

function boolOf(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number' || typeof value === 'string') return value === 1 || value === '1' || value === 'true';
  return undefined;
}

class Invalid {
  constructor(readonly problem: string) {}
}

function optional<T>(
  d: Record<string, unknown>,
  field: string,
  read: (v: unknown) => T | undefined,
  expected: string,
): T | undefined {
  const value = d[field];
  if (value === undefined) return undefined;
  const read_ = read(value);
  if (read_ === undefined) throw new Invalid(`${field}: expected ${expected}`);
  return read_;
}

const stringOf = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Hands back one shared copy of equal strings, and of equal tag lists (see readDescription):
 * the 30,000 descriptions of a big card inventory carry ~150,000 tags but a few thousand
 * distinct lists (one per game and border), so each list is built and kept once.
 */
export interface Intern {
  (value: string): string;
  /** The list kept under this key, or the one `make` builds (then kept). */
  tags(key: string, make: () => readonly EconTag[]): readonly EconTag[];
}

const NO_TAGS: readonly EconTag[] = Object.freeze([]);

function makeIntern(share: boolean): Intern {
  const strings = new Map<string, string>();
  const lists = new Map<string, readonly EconTag[]>();
  const intern = ((value: string) => {
    if (!share) return value;
    const known = strings.get(value);
    if (known !== undefined) return known;
    strings.set(value, value);
    return value;
  }) as Intern;
  intern.tags = (key, make) => {
    if (!share) return make();
    let list = lists.get(key);
    if (!list) lists.set(key, (list = make()));
    return list;
  };
  return intern;
}

const noIntern: Intern = makeIntern(false);

/** An Intern for one inventory load: the strings and tag lists it keeps are shared by the descriptions. */
export function stringInterner(): Intern {
  return makeIntern(true);
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
 * An item description (§1.2) as the compact EconDescription, or a sentence naming what is
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

// ---- ISteamEconomy/GetAssetClassInfo (§3.3) ----

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

// ---- community inventory (§1) ----

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
const list = z.custom<unknown[]>((value) => Array.isArray(value), 'expected an array');

export const inventoryPage = z.looseObject({
  success: steamInt.optional(),
  assets: list.optional(),
  descriptions: list.optional(),
  more_items: steamBool.optional(),
  last_assetid: steamId.optional(),
  total_inventory_count: steamInt.optional(),
  error: z.string().optional(),
});

// ---- IEconService (§3) ----

const wireOfferAsset = z.looseObject({
  appid: steamUint32,
  contextid: steamId,
  assetid: steamId.optional(),
  currencyid: steamId.optional(),
  classid: steamId,
  instanceid: steamId.optional(),
  amount: steamUint32.optional(),
  missing: steamBool.optional(),
});

/**
 * Only what identifies the offer must be right for it to be read at all. Items are read one by one
 * (toTradeOffer), and a time Steam sent out of range becomes INVALID_TIME instead of failing the offer:
 * one bad field must not hide an offer, and one bad offer must not hide the others (§3.3).
 */
export const wireTradeOffer = z.looseObject({
  tradeofferid: steamId.refine((id) => id !== '0', 'offer id 0'),
  accountid_other: steamUint32.optional(),
  message: z.string().optional().catch(undefined),
  expiration_time: offerTime,
  trade_offer_state: steamEnum,
  items_to_give: z.array(z.unknown()).optional(),
  items_to_receive: z.array(z.unknown()).optional(),
  is_our_offer: steamBool.optional(),
  time_created: offerTime,
  time_updated: offerTime,
  tradeid: steamId.optional().catch(undefined),
  from_real_time_trade: steamBool.optional().catch(undefined),
  escrow_end_date: offerTime,
  confirmation_method: steamEnum.optional().catch(undefined),
});
export type WireTradeOffer = z.infer<typeof wireTradeOffer>;

// Offers are checked one by one (readTradeOffer), so one bad offer costs only itself.
export const getTradeOffersResponse = z.looseObject({
  response: z.looseObject({
    trade_offers_sent: z.array(z.unknown()).optional(),
    trade_offers_received: z.array(z.unknown()).optional(),
    descriptions: z.array(econDescription).optional(),
    next_cursor: steamInt.optional(),
  }),
});

export const getTradeOfferResponse = z.looseObject({
  response: z.looseObject({
    offer: z.unknown().optional(),
    descriptions: z.array(econDescription).optional(),
  }),
});

const count = steamInt.optional().transform((v) => v ?? 0);
export const tradeOffersSummaryResponse = z.looseObject({
  response: z.looseObject({
    pending_received_count: count,
    new_received_count: count,
    updated_received_count: count,
    historical_received_count: count,
    pending_sent_count: count,
    newly_accepted_sent_count: count,
    updated_sent_count: count,
    historical_sent_count: count,
    escrow_received_count: count,
    escrow_sent_count: count,
  }),
});

export function toSummary(r: z.infer<typeof tradeOffersSummaryResponse>['response']): TradeOffersSummary {
  return {
    pendingReceivedCount: r.pending_received_count,
    newReceivedCount: r.new_received_count,
    updatedReceivedCount: r.updated_received_count,
    historicalReceivedCount: r.historical_received_count,
    pendingSentCount: r.pending_sent_count,
    newlyAcceptedSentCount: r.newly_accepted_sent_count,
    updatedSentCount: r.updated_sent_count,
    historicalSentCount: r.historical_sent_count,
    escrowReceivedCount: r.escrow_received_count,
    escrowSentCount: r.escrow_sent_count,
  };
}

function toOfferAsset(raw: unknown, descriptions: Map<string, EconDescription>): TradeOfferAsset | null {
  const parsed = wireOfferAsset.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  const assetid = a.assetid ?? a.currencyid;
  // Steam sometimes returns items without ids (steam-protocol.md §3.3): drop them, like tradeoffer-manager.
  if (assetid === undefined) return null;
  const instanceid = a.instanceid ?? '0';
  return {
    appid: a.appid,
    contextid: a.contextid,
    assetid,
    classid: a.classid,
    instanceid,
    amount: a.amount ?? 1,
    missing: a.missing ?? false,
    description: descriptions.get(descriptionKey(a.classid, instanceid)) ?? null,
  };
}

export interface ReadOffer {
  /** Null when the offer cannot be read at all (no id, no partner, no state). */
  offer: TradeOffer | null;
  /** The offer id when it could be read, for the log. */
  id: string | null;
  /** What was wrong, for the log: fields left out, items dropped. */
  problems: string[];
}

/** One offer of a GetTradeOffers / GetTradeOffer answer, checked on its own. */
export function readTradeOffer(raw: unknown, descriptions: Map<string, EconDescription>): ReadOffer {
  const parsed = wireTradeOffer.safeParse(raw);
  if (!parsed.success) {
    const id = steamId.safeParse((raw as { tradeofferid?: unknown } | null)?.tradeofferid);
    return {
      offer: null,
      id: id.success ? id.data : null,
      problems: parsed.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(offer)'}: ${i.message}`),
    };
  }
  const o = parsed.data;
  const problems: string[] = [];
  const time = (field: string, value: number | undefined): number | undefined => {
    if (value !== INVALID_TIME) return value;
    problems.push(`${field} is not a Steam time; left out`);
    return undefined;
  };
  const created = time('time_created', o.time_created);
  const updated = time('time_updated', o.time_updated);
  const expires = time('expiration_time', o.expiration_time);
  const escrowEnds = time('escrow_end_date', o.escrow_end_date);
  let dropped = 0;
  const mapItems = (items: unknown[] | undefined) =>
    (items ?? []).flatMap((item) => {
      const asset = toOfferAsset(item, descriptions);
      if (!asset) dropped += 1;
      return asset ?? [];
    });
  const itemsToGive = mapItems(o.items_to_give);
  const itemsToReceive = mapItems(o.items_to_receive);
  if (dropped > 0) problems.push(`${dropped} item${dropped === 1 ? '' : 's'} without readable ids left out`);
  if (o.accountid_other === undefined || o.accountid_other <= 0) {
    return { offer: null, id: o.tradeofferid, problems: ['no partner (accountid_other)', ...problems] };
  }
  const seconds = (s: number | undefined) => new Date((s ?? 0) * 1000);
  const offer: TradeOffer = {
    id: o.tradeofferid,
    partner: accountIdToSteamId64(o.accountid_other),
    message: o.message ?? '',
    state: o.trade_offer_state,
    itemsToGive,
    itemsToReceive,
    isOurOffer: o.is_our_offer ?? false,
    created: seconds(created),
    updated: seconds(updated ?? created),
    expires: seconds(expires),
    tradeid: o.tradeid && o.tradeid !== '0' ? o.tradeid : null,
    fromRealTimeTrade: o.from_real_time_trade ?? false,
    confirmationMethod: o.confirmation_method ?? 0,
    escrowEnds: escrowEnds ? seconds(escrowEnds) : null,
    ...(dropped > 0 ? { unreadableItems: dropped } : {}),
  };
  return { offer, id: o.tradeofferid, problems };
}

/** Null when the offer is too broken to show (no partner, no id). */
export function toTradeOffer(raw: unknown, descriptions: Map<string, EconDescription>): TradeOffer | null {
  return readTradeOffer(raw, descriptions).offer;
}

// GetTradeHistory (§3.6). Each trade row is checked on its own (readTrade), so one bad row costs only itself.
// Real 2026 rows carry assets with only appid, contextid and assetid (dmarket/p2p-tracker-core's captured
// steam_trade_history.json), so everything else is optional.
const wireTradeAsset = z.looseObject({
  appid: steamUint32,
  contextid: steamId,
  assetid: steamId,
  amount: steamInt.pipe(z.number().int().nonnegative()).optional(),
  classid: steamId.optional(),
  instanceid: steamId.optional(),
  new_assetid: steamId.optional(),
  new_contextid: steamId.optional(),
  rollback_new_assetid: steamId.optional(),
  rollback_new_contextid: steamId.optional(),
});

/** "0" (and "") mean "none" for ids and times alike. */
const noneIfZero = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === 0 || v === '0' || v === '' ? undefined : v), schema.optional());

const wireTrade = z.looseObject({
  tradeid: steamId,
  steamid_other: steamId,
  time_init: steamTime,
  time_escrow_end: noneIfZero(steamTime),
  time_settlement: noneIfZero(steamTime),
  time_mod: noneIfZero(steamTime),
  status: steamEnum,
  rollback_trade: noneIfZero(steamId),
  assets_given: z.array(wireTradeAsset).optional(),
  assets_received: z.array(wireTradeAsset).optional(),
});

export const tradeHistoryResponse = z.looseObject({
  response: z.looseObject({
    trades: z.array(z.unknown()).optional(),
    more: steamBool.optional(),
    total_trades: steamInt.optional(),
    // A description that cannot be read leaves its items unnamed, not the page unread.
    descriptions: z
      .array(z.unknown())
      .optional()
      .transform((list) =>
        (list ?? []).flatMap((raw) => {
          const read = readDescription(raw);
          return typeof read === 'string' ? [] : [read];
        }),
      ),
  }),
});

export interface ReadTrade {
  trade: Trade | null;
  /** The row's tradeid when it could be read, for the log. */
  id: string | null;
  problems: string[];
}

/** One GetTradeHistory row; null with the reasons when it cannot be read. */
export function readTrade(raw: unknown, descriptions: Map<string, EconDescription>): ReadTrade {
  const parsed = wireTrade.safeParse(raw);
  if (!parsed.success) {
    const id = steamId.safeParse((raw as { tradeid?: unknown } | null)?.tradeid);
    return {
      trade: null,
      id: id.success ? id.data : null,
      problems: parsed.error.issues.map((i) => `${i.path.join('.') || 'trade'}: ${i.message}`),
    };
  }
  const t = parsed.data;
  const date = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000));
  const mapAsset = (a: z.infer<typeof wireTradeAsset>): TradeHistoryAsset => ({
    appid: a.appid,
    contextid: a.contextid,
    assetid: a.assetid,
    amount: a.amount ?? 1,
    classid: a.classid ?? null,
    instanceid: a.instanceid ?? '0',
    newAssetid: a.new_assetid ?? null,
    newContextid: a.new_contextid ?? null,
    rollbackNewAssetid: a.rollback_new_assetid ?? null,
    rollbackNewContextid: a.rollback_new_contextid ?? null,
    description: a.classid === undefined ? null : (descriptions.get(descriptionKey(a.classid, a.instanceid)) ?? null),
  });
  return {
    trade: {
      tradeid: t.tradeid,
      partner: t.steamid_other,
      timeInit: new Date(t.time_init * 1000),
      status: t.status,
      escrowEnds: date(t.time_escrow_end),
      settlement: date(t.time_settlement),
      modified: date(t.time_mod),
      reverses: t.rollback_trade ?? null,
      assetsGiven: (t.assets_given ?? []).map(mapAsset),
      assetsReceived: (t.assets_received ?? []).map(mapAsset),
    },
    id: t.tradeid,
    problems: [],
  };
}

// Missing stays undefined: an empty response means Steam would not say (§3.7), not "no hold".
const escrowDuration = z
  .looseObject({ escrow_end_duration_seconds: steamInt.optional() })
  .optional()
  .transform((v) => (v === undefined ? undefined : (v.escrow_end_duration_seconds ?? 0)));

export const tradeHoldDurationsResponse = z.looseObject({
  response: z.looseObject({ my_escrow: escrowDuration, their_escrow: escrowDuration, both_escrow: escrowDuration }),
});

// ---- community trade actions (§4) ----

export const sendOfferResponse = z.looseObject({
  tradeofferid: steamId.optional(),
  needs_mobile_confirmation: steamBool.optional(),
  needs_email_confirmation: steamBool.optional(),
  strError: z.string().optional(),
});

export const acceptOfferResponse = z.looseObject({
  tradeid: steamId.nullable().optional(),
  needs_mobile_confirmation: steamBool.optional(),
  needs_email_confirmation: steamBool.optional(),
  strError: z.string().optional(),
});

export const offerActionResponse = z.looseObject({
  tradeofferid: steamId.optional(),
  strError: z.string().optional(),
});

// ---- mobile confirmations (§5) ----

export const wireConfirmation = z.looseObject({
  type: steamInt,
  id: steamId,
  creator_id: steamId,
  nonce: steamId,
  creation_time: steamInt.optional(),
  headline: z.string().optional(),
  summary: z.array(z.string()).optional(),
});

export const confirmationListResponse = z.looseObject({
  success: z.boolean(),
  needauth: z.boolean().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
  conf: z.array(wireConfirmation).optional(),
});

export const confirmationOpResponse = z.looseObject({
  success: z.boolean(),
  needauth: z.boolean().optional(),
  message: z.string().optional(),
});

export const queryTimeResponse = z.looseObject({
  response: z.looseObject({ server_time: steamInt }),
});

// ---- ISteamUser ----

export const resolveVanityResponse = z.looseObject({
  response: z.looseObject({ success: steamInt, steamid: steamId.optional(), message: z.string().optional() }),
});

export const playerSummariesResponse = z.looseObject({
  response: z.looseObject({
    players: z.array(
      z.looseObject({
        steamid: steamId,
        personaname: z.string(),
        profileurl: z.string().optional(),
        avatarfull: z.string().optional(),
      }),
    ),
  }),
});
