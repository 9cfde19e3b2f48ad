// The rates file: the exchange rates published to SteamTradeBots.com, under the site's own
// field names (docs/steam.md#steamtradebots-fields), so the file reads like the payload it becomes.
// Every field is optional (the site takes partial updates); unknown fields are refused so
// a typo such as "buy_set_tf2" is caught at startup instead of silently never published.
//
// One field is ours and never sent: `key_items`, which says which inventory items count as
// each kind of key (see keys.ts).
import { parseJson, problemOf, readConfigFile, type ConfigFileRefusal } from './configFile.js';
import { z } from 'zod';
import { applyKeyTableOverride, DEFAULT_KEY_TABLE, KEY_KINDS, keyTableOverrideSchema, type KeyTable } from './keys.js';

export const CUSTOM_MESSAGE_MAX = 150;

const rate = z.number({ error: 'expected a number' }).nonnegative({ error: 'expected a number ≥ 0' });

/** "buy/sell" gems per badge, e.g. "150/120". */
const BADGE_RATE = /^\d+(\.\d+)?\/\d+(\.\d+)?$/;

function keyRateFields<P extends string>(prefix: P) {
  return Object.fromEntries(KEY_KINDS.map((kind) => [`${prefix}${kind}`, rate.optional()])) as {
    [K in `${P}${(typeof KEY_KINDS)[number]}`]: z.ZodOptional<typeof rate>;
  };
}

/** The site's rate fields, in the order the site documents them. */
export const siteRatesShape = {
  ...keyRateFields('buy_sets_'),
  ...keyRateFields('sell_sets_'),
  buy_gems_set: rate.optional(),
  sell_gems_set: rate.optional(),
  ...keyRateFields('buy_gems_key_'),
  ...keyRateFields('sell_gems_key_'),
  ...keyRateFields('buy_foil_sets_'),
  ...keyRateFields('sell_foil_sets_'),
  buy_foil_gems_set: rate.optional(),
  sell_foil_gems_set: rate.optional(),
  buy_gems_badge: rate.optional(),
  sell_gems_badge: rate.optional(),
  rates_badges: z
    .record(
      z.string().regex(/^\d+$/, { error: 'expected a badge id made of digits' }),
      z.string({ error: 'expected a "buy/sell" string such as "150/120"' }).regex(BADGE_RATE, {
        error: 'expected a "buy/sell" string such as "150/120"',
      }),
      { error: 'expected an object of badge id → "buy/sell"' },
    )
    .optional(),
  max_level: z
    .number({ error: 'expected a whole number' })
    .int({ error: 'expected a whole number' })
    .nonnegative({ error: 'expected a whole number ≥ 0' })
    .optional(),
  custom_message: z
    .string({ error: 'expected a string' })
    // The site counts characters; code points keep an emoji from counting twice.
    .refine((s) => [...s].length <= CUSTOM_MESSAGE_MAX, {
      error: `expected at most ${CUSTOM_MESSAGE_MAX} characters`,
    })
    .optional(),
};

export const ratesSchema = z.strictObject(siteRatesShape);
export type Rates = z.output<typeof ratesSchema>;
export type RateField = keyof typeof siteRatesShape;
export const RATE_FIELDS = Object.keys(siteRatesShape) as RateField[];

export const ratesFileSchema = z.strictObject({
  ...siteRatesShape,
  key_items: keyTableOverrideSchema.optional(),
});

export type RatesLoadResult = { ok: true; rates: Rates; keyTable: KeyTable } | ConfigFileRefusal;

/** Validates the text of a rates file; `file` names it in problems. */
export function parseRatesFile(text: string, file: string): RatesLoadResult {
  const json = parseJson(text, file);
  if (!json.ok) return json;
  const { data } = json;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, reason: 'invalid', problem: { kind: 'not-object', file, got: data } };
  }
  const parsed = ratesFileSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid', problem: problemOf(file, parsed.error.issues, data, RATES_FILE_FIELDS) };
  }
  const { key_items, ...rates } = parsed.data;
  return { ok: true, rates, keyTable: applyKeyTableOverride(DEFAULT_KEY_TABLE, key_items) };
}

export async function loadRatesFile(path: string): Promise<RatesLoadResult> {
  const file = await readConfigFile(path);
  return file.ok ? parseRatesFile(file.text, path) : file;
}

const RATES_FILE_FIELDS = [...RATE_FIELDS, 'key_items'];
