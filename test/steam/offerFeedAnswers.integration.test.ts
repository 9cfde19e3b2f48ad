// The answers Steam really gives the offer feed (docs/steam.md#finished-offers), against the stand-in:
// finished offers whose items moved (missing, no description), names from GetAssetClassInfo kept
// for good, x-eresult failures on HTTP 200, and numbers out of range.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLASSES_PER_REQUEST, type ClassDescriptionStore } from '../../src/steam/classInfo.js';
import { ETradeOfferState } from '../../src/steam/enums.js';
import { SteamEResultError } from '../../src/steam/errors.js';
import { isGlitchedOffer } from '../../src/steam/tradeOffers.js';
import type { EconDescription } from '../../src/steam/types.js';
import { cs2Skin, gems, tf2Key, tradingCard } from '../standins/steam/index.js';
import { rejection, requestsTo, START_MS, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;
const T = START_MS / 1000;
const CLASS_INFO = '/ISteamEconomy/GetAssetClassInfo/v1/';

beforeEach(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey' });
});

afterEach(async () => {
  await h.close();
});

/** Zoey's card and key for the bot's gems. */
function receivedOffer() {
  const card = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
  const key = tf2Key();
  const stack = gems(100);
  h.steam.setInventory(USERS.zoey, 753, '6', [card]);
  h.steam.setInventory(USERS.zoey, 440, '2', [key]);
  h.steam.setInventory(h.steam.bot.steamid, 753, '6', [stack]);
  const id = h.steam.addOffer({ partner: USERS.zoey, give: [stack.assetid!], receive: [card.assetid!, key.assetid!] });
  return { id, card, key, stack };
}

const names = (items: Array<{ description: EconDescription | null }>) => items.map((i) => i.description?.name ?? null);

describe('a finished offer', () => {
  it('Steam lists its items missing and without descriptions; the class cache still names every one', async () => {
    const { id } = receivedOffer();
    h.steam.setOfferState(id, ETradeOfferState.Accepted);

    // What Steam itself answers with get_descriptions=1: the moved items carry no description.
    const raw = await fetch(
      `${h.steam.webApiUrl}/IEconService/GetTradeOffers/v1/?access_token=${h.steam.bot.accessToken}&get_received_offers=1&get_descriptions=1&active_only=0`,
    ).then((r) => r.json() as Promise<{ response: { trade_offers_received: Array<{ items_to_receive: unknown[] }> } }>);
    expect(raw.response).not.toHaveProperty('descriptions');
    expect(raw.response.trade_offers_received[0]!.items_to_receive).toEqual([
      expect.objectContaining({ missing: true }),
      expect.objectContaining({ missing: true }),
    ]);

    const list = await h.client.offers.getOffers({ sent: false, received: true });
    const offer = list.received.find((o) => o.id === id)!;
    expect(offer.state).toBe(ETradeOfferState.Accepted);
    expect(names(offer.itemsToReceive).sort()).toEqual(['Mann Co. Supply Crate Key', 'Smoker']);
    expect(names(offer.itemsToGive)).toEqual(['Gems']);
    expect(offer.itemsToReceive.every((i) => i.missing)).toBe(true);
    expect(isGlitchedOffer(offer, true)).toBe(false);
  });
});

describe('the class cache', () => {
  it('asks Steam for a class once; a second process with the same store asks for nothing', async () => {
    const kept = new Map<string, EconDescription>();
    const store: ClassDescriptionStore = {
      get: (key) => Promise.resolve(kept.get(key)),
      set: (key, description) => {
        kept.set(key, description);
        return Promise.resolve();
      },
    };
    receivedOffer();
    const first = h.makeClient({ classDescriptions: store });
    await first.offers.getOffers({ sent: true, received: true });
    await first.offers.getOffers({ sent: true, received: true });
    const asked = requestsTo(h.steam, 'webapi', CLASS_INFO).length;
    expect(asked).toBe(2); // apps 753 and 440, once
    expect([...kept.keys()].sort()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^440_\d+_\d+$/), expect.stringMatching(/^753_\d+_\d+$/)]),
    );

    const second = h.makeClient({ classDescriptions: store });
    const list = await second.offers.getOffers({ sent: true, received: true });
    expect(requestsTo(h.steam, 'webapi', CLASS_INFO)).toHaveLength(asked);
    expect(names(list.received[0]!.itemsToReceive).sort()).toEqual(['Mann Co. Supply Crate Key', 'Smoker']);
  });

  it(`asks for at most ${CLASSES_PER_REQUEST} classes per call, per app`, async () => {
    const cards = Array.from({ length: 150 }, (_, i) => tradingCard({ appid: 730, name: `Card ${i}`, index: i + 1 }));
    h.steam.setInventory(USERS.zoey, 753, '6', cards);
    h.steam.addOffer({ partner: USERS.zoey, receive: cards.map((c) => c.assetid!) });

    const list = await h.client.offers.getOffers({ sent: false, received: true });

    const calls = requestsTo(h.steam, 'webapi', CLASS_INFO);
    expect(calls.map((r) => [r.query.appid, r.query.class_count])).toEqual([
      ['753', '100'],
      ['753', '50'],
    ]);
    expect(calls[1]!.query).toMatchObject({ classid0: cards[100]!.classid, instanceid0: '0' });
    expect(list.received[0]!.itemsToReceive.every((i) => i.description !== null)).toBe(true);
  });

  it("reads GetAssetClassInfo's own shapes: lists as keyed objects, flags as strings, fraud warnings", async () => {
    const skin = cs2Skin('AK-47 | Redline (Field-Tested)');
    skin.description.fraudwarnings = ["Name Tag: ''Mann Co. Supply Crate Key''"];
    h.steam.setInventory(USERS.zoey, 730, '2', [skin]);
    receivedOffer();
    h.steam.addOffer({ partner: USERS.zoey, receive: [skin.assetid!] });

    const list = await h.client.offers.getOffers({ sent: false, received: true });

    const items = list.received.flatMap((o) => o.itemsToReceive);
    const ak = items.find((i) => i.appid === 730)!.description!;
    expect(ak).toMatchObject({
      marketHashName: 'AK-47 | Redline (Field-Tested)',
      fraudWarnings: ["Name Tag: ''Mann Co. Supply Crate Key''"],
      tradable: true,
    });
    expect(ak.tags.length).toBeGreaterThan(0);
    const key = items.find((i) => i.appid === 440)!.description!;
    expect(key).toMatchObject({ name: 'Mann Co. Supply Crate Key', fraudWarnings: [], marketable: true });
  });

  it('a class Steam cannot describe stays unnamed, is not cached, and is asked again next time', async () => {
    const { card } = receivedOffer();
    h.steam.setClassInfoUnavailable(753, card.classid, card.instanceid, true);
    const first = await h.client.offers.getOffers({ sent: false, received: true });
    expect(first.received[0]!.itemsToReceive.find((i) => i.assetid === card.assetid)!.description).toBeNull();
    expect(isGlitchedOffer(first.received[0]!, true)).toBe(true);

    h.steam.setClassInfoUnavailable(753, card.classid, card.instanceid, false);
    const second = await h.client.offers.getOffers({ sent: false, received: true });
    expect(second.received[0]!.itemsToReceive.find((i) => i.assetid === card.assetid)!.description?.name).toBe(
      'Smoker',
    );
  });

  it('a failing GetAssetClassInfo costs the names, not the list', async () => {
    receivedOffer();
    h.steam.webApiFails({ method: 'GetAssetClassInfo', eresult: 20, times: 10 });
    const list = await h.client.offers.getOffers({ sent: false, received: true });
    expect(list.received).toHaveLength(1);
    expect(names(list.received[0]!.itemsToReceive)).toEqual([null, null]);
    expect(h.logs.some((l) => l.includes('could not load item descriptions'))).toBe(true);
  });
});

describe('x-eresult on Web API answers', () => {
  it.each([2, 16, 20])('{"response":{}} with x-eresult %i is a failed call, not an empty list', async (eresult) => {
    receivedOffer();
    h.steam.webApiFails({ method: 'GetTradeOffersSummary', eresult });
    const summaryError = await rejection(h.client.offers.getSummary(T));
    expect(summaryError).toBeInstanceOf(SteamEResultError);
    expect((summaryError as SteamEResultError).eresult).toBe(eresult);

    h.steam.webApiFails({ method: 'GetTradeOffers', eresult });
    const listError = await rejection(h.client.offers.getOffers({ sent: true, received: true }));
    expect((listError as SteamEResultError).eresult).toBe(eresult);
    // The next answer is a real one again.
    expect((await h.client.offers.getOffers({ sent: true, received: true })).received).toHaveLength(1);
  });

  it('a false Fail (2) on an answer with content is taken as it is, like tradeoffer-manager', async () => {
    h.steam.inject({
      host: 'webapi',
      path: '/IEconService/GetTradeOffersSummary/v1/',
      status: 200,
      headers: { 'x-eresult': '2' },
      body: { response: { pending_received_count: 3 } },
    });
    expect((await h.client.offers.getSummary(T)).pendingReceivedCount).toBe(3);
  });
});

describe('numbers out of range', () => {
  it('a bad time is left out (logged once), the offer kept; a bad id costs only its offer or item', async () => {
    const good = receivedOffer().id;
    const badTime = receivedOffer().id;
    const badPartner = receivedOffer().id;
    const badItem = receivedOffer().id;
    const badId = receivedOffer().id;
    h.steam.corruptOffer(badTime, { time_updated: 99_999_999_999_999, time_created: -5, expiration_time: 1.5 });
    h.steam.corruptOffer(badPartner, { accountid_other: 2 ** 40 });
    h.steam.corruptOffer(badItem, {
      items_to_receive: [
        { appid: 753, contextid: '6', assetid: '1'.repeat(21), classid: '1', instanceid: '0', amount: '1' },
      ],
    });
    h.steam.corruptOffer(badId, { tradeofferid: 2 ** 60 });

    const list = await h.client.offers.getOffers({ sent: false, received: true });
    await h.client.offers.getOffers({ sent: false, received: true });

    expect(list.broken).toBe(2);
    const ids = list.received.map((o) => o.id);
    expect(ids).toEqual(expect.arrayContaining([good, badTime, badItem]));
    expect(ids).not.toContain(badPartner);
    const timeless = list.received.find((o) => o.id === badTime)!;
    expect([timeless.created.getTime(), timeless.updated.getTime(), timeless.expires.getTime()]).toEqual([0, 0, 0]);
    const partial = list.received.find((o) => o.id === badItem)!;
    expect(partial.unreadableItems).toBe(1);
    expect(isGlitchedOffer(partial, true)).toBe(true);
    const told = h.logs.filter((l) => l.includes(badTime) && l.includes('time_updated'));
    expect(told).toHaveLength(1);
    expect(told[0]).toContain('time_created');
  });
});
