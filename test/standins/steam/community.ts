// steamcommunity.com: the inventory endpoint (docs/steam.md#inventories), the profile inventory and badge pages (docs/steam.md#inventory-contexts, #cards-per-set),
// and the routing to trade actions (trade.ts) and mobile confirmations (mobileconf.ts).
import { filteredByClientHeaders } from './clientHeaders.js';
import { cardClassId } from './fixtures.js';
import { cookieSession, type Deps } from './deps.js';
import { mobileconf } from './mobileconf.js';
import {
  badgesPage,
  gameCardsPage,
  inventoryPage,
  notFoundPage,
  privateInventoryPage,
  privateProfilePage,
  profileNotFoundPage,
  signInPage,
  tradeOffersPage,
} from './pages.js';
import { html, json, redirect, type Ctx, type Handler, type Reply } from './server.js';
import type { Inventory, User } from './state.js';
import { tradeAction } from './trade.js';
import type { StandInItem } from './types.js';

const classKey = (item: StandInItem) => `${item.classid}_${item.instanceid || '0'}`;
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

export function loginRedirect(ctx: Ctx, deps: Deps): Reply {
  const goto = `${ctx.path.slice(1)}${ctx.url.search}`;
  return redirect(`${deps.urls.community}/login/home/?goto=${encodeURIComponent(goto)}`);
}

function firstSeen(inventory: Inventory): Map<string, number> {
  if (!inventory.firstSeen) {
    const map = new Map<string, number>();
    inventory.items.forEach((item, i) => {
      const key = classKey(item);
      if (!map.has(key)) map.set(key, i);
    });
    inventory.firstSeen = map;
  }
  return inventory.firstSeen;
}

function inventoryJson(ctx: Ctx, deps: Deps, steamid: string, appid: number, contextid: string): Reply {
  const { world } = deps;
  const cap = world.options.inventoryPageCap;
  let count = cap;
  const rawCount = ctx.query.count;
  if (rawCount !== undefined) {
    if (!/^\d+$/.test(rawCount) || Number(rawCount) < 1) return json(400, null);
    count = Number(rawCount);
    if (count > cap) return json(400, null);
  }
  const start = ctx.query.start_assetid;
  if (start !== undefined && !/^\d+$/.test(start)) return json(400, null);

  if (steamid === deps.bot.steamid) {
    // Your own inventory needs a live session: 403 null otherwise (node-steamcommunity's sessionExpired).
    if (cookieSession(ctx, deps) !== 'valid') return json(403, null);
  } else {
    const user = world.users.get(steamid);
    if (!user || user.inventoryPrivate || user.profilePrivate) return json(403, null);
  }

  const inventory = world.inventory(steamid, appid, contextid);
  const total = inventory?.items.length ?? 0;
  if (!inventory || total === 0) return json(200, { total_inventory_count: 0, success: 1, rwgrsn: -2 });
  // CS2 2025: items hidden from this viewer: success, no assets, a positive total.
  if (inventory.hidden && steamid !== deps.bot.steamid)
    return json(200, { total_inventory_count: total, success: 1, rwgrsn: -2 });

  let from = 0;
  if (start !== undefined) {
    // Newest first: the next page starts after the cursor (robust when the cursor item has left).
    // Items are kept sorted, so a binary search finds it; a scan made the stand-in itself the
    // slowest part of a 100,000-item inventory.
    let lo = 0;
    let hi = total;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds(inventory.items[mid]!.assetid as string, start) < 0) hi = mid;
      else lo = mid + 1;
    }
    from = lo;
  }
  const page = inventory.items.slice(from, from + count);
  if (page.length === 0) return json(200, { total_inventory_count: total, success: 1, rwgrsn: -2 });

  const seen = firstSeen(inventory);
  const descriptions: unknown[] = [];
  const described = new Set<string>();
  const assets = page.map((item, i) => {
    const key = classKey(item);
    // Descriptions come with the page where their class first appears, and never again.
    if (seen.get(key) === from + i && !described.has(key)) {
      described.add(key);
      descriptions.push({
        ...item.description,
        appid,
        classid: item.classid,
        instanceid: item.instanceid || '0',
        currency: item.currency ? 1 : 0,
      });
    }
    const base = { appid, contextid };
    const id = item.currency ? { currencyid: item.assetid } : { assetid: item.assetid };
    return {
      ...base,
      ...id,
      classid: item.classid,
      instanceid: item.instanceid || '0',
      amount: String(item.amount ?? 1),
    };
  });
  const more = from + page.length < total;
  return json(200, {
    assets,
    descriptions,
    ...(more ? { more_items: 1, last_assetid: (page[page.length - 1] as StandInItem).assetid } : {}),
    total_inventory_count: total,
    success: 1,
    rwgrsn: -2,
  });
}

/** /profiles/<id> or /id/<vanity>. */
function profileUser(deps: Deps, kind: string, id: string): User | undefined {
  return kind === 'profiles' ? deps.world.users.get(id) : deps.world.userByVanity(id);
}

function inventoryPageReply(deps: Deps, user: User | undefined): Reply {
  if (!user) return html(200, profileNotFoundPage());
  const own = user.steamid === deps.bot.steamid;
  if (!own && user.profilePrivate) return html(200, privateProfilePage(user));
  if (!own && user.inventoryPrivate) return html(200, privateInventoryPage(user));
  const inventories = deps.world.inventoriesOf(user.steamid).filter((inv) => !inv.hidden || own);
  return html(200, inventoryPage({ user, own, communityUrl: deps.urls.community, inventories }));
}

function gameCardsReply(ctx: Ctx, deps: Deps, user: User | undefined, appid: number): Reply {
  if (!user) return html(200, profileNotFoundPage());
  const foil = ctx.query.border === '1';
  const sizes = deps.world.badgeSizes.get(appid);
  const size = foil ? (sizes?.foil ?? sizes?.normal) : (sizes?.normal ?? sizes?.foil);
  // Steam sends you to the badges overview for apps without trading cards.
  if (!size) return redirect(`${deps.urls.community}/profiles/${user.steamid}/badges/`);
  const owned = new Map<string, number>();
  for (const item of deps.world.inventory(user.steamid, 753, '6')?.items ?? []) {
    owned.set(item.classid, (owned.get(item.classid) ?? 0) + (item.amount ?? 1));
  }
  const cards = Array.from({ length: size }, (_, i) => ({
    name: `Card ${i + 1}`,
    owned: owned.get(cardClassId(appid, i + 1, foil)) ?? 0,
  }));
  return html(200, gameCardsPage({ user, appid, foil, cards }));
}

export function communityHandler(deps: Deps): Handler {
  return (ctx) => {
    deps.world.normalize();
    const { path, method } = ctx;
    let m: RegExpExecArray | null;
    if (deps.world.options.clientHeaderChecks) {
      const filtered = filteredByClientHeaders(ctx);
      if (filtered) return filtered;
    }

    if (method === 'GET' && (m = /^\/inventory\/(\d+)\/(\d+)\/(\d+)\/?$/.exec(path))) {
      return inventoryJson(ctx, deps, m[1] as string, Number(m[2]), m[3] as string);
    }
    if (path.startsWith('/mobileconf/')) return mobileconf(ctx, deps);
    if (method === 'POST') return tradeAction(ctx, deps);

    if (method !== 'GET') return html(404, notFoundPage());
    // HTML pages: a stale steamLoginSecure cookie is bounced to the sign-in page (docs/steam.md#expired-sessions).
    const session = cookieSession(ctx, deps);
    if (/^\/login\/home\/?$/.test(path)) return html(200, signInPage());
    if (session === 'invalid') return loginRedirect(ctx, deps);

    if ((m = /^\/my(\/.*)?$/.exec(path))) {
      if (session !== 'valid') return loginRedirect(ctx, deps);
      return redirect(`${deps.urls.community}/profiles/${deps.bot.steamid}${m[1] ?? '/'}${ctx.url.search}`);
    }
    if ((m = /^\/(profiles|id)\/([^/]+)\/inventory\/?$/.exec(path))) {
      return inventoryPageReply(deps, profileUser(deps, m[1] as string, m[2] as string));
    }
    if ((m = /^\/(profiles|id)\/([^/]+)\/gamecards\/(\d+)\/?$/.exec(path))) {
      return gameCardsReply(ctx, deps, profileUser(deps, m[1] as string, m[2] as string), Number(m[3]));
    }
    if ((m = /^\/(profiles|id)\/([^/]+)\/tradeoffers\/?$/.exec(path))) {
      const user = profileUser(deps, m[1] as string, m[2] as string);
      if (session !== 'valid' || user?.steamid !== deps.bot.steamid) return loginRedirect(ctx, deps);
      return html(200, tradeOffersPage(user));
    }
    if ((m = /^\/(profiles|id)\/([^/]+)\/badges\/?$/.exec(path))) {
      const user = profileUser(deps, m[1] as string, m[2] as string);
      return html(200, user ? badgesPage(user) : profileNotFoundPage());
    }
    return html(404, notFoundPage());
  };
}
