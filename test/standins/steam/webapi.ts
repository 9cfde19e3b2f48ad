// api.steampowered.com (docs/steam.md#trade-offers, #time-sync): IEconService trade offers and history with access-token
// auth (key auth gets the 2024 empty GetTradeOffers), ISteamUser with a key, ITwoFactorService/QueryTime.
import { avatarUrl, serverTime, tokenValid, type Deps } from './deps.js';
import { field, html, json, type Ctx, type Reply } from './server.js';
import { accountIdOf, State, type Offer, type OfferAsset, type Trade, type TradeAsset, type User } from './state.js';
import type { StandInDescription } from './types.js';

const ok = (value: unknown): Reply => json(200, value, { 'x-eresult': '1' });

const errorPage = (status: number, title: string, text: string): Reply =>
  html(status, `<html><head><title>${title}</title></head><body><h1>${title}</h1>${text}</body></html>`);

const ACCESS_DENIED = 'Access is denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.';
const denied = (status: 401 | 403) => errorPage(status, status === 401 ? 'Unauthorized' : 'Forbidden', ACCESS_DENIED);
const notFound = () => errorPage(404, 'Not Found', '');
const wrongMethod = (needs: 'GET' | 'POST') =>
  errorPage(405, 'Method Not Allowed', `This API must be called with a HTTP ${needs} request`);
const missingParam = (name: string) => errorPage(400, 'Bad Request', `Required parameter '${name}' is missing`);

const bool = (v: string | undefined) => v === '1' || v === 'true';
const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

type AuthKind = 'token' | 'key';

/** access_token (the bot's JWT) or key (the bot's Web API key); a bad one gets Steam's "Access is denied" page. */
function authenticate(ctx: Ctx, deps: Deps, keyOnly: boolean): AuthKind | Reply {
  const param = (name: string) => ctx.query[name] ?? field(ctx.form, name);
  const token = param('access_token');
  const key = param('key');
  if (key !== undefined) return key === deps.bot.apiKey ? 'key' : denied(403);
  if (token !== undefined && !keyOnly) return tokenValid(token, deps) ? 'token' : denied(401);
  return denied(401);
}

/** Web API descriptions are protobuf JSON: real booleans where the community endpoint has 0/1. */
function webDescription(d: StandInDescription, a: { appid: number; classid: string; instanceid: string }) {
  const flag = (v: unknown) => v === 1 || v === true || v === '1';
  return {
    ...d,
    appid: a.appid,
    classid: a.classid,
    instanceid: a.instanceid || '0',
    currency: flag(d.currency),
    tradable: flag(d.tradable),
    marketable: flag(d.marketable),
    commodity: flag(d.commodity),
    sealed: flag(d.sealed),
  };
}

class Descriptions {
  private readonly seen = new Set<string>();
  readonly list: unknown[] = [];
  add(a: { appid: number; classid: string; instanceid: string; description: StandInDescription }): void {
    const key = `${a.appid}_${a.classid}_${a.instanceid || '0'}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.list.push(webDescription(a.description, a));
  }
}

function wireOffer(deps: Deps, o: Offer): Record<string, unknown> {
  const asset = (a: OfferAsset) => ({
    appid: a.appid,
    contextid: a.contextid,
    assetid: a.assetid,
    classid: a.classid,
    instanceid: a.instanceid || '0',
    amount: String(a.amount),
    missing: !deps.world.isPresent(a),
  });
  const out: Record<string, unknown> = {
    tradeofferid: o.id,
    accountid_other: accountIdOf(o.partner),
    message: o.message,
    expiration_time: o.expires,
    trade_offer_state: o.state,
  };
  if (o.glitched !== 'noItems') {
    if (o.give.length > 0) out.items_to_give = o.give.map(asset);
    if (o.receive.length > 0) out.items_to_receive = o.receive.map(asset);
  }
  Object.assign(out, { is_our_offer: o.isOurOffer, time_created: o.created, time_updated: o.updated });
  if (o.tradeid) out.tradeid = o.tradeid;
  Object.assign(out, {
    from_real_time_trade: false,
    escrow_end_date: o.escrowEndDate,
    confirmation_method: o.confirmationMethod,
    eresult: 1,
  });
  if (o.wireOverrides) Object.assign(out, o.wireOverrides);
  return out;
}

/**
 * Real answers (juliarose/steam-tradeoffer-manager src/api/fixtures/get_trade_offers.json) describe only
 * items still where the offer says: an accepted offer's items are `missing: true` with no description.
 */
function describeOffers(deps: Deps, offers: Offer[]): unknown[] {
  const d = new Descriptions();
  for (const o of offers) {
    if (o.glitched) continue;
    for (const a of [...o.give, ...o.receive]) if (deps.world.isPresent(a)) d.add(a);
  }
  return d.list;
}

const isActive = (o: Offer) => o.state === State.Active || o.state === State.NeedsConfirmation;

function getTradeOffers(ctx: Ctx, deps: Deps, auth: AuthKind): Reply {
  const q = ctx.query;
  const wantSent = bool(q.get_sent_offers);
  const wantReceived = bool(q.get_received_offers);
  if (!wantSent && !wantReceived) return json(400, { response: {} }, { 'x-eresult': '8' });
  // Since 2024-04-03 an API key gets an empty answer; only the access token works.
  if (auth === 'key') return ok({ response: { next_cursor: 0 } });
  const cutoff = q.time_historical_cutoff !== undefined ? Number(q.time_historical_cutoff) : deps.world.lastVisit;
  const activeOnly = bool(q.active_only);
  const historicalOnly = bool(q.historical_only);
  const matching = deps.world
    .visibleOffers()
    .filter((o) => (o.isOurOffer ? wantSent : wantReceived))
    .filter((o) => {
      if (activeOnly) return isActive(o) || o.updated >= cutoff;
      if (historicalOnly) return !isActive(o) && o.updated >= cutoff;
      return true;
    })
    .sort((a, b) => compareIds(b.id, a.id));
  const cursor = Math.max(0, Number(q.cursor ?? 0) || 0);
  const size = deps.world.options.tradeOffersPageSize;
  const page = matching.slice(cursor, cursor + size);
  const response: Record<string, unknown> = {};
  const sent = page.filter((o) => o.isOurOffer);
  const received = page.filter((o) => !o.isOurOffer);
  if (sent.length > 0) response.trade_offers_sent = sent.map((o) => wireOffer(deps, o));
  if (received.length > 0) response.trade_offers_received = received.map((o) => wireOffer(deps, o));
  if (bool(q.get_descriptions)) {
    const descriptions = describeOffers(deps, page);
    if (descriptions.length > 0) response.descriptions = descriptions;
  }
  response.next_cursor = cursor + size < matching.length ? cursor + size : 0;
  return ok({ response });
}

function getTradeOffersSummary(ctx: Ctx, deps: Deps): Reply {
  const since = ctx.query.time_last_visit !== undefined ? Number(ctx.query.time_last_visit) : deps.world.lastVisit;
  const offers = deps.world.visibleOffers();
  const count = (pred: (o: Offer) => boolean) => offers.filter(pred).length;
  const changed = (o: Offer) => o.updated >= since && o.updated > o.created;
  return ok({
    response: {
      pending_received_count: count((o) => !o.isOurOffer && o.state === State.Active),
      new_received_count: count((o) => !o.isOurOffer && o.state === State.Active && o.created >= since),
      updated_received_count: count((o) => !o.isOurOffer && changed(o)),
      historical_received_count: count((o) => !o.isOurOffer && !isActive(o)),
      pending_sent_count: count((o) => o.isOurOffer && isActive(o)),
      newly_accepted_sent_count: count((o) => o.isOurOffer && o.state === State.Accepted && o.updated >= since),
      updated_sent_count: count((o) => o.isOurOffer && changed(o)),
      historical_sent_count: count((o) => o.isOurOffer && !isActive(o)),
      escrow_received_count: count((o) => !o.isOurOffer && o.state === State.InEscrow),
      escrow_sent_count: count((o) => o.isOurOffer && o.state === State.InEscrow),
    },
  });
}

function getTradeOffer(ctx: Ctx, deps: Deps): Reply {
  const offer = deps.world.visibleOffers().find((o) => o.id === ctx.query.tradeofferid);
  if (!offer) return json(200, { response: {} }, { 'x-eresult': '42' });
  const response: Record<string, unknown> = { offer: wireOffer(deps, offer) };
  if (bool(ctx.query.get_descriptions)) {
    const descriptions = describeOffers(deps, [offer]);
    if (descriptions.length > 0) response.descriptions = descriptions;
  }
  return ok({ response });
}

function wireTrade(t: Trade): Record<string, unknown> {
  const asset = (a: TradeAsset) => ({
    appid: a.appid,
    contextid: a.contextid,
    assetid: a.assetid,
    amount: String(a.amount),
    classid: a.classid,
    instanceid: a.instanceid || '0',
    ...(a.newAssetid ? { new_assetid: a.newAssetid, new_contextid: a.newContextid } : {}),
  });
  // As in the real 2026 rows (README): time_mod only on a reversed trade, time_settlement only while set,
  // rollback_trade only on the row a reversal adds.
  return {
    tradeid: t.tradeid,
    steamid_other: t.partner,
    time_init: t.timeInit,
    ...(t.escrowEnd ? { time_escrow_end: t.escrowEnd } : {}),
    status: t.status,
    ...(t.status === 12 ? { time_mod: t.timeMod } : {}),
    ...(t.settlement ? { time_settlement: t.settlement } : {}),
    ...(t.reverses ? { rollback_trade: t.reverses } : {}),
    ...(t.given.length ? { assets_given: t.given.map(asset) } : {}),
    ...(t.received.length ? { assets_received: t.received.map(asset) } : {}),
    ...t.wireOverrides,
  };
}

function describeTrades(trades: Trade[]): unknown[] {
  const d = new Descriptions();
  for (const t of trades) for (const a of [...t.given, ...t.received]) d.add(a);
  return d.list;
}

function getTradeHistory(ctx: Ctx, deps: Deps): Reply {
  const q = ctx.query;
  if (q.max_trades === undefined) return missingParam('max_trades');
  const max = Math.min(500, Math.max(0, Number(q.max_trades) || 0));
  const sorted = [...deps.world.trades].sort((a, b) => b.timeInit - a.timeInit || compareIds(b.tradeid, a.tradeid));
  let page: Trade[];
  let more: boolean;
  if (q.start_after_time !== undefined) {
    const time = Number(q.start_after_time);
    const id = q.start_after_tradeid;
    const olderThanCursor = (t: Trade) =>
      t.timeInit < time || (t.timeInit === time && id !== undefined && compareIds(t.tradeid, id) < 0);
    if (bool(q.navigating_back)) {
      const newer = sorted.filter((t) => !olderThanCursor(t) && !(t.timeInit === time && t.tradeid === id));
      page = newer.slice(Math.max(0, newer.length - max));
      more = newer.length > max;
    } else {
      const candidates = sorted.filter(olderThanCursor);
      page = candidates.slice(0, max);
      more = candidates.length > max;
    }
  } else {
    page = sorted.slice(0, max);
    more = sorted.length > max;
  }
  const response: Record<string, unknown> = {};
  if (bool(q.include_total)) response.total_trades = sorted.length;
  if (page.length > 0) response.trades = page.map(wireTrade);
  response.more = more;
  if (bool(q.get_descriptions)) {
    const descriptions = describeTrades(page);
    if (descriptions.length > 0) response.descriptions = descriptions;
  }
  return ok({ response });
}

function getTradeStatus(ctx: Ctx, deps: Deps): Reply {
  const trade = deps.world.trades.find((t) => t.tradeid === ctx.query.tradeid);
  if (!trade) return json(200, { response: {} }, { 'x-eresult': '42' });
  const response: Record<string, unknown> = { trades: [wireTrade(trade)] };
  if (bool(ctx.query.get_descriptions)) response.descriptions = describeTrades([trade]);
  return ok({ response });
}

function getTradeHoldDurations(ctx: Ctx, deps: Deps): Reply {
  const target = ctx.query.steamid_target;
  if (target === undefined) return missingParam('steamid_target');
  const user = deps.world.users.get(target);
  // ASSUMPTION: a wrong token for a non-friend answers an empty response with EResult 15.
  if (!user || (!user.friends && ctx.query.trade_offer_access_token !== user.tradeToken)) {
    return json(200, { response: {} }, { 'x-eresult': user ? '15' : '42' });
  }
  const hold = deps.world.holdFor(target);
  return ok({
    response: {
      my_escrow: { escrow_end_duration_seconds: hold.my },
      their_escrow: { escrow_end_duration_seconds: hold.their },
      both_escrow: { escrow_end_duration_seconds: hold.both },
    },
  });
}

/**
 * GetAssetClassInfo as it answers (juliarose/steam-tradeoffer-manager src/api/fixtures/get_asset_classinfo.json,
 * src/response/fixtures/classinfo_*.json): keyed "<classid>" or "<classid>_<instanceid>", flags as "0"/"1" strings,
 * lists as objects keyed "0", "1", …, an empty fraudwarnings as "", no appid; `success: true` beside the classes.
 * A class it cannot describe is left out.
 */
function classInfoValue(d: StandInDescription, classid: string, instanceid: string): Record<string, unknown> {
  const flag = (v: unknown) => (v === 1 || v === true || v === '1' ? '1' : '0');
  const asObject = (list: unknown) =>
    Array.isArray(list) ? Object.fromEntries(list.map((value, i) => [String(i), value])) : list;
  const { appid: _appid, ...rest } = d;
  const warnings = Array.isArray(d.fraudwarnings) && d.fraudwarnings.length > 0 ? d.fraudwarnings : null;
  return {
    ...rest,
    market_name: d.market_name ?? d.market_hash_name,
    tradable: flag(d.tradable),
    marketable: flag(d.marketable),
    commodity: flag(d.commodity),
    ...(d.currency !== undefined ? { currency: flag(d.currency) } : {}),
    fraudwarnings: warnings ? asObject(warnings) : '',
    ...(d.descriptions !== undefined ? { descriptions: asObject(d.descriptions) } : {}),
    ...(d.tags !== undefined
      ? {
          tags: asObject(
            (d.tags as Array<Record<string, unknown>>).map((t) => ({
              internal_name: t.internal_name,
              name: t.localized_tag_name,
              category: t.category,
              category_name: t.localized_category_name,
              ...(t.color ? { color: t.color } : {}),
            })),
          ),
        }
      : {}),
    ...(d.actions !== undefined ? { actions: asObject(d.actions) } : {}),
    classid,
    instanceid,
  };
}

function getAssetClassInfo(ctx: Ctx, deps: Deps): Reply {
  const q = ctx.query;
  if (q.appid === undefined) return missingParam('appid');
  if (q.class_count === undefined) return missingParam('class_count');
  const count = Number(q.class_count);
  const result: Record<string, unknown> = {};
  for (let i = 0; i < count; i += 1) {
    const classid = q[`classid${i}`];
    if (classid === undefined) return missingParam(`classid${i}`);
    const instanceid = q[`instanceid${i}`] ?? '0';
    const key = `${q.appid}_${classid}_${instanceid}`;
    const described = deps.world.classes.get(key);
    if (!described || deps.world.classesUnavailable.has(key)) continue;
    result[instanceid === '0' ? classid : `${classid}_${instanceid}`] = classInfoValue(described, classid, instanceid);
  }
  result.success = true;
  return ok({ result });
}

function profileUrl(deps: Deps, u: User): string {
  return u.vanity ? `${deps.urls.community}/id/${u.vanity}/` : `${deps.urls.community}/profiles/${u.steamid}/`;
}

function getPlayerSummaries(ctx: Ctx, deps: Deps): Reply {
  const ids = (ctx.query.steamids ?? '').split(',').map((s) => s.trim());
  if (ctx.query.steamids === undefined) return missingParam('steamids');
  const players = ids
    .map((id) => deps.world.users.get(id))
    .filter((u): u is User => !!u)
    .map((u) => ({
      steamid: u.steamid,
      communityvisibilitystate: u.profilePrivate ? 1 : 3,
      profilestate: 1,
      personaname: u.personaName,
      profileurl: profileUrl(deps, u),
      avatar: avatarUrl(u.avatarHash, ''),
      avatarmedium: avatarUrl(u.avatarHash, '_medium'),
      avatarfull: avatarUrl(u.avatarHash, '_full'),
      avatarhash: u.avatarHash,
      personastate: 0,
      ...(u.profilePrivate ? {} : { primaryclanid: '103582791429521408', timecreated: 1400000000 }),
      personastateflags: 0,
    }));
  return ok({ response: { players } });
}

function resolveVanityUrl(ctx: Ctx, deps: Deps): Reply {
  const vanity = ctx.query.vanityurl;
  if (vanity === undefined) return missingParam('vanityurl');
  const user = deps.world.userByVanity(vanity);
  return ok({ response: user ? { steamid: user.steamid, success: 1 } : { success: 42, message: 'No match' } });
}

function queryTime(deps: Deps): Reply {
  return ok({
    response: {
      server_time: String(serverTime(deps)),
      skew_tolerance_seconds: '60',
      large_time_jink: '86400',
      probe_frequency_seconds: 3600,
      adjusted_time_probe_frequency_seconds: 300,
      hint_probe_frequency_seconds: 60,
      sync_timeout: 60,
      try_again_seconds: 900,
      max_attempts: 3,
    },
  });
}

interface Method {
  http: 'GET' | 'POST';
  auth: 'token-or-key' | 'key' | 'none';
  run: (ctx: Ctx, deps: Deps, auth: AuthKind | null) => Reply;
}

const METHODS: Record<string, Method> = {
  '/ieconservice/gettradeofferssummary/v1': { http: 'GET', auth: 'token-or-key', run: getTradeOffersSummary },
  '/ieconservice/gettradeoffers/v1': {
    http: 'GET',
    auth: 'token-or-key',
    run: (ctx, deps, auth) => getTradeOffers(ctx, deps, auth ?? 'token'),
  },
  '/ieconservice/gettradeoffer/v1': { http: 'GET', auth: 'token-or-key', run: getTradeOffer },
  '/ieconservice/gettradehistory/v1': { http: 'GET', auth: 'token-or-key', run: getTradeHistory },
  '/ieconservice/gettradestatus/v1': { http: 'GET', auth: 'token-or-key', run: getTradeStatus },
  '/ieconservice/gettradeholddurations/v1': { http: 'GET', auth: 'token-or-key', run: getTradeHoldDurations },
  '/isteameconomy/getassetclassinfo/v1': { http: 'GET', auth: 'token-or-key', run: getAssetClassInfo },
  '/isteamuser/resolvevanityurl/v1': { http: 'GET', auth: 'key', run: resolveVanityUrl },
  '/isteamuser/getplayersummaries/v2': { http: 'GET', auth: 'key', run: getPlayerSummaries },
  '/itwofactorservice/querytime/v1': { http: 'POST', auth: 'none', run: (_ctx, deps) => queryTime(deps) },
};

export function webApiHandler(deps: Deps) {
  return (ctx: Ctx): Reply => {
    deps.world.normalize();
    // Interface and method names are case-insensitive; v0001 is v1; the trailing slash is optional.
    const path = ctx.path
      .toLowerCase()
      .replace(/\/+$/, '')
      .replace(/\/v0*(\d+)$/, '/v$1');
    // CancelTradeOffer / DeclineTradeOffer were removed on 2022-05-11 and are 404 like any unknown method.
    const method = METHODS[path];
    if (!method) return notFound();
    if (ctx.method !== method.http) return wrongMethod(method.http);
    let auth: AuthKind | null = null;
    if (method.auth !== 'none') {
      const result = authenticate(ctx, deps, method.auth === 'key');
      if (typeof result === 'object') return result;
      auth = result;
    }
    return method.run(ctx, deps, auth);
  };
}
