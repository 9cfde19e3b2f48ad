// TradeOfferService against the stand-in's IEconService (docs/steam.md#trade-offers): summary,
// offers with descriptions and cursor paging, one offer, history, hold durations — all with
// the access token from steamLoginSecure, never the API key; unknown states kept; the
// token's expiry read from its exp.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETradeOfferState } from '../../src/steam/enums.js';
import { SteamEResultError } from '../../src/steam/errors.js';
import { parseSteamSession } from '../../src/steam/session.js';
import { isGlitchedOffer } from '../../src/steam/tradeOffers.js';
import { cs2Skin, gems, tf2Key, tradingCard } from '../standins/steam/index.js';
import { rejection, requestsTo, START_MS, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;
const T = START_MS / 1000;

beforeEach(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey', tradeToken: 'AbCd1234' });
  h.steam.addUser({ steamid: USERS.bill, personaName: 'Bill', friends: true });
});

afterEach(async () => {
  await h.close();
});

const api = (method: string, version = 'v1') => `/IEconService/${method}/${version}/`;

/** Every Web API request used the bot's access token and never the key. */
function expectAccessTokenOnly(): void {
  const webapi = h.steam.requests.filter((r) => r.host === 'webapi');
  expect(webapi.length).toBeGreaterThan(0);
  for (const r of webapi) {
    expect(r.query.access_token).toBe(h.steam.bot.accessToken);
    expect(r.query.key).toBeUndefined();
  }
}

/** A received offer: Zoey's card for the bot's gems. */
function receivedOffer(o: { created?: number; updated?: number; message?: string } = {}) {
  const card = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
  const stack = gems(100);
  h.steam.setInventory(USERS.zoey, 753, '6', [...h.steam.getInventory(USERS.zoey, 753, '6'), card]);
  h.steam.setInventory(h.steam.bot.steamid, 753, '6', [...h.steam.getInventory(h.steam.bot.steamid, 753, '6'), stack]);
  const id = h.steam.addOffer({
    partner: USERS.zoey,
    give: [stack.assetid!],
    receive: [card.assetid!],
    message: o.message ?? 'card for gems',
    ...(o.created !== undefined ? { created: o.created } : {}),
    ...(o.updated !== undefined ? { updated: o.updated } : {}),
  });
  return { id, card, stack };
}

describe('GetTradeOffersSummary', () => {
  it('counts offers relative to the time_last_visit we pass, with the access token', async () => {
    receivedOffer({ created: T - 7200 }); // pending, old
    receivedOffer({ created: T - 60 }); // pending, new
    const declined = receivedOffer({ created: T - 7200 }).id;
    h.steam.setOfferState(declined, ETradeOfferState.Declined, { updated: T - 30 });
    const key = tf2Key();
    h.steam.setInventory(h.steam.bot.steamid, 440, '2', [key]);
    const sent = h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [key.assetid!], created: T - 7200 });
    h.steam.setOfferState(sent, ETradeOfferState.Accepted, { updated: T - 10 });

    const summary = await h.client.offers.getSummary(T - 3600);

    expect(summary).toEqual({
      pendingReceivedCount: 2,
      newReceivedCount: 1,
      updatedReceivedCount: 1,
      historicalReceivedCount: 1,
      pendingSentCount: 0,
      newlyAcceptedSentCount: 1,
      updatedSentCount: 1,
      historicalSentCount: 1,
      escrowReceivedCount: 0,
      escrowSentCount: 0,
    });
    const [request] = requestsTo(h.steam, 'webapi', api('GetTradeOffersSummary'));
    expect(request!.query.time_last_visit).toBe(String(T - 3600));
    expectAccessTokenOnly();
  });
});

describe('GetTradeOffers', () => {
  it('follows next_cursor over several pages, asks without descriptions and names items through GetAssetClassInfo', async () => {
    h.steam.options.tradeOffersPageSize = 2;
    const received = [receivedOffer({ message: 'one' }), receivedOffer({ message: 'two' }), receivedOffer()];
    const key = tf2Key();
    const stack = gems(40);
    h.steam.setInventory(h.steam.bot.steamid, 440, '2', [key]);
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [
      ...h.steam.getInventory(h.steam.bot.steamid, 753, '6'),
      stack,
    ]);
    const sentKey = h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [key.assetid!], message: 'a key' });
    // A gift to Bill: he gives nothing.
    const sentGems = h.steam.addOffer({ partner: USERS.bill, isOurOffer: true, give: [stack.assetid!] });

    const list = await h.client.offers.getOffers({ sent: true, received: true });

    const pages = requestsTo(h.steam, 'webapi', api('GetTradeOffers'));
    expect(pages.map((r) => r.query.cursor)).toEqual([undefined, '2', '4']);
    expect(pages[0]!.query).toMatchObject({
      get_sent_offers: '1',
      get_received_offers: '1',
      get_descriptions: '0',
      language: 'english',
      active_only: '0',
      historical_only: '0',
    });
    // One class-info call per app, each class once, however many offers name it.
    const classInfo = requestsTo(h.steam, 'webapi', '/ISteamEconomy/GetAssetClassInfo/v1/');
    expect(classInfo.map((r) => [r.query.appid, r.query.class_count, r.query.language]).sort()).toEqual([
      ['440', '1', 'english'],
      ['753', '2', 'english'],
    ]);
    expectAccessTokenOnly();

    expect(list.broken).toBe(0);
    expect(list.sent.map((o) => o.id)).toEqual([sentGems, sentKey]);
    expect(list.received.map((o) => o.id)).toEqual(received.map((r) => r.id).reverse());
    const first = list.received.find((o) => o.id === received[0]!.id)!;
    expect(first).toEqual({
      id: received[0]!.id,
      partner: USERS.zoey,
      message: 'one',
      state: ETradeOfferState.Active,
      itemsToGive: [
        {
          appid: 753,
          contextid: '6',
          assetid: received[0]!.stack.assetid,
          classid: '667924416',
          instanceid: '667076610',
          amount: 100,
          missing: false,
          description: expect.objectContaining({ marketHashName: '753-Gems', tradable: true, marketable: false }),
        },
      ],
      itemsToReceive: [
        {
          appid: 753,
          contextid: '6',
          assetid: received[0]!.card.assetid,
          classid: received[0]!.card.classid,
          instanceid: '0',
          amount: 1,
          missing: false,
          description: expect.objectContaining({ marketHashName: '550-Smoker', name: 'Smoker' }),
        },
      ],
      isOurOffer: false,
      created: new Date(START_MS),
      updated: new Date(START_MS),
      expires: new Date(START_MS + 14 * 86400 * 1000),
      tradeid: null,
      fromRealTimeTrade: false,
      confirmationMethod: 0,
      escrowEnds: null,
    });
    const key0 = list.sent.find((o) => o.id === sentKey)!;
    expect(key0.itemsToGive[0]!.description?.marketHashName).toBe('Mann Co. Supply Crate Key');
    expect(key0.itemsToReceive).toEqual([]);
    expect(key0.isOurOffer).toBe(true);
    expect(key0.partner).toBe(USERS.bill);
    for (const offer of [...list.sent, ...list.received]) expect(isGlitchedOffer(offer, true)).toBe(false);
  });

  it('passes active_only / historical_only and the cutoff, and leaves descriptions out when asked', async () => {
    receivedOffer();
    const done = receivedOffer().id;
    h.steam.setOfferState(done, ETradeOfferState.Accepted, { updated: T + 5 });

    const active = await h.client.offers.getOffers({
      sent: false,
      received: true,
      activeOnly: true,
      historicalCutoff: 2147483647,
      descriptions: false,
    });
    const history = await h.client.offers.getOffers({
      sent: false,
      received: true,
      historicalOnly: true,
      historicalCutoff: T,
    });

    const [activeRequest, historyRequest] = requestsTo(h.steam, 'webapi', api('GetTradeOffers'));
    expect(activeRequest!.query).toMatchObject({
      get_sent_offers: '0',
      get_received_offers: '1',
      get_descriptions: '0',
      active_only: '1',
      historical_only: '0',
      time_historical_cutoff: '2147483647',
    });
    expect(historyRequest!.query).toMatchObject({
      active_only: '0',
      historical_only: '1',
      time_historical_cutoff: String(T),
    });
    expect(active.received.map((o) => o.state)).toEqual([ETradeOfferState.Active]);
    expect(active.received[0]!.itemsToGive[0]!.description).toBeNull();
    // Without descriptions, no description is expected: not glitched.
    expect(isGlitchedOffer(active.received[0]!, false)).toBe(false);
    expect(history.received.map((o) => [o.id, o.state])).toEqual([[done, ETradeOfferState.Accepted]]);
    expect(history.received[0]!.tradeid).toMatch(/^\d+$/);
  });

  it('drops offers Steam sent without a partner and counts them as broken', async () => {
    const { id } = receivedOffer();
    h.steam.inject({
      host: 'webapi',
      path: api('GetTradeOffers'),
      status: 200,
      body: {
        response: {
          trade_offers_received: [
            { tradeofferid: '999', trade_offer_state: 2, message: 'no partner' },
            {
              tradeofferid: id,
              accountid_other: 39734273,
              trade_offer_state: 2,
              items_to_give: [{ appid: 753, contextid: '6', assetid: '1', classid: '2', instanceid: '0', amount: '1' }],
              // An item without ids: dropped, the offer kept.
              items_to_receive: [{ amount: '1' }],
            },
          ],
          next_cursor: 0,
        },
      },
    });

    const list = await h.client.offers.getOffers({ sent: false, received: true, descriptions: false });

    expect(list.broken).toBe(1);
    expect(list.received.map((o) => [o.id, o.partner, o.itemsToGive.length, o.itemsToReceive.length])).toEqual([
      [id, USERS.zoey, 1, 0],
    ]);
    // Not whole: it must not be posted (or acted on) as if it were.
    expect(list.received[0]!.unreadableItems).toBe(1);
    expect(isGlitchedOffer(list.received[0]!, false)).toBe(true);
  });

  it('recognises half-loaded offers (no items, or items nobody could describe) as glitched', async () => {
    // Its class appears in no other offer, and GetAssetClassInfo cannot describe it right now.
    const boomer = tradingCard({ appid: 550, name: 'Boomer', index: 2 });
    h.steam.setInventory(USERS.zoey, 753, '6', [boomer]);
    h.steam.setClassInfoUnavailable(753, boomer.classid, boomer.instanceid, true);
    const noDescriptions = h.steam.addOffer({ partner: USERS.zoey, receive: [boomer.assetid!] });
    const noItems = receivedOffer().id;
    const whole = receivedOffer().id;
    h.steam.setOfferGlitched(noItems, 'noItems');

    const list = await h.client.offers.getOffers({ sent: false, received: true });

    const glitched = Object.fromEntries(list.received.map((o) => [o.id, isGlitchedOffer(o, true)]));
    expect(glitched).toEqual({ [noDescriptions]: true, [noItems]: true, [whole]: false });
  });
});

describe('GetTradeOffer', () => {
  it('reads one offer, named through the class cache; an unknown id (x-eresult 42) is null', async () => {
    const { id, card } = receivedOffer({ message: 'hello' });

    const offer = await h.client.offers.getOffer(id);
    expect(offer?.id).toBe(id);
    expect(offer?.message).toBe('hello');
    expect(offer?.itemsToReceive.map((i) => [i.assetid, i.description?.name])).toEqual([[card.assetid, 'Smoker']]);

    expect(await h.client.offers.getOffer('1234567')).toBeNull();
    const requests = requestsTo(h.steam, 'webapi', api('GetTradeOffer'));
    expect(requests.map((r) => [r.query.tradeofferid, r.query.get_descriptions, r.query.language])).toEqual([
      [id, '0', 'english'],
      ['1234567', '0', 'english'],
    ]);
    expectAccessTokenOnly();
  });

  it('keeps offer states it has no name for (12 Reverted, and 99 from a future Steam)', async () => {
    const reverted = receivedOffer().id;
    const future = receivedOffer().id;
    h.steam.setOfferState(reverted, 12);
    h.steam.setOfferState(future, 99);

    expect((await h.client.offers.getOffer(reverted))?.state).toBe(12);
    expect((await h.client.offers.getOffer(future))?.state).toBe(99);
    const list = await h.client.offers.getOffers({ sent: false, received: true });
    expect(list.received.map((o) => o.state).sort()).toEqual([12, 99]);
  });
});

describe('GetTradeHistory', () => {
  it('reads trades with new asset ids and descriptions, and pages with start_after_*', async () => {
    const trades = [receivedOffer(), receivedOffer(), receivedOffer()];
    for (const [i, t] of trades.entries()) {
      h.clock.ms = START_MS + (i + 1) * 60_000;
      h.steam.setOfferState(t.id, ETradeOfferState.Accepted);
    }

    const first = await h.client.offers.getHistory({ maxTrades: 2 });

    expect(first.more).toBe(true);
    expect(first.total).toBe(3);
    expect(first.trades).toHaveLength(2);
    const newest = first.trades[0]!;
    const offer = h.steam.getOffer(trades[2]!.id);
    expect(newest).toEqual({
      tradeid: offer.tradeid,
      partner: USERS.zoey,
      timeInit: new Date(START_MS + 180_000),
      status: 3,
      escrowEnds: null,
      // Gems and a card: no CS2 item, so no trade protection and no time_settlement.
      settlement: null,
      modified: null,
      reverses: null,
      assetsGiven: [
        expect.objectContaining({
          assetid: trades[2]!.stack.assetid,
          amount: 100,
          newAssetid: offer.itemsToGive[0]!.newAssetid,
          newContextid: '6',
          description: expect.objectContaining({ marketHashName: '753-Gems' }),
        }),
      ],
      assetsReceived: [
        expect.objectContaining({
          assetid: trades[2]!.card.assetid,
          newAssetid: offer.itemsToReceive[0]!.newAssetid,
          description: expect.objectContaining({ marketHashName: '550-Smoker' }),
        }),
      ],
    });

    const last = first.trades[1]!;
    const rest = await h.client.offers.getHistory({
      maxTrades: 2,
      startAfterTime: last.timeInit.getTime() / 1000,
      startAfterTradeId: last.tradeid,
    });
    expect(rest.more).toBe(false);
    expect(rest.trades.map((t) => t.tradeid)).toEqual([h.steam.getOffer(trades[0]!.id).tradeid]);

    const requests = requestsTo(h.steam, 'webapi', api('GetTradeHistory'));
    expect(requests[1]!.query).toMatchObject({
      max_trades: '2',
      start_after_time: String(T + 120),
      start_after_tradeid: last.tradeid,
      get_descriptions: '1',
      include_total: '1',
      include_failed: '0',
    });
    expectAccessTokenOnly();
  });

  it('reads a trade-protection reversal: settlement until it happens, then status 12 and the row that undoes it', async () => {
    const skin = cs2Skin('AK-47 | Redline (Field-Tested)');
    h.steam.setInventory(h.steam.bot.steamid, 730, '2', [skin]);
    const offerId = h.steam.addOffer({ partner: USERS.zoey, give: [skin.assetid!] });
    h.clock.ms = START_MS + 60_000;
    h.steam.setOfferState(offerId, ETradeOfferState.Accepted);

    const before = await h.client.offers.getHistory({ maxTrades: 10 });
    expect(before.trades).toHaveLength(1);
    // 7 days on, rounded up to the hour, as real time_settlement values are.
    expect(before.trades[0]!.settlement).toEqual(new Date(Math.ceil((T + 60 + 7 * 86400) / 3600) * 3600 * 1000));

    h.clock.ms = START_MS + 120_000;
    h.steam.setOfferState(offerId, 12);
    const after = await h.client.offers.getHistory({ maxTrades: 10 });
    const [reversal, undone] = after.trades;
    expect(undone).toMatchObject({
      tradeid: before.trades[0]!.tradeid,
      status: 12,
      modified: new Date(START_MS + 120_000),
      settlement: null,
      reverses: null,
    });
    expect(reversal).toMatchObject({ status: 3, reverses: undone!.tradeid, settlement: null, modified: null });
    // Same side as in the undone trade, same asset id: the skin the bot had given came back.
    expect(reversal!.assetsGiven.map((a) => [a.assetid, a.description?.marketHashName])).toEqual([
      [skin.assetid, 'AK-47 | Redline (Field-Tested)'],
    ]);
    expect(h.steam.getInventory(h.steam.bot.steamid, 730, '2').map((i) => i.assetid)).toEqual([skin.assetid]);
    expect(h.steam.getOffer(offerId).state).toBe(12);
  });

  it('a row that cannot be read costs only that row: counted, logged once with its id, the others read', async () => {
    const trades = [receivedOffer(), receivedOffer(), receivedOffer()];
    for (const [i, t] of trades.entries()) {
      h.clock.ms = START_MS + (i + 1) * 60_000;
      h.steam.setOfferState(t.id, ETradeOfferState.Accepted);
    }
    const bad = h.steam.getOffer(trades[1]!.id).tradeid!;
    h.steam.corruptTrade(bad, { time_init: 2 ** 32 });

    for (let i = 0; i < 2; i += 1) {
      const history = await h.client.offers.getHistory({ maxTrades: 10 });
      expect(history.unreadable).toBe(1);
      expect(history.total).toBe(3);
      expect(history.trades.map((t) => t.tradeid)).toEqual(
        [trades[2]!, trades[0]!].map((t) => h.steam.getOffer(t.id).tradeid),
      );
    }
    const told = h.logs.filter((l) => l.includes('trade history row that cannot be read'));
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0]!)).toMatchObject({ tradeId: bad, problems: [expect.stringMatching(/^time_init: /)] });
  });

  it('asks for at most 100 trades (the reported limit with an access token)', async () => {
    await h.client.offers.getHistory({ maxTrades: 500 });
    expect(requestsTo(h.steam, 'webapi', api('GetTradeHistory'))[0]!.query.max_trades).toBe('100');
  });
});

describe('GetTradeHoldDurations', () => {
  it("reads a friend's holds without a token and a stranger's with the trade-URL token", async () => {
    h.steam.setTradeHold(USERS.bill, { my: 0, their: 15 * 86400 });
    h.steam.setTradeHold(USERS.zoey, { my: 86400, their: 0 });

    expect(await h.client.offers.getHoldDurations(USERS.bill)).toEqual({
      myEscrowSeconds: 0,
      theirEscrowSeconds: 15 * 86400,
      bothEscrowSeconds: 15 * 86400,
    });
    expect(await h.client.offers.getHoldDurations(USERS.zoey, 'AbCd1234')).toEqual({
      myEscrowSeconds: 86400,
      theirEscrowSeconds: 0,
      bothEscrowSeconds: 86400,
    });
    const requests = requestsTo(h.steam, 'webapi', api('GetTradeHoldDurations'));
    expect(requests.map((r) => [r.query.steamid_target, r.query.trade_offer_access_token])).toEqual([
      [USERS.bill, undefined],
      [USERS.zoey, 'AbCd1234'],
    ]);
    expectAccessTokenOnly();
  });

  it('an empty answer (a stranger without the token: x-eresult 15) is an error, not "no hold"', async () => {
    h.steam.setTradeHold(USERS.zoey, { my: 0, their: 15 * 86400 });
    const error = await rejection(h.client.offers.getHoldDurations(USERS.zoey));
    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({ eresult: 15 });
    const unknown = await rejection(h.client.offers.getHoldDurations(USERS.ghost, 'whatever'));
    expect(unknown).toMatchObject({ eresult: 42 });
  });
});

describe('the access token', () => {
  it('expires when its exp says, whatever the cookie claims', async () => {
    // The stand-in issues 24 h tokens.
    expect(h.client.sessionExpiresAt).toEqual(new Date(START_MS + 24 * 3600 * 1000));
    const exp = T + 3 * 3600 + 17;
    const cookies = h.steam.makeCookies({ exp });
    const client = h.makeClient({ cookies });
    expect(client.sessionExpiresAt).toEqual(new Date(exp * 1000));
    const parsed = parseSteamSession(cookies, h.steam.bot.sessionId);
    expect(parsed.ok && parsed.value.accessToken).not.toBe(h.steam.bot.accessToken);

    // The new token is the one sent, and Steam takes it.
    await client.offers.getSummary();
    const [request] = requestsTo(h.steam, 'webapi', api('GetTradeOffersSummary'));
    expect(parsed.ok && request!.query.access_token === parsed.value.accessToken).toBe(true);
    expect(request!.status).toBe(200);
  });
});
