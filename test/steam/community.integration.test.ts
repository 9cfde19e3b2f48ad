// Trade actions on the community site (steam-protocol.md §4) through TradeActions and
// SteamClient against the stand-in: what each POST carries (sessionid cookie and field,
// Referer, Origin, form), strError parsed into EResult and Steam's text, 28 on accept as
// "already accepted", Timeout/InvalidState read back, and the one-time trade-protection
// acknowledgement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETradeOfferState } from '../../src/steam/enums.js';
import { SteamEResultError } from '../../src/steam/errors.js';
import { steamId64ToAccountId } from '../../src/steam/ids.js';
import type { TradeOffer } from '../../src/steam/types.js';
import { gems, tf2Key, tradingCard, type RecordedRequest } from '../standins/steam/index.js';
import { rejection, requestsTo, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;
let botGems: string;
let botKey: string;
let zoeyCard: string;
let billCard: string;

beforeEach(async () => {
  h = await startHarness({ identitySecret: null });
  h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey', tradeToken: 'AbCd1234' });
  h.steam.addUser({ steamid: USERS.bill, personaName: 'Bill', friends: true });
  const stack = gems(1000);
  const key = tf2Key();
  botGems = stack.assetid!;
  botKey = key.assetid!;
  h.steam.setInventory(h.steam.bot.steamid, 753, '6', [stack]);
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [key]);
  const smoker = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
  const boomer = tradingCard({ appid: 550, name: 'Boomer', index: 2 });
  zoeyCard = smoker.assetid!;
  billCard = boomer.assetid!;
  h.steam.setInventory(USERS.zoey, 753, '6', [smoker]);
  h.steam.setInventory(USERS.bill, 753, '6', [boomer]);
});

afterEach(async () => {
  await h.close();
});

const origin = () => new URL(h.steam.communityUrl).origin;
const host = () => new URL(h.steam.communityUrl).host;

/** The CSRF double submit, Origin and a browser User-Agent on a recorded POST. */
function expectCommunityPost(r: RecordedRequest, referer: string): void {
  expect(r.method).toBe('POST');
  expect(r.headers.cookie).toBe(`${h.steam.bot.cookies}; sessionid=${h.steam.bot.sessionId}`);
  expect(r.form?.sessionid).toBe(h.steam.bot.sessionId);
  expect(r.headers.origin).toBe(origin());
  expect(r.headers.referer).toBe(referer);
  expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded; charset=UTF-8');
  expect(r.headers['user-agent']).toMatch(/^Mozilla\/5\.0 /);
}

const giveBill = () => ({
  partner: USERS.bill,
  give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
  receive: [],
});

async function received(give: string[] = [botGems], receive: string[] = [zoeyCard]): Promise<TradeOffer> {
  const id = h.steam.addOffer({ partner: USERS.zoey, give, receive });
  const offer = await h.client.offers.getOffer(id);
  if (!offer) throw new Error('offer not visible');
  return offer;
}

describe('send', () => {
  it('to a trade URL: partner, token in the create params and the Referer, json_tradeoffer, message', async () => {
    const result = await h.client.sendOffer({
      partner: USERS.zoey,
      token: 'AbCd1234',
      give: [{ appid: 753, contextid: '6', assetid: botGems, amount: 250 }],
      receive: [{ appid: 753, contextid: '6', assetid: zoeyCard, amount: 1 }],
      message: 'gems for your Smoker',
    });

    expect(result).toEqual({
      tradeofferid: expect.stringMatching(/^\d+$/) as unknown,
      needsMobileConfirmation: false,
      needsEmailConfirmation: false,
      confirmed: false,
    });
    const [request] = requestsTo(h.steam, 'community', '/tradeoffer/new/send');
    expectCommunityPost(
      request!,
      `${h.steam.communityUrl}/tradeoffer/new/?partner=${steamId64ToAccountId(USERS.zoey)}&token=AbCd1234`,
    );
    const { json_tradeoffer: offerJson, ...form } = request!.form!;
    expect(form).toEqual({
      sessionid: h.steam.bot.sessionId,
      serverid: '1',
      partner: USERS.zoey,
      tradeoffermessage: 'gems for your Smoker',
      captcha: '',
      trade_offer_create_params: '{"trade_offer_access_token":"AbCd1234"}',
    });
    expect(JSON.parse(offerJson as string)).toEqual({
      newversion: true,
      version: 3,
      me: { assets: [{ appid: 753, contextid: '6', amount: 250, assetid: botGems }], currency: [], ready: false },
      them: { assets: [{ appid: 753, contextid: '6', amount: 1, assetid: zoeyCard }], currency: [], ready: false },
    });

    const offer = h.steam.getOffer(result.tradeofferid);
    expect(offer).toMatchObject({ partner: USERS.zoey, isOurOffer: true, state: 2, message: 'gems for your Smoker' });
    expect(offer.itemsToGive.map((a) => [a.assetid, a.amount])).toEqual([[botGems, 250]]);
    expect(offer.itemsToReceive.map((a) => a.assetid)).toEqual([zoeyCard]);
  });

  it('to a friend by SteamID64: empty create params, no token in the Referer', async () => {
    const result = await h.client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
      receive: [{ appid: 753, contextid: '6', assetid: billCard, amount: 1 }],
    });

    const [request] = requestsTo(h.steam, 'community', '/tradeoffer/new/send');
    expectCommunityPost(
      request!,
      `${h.steam.communityUrl}/tradeoffer/new/?partner=${steamId64ToAccountId(USERS.bill)}`,
    );
    expect(request!.form?.trade_offer_create_params).toBe('{}');
    expect(request!.form?.tradeoffermessage).toBe('');
    expect(h.steam.getOffer(result.tradeofferid).state).toBe(ETradeOfferState.Active);
  });

  it('a gift asks for nothing in return, and a long message is cut at 128 characters', async () => {
    const result = await h.client.sendOffer({
      partner: USERS.zoey,
      token: 'AbCd1234',
      give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
      receive: [],
      message: 'x'.repeat(200),
    });

    const [request] = requestsTo(h.steam, 'community', '/tradeoffer/new/send');
    const sent = JSON.parse(request!.form!.json_tradeoffer as string) as { version: number; them: unknown };
    expect(sent.version).toBe(2);
    expect(sent.them).toEqual({ assets: [], currency: [], ready: false });
    expect(request!.form?.tradeoffermessage).toBe('x'.repeat(128));
    const offer = h.steam.getOffer(result.tradeofferid);
    expect(offer.itemsToReceive).toEqual([]);
    expect(offer.itemsToGive.map((a) => a.assetid)).toEqual([botKey]);
  });

  it('needing a mobile confirmation without an identity secret: told, not confirmed, the offer waits in state 9', async () => {
    h.steam.options.sendNeedsConfirmation = true;
    const result = await h.client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
      receive: [],
    });
    expect(result).toMatchObject({ needsMobileConfirmation: true, needsEmailConfirmation: false, confirmed: false });
    expect(h.steam.getOffer(result.tradeofferid).state).toBe(ETradeOfferState.CreatedNeedsConfirmation);
    expect(h.steam.requests.filter((r) => r.path.startsWith('/mobileconf/'))).toEqual([]);
  });
});

describe('accept, decline, cancel', () => {
  it('accept posts the offer id and partner, then reads the offer back', async () => {
    const offer = await received();

    const result = await h.client.acceptOffer(offer);

    expect(result.outcome).toBe('accepted');
    expect(result.needsMobileConfirmation).toBe(false);
    expect(result.confirmed).toBe(false);
    expect(result.offer?.state).toBe(ETradeOfferState.Accepted);
    expect(result.offer?.tradeid).toBe(h.steam.getOffer(offer.id).tradeid);
    const [request] = requestsTo(h.steam, 'community', `/tradeoffer/${offer.id}/accept`);
    expectCommunityPost(request!, `${h.steam.communityUrl}/tradeoffer/${offer.id}/`);
    expect(request!.form).toEqual({
      sessionid: h.steam.bot.sessionId,
      serverid: '1',
      tradeofferid: offer.id,
      partner: USERS.zoey,
      captcha: '',
    });
    // The items moved.
    expect(h.steam.getInventory(USERS.zoey, 753, '6').map((i) => i.classid)).toEqual(['667924416']);
  });

  it('decline and cancel post only the sessionid, with the offer page as Referer', async () => {
    const incoming = await received();
    const outgoing = h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [botKey] });

    await h.client.actions.decline(incoming.id);
    await h.client.actions.cancel(outgoing);

    expect(h.steam.getOffer(incoming.id).state).toBe(ETradeOfferState.Declined);
    expect(h.steam.getOffer(outgoing).state).toBe(ETradeOfferState.Canceled);
    const [decline] = requestsTo(h.steam, 'community', `/tradeoffer/${incoming.id}/decline`);
    const [cancel] = requestsTo(h.steam, 'community', `/tradeoffer/${outgoing}/cancel`);
    expectCommunityPost(decline!, `${h.steam.communityUrl}/tradeoffer/${incoming.id}/`);
    expectCommunityPost(cancel!, `${h.steam.communityUrl}/tradeoffer/${outgoing}/`);
    expect(decline!.form).toEqual({ sessionid: h.steam.bot.sessionId });
    expect(cancel!.form).toEqual({ sessionid: h.steam.bot.sessionId });
  });

  it('28 on accept (someone accepted it first) is "already accepted" with the offer as it is now, not a failure', async () => {
    const offer = await received();
    h.steam.setOfferState(offer.id, ETradeOfferState.Accepted);

    const result = await h.client.acceptOffer(offer);

    expect(result).toMatchObject({ outcome: 'alreadyAccepted', needsMobileConfirmation: false, confirmed: false });
    expect(result.offer?.state).toBe(ETradeOfferState.Accepted);
    expect(requestsTo(h.steam, 'community', `/tradeoffer/${offer.id}/accept`).map((r) => r.status)).toEqual([500]);
    expect(await h.client.actions.accept(offer.id, offer.partner)).toEqual({ kind: 'alreadyAccepted' });
  });

  it('Timeout (16) on accept that went through anyway is reported as accepted after reading the offer back', async () => {
    const offer = await received();
    h.steam.setOfferState(offer.id, ETradeOfferState.Accepted);
    h.steam.inject({
      host: 'community',
      path: `/tradeoffer/${offer.id}/accept`,
      status: 500,
      body: { strError: 'There was an error accepting this trade offer.  Please try again later. (16)' },
    });

    const result = await h.client.acceptOffer(offer);

    expect(result.outcome).toBe('accepted');
    expect(result.offer?.state).toBe(ETradeOfferState.Accepted);
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffer\//).map((r) => r.query.tradeofferid)).toEqual([
      offer.id,
      offer.id,
    ]);
  });

  it('InvalidState (11) on an offer that is not accepted stays an error, after reading it back', async () => {
    const offer = await received();
    h.steam.setOfferState(offer.id, ETradeOfferState.Declined);
    const before = requestsTo(h.steam, 'webapi', /GetTradeOffer\//).length;

    const error = await rejection(h.client.acceptOffer(offer));

    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({
      eresult: 11,
      steamMessage: 'There was an error accepting this trade offer. Please try again later.',
      endpoint: `${host()}/tradeoffer/${offer.id}/accept`,
    });
    expect(error.message).toBe(
      'There was an error accepting this trade offer. Please try again later. (InvalidState, 11)',
    );
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffer\//).length).toBe(before + 1);
  });
});

describe('strError', () => {
  it('items gone (26) on accept: EResult, Steam text, and the offer becomes InvalidItems', async () => {
    const offer = await received();
    h.steam.setInventory(USERS.zoey, 753, '6', []);

    const error = await rejection(h.client.actions.accept(offer.id, offer.partner));

    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({ eresult: 26, cause: undefined });
    expect(error.message).toBe('There was an error accepting this trade offer. Please try again later. (Revoked, 26)');
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.InvalidItems);
  });

  it('a stranger without the trade token (15) on send', async () => {
    const error = await rejection(
      h.client.sendOffer({
        partner: USERS.zoey,
        give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
        receive: [],
      }),
    );
    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({
      eresult: 15,
      steamMessage: 'There was an error sending your trade offer. Please try again later.',
      endpoint: `${host()}/tradeoffer/new/send`,
    });
    // Only one send: a 15 that is not the trade-protection notice is not acknowledged and retried.
    expect(requestsTo(h.steam, 'community', /^\/trade/).map((r) => r.path)).toEqual(['/tradeoffer/new/send']);
  });

  it('items not in the inventory (26) on send, and an offer that is no longer active (11) on decline', async () => {
    const send = await rejection(
      h.client.actions.send({
        partner: USERS.bill,
        give: [{ appid: 440, contextid: '2', assetid: '123', amount: 1 }],
        receive: [],
      }),
    );
    expect(send).toMatchObject({ name: 'SteamEResultError', eresult: 26 });

    const offer = await received();
    h.steam.setOfferState(offer.id, ETradeOfferState.Canceled);
    const decline = await rejection(h.client.actions.decline(offer.id));
    expect(decline).toMatchObject({
      name: 'SteamEResultError',
      eresult: 11,
      steamMessage: 'There was an error declining this trade offer. Please try again later.',
    });
  });

  it('too many offers to one partner (25) is OfferLimitExceeded with Steam’s text', async () => {
    const keys = Array.from({ length: 6 }, () => tf2Key());
    h.steam.setInventory(h.steam.bot.steamid, 440, '2', keys);
    for (const key of keys.slice(0, 5)) {
      h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [key.assetid!] });
    }

    const error = await rejection(
      h.client.sendOffer({
        partner: USERS.bill,
        give: [{ appid: 440, contextid: '2', assetid: keys[5]!.assetid!, amount: 1 }],
        receive: [],
      }),
    );

    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({
      eresult: 25,
      cause: 'OfferLimitExceeded',
      steamMessage:
        'You have sent too many trade offers, or have too many outstanding trade offers with Bill. Please cancel some before sending more.',
    });
  });
});

describe('Steam’s known strError texts', () => {
  // Texts as steam-protocol.md §4.2 quotes them from tradeoffer-manager; the stand-in cannot
  // produce these situations, so Steam's answer is injected.
  const cases = [
    ['You cannot trade with Bill because they have a trade ban.', 'TradeBan', 2],
    [
      'You have logged in from a new device. In order to protect the items in your inventory, you will be unable to trade from this device for 7 days.',
      'NewDevice',
      2,
    ],
    [
      'Bill is not available to trade. More information will be shown to Bill if they invite you to trade.',
      'TargetCannotTrade',
      2,
    ],
    [
      "There was an error sending your trade offer. We were unable to contact the game's item server. (20)",
      'ItemServerUnavailable',
      20,
    ],
  ] as const;

  for (const [text, cause, eresult] of cases) {
    it(`"${text.slice(0, 40)}…" → ${cause} (${eresult})`, async () => {
      h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 500, body: { strError: text } });
      const error = await rejection(h.client.sendOffer(giveBill()));
      expect(error).toBeInstanceOf(SteamEResultError);
      expect(error).toMatchObject({ cause, eresult, steamMessage: text.replace(/ \(\d+\)$/, '') });
      // None of these is the trade-protection notice: nothing acknowledged, nothing retried.
      expect(h.steam.count((r) => r.host === 'community')).toBe(1);
    });
  }
});

describe('trade-protection notice', () => {
  it('send: the first attempt gets the (15) notice, the client acknowledges once and sends again', async () => {
    h.steam.options.tradeProtectionAcknowledged = false;

    const result = await h.client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
      receive: [],
    });

    const actions = h.steam.requests.filter((r) => r.host === 'community');
    expect(actions.map((r) => [r.path, r.status])).toEqual([
      ['/tradeoffer/new/send', 500],
      ['/trade/new/acknowledge', 200],
      ['/tradeoffer/new/send', 200],
    ]);
    expectCommunityPost(actions[1]!, `${h.steam.communityUrl}/tradeoffer/new/`);
    expect(actions[1]!.form).toEqual({ sessionid: h.steam.bot.sessionId, message: '1' });
    expect(h.steam.options.tradeProtectionAcknowledged).toBe(true);
    expect(h.steam.getOffer(result.tradeofferid).state).toBe(ETradeOfferState.Active);

    // Acknowledged for good: the next send goes straight through.
    await h.client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 753, contextid: '6', assetid: botGems, amount: 1 }],
      receive: [],
    });
    expect(h.steam.count((r) => r.path === '/trade/new/acknowledge')).toBe(1);
  });

  it('accept: acknowledged once, then accepted', async () => {
    const offer = await received();
    h.steam.options.tradeProtectionAcknowledged = false;

    const result = await h.client.acceptOffer(offer);

    expect(result.outcome).toBe('accepted');
    expect(h.steam.requests.filter((r) => r.host === 'community').map((r) => [r.path, r.status])).toEqual([
      [`/tradeoffer/${offer.id}/accept`, 500],
      ['/trade/new/acknowledge', 200],
      [`/tradeoffer/${offer.id}/accept`, 200],
    ]);
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.Accepted);
  });
});
