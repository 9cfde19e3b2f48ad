// Trade actions on the community site (docs/steam.md#community-trade-actions) through TradeActions and
// SteamClient against the stand-in: what each POST carries (sessionid cookie and field,
// Referer, Origin, form), strError parsed into EResult and Steam's text, 28 on accept as
// "already accepted", Timeout/InvalidState read back, and the one-time trade-protection
// acknowledgement.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETradeOfferState } from '../../src/steam/enums.js';
import { SendOutcomeUnknownError, SteamEResultError } from '../../src/steam/errors.js';
import { steamId64ToAccountId } from '../../src/steam/ids.js';
import type { TradeOffer } from '../../src/steam/types.js';
import { gems, tf2Key, tradingCard, type RecordedRequest } from '../standins/steam/index.js';
import { memoryRecord, offerOf, rejection, requestsTo, startHarness, USERS, type Harness } from './harness.js';

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
      confirmationProblem: null,
      unclearAnswer: null,
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

    expect(result).toMatchObject({ outcome: 'accepted', needsMobileConfirmation: false, confirmed: false });
    expect(offerOf(result)?.state).toBe(ETradeOfferState.Accepted);
    expect(offerOf(result)?.tradeid).toBe(h.steam.getOffer(offer.id).tradeid);
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
    expect(offerOf(result)?.state).toBe(ETradeOfferState.Accepted);
    expect(requestsTo(h.steam, 'community', `/tradeoffer/${offer.id}/accept`).map((r) => r.status)).toEqual([500]);
    // TradeActions itself reports the 28; only reading the offer again tells what it meant.
    expect(await rejection(h.client.actions.accept(offer.id, offer.partner))).toMatchObject({ eresult: 28 });
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
    expect(offerOf(result)?.state).toBe(ETradeOfferState.Accepted);
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffer\//).map((r) => r.query.tradeofferid)).toEqual([
      offer.id,
      offer.id,
    ]);
  });

  it('InvalidState (11) on an offer that is not accepted is "not done", with the state Steam shows after reading it back', async () => {
    const offer = await received();
    h.steam.setOfferState(offer.id, ETradeOfferState.Declined);
    const before = requestsTo(h.steam, 'webapi', /GetTradeOffer\//).length;

    const result = await h.client.acceptOffer(offer);

    expect(result).toMatchObject({
      outcome: 'notDone',
      offer: { state: ETradeOfferState.Declined },
      steamSaid: '“There was an error accepting this trade offer. Please try again later.” (InvalidState, EResult 11)',
    });
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffer\//).length).toBe(before + 1);
  });

  it('28 on an offer that is still active (item-server trouble) is "not done: still active", never "already accepted"', async () => {
    const offer = await received();
    h.steam.inject({
      host: 'community',
      path: `/tradeoffer/${offer.id}/accept`,
      status: 500,
      body: { strError: 'There was an error accepting this trade offer.  Please try again later. (28)' },
    });

    const result = await h.client.acceptOffer(offer);

    expect(result).toMatchObject({ outcome: 'notDone', offer: { state: ETradeOfferState.Active } });
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.Active);
  });

  it('an accept whose answer is lost after Steam took it is found accepted by reading the offer again', async () => {
    const offer = await received();
    h.steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offer.id}/accept` });

    const result = await h.client.acceptOffer(offer);

    expect(result).toMatchObject({
      outcome: 'accepted',
      offer: { state: ETradeOfferState.Accepted },
      unclearAnswer: expect.stringMatching(/^no answer \(/),
    });
    // The POST was never repeated.
    expect(requestsTo(h.steam, 'community', `/tradeoffer/${offer.id}/accept`)).toHaveLength(1);
  });

  it('a lost accept answer with a confirmation waiting for the offer: the accept went through, so it is confirmed', async () => {
    h.steam.options.acceptNeedsConfirmation = true;
    const confirming = h.makeClient();
    const offer = await received();
    h.steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offer.id}/accept` });

    const result = await confirming.acceptOffer(offer);

    expect(result).toMatchObject({
      outcome: 'accepted',
      confirmed: true,
      needsMobileConfirmation: false,
      offer: { state: ETradeOfferState.Accepted },
    });
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.Accepted);
    expect(h.steam.confirmations()).toEqual([]);
    expect(requestsTo(h.steam, 'community', `/tradeoffer/${offer.id}/accept`)).toHaveLength(1);
  });

  it('a lost accept answer and an offer that cannot be read again is "unknown", with both reasons', async () => {
    const offer = await received();
    h.steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offer.id}/accept` });
    h.steam.inject({ host: 'webapi', path: /GetTradeOffer\//i, status: 503, times: 10 });

    const result = await h.client.acceptOffer(offer);

    expect(result).toMatchObject({
      outcome: 'unknown',
      steamSaid: expect.stringMatching(/^no answer \(/),
      readProblem: 'HTTP 503',
    });
  });

  it('decline and cancel with a lost answer or a 5xx: read back, done or still active as Steam shows', async () => {
    const incoming = await received();
    const outgoing = h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [botKey] });
    h.steam.loseAnswer({ host: 'community', path: `/tradeoffer/${incoming.id}/decline` });
    // A 502 from a proxy: Steam never saw it.
    h.steam.inject({
      host: 'community',
      path: `/tradeoffer/${outgoing}/cancel`,
      status: 502,
      body: '<html>Bad Gateway</html>',
    });

    const declined = await h.client.declineOffer(incoming);
    const canceled = await h.client.cancelOffer((await h.client.offers.getOffer(outgoing))!);

    expect(declined).toMatchObject({
      outcome: 'declined',
      offer: { state: ETradeOfferState.Declined },
      unclearAnswer: expect.stringMatching(/^no answer/),
    });
    expect(canceled).toMatchObject({
      outcome: 'notDone',
      offer: { state: ETradeOfferState.Active },
      steamSaid: 'HTTP 502',
    });
    expect(requestsTo(h.steam, 'community', `/tradeoffer/${outgoing}/cancel`)).toHaveLength(1);
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
    // One send, no retry.
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
  // Texts as docs/steam.md#eresults-in-trade-errors quotes them from tradeoffer-manager; the stand-in cannot
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
      // Nothing retried.
      expect(h.steam.count((r) => r.host === 'community')).toBe(1);
    });
  }
});

describe('send with an unclear answer', () => {
  it('a lost answer: the offer Steam created is found among the sent offers; one POST, no duplicate', async () => {
    h.steam.loseAnswer({ host: 'community', path: '/tradeoffer/new/send' });

    const result = await h.client.sendOffer(giveBill());

    expect(result).toMatchObject({
      unclearAnswer: expect.stringMatching(/^no answer \(/),
      needsMobileConfirmation: false,
    });
    expect(h.steam.getOffer(result.tradeofferid)).toMatchObject({ partner: USERS.bill, isOurOffer: true, state: 2 });
    expect(requestsTo(h.steam, 'community', '/tradeoffer/new/send')).toHaveLength(1);
    const [lookup] = requestsTo(h.steam, 'webapi', /GetTradeOffers\//);
    expect(lookup!.query).toMatchObject({ get_sent_offers: '1', get_received_offers: '0', active_only: '1' });
  });

  it('an identical offer sent ten minutes earlier is not taken for it: SendOutcomeUnknownError, nothing sent twice', async () => {
    h.steam.addOffer({
      partner: USERS.bill,
      isOurOffer: true,
      give: [botKey],
      created: Math.floor(h.clock.ms / 1000) - 600,
    });
    h.steam.inject({
      host: 'community',
      path: '/tradeoffer/new/send',
      status: 500,
      body: { strError: 'Timed out.  Please try again later. (16)' },
    });

    const error = await rejection(h.client.sendOffer(giveBill()));

    expect(error).toBeInstanceOf(SendOutcomeUnknownError);
    expect(error).toMatchObject({
      steamSaid: '“Timed out. Please try again later.” (Timeout, EResult 16)',
      lookupProblem: null,
    });
    expect(requestsTo(h.steam, 'community', '/tradeoffer/new/send')).toHaveLength(1);
    // Looked twice, a few seconds apart.
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffers\//)).toHaveLength(2);
    expect(h.clock.sleeps).toContain(3000);
  });

  it('a refusal that is clear (15) is not looked for', async () => {
    h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 500, body: { strError: 'Nope. (15)' } });
    expect(await rejection(h.client.sendOffer(giveBill()))).toMatchObject({ eresult: 15 });
    expect(requestsTo(h.steam, 'webapi', /GetTradeOffers\//)).toHaveLength(0);
  });
});

describe('trade-protection notice (docs/steam.md#trade-protection)', () => {
  it('is acknowledged once, up front, before the first send with items outside app 753; redirects are followed', async () => {
    h.steam.options.tradeProtectionAcknowledged = false;
    const record = memoryRecord();
    const client = h.makeClient({ identitySecret: null, tradeProtection: record });

    // Steam Community items only: no acknowledgement needed.
    await client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 753, contextid: '6', assetid: botGems, amount: 1 }],
      receive: [],
    });
    expect(h.steam.count((r) => r.path === '/trade/new/acknowledge')).toBe(0);

    const result = await client.sendOffer(giveBill());

    const actions = h.steam.requests.filter((r) => r.host === 'community').slice(1);
    expect(actions.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', '/trade/new/acknowledge', 302],
      ['GET', `/profiles/${h.steam.bot.steamid}/tradeoffers/`, 200],
      ['POST', '/tradeoffer/new/send', 200],
    ]);
    expectCommunityPost(actions[0]!, `${h.steam.communityUrl}/my/tradeoffers/`);
    expect(actions[0]!.form).toEqual({ sessionid: h.steam.bot.sessionId, message: '1' });
    expect(h.steam.options.tradeProtectionAcknowledged).toBe(true);
    expect(record.at).toBe(h.clock.ms);
    expect(h.steam.getOffer(result.tradeofferid).state).toBe(ETradeOfferState.Active);

    // Remembered: the next trade with a TF2 item does not acknowledge again.
    h.steam.setInventory(h.steam.bot.steamid, 440, '2', [tf2Key()]);
    await client.sendOffer({
      partner: USERS.bill,
      give: [
        {
          appid: 440,
          contextid: '2',
          assetid: h.steam.getInventory(h.steam.bot.steamid, 440, '2')[0]!.assetid!,
          amount: 1,
        },
      ],
      receive: [],
    });
    expect(h.steam.count((r) => r.path === '/trade/new/acknowledge')).toBe(1);
  });

  it('a refused trade confirmation leads to one acknowledgement and one retry', async () => {
    h.steam.options.acceptNeedsConfirmation = true;
    h.steam.options.tradeProtectionAcknowledged = false;
    // The record says done (e.g. a stale store); Steam disagrees at the confirmation step.
    const record = memoryRecord(1);
    const client = h.makeClient({ tradeProtection: record });
    const theirs = tf2Key();
    h.steam.setInventory(USERS.zoey, 440, '2', [theirs]);
    const offer = await received([], [theirs.assetid!]);

    const result = await client.acceptOffer(offer);

    expect(result).toMatchObject({ outcome: 'accepted', confirmed: true, needsMobileConfirmation: false });
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.Accepted);
    const steps = h.steam.requests.filter((r) => r.host === 'community').map((r) => [r.path, r.status]);
    expect(steps).toEqual([
      [`/tradeoffer/${offer.id}/accept`, 200],
      ['/mobileconf/getlist', 200],
      ['/mobileconf/ajaxop', 200],
      ['/trade/new/acknowledge', 302],
      [`/profiles/${h.steam.bot.steamid}/tradeoffers/`, 200],
      ['/mobileconf/getlist', 200],
      ['/mobileconf/ajaxop', 200],
    ]);
    expect(record.at).toBe(h.clock.ms);
  });

  it('a confirmation refused again after the acknowledgement: accepted, waiting for the phone, with Steam’s answer', async () => {
    h.steam.options.acceptNeedsConfirmation = true;
    const client = h.makeClient({ tradeProtection: memoryRecord(1) });
    h.steam.inject({ host: 'community', path: '/mobileconf/ajaxop', status: 200, body: { success: false }, times: 2 });
    const offer = await received();

    const result = await client.acceptOffer(offer);

    expect(result).toMatchObject({
      outcome: 'accepted',
      confirmed: false,
      needsMobileConfirmation: true,
      confirmationProblem: '“Steam refused to allow the confirmation” (Fail, EResult 2)',
    });
    expect(h.steam.count((r) => r.path === '/trade/new/acknowledge')).toBe(1);
    expect(h.steam.count((r) => r.path === '/mobileconf/ajaxop')).toBe(2);
    expect(h.steam.getOffer(offer.id).state).toBe(ETradeOfferState.Active);
  });
});
