// The list of an owner's apps and contexts with item counts: Steam has no API for it, so it is
// read from the g_rgAppContextData script variable of the owner's inventory page (docs/steam.md#inventory-contexts).
import { z } from 'zod';
import { PrivateInventoryError, SteamShapeError, UnknownUserError } from './errors.js';
import type { InventoryContext } from './types.js';
import { steamBool, steamInt } from './wire/primitives.js';

const appContextData = z.union([
  // An empty inventory is written as [] (docs/steam.md#inventory-contexts).
  z.array(z.unknown()).transform(() => ({})),
  z.record(
    z.string(),
    z.looseObject({
      appid: steamInt,
      name: z.string(),
      asset_count: steamInt.optional(),
      trade_permissions: z.string().optional(),
      load_failed: steamBool.optional(),
      rgContexts: z
        .union([
          z.array(z.unknown()).transform(() => ({})),
          z.record(
            z.string(),
            z.looseObject({
              asset_count: steamInt.optional(),
              id: z.union([z.string(), z.number()]),
              name: z.string(),
            }),
          ),
        ])
        .optional(),
    }),
  ),
]);

/**
 * Pure: the JSON object or array a page script assigns to `name` (`var name = {…};`), read up to
 * its own closing brace — pages have it followed by a newline, by `</script>` or by another
 * statement on the same line. null when the page has no such assignment or it never closes.
 */
export function readScriptJson(html: string, name: string): string | null {
  const start = new RegExp(`\\b${name}\\s*=\\s*([[{])`).exec(html);
  if (!start) return null;
  const from = start.index + start[0].length - 1;
  let depth = 0;
  let inString = false;
  for (let i = from; i < html.length; i += 1) {
    const c = html[i];
    if (inString) {
      if (c === '\\') i += 1;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth += 1;
    else if (c === '}' || c === ']') {
      depth -= 1;
      if (depth === 0) return html.slice(from, i + 1);
    }
  }
  return null;
}

/** Pure: reads `var g_rgAppContextData = {…};` out of the profile inventory page. */
export function parseAppContextData(html: string, steamid: string, endpoint: string): InventoryContext[] {
  const data = readScriptJson(html, 'g_rgAppContextData');
  if (data === null) {
    if (/profile_private_info/.test(html)) throw new PrivateInventoryError(endpoint, steamid, 'profile');
    if (/inventory is currently private/i.test(html)) throw new PrivateInventoryError(endpoint, steamid);
    if (/The specified profile could not be found|error_ctn/i.test(html)) throw new UnknownUserError(endpoint, steamid);
    throw new SteamShapeError(endpoint, 'no g_rgAppContextData on the inventory page');
  }
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    throw new SteamShapeError(endpoint, 'g_rgAppContextData is not JSON');
  }
  const parsed = appContextData.safeParse(json);
  if (!parsed.success) throw new SteamShapeError(endpoint, parsed.error.issues);
  const contexts: InventoryContext[] = [];
  for (const app of Object.values(parsed.data)) {
    const appContexts: Record<string, { asset_count?: number | undefined; id: string | number; name: string }> =
      app.rgContexts ?? {};
    for (const context of Object.values(appContexts)) {
      contexts.push({
        appid: app.appid,
        appName: app.name,
        contextid: String(context.id),
        contextName: context.name,
        assetCount: context.asset_count ?? 0,
        tradePermissions: app.trade_permissions ?? 'FULL',
      });
    }
  }
  return contexts.sort((a, b) => a.appid - b.appid || Number(a.contextid) - Number(b.contextid));
}
