// Which inventory items count as each kind of key SteamTradeBots.com prices sets in.
//
// Keys are recognised by (appid, contextid, market_hash_name): market_hash_name is always
// English and stable (docs/steam.md#inventories), unlike name. The site has one "CS:GO key" field
// next to a separate Hydra field, so "CS:GO key" means what card bots have long accepted as
// interchangeable: any CS:GO/CS2 case key that can still be traded, minus the Hydra key.
// Keys bought after 2019-10-28 cannot be traded at all (docs/steam.md#keys), so only keys of cases released
// before that date can ever count; newer ones would be filtered out by `tradable` anyway.
import { z } from 'zod';

export const KEY_KINDS = ['csgo', 'tf2', 'hydra', 'tod'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

export interface KeyDefinition {
  appid: number;
  contextid: string;
  marketHashNames: string[];
}

export type KeyTable = Record<KeyKind, KeyDefinition>;

/** Case keys of CS:GO cases released before the 2019-10-28 key trade lock, Hydra excepted. */
export const CSGO_CASE_KEYS: readonly string[] = [
  'CS:GO Case Key',
  'eSports Key',
  'Winter Offensive Case Key',
  'Operation Phoenix Case Key',
  'Huntsman Case Key',
  'Operation Breakout Case Key',
  'Operation Vanguard Case Key',
  'Chroma Case Key',
  'Chroma 2 Case Key',
  'Falchion Case Key',
  'Shadow Case Key',
  'Revolver Case Key',
  'Operation Wildfire Case Key',
  'Chroma 3 Case Key',
  'Gamma Case Key',
  'Gamma 2 Case Key',
  'Glove Case Key',
  'Spectrum Case Key',
  'Spectrum 2 Case Key',
  'Clutch Case Key',
  'Horizon Case Key',
  'Danger Zone Case Key',
  'Prisma Case Key',
  'CS20 Case Key',
];

export const DEFAULT_KEY_TABLE: KeyTable = {
  csgo: { appid: 730, contextid: '2', marketHashNames: [...CSGO_CASE_KEYS] },
  tf2: { appid: 440, contextid: '2', marketHashNames: ['Mann Co. Supply Crate Key'] },
  hydra: { appid: 730, contextid: '2', marketHashNames: ['Operation Hydra Case Key'] },
  tod: { appid: 440, contextid: '2', marketHashNames: ['Tour of Duty Ticket'] },
};

const keyOverride = z.strictObject({
  appid: z.number({ error: 'expected an app id (a whole number)' }).int().positive(),
  // Steam sends context ids as strings; a bare number in a hand-written file is fine too.
  contextid: z
    .union([z.string().regex(/^\d+$/), z.number().int().nonnegative()], {
      error: 'expected a context id such as "2"',
    })
    .transform(String),
  market_hash_names: z
    .array(z.string().min(1, { error: 'expected a non-empty market_hash_name' }), {
      error: 'expected a list of market_hash_name strings',
    })
    .min(1, { error: 'expected at least one market_hash_name' }),
});

/**
 * The `key_items` section of the rates file: per kind, any of appid, contextid and
 * market_hash_names; what is given replaces the default, what is left out keeps it.
 */
export const keyTableOverrideSchema = z.strictObject({
  csgo: keyOverride.partial().optional(),
  tf2: keyOverride.partial().optional(),
  hydra: keyOverride.partial().optional(),
  tod: keyOverride.partial().optional(),
});
export type KeyTableOverride = z.output<typeof keyTableOverrideSchema>;

export function applyKeyTableOverride(base: KeyTable, override: KeyTableOverride | undefined): KeyTable {
  const table = {} as KeyTable;
  for (const kind of KEY_KINDS) {
    const o = override?.[kind];
    const b = base[kind];
    table[kind] = {
      appid: o?.appid ?? b.appid,
      contextid: o?.contextid ?? b.contextid,
      marketHashNames: [...(o?.market_hash_names ?? b.marketHashNames)],
    };
  }
  return table;
}

/** A lookup from "appid/contextid/market_hash_name" to the kind of key, built once per table. */
export type KeyIndex = ReadonlyMap<string, KeyKind>;

export function keyLookupKey(appid: number, contextid: string, marketHashName: string): string {
  return `${appid}/${contextid}/${marketHashName}`;
}

const indexCache = new WeakMap<KeyTable, KeyIndex>();

export function indexKeyTable(table: KeyTable): KeyIndex {
  const cached = indexCache.get(table);
  if (cached) return cached;
  const index = new Map<string, KeyKind>();
  for (const kind of KEY_KINDS) {
    const def = table[kind];
    for (const name of def.marketHashNames) {
      // The first kind listing a name keeps it, so an override cannot count one key twice.
      const k = keyLookupKey(def.appid, def.contextid, name);
      if (!index.has(k)) index.set(k, kind);
    }
  }
  indexCache.set(table, index);
  return index;
}

/** The (appid, contextid) pairs holding keys, so callers know which inventories to load. */
export function keyContexts(table: KeyTable): { appid: number; contextid: string }[] {
  const seen = new Map<string, { appid: number; contextid: string }>();
  for (const kind of KEY_KINDS) {
    const { appid, contextid } = table[kind];
    seen.set(`${appid}/${contextid}`, { appid, contextid });
  }
  return [...seen.values()];
}
