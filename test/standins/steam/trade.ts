// Community trade actions (docs/steam.md#community-trade-actions): send, accept, decline, cancel and the 2025
// trade-protection acknowledgement. Each POST needs the bot's live steamLoginSecure cookie, a sessionid
// cookie equal to the sessionid form field, and Origin and Referer headers.
import { cookieSession, type Deps } from './deps.js';
import { notFoundPage } from './pages.js';
import { field, html, json, redirect, type Ctx, type Reply } from './server.js';
import { isSteamId64, State, type OfferAsset } from './state.js';

type Action = 'send' | 'accept' | 'decline' | 'cancel' | 'acknowledge';

const PREFIX: Record<Action, string> = {
  send: 'There was an error sending your trade offer.',
  accept: 'There was an error accepting this trade offer.',
  decline: 'There was an error declining this trade offer.',
  cancel: 'There was an error canceling this trade offer.',
  acknowledge: 'There was an error acknowledging the trade protection notice.',
};

/** Steam's strError: text, two spaces, "Please try again later. (EResult)", mostly with HTTP 500. */
export const strError = (action: Action, eresult: number): Reply =>
  json(500, { strError: `${PREFIX[action]}  Please try again later. (${eresult})` });

const FORBIDDEN =
  '<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1><p>Cross-site request denied.</p></body></html>';

function guard(ctx: Ctx, deps: Deps, action: Action): Reply | null {
  // Not logged in: 401 for send/decline/cancel, 403 for accept (the codes tradeoffer-manager checks, docs/steam.md#expired-sessions).
  if (cookieSession(ctx, deps) !== 'valid') return action === 'accept' ? html(403, '') : html(401, '');
  // Since 2025-02-12 POSTs without Origin get 403. ASSUMPTION: a missing Referer is refused the same way.
  if (!ctx.headers.origin || !ctx.headers.referer) return html(403, FORBIDDEN);
  const cookie = ctx.cookies.sessionid;
  const body = field(ctx.form, 'sessionid');
  if (!cookie || !body || cookie !== body) return strError(action, 8);
  return null;
}

interface WireAsset {
  appid?: unknown;
  contextid?: unknown;
  amount?: unknown;
  assetid?: unknown;
}

function offerAssetFor(deps: Deps, owner: string, a: WireAsset): OfferAsset | null | 'bad' {
  const appid = Number(a.appid);
  const contextid = String(a.contextid ?? '');
  const assetid = String(a.assetid ?? '');
  const amount = a.amount === undefined ? 1 : Number(a.amount);
  if (!Number.isInteger(appid) || !/^\d+$/.test(contextid) || !/^\d+$/.test(assetid)) return 'bad';
  if (!Number.isInteger(amount) || amount < 1) return 'bad';
  const found = deps.world.findAsset(owner, assetid);
  if (!found || found.inventory.appid !== appid || found.inventory.contextid !== contextid) return null;
  if ((found.item.amount ?? 1) < amount) return null;
  return deps.world.offerAsset(owner, assetid, amount);
}

function send(ctx: Ctx, deps: Deps): Reply {
  const { world } = deps;
  const partner = field(ctx.form, 'partner') ?? '';
  if (!isSteamId64(partner) || partner === deps.bot.steamid) return strError('send', 8);

  let offer: { me?: { assets?: unknown }; them?: { assets?: unknown } };
  let params: { trade_offer_access_token?: unknown };
  try {
    offer = JSON.parse(field(ctx.form, 'json_tradeoffer') ?? '') as typeof offer;
    params = JSON.parse(field(ctx.form, 'trade_offer_create_params') || '{}') as typeof params;
  } catch {
    return strError('send', 8);
  }
  if (!offer || typeof offer !== 'object' || !params || typeof params !== 'object') return strError('send', 8);
  const me = offer.me?.assets ?? [];
  const them = offer.them?.assets ?? [];
  if (!Array.isArray(me) || !Array.isArray(them) || me.length + them.length === 0) return strError('send', 8);

  const user = world.users.get(partner);
  // Not friends: the trade URL token must be right (15), and so for unknown accounts.
  if (!user || (!user.friends && params.trade_offer_access_token !== user.tradeToken)) return strError('send', 15);
  if (them.length > 0 && (user.inventoryPrivate || user.profilePrivate)) return strError('send', 15);

  const activeSent = world.visibleOffers().filter((o) => o.isOurOffer && (o.state === 2 || o.state === 9));
  if (activeSent.length >= 30 || activeSent.filter((o) => o.partner === partner).length >= 5) {
    return json(500, {
      strError: `You have sent too many trade offers, or have too many outstanding trade offers with ${user.personaName}.  Please cancel some before sending more. (25)`,
    });
  }

  const give: OfferAsset[] = [];
  const receive: OfferAsset[] = [];
  for (const [owner, list, into] of [
    [deps.bot.steamid, me, give],
    [partner, them, receive],
  ] as const) {
    for (const wire of list as WireAsset[]) {
      const asset = offerAssetFor(deps, owner, wire ?? {});
      if (asset === 'bad') return strError('send', 8);
      if (!asset) return strError('send', 26);
      into.push(asset);
    }
  }

  const counteredId = field(ctx.form, 'tradeofferid_countered');
  if (counteredId) {
    const countered = world.offers.get(counteredId);
    if (!countered || countered.isOurOffer || countered.partner !== partner) return strError('send', 8);
    if (countered.state !== State.Active) return strError('send', 11);
    countered.state = State.Countered;
    countered.updated = world.now();
  }

  const needsConfirmation = world.options.sendNeedsConfirmation;
  const created = world.createOffer({
    partner,
    isOurOffer: true,
    give,
    receive,
    message: (field(ctx.form, 'tradeoffermessage') ?? '').slice(0, 128),
    state: needsConfirmation ? State.NeedsConfirmation : State.Active,
    confirmationMethod: needsConfirmation ? 2 : 0,
  });
  if (!needsConfirmation) return json(200, { tradeofferid: created.id });
  world.createConfirmation(created.id, 'send');
  return json(200, { tradeofferid: created.id, needs_mobile_confirmation: true, needs_email_confirmation: false });
}

function accept(ctx: Ctx, deps: Deps, id: string): Reply {
  const { world } = deps;
  const offer = world.offers.get(id);
  if (field(ctx.form, 'tradeofferid') !== id) return strError('accept', 8);
  if (!offer || offer.isOurOffer || offer.unsent) return strError('accept', 8);
  if (field(ctx.form, 'partner') !== offer.partner) return strError('accept', 8);
  if (offer.state === State.Accepted || offer.state === State.InEscrow) return strError('accept', 28);
  if (offer.state !== State.Active) return strError('accept', 11);
  if (!world.allPresent(offer)) {
    world.executeTrade(offer); // marks it InvalidItems
    return strError('accept', 26);
  }
  if (world.options.acceptNeedsConfirmation || offer.pendingAccept) {
    offer.pendingAccept = true;
    offer.confirmationMethod = 2;
    world.createConfirmation(offer.id, 'accept');
    return json(200, { tradeid: null, needs_mobile_confirmation: true, needs_email_confirmation: false });
  }
  world.executeTrade(offer);
  return json(200, { tradeid: offer.tradeid });
}

function declineOrCancel(deps: Deps, id: string, action: 'decline' | 'cancel'): Reply {
  const { world } = deps;
  const offer = world.offers.get(id);
  const ours = action === 'cancel';
  if (!offer || offer.isOurOffer !== ours || offer.unsent) {
    return strError(action, 8);
  }
  const cancellable = offer.state === State.Active || (ours && offer.state === State.NeedsConfirmation);
  if (!cancellable) return strError(action, 11);
  world.setOfferState(id, ours ? State.Canceled : State.Declined);
  return json(200, { tradeofferid: id });
}

export function tradeAction(ctx: Ctx, deps: Deps): Reply {
  const { path } = ctx;
  let m: RegExpExecArray | null;
  if (/^\/tradeoffer\/new\/send\/?$/.test(path)) return guard(ctx, deps, 'send') ?? send(ctx, deps);
  if ((m = /^\/tradeoffer\/(\d+)\/(accept|decline|cancel)\/?$/.exec(path))) {
    const id = m[1] as string;
    const action = m[2] as 'accept' | 'decline' | 'cancel';
    const refused = guard(ctx, deps, action);
    if (refused) return refused;
    return action === 'accept' ? accept(ctx, deps, id) : declineOrCancel(deps, id, action);
  }
  if (/^\/trade\/new\/acknowledge\/?$/.test(path)) {
    const refused = guard(ctx, deps, 'acknowledge');
    if (refused) return refused;
    // ASSUMPTION: what Steam answers is not documented; aiosteampy follows redirects here ("handle
    // eligibility check"), so the worst plausible answer is a redirect to the trade offers page.
    deps.world.options.tradeProtectionAcknowledged = true;
    return redirect(`${deps.urls.community}/profiles/${deps.bot.steamid}/tradeoffers/`);
  }
  return html(404, notFoundPage());
}
