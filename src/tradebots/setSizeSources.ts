// Where set sizes come from besides the badge page (steam/badgePage.ts): the booster packs the
// bot holds, and the override file for games the page gets wrong or the bot cannot fetch.
import { z } from 'zod';
import { MAX_CARDS_PER_SET, MIN_CARDS_PER_SET, plausibleSetSize } from '../steam/badgePage.js';
import type { EconDescription } from '../steam/types.js';
import { parseJson, problemOf, readConfigFile, type ConfigFileRefusal } from './configFile.js';
import { gameAppid } from './stock.js';

/**
 * Cards per set from the booster packs among the items: a pack lists the classids of its
 * game's cards (container_properties, 2025+, docs/steam.md#cards-per-set). Game → size; packs
 * with an implausible list are left out.
 */
export function boosterPackSetSizes(items: Iterable<{ description: EconDescription | null }>): Map<number, number> {
  const sizes = new Map<number, number>();
  for (const { description } of items) {
    if (!description?.containedClassids) continue;
    const appid = gameAppid(description);
    const size = new Set(description.containedClassids).size;
    if (appid !== null && plausibleSetSize(size)) sizes.set(appid, size);
  }
  return sizes;
}

// --- the set-size override file ----------------------------------------------------------

/** `{ "<appid>": <cards per set>, ... }`, e.g. `{ "730": 5, "440": 9 }`. */
export const setSizeOverridesSchema = z.record(
  z.string().regex(/^[1-9]\d*$/, { error: 'expected an app id made of digits' }),
  z
    .number({ error: 'expected a whole number of cards' })
    .int({ error: 'expected a whole number of cards' })
    .min(MIN_CARDS_PER_SET, { error: `expected ${MIN_CARDS_PER_SET} to ${MAX_CARDS_PER_SET} cards` })
    .max(MAX_CARDS_PER_SET, { error: `expected ${MIN_CARDS_PER_SET} to ${MAX_CARDS_PER_SET} cards` }),
  { error: 'expected an object of app id → cards per set' },
);

export type SetSizeOverridesResult = { ok: true; sizes: Map<number, number> } | ConfigFileRefusal;

export function parseSetSizeOverrides(text: string, file: string): SetSizeOverridesResult {
  const json = parseJson(text, file);
  if (!json.ok) return json;
  const parsed = setSizeOverridesSchema.safeParse(json.data);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid', problem: problemOf(file, parsed.error.issues, json.data, []) };
  }
  const sizes = new Map<number, number>();
  for (const [appid, size] of Object.entries(parsed.data)) sizes.set(Number(appid), size);
  return { ok: true, sizes };
}

export async function loadSetSizeOverrides(path: string): Promise<SetSizeOverridesResult> {
  const file = await readConfigFile(path);
  return file.ok ? parseSetSizeOverrides(file.text, path) : file;
}

/** Set sizes from several sources, the first that knows a game winning (overrides first). */
export function setSizeLookup(...sources: ReadonlyMap<number, number>[]): (appid: number) => number | undefined {
  return (appid) => {
    for (const source of sources) {
      const size = source.get(appid);
      if (size !== undefined) return size;
    }
    return undefined;
  };
}
