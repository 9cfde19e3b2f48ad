// Mobile confirmations (docs/steam.md#mobile-confirmations): getlist, ajaxop, multiajaxop, details. Every call carries
// p, a, k, t, m, tag; k must be the identity_secret HMAC of t and tag, and t within ±30 s of Steam's time.
import { timingSafeEqual } from 'node:crypto';
import { avatarUrl, confirmationKey, cookieSession, serverTime, type Deps } from './deps.js';
import { notFoundPage } from './pages.js';
import { html, json, type Ctx, type Reply } from './server.js';
import type { Confirmation } from './state.js';

const TIME_TOLERANCE_S = 30;

const INVALID_AUTHENTICATOR = {
  success: false,
  message: 'Invalid authenticator',
  detail:
    'It looks like your Steam Guard Mobile Authenticator is providing incorrect Steam Guard codes. This could be caused by an inaccurate clock or bad timezone settings on your device. If your time settings are correct, it could be that a different device has been set up to provide the Steam Guard codes for your account, which means the authenticator on this device is no longer valid.',
};

/** Parameters from the query, and for POSTs also from the form (ASF sends them in the body). */
function params(ctx: Ctx): { one: (name: string) => string | undefined; all: (name: string) => string[] } {
  return {
    one: (name) => {
      const fromForm = ctx.form?.[name];
      if (fromForm !== undefined) return Array.isArray(fromForm) ? fromForm[0] : fromForm;
      return ctx.query[name];
    },
    all: (name) => {
      const fromForm = ctx.form?.[name];
      if (fromForm !== undefined) return Array.isArray(fromForm) ? fromForm : [fromForm];
      return ctx.queryAll.getAll(name);
    },
  };
}

function keyIsValid(ctx: Ctx, deps: Deps): boolean {
  const p = params(ctx);
  const [device, account, key, time, tag] = ['p', 'a', 'k', 't', 'tag'].map((n) => p.one(n));
  if (!device || account !== deps.bot.steamid || !key || !time || tag === undefined) return false;
  if (!/^\d+$/.test(time) || Math.abs(Number(time) - serverTime(deps)) > TIME_TOLERANCE_S) return false;
  const expected = Buffer.from(confirmationKey(deps.bot.identitySecret, Number(time), tag));
  const given = Buffer.from(key);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function confirmationJson(deps: Deps, c: Confirmation): Record<string, unknown> {
  const offer = deps.world.offers.get(c.offerId);
  const partner = offer ? deps.world.users.get(offer.partner) : undefined;
  const plural = (n: number) => (n === 1 ? 'item' : 'items');
  const give = offer?.give.length ?? 0;
  const receive = offer?.receive.length ?? 0;
  return {
    type: 2,
    type_name: 'Trade Offer',
    id: c.id,
    creator_id: c.offerId,
    nonce: c.nonce,
    creation_time: c.created,
    cancel: 'Cancel',
    accept: c.kind === 'send' ? 'Send Offer' : 'Accept',
    icon: partner ? avatarUrl(partner.avatarHash) : '',
    multi: false,
    headline: partner?.personaName ?? '',
    // ASSUMPTION: wording of the summary lines (node reads [0] as what you give, [1] as what you receive).
    summary: [
      give ? `You will give up your ${give} ${plural(give)}` : 'You will not give up any items',
      receive ? `You will receive ${receive} ${plural(receive)}` : 'You will not receive any items',
    ],
    warn: null,
  };
}

/**
 * Since 2025-07 a trade with trade-protected items (anything outside app 753) cannot be confirmed until
 * the account acknowledged the notice: the confirmation fails with a bare `{success:false}` (aiosteampy #87,
 * SDA #1109/#1111, steamguard-cli #470 "responded with a failure and did not elaborate").
 */
function blockedByTradeProtection(deps: Deps, c: Confirmation): boolean {
  if (deps.world.options.tradeProtectionAcknowledged) return false;
  const offer = deps.world.offers.get(c.offerId);
  return !!offer && [...offer.give, ...offer.receive].some((a) => a.appid !== 753);
}

type ActResult = 'ok' | 'failed' | 'unacknowledged';

function act(deps: Deps, op: string | undefined, cid: string | undefined, ck: string | undefined): ActResult {
  const c = deps.world.confirmations.find((x) => x.id === cid && x.nonce === ck);
  if (!c) return 'failed';
  const allow = op === 'allow' || op === 'accept';
  if (allow && blockedByTradeProtection(deps, c)) return 'unacknowledged';
  return actOn(deps, op, c) ? 'ok' : 'failed';
}

function actOn(deps: Deps, op: string | undefined, c: Confirmation): boolean {
  if (op === 'allow' || op === 'accept') return deps.world.allowConfirmation(c);
  if (op === 'cancel' || op === 'reject') return deps.world.cancelConfirmation(c);
  return false;
}

export function mobileconf(ctx: Ctx, deps: Deps): Reply {
  const route = ctx.path.replace(/^\/mobileconf\//, '').replace(/\/$/, '');
  const known = ['getlist', 'ajaxop', 'multiajaxop'].includes(route) || /^details\/\d+$/.test(route);
  if (!known) return html(404, notFoundPage());
  if (ctx.method === 'POST' && !ctx.headers.origin) {
    return html(403, '<html><head><title>403 Forbidden</title></head><body>Forbidden</body></html>');
  }
  if (cookieSession(ctx, deps) !== 'valid') return json(200, { success: false, needauth: true });
  if (!keyIsValid(ctx, deps)) return json(200, INVALID_AUTHENTICATOR);
  const p = params(ctx);

  if (route === 'getlist') {
    return json(200, { success: true, conf: deps.world.confirmations.map((c) => confirmationJson(deps, c)) });
  }
  if (route === 'ajaxop') {
    const result = act(deps, p.one('op'), p.one('cid'), p.one('ck'));
    if (result === 'unacknowledged') return json(200, { success: false });
    return json(
      200,
      result === 'ok' ? { success: true } : { success: false, message: 'Could not act on confirmation' },
    );
  }
  if (route === 'multiajaxop') {
    if (ctx.method !== 'POST') return html(404, notFoundPage());
    const cids = p.all('cid[]');
    const cks = p.all('ck[]');
    if (cids.length === 0 || cids.length !== cks.length) return json(200, { success: false });
    const results = cids.map((cid, i) => act(deps, p.one('op'), cid, cks[i]));
    return json(200, { success: results.every((r) => r === 'ok') });
  }
  const id = route.slice('details/'.length);
  const c = deps.world.confirmations.find((x) => x.id === id);
  if (!c) return json(200, { success: false });
  return json(200, {
    success: true,
    html: `<div class="mobileconf_trade_area"><div class="tradeoffer" id="tradeofferid_${c.offerId}"></div></div>`,
  });
}
