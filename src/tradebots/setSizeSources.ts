// Where set sizes come from besides the badge page (steam/badgePage.ts): the booster packs the
// bot holds, and the override file for games the page gets wrong or the bot cannot fetch.
import { z } from 'zod';
import { MAX_CARDS_PER_SET, MIN_CARDS_PER_SET, plausibleSetSize } from '../steam/badgePage.js';
import type { EconDescription } from '../steam/types.js';
import { readConfigFile } from './configFile.js';
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

export type SetSizeOverridesResult =
  { ok: true; sizes: Map<number, number> } | { ok: false; reason: 'unreadable' | 'invalid'; message: string };

export function parseSetSizeOverrides(text: string, file: string): SetSizeOverridesResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: `${file}: not valid JSON (${(err as Error).message})` };
  }
  const parsed = setSizeOverridesSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    if (issue.code === 'invalid_key') {
      const inner = issue.issues[0]?.message ?? issue.message;
      return { ok: false, reason: 'invalid', message: `${file}: ${inner}, got ${JSON.stringify(issue.path.at(-1))}` };
    }
    const where = issue.path.length > 0 ? `${issue.path.map(String).join('.')}: ` : '';
    const value = issue.path.length > 0 ? (data as Record<string, unknown>)[String(issue.path[0])] : data;
    return { ok: false, reason: 'invalid', message: `${file}: ${where}${issue.message}, got ${show(value)}` };
  }
  const sizes = new Map<number, number>();
  for (const [appid, size] of Object.entries(parsed.data)) sizes.set(Number(appid), size);
  return { ok: true, sizes };
}

export async function loadSetSizeOverrides(path: string): Promise<SetSizeOverridesResult> {
  const file = await readConfigFile(path);
  return file.ok ? parseSetSizeOverrides(file.text, path) : file;
}

function show(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
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
