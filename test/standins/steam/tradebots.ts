// SteamTradeBots.com Bot API v1 (docs/steam.md#steamtradebots-api): POST {base}/bot/update.php?api_key=KEY with a JSON
// object of the fields to update. Field types are checked; unknown fields are refused; 10 requests per key
// per 5 minutes.
import type { Deps } from './deps.js';
import { json, type Ctx, type Reply } from './server.js';

const SETS_AND_GEMS = ['csgo', 'tf2', 'hydra', 'tod'].flatMap((k) => [
  `buy_sets_${k}`,
  `sell_sets_${k}`,
  `buy_gems_key_${k}`,
  `sell_gems_key_${k}`,
  `buy_foil_sets_${k}`,
  `sell_foil_sets_${k}`,
]);
const RATE_FIELDS = new Set([
  ...SETS_AND_GEMS,
  'buy_gems_set',
  'sell_gems_set',
  'buy_foil_gems_set',
  'sell_foil_gems_set',
  'buy_gems_badge',
  'sell_gems_badge',
]);
const INTEGER_FIELDS = new Set([
  'max_level',
  'last_update_timestamp',
  'stock_sets',
  'stock_unique_sets',
  'stock_foil_sets',
  'stock_gems',
  'stock_keys_csgo',
  'stock_keys_tf2',
  'stock_keys_hydra',
  'stock_tickets_tod',
]);
const OTHER_FIELDS = new Set(['status', 'custom_message', 'rates_badges', 'stock_badges', 'stock_badge_appids']);

export const RATE_LIMIT = { requests: 10, windowMs: 5 * 60 * 1000 };

const isNonNegativeInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v) && v >= 0;
const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Field → message, empty when the body is acceptable. ASSUMPTION: messages follow the documented example's style. */
export function validateUpdate(body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [name, value] of Object.entries(body)) {
    if (RATE_FIELDS.has(name)) {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        errors[name] = `'${name}' must be a number (integer or decimal) of zero or more.`;
      }
    } else if (INTEGER_FIELDS.has(name)) {
      if (!isNonNegativeInt(value)) errors[name] = `'${name}' must be a non-negative integer.`;
    } else if (name === 'status') {
      if (value !== 'online' && value !== 'offline' && value !== 'busy') {
        errors[name] = "'status' must be one of: online, offline, busy.";
      }
    } else if (name === 'custom_message') {
      if (typeof value !== 'string' || value.length > 150) {
        errors[name] = "'custom_message' must be a string of at most 150 characters.";
      }
    } else if (name === 'rates_badges') {
      const good =
        isPlainObject(value) &&
        Object.entries(value).every(
          ([badge, rate]) => /^\d+$/.test(badge) && typeof rate === 'string' && /^\d+(\.\d+)?\/\d+(\.\d+)?$/.test(rate),
        );
      if (!good)
        errors[name] = `'rates_badges' must be an object of badge id -> "buy/sell" strings, e.g. {"13": "150/120"}.`;
    } else if (name === 'stock_badges') {
      const good =
        isPlainObject(value) && Object.entries(value).every(([appid, n]) => /^\d+$/.test(appid) && isNonNegativeInt(n));
      if (!good) errors[name] = "'stock_badges' must be an object of app id -> non-negative integer.";
    } else if (name === 'stock_badge_appids') {
      const good = Array.isArray(value) && value.every((n) => typeof n === 'number' && Number.isInteger(n) && n > 0);
      if (!good) errors[name] = "'stock_badge_appids' must be an array of integers.";
    } else if (!OTHER_FIELDS.has(name)) {
      errors[name] = `Unknown field '${name}'.`;
    }
  }
  return errors;
}

export interface TradeBotsState {
  updates: Array<{ body: unknown; status: number }>;
  listing: Record<string, unknown>;
  /** Accepted request times (ms) per key, for the rate limit. */
  recent: Map<string, number[]>;
}

export function tradeBotsHandler(deps: Deps, state: TradeBotsState, now: () => number) {
  const answer = (body: unknown, reply: Reply): Reply => {
    state.updates.push({ body, status: reply.status });
    return reply;
  };
  return (ctx: Ctx): Reply => {
    if (!/^\/api\/v1\/bot\/update\.php$/.test(ctx.path)) {
      return json(404, { success: false, message: 'Endpoint not found.' });
    }
    if (ctx.method === 'OPTIONS') {
      return {
        status: 204,
        headers: {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': 'Content-Type',
        },
      };
    }
    let body: unknown = ctx.body;
    try {
      body = ctx.body.length > 0 ? JSON.parse(ctx.body) : undefined;
    } catch {
      // Kept as the raw text.
    }
    if (ctx.method !== 'POST') {
      return answer(
        body,
        json(405, {
          success: false,
          message: 'Invalid request method. Only POST (and OPTIONS for preflight) is allowed.',
        }),
      );
    }
    const key = ctx.query.api_key;
    if (!key)
      return answer(body, json(401, { success: false, message: 'Authentication failed. API key missing from URL.' }));
    if (key !== deps.bot.tradeBotsApiKey || !deps.tradeBotsKeyActive) {
      return answer(
        body,
        json(403, { success: false, message: 'Authentication failed or bot is inactive/unverified.' }),
      );
    }
    const t = now();
    const recent = (state.recent.get(key) ?? []).filter((at) => at > t - RATE_LIMIT.windowMs);
    state.recent.set(key, recent);
    if (recent.length >= RATE_LIMIT.requests) {
      const retryAfter = Math.max(1, Math.ceil(((recent[0] as number) + RATE_LIMIT.windowMs - t) / 1000));
      return answer(
        body,
        json(
          429,
          {
            success: false,
            message: 'Rate limit exceeded. Please try again later.',
            errors: { retry_after_seconds: retryAfter },
          },
          { 'retry-after': String(retryAfter) },
        ),
      );
    }
    recent.push(t);
    const invalid = (errors: Record<string, string>) =>
      answer(
        body,
        json(400, {
          success: false,
          message: 'Invalid data provided. Please check the errors field for details.',
          errors,
        }),
      );
    if (!isPlainObject(body)) return invalid({ body: 'The request body must be a JSON object.' });
    // ASSUMPTION: an update with no fields at all is refused like other invalid data.
    if (Object.keys(body).length === 0) return invalid({ body: 'No fields to update.' });
    const errors = validateUpdate(body);
    if (Object.keys(errors).length > 0) return invalid(errors);
    Object.assign(state.listing, structuredClone(body));
    return answer(body, json(200, { success: true, message: 'Bot data updated successfully.' }));
  };
}
