// The rates file: the exchange rates published to SteamTradeBots.com, under the site's own
// field names (docs/steam.md#steamtradebots-fields), so the file reads like the payload it becomes.
// Every field is optional (the site takes partial updates); unknown fields are refused so
// a typo such as "buy_set_tf2" is caught at startup instead of silently never published.
//
// One field is ours and never sent: `key_items`, which says which inventory items count as
// each kind of key (see keys.ts).
import { readConfigFile } from './configFile.js';
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

export type RatesLoadResult =
  { ok: true; rates: Rates; keyTable: KeyTable } | { ok: false; reason: 'unreadable' | 'invalid'; message: string };

/** Validates the text of a rates file; `file` names it in messages. */
export function parseRatesFile(text: string, file: string): RatesLoadResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, reason: 'invalid', message: `${file}: not valid JSON (${(err as Error).message})` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, reason: 'invalid', message: `${file}: expected a JSON object, got ${describeValue(data)}` };
  }
  const parsed = ratesFileSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, reason: 'invalid', message: formatIssue(file, parsed.error.issues, data, RATES_FILE_FIELDS) };
  }
  const { key_items, ...rates } = parsed.data;
  return { ok: true, rates, keyTable: applyKeyTableOverride(DEFAULT_KEY_TABLE, key_items) };
}

export async function loadRatesFile(path: string): Promise<RatesLoadResult> {
  const file = await readConfigFile(path);
  return file.ok ? parseRatesFile(file.text, path) : file;
}

const RATES_FILE_FIELDS = [...RATE_FIELDS, 'key_items'];

// --- messages -----------------------------------------------------------------------------

/** `file: field.path: what was expected, got what` for the first problem found. */
export function formatIssue(
  file: string,
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
  knownFields: readonly string[],
): string {
  const issue = issues[0];
  if (issue === undefined) return `${file}: invalid`;
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const parent = path.length > 0 ? `${path.join('.')}.` : '';
    const unknown = issue.keys[0] ?? '';
    const hint = path.length === 0 ? closest(unknown, knownFields) : null;
    return `${file}: ${parent}${unknown}: unknown field${hint ? ` (did you mean ${hint}?)` : ''}`;
  }
  const where = path.length > 0 ? path.join('.') : '(top level)';
  // A record key that fails its own check is reported with the key as the last path step.
  if (issue.code === 'invalid_key') {
    const parent = path.slice(0, -1).join('.') || '(top level)';
    const inner = issue.issues[0]?.message ?? issue.message;
    return `${file}: ${parent}: ${inner}, got ${JSON.stringify(path[path.length - 1] ?? '')}`;
  }
  const value = valueAt(data, issue.path);
  const got = value === undefined ? '' : `, got ${describeValue(value)}`;
  const length =
    path[path.length - 1] === 'custom_message' && typeof value === 'string' ? ` (${[...value].length})` : '';
  return `${file}: ${where}: ${issue.message}${got}${length}`;
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = data;
  for (const p of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  return String(v);
}

/** The known field nearest to a typo, when it is near enough to be what was meant. */
function closest(word: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 4)) ? best : null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}
