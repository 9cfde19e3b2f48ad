/**
 * A Steam stand-in for integration, end-to-end tests and benchmarks: three real HTTP servers on 127.0.0.1
 * behaving like steamcommunity.com, api.steampowered.com and SteamTradeBots.com's Bot API, as described in
 * docs/steam.md. No test-framework imports: it also runs compiled to plain JS (dist/).
 */
import { randomBytes } from 'node:crypto';
import { createAuthService } from './auth.js';
import { communityHandler } from './community.js';
import type { Deps } from './deps.js';
import { cookieString, splitLoginSecure, TokenIssuer } from './jwt.js';
import { Hub } from './server.js';
import { World } from './state.js';
import { tradeBotsHandler, type TradeBotsState } from './tradebots.js';
import type { RecordedRequest, StandInOptions, SteamStandIn } from './types.js';
import { webApiHandler } from './webapi.js';

export type * from './types.js';
export {
  bigCardInventory,
  boosterPack,
  cardClassId,
  csgoKey,
  cs2Skin,
  gems,
  hydraKey,
  nextAssetId,
  renamedTf2Item,
  sackOfGems,
  tf2Key,
  tourOfDutyTicket,
  tradingCard,
} from './fixtures.js';
export { confirmationKey } from './deps.js';
export { BROWSER_GET_HEADERS, MOBILE_APP_HEADERS } from './clientHeaders.js';
export { steamGuardCode, type AuthControl, type AuthOptions } from './auth.js';

const DEFAULT_WAIT_MS = 10_000;
const TOKEN_LIFETIME_S = 24 * 3600;

export async function startSteamStandIn(opts: { botSteamId?: string; now?: () => number } = {}): Promise<SteamStandIn> {
  const now = opts.now ?? Date.now;
  const botSteamId = opts.botSteamId ?? '76561198100000001';
  const options: StandInOptions = {
    inventoryPageCap: 2000,
    tradeOffersPageSize: 100,
    acceptNeedsConfirmation: false,
    sendNeedsConfirmation: false,
    serverTimeOffsetSeconds: 0,
    tradeProtectionAcknowledged: true,
    clientHeaderChecks: true,
    contentEncoding: null,
  };
  const world = new World(botSteamId, now, options);
  const issuer = new TokenIssuer(botSteamId);
  const deps: Deps = {
    world,
    issuer,
    bot: {
      steamid: botSteamId,
      identitySecret: randomBytes(20).toString('base64'),
      apiKey: randomBytes(16).toString('hex').toUpperCase(),
      tradeBotsApiKey: randomBytes(24).toString('hex'),
    },
    urls: { community: '', webApi: '', tradeBots: '' },
    tradeBotsKeyActive: true,
  };
  const tradeBots: TradeBotsState = { updates: [], listing: {}, recent: new Map() };
  const hub = new Hub(now, options);
  deps.urls.community = await hub.listen('community', communityHandler(deps));
  // IAuthenticationService lives in its own file (auth.ts); the rest of the Web API in webapi.ts.
  const auth = createAuthService(deps);
  const webApi = webApiHandler(deps);
  deps.urls.webApi = await hub.listen('webapi', (ctx) => auth.handle(ctx) ?? webApi(ctx));
  deps.urls.tradeBots = `${await hub.listen('tradebots', tradeBotsHandler(deps, tradeBots, now))}/api/v1`;

  const nowSeconds = () => Math.floor(now() / 1000);
  const cookies = cookieString(botSteamId, issuer.issue(nowSeconds(), nowSeconds() + TOKEN_LIFETIME_S));
  const accessToken = splitLoginSecure(cookies.slice('steamLoginSecure='.length))?.token ?? '';

  const pendingWaits = new Set<(err: Error) => void>();

  const standIn: SteamStandIn = {
    communityUrl: deps.urls.community,
    webApiUrl: deps.urls.webApi,
    tradeBotsUrl: deps.urls.tradeBots,
    bot: {
      steamid: botSteamId,
      cookies,
      sessionId: randomBytes(12).toString('hex'),
      accessToken,
      apiKey: deps.bot.apiKey,
      identitySecret: deps.bot.identitySecret,
      tradeBotsApiKey: deps.bot.tradeBotsApiKey,
    },
    makeCookies: ({ exp }) => cookieString(botSteamId, issuer.issue(nowSeconds(), exp)),
    options,

    addUser: (u) => world.addUser(u),
    setInventory: (steamid, appid, contextid, items, o = {}) =>
      world.setInventory(steamid, appid, contextid, items, o.hidden ?? false),
    getInventory: (steamid, appid, contextid) =>
      (world.inventory(steamid, appid, contextid)?.items ?? []).map((item) => ({ ...item })),
    addOffer: (o) => world.addOffer(o),
    setOfferState: (id, state, o = {}) => world.setOfferState(id, state, o.updated),
    getOffer: (id) => {
      world.normalize();
      const offer = world.offers.get(id);
      if (!offer) throw new Error(`Steam stand-in: no offer ${id}`);
      return world.toPublicOffer(offer);
    },
    setOfferGlitched: (id, glitched) => {
      const offer = world.offers.get(id);
      if (!offer) throw new Error(`Steam stand-in: no offer ${id}`);
      offer.glitched = glitched;
    },
    corruptOffer: (id, fields) => {
      const offer = world.offers.get(id);
      if (!offer) throw new Error(`Steam stand-in: no offer ${id}`);
      offer.wireOverrides = { ...offer.wireOverrides, ...fields };
    },
    corruptTrade: (tradeid, fields) => {
      const trade = world.trades.find((t) => t.tradeid === tradeid);
      if (!trade) throw new Error(`Steam stand-in: no trade ${tradeid}`);
      trade.wireOverrides = { ...trade.wireOverrides, ...fields };
    },
    setClassInfoUnavailable: (appid, classid, instanceid, unavailable) => {
      const key = `${appid}_${classid}_${instanceid || '0'}`;
      if (unavailable) world.classesUnavailable.add(key);
      else world.classesUnavailable.delete(key);
    },
    webApiFails: ({ method, eresult, times = 1 }) =>
      hub.inject({
        host: 'webapi',
        path: new RegExp(`/${method}/v0*1/?$`, 'i'),
        times,
        status: 200,
        headers: { 'x-eresult': String(eresult) },
        body: { response: {} },
      }),
    setTradeHold: (steamid, hold) => void world.holds.set(steamid, { my: hold.my, their: hold.their }),
    setBadgeSetSize: (appid, size, foil = false) => {
      const sizes = world.badgeSizes.get(appid) ?? {};
      if (foil) sizes.foil = size;
      else sizes.normal = size;
      world.badgeSizes.set(appid, sizes);
    },
    auth: auth.control,
    expireSession: () => issuer.revokeIssued(),
    restoreSession: () => issuer.unrevoke(),
    inject: (f) => hub.inject(f),
    slowDown: (d) => hub.slowDown(d),
    loseAnswer: (l) => hub.loseAnswer(l),
    hold: (h) => hub.hold(h),
    requests: hub.requests,

    waitForRequest(pred, o = {}) {
      if (o.includePast) {
        const past = hub.requests.find((r) => r.status !== undefined && pred(r));
        if (past) return Promise.resolve(past);
      }
      const timeoutMs = o.timeoutMs ?? DEFAULT_WAIT_MS;
      return new Promise<RecordedRequest>((resolve, reject) => {
        const finish = (err: Error | null, r?: RecordedRequest) => {
          clearTimeout(timer);
          unsubscribe();
          pendingWaits.delete(cancel);
          if (err) reject(err);
          else resolve(r as RecordedRequest);
        };
        const cancel = (err: Error) => finish(err);
        // Resolves once the request has been answered, so the world already reflects it.
        const unsubscribe = hub.onRequestDone((r) => {
          let matched = false;
          try {
            matched = pred(r);
          } catch (err) {
            finish(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (matched) finish(null, r);
        });
        const timer = setTimeout(() => {
          const last = hub.requests
            .slice(-8)
            .map((r) => `${r.host} ${r.method} ${r.path} → ${r.status ?? '…'}`)
            .join('; ');
          finish(
            new Error(`Steam stand-in: no matching request within ${timeoutMs} ms; last requests: ${last || 'none'}`),
          );
        }, timeoutMs);
        pendingWaits.add(cancel);
      });
    },
    count: (pred) => hub.requests.filter(pred).length,

    tradeBots: {
      updates: tradeBots.updates,
      listing: tradeBots.listing,
      setKeyActive: (active) => {
        deps.tradeBotsKeyActive = active;
      },
    },

    confirmations: () =>
      world.confirmations.map((c) => ({ id: c.id, nonce: c.nonce, offerId: c.offerId, kind: c.kind })),
    trades: () =>
      world.trades.map((t) => ({
        tradeid: t.tradeid,
        offerId: t.offerId,
        partner: t.partner,
        status: t.status,
        settlement: t.settlement,
        reverses: t.reverses,
      })),

    async close() {
      for (const cancel of [...pendingWaits]) cancel(new Error('Steam stand-in closed'));
      await hub.close();
    },
  };
  return standIn;
}
