// ConfirmationService (docs/steam.md#mobile-confirmations) against the stand-in's mobileconf, which checks
// every key against the identity secret and Steam's own clock (±30 s): list, find the one
// for an offer, allow and cancel, the server-time offset from QueryTime, a wrong secret,
// spacing of the mobileconf lane, and a dead session (needauth).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ETradeOfferState } from '../../src/steam/enums.js';
import { SessionExpiredError, SteamEResultError } from '../../src/steam/errors.js';
import { confirmationKey as ourKey, deviceIdFor } from '../../src/steam/confirmations.js';
import { MOBILE_APP_HEADERS, confirmationKey, gems, tf2Key, tradingCard } from '../standins/steam/index.js';
import { rejection, requestsTo, START_MS, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;
let keys: string[];

beforeEach(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: USERS.bill, personaName: 'Bill', friends: true });
  const made = [tf2Key(), tf2Key(), tf2Key()];
  keys = made.map((k) => k.assetid!);
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', made);
});

afterEach(async () => {
  await h.close();
});

const confirmations = () => {
  if (!h.client.confirmations) throw new Error('the client has no identity secret');
  return h.client.confirmations;
};

/** Sends offers that wait for a mobile confirmation (state 9), without confirming them. */
async function pendingSends(count: number): Promise<string[]> {
  h.steam.options.sendNeedsConfirmation = true;
  const plain = h.makeClient({ identitySecret: null });
  const ids: string[] = [];
  for (const assetid of keys.slice(0, count)) {
    const sent = await plain.actions.send({
      partner: USERS.bill,
      give: [{ appid: 440, contextid: '2', assetid, amount: 1 }],
      receive: [],
    });
    ids.push(sent.tradeofferid);
  }
  return ids;
}

const mobileconf = (route: string) => requestsTo(h.steam, 'community', `/mobileconf/${route}`);

describe('list', () => {
  it('lists pending confirmations, signed with tag "list" and Steam’s time, as the mobile app', async () => {
    const [first, second] = await pendingSends(2);

    const list = await confirmations().list();

    const pending = h.steam.confirmations();
    expect(list).toEqual([
      {
        id: pending[0]!.id,
        nonce: pending[0]!.nonce,
        type: 2,
        creatorId: first,
        headline: 'Bill',
        summary: ['You will give up your 1 item', 'You will not receive any items'],
        created: new Date(START_MS),
      },
      {
        id: pending[1]!.id,
        nonce: pending[1]!.nonce,
        type: 2,
        creatorId: second,
        headline: 'Bill',
        summary: ['You will give up your 1 item', 'You will not receive any items'],
        created: new Date(START_MS),
      },
    ]);
    const [request] = mobileconf('getlist');
    const t = Math.floor(START_MS / 1000);
    expect(request!.method).toBe('GET');
    expect(request!.query).toEqual({
      p: deviceIdFor(h.steam.bot.steamid),
      a: h.steam.bot.steamid,
      k: confirmationKey(h.steam.bot.identitySecret, t, 'list'),
      t: String(t),
      m: 'react',
      tag: 'list',
      l: 'english',
    });
    expect(request!.headers['user-agent']).toBe('okhttp/4.9.2');
    expect(request!.headers.cookie).toBe(`${h.steam.bot.cookies}; sessionid=${h.steam.bot.sessionId}`);
    // Steam's time came from QueryTime: one empty POST without a key.
    const [queryTime] = requestsTo(h.steam, 'webapi', '/ITwoFactorService/QueryTime/v1/');
    expect(queryTime!.method).toBe('POST');
    expect(queryTime!.body).toBe('');
    expect(queryTime!.query).toEqual({});
  });

  it('an empty list is empty', async () => {
    expect(await confirmations().list()).toEqual([]);
  });
});

describe('allow and cancel', () => {
  it('finds the confirmation of an offer and allows it: the offer is sent (9 → 2)', async () => {
    const [, target] = await pendingSends(2);
    const wanted = h.steam.confirmations().find((c) => c.offerId === target)!;

    expect(await confirmations().confirmTradeOffer(target!)).toBe(true);

    expect(h.steam.getOffer(target!).state).toBe(ETradeOfferState.Active);
    expect(h.steam.confirmations().map((c) => c.offerId)).not.toContain(target);
    const [list] = mobileconf('getlist');
    const [op] = mobileconf('ajaxop');
    expect(op!.query).toMatchObject({
      op: 'allow',
      tag: 'allow',
      a: h.steam.bot.steamid,
      m: 'react',
      cid: wanted.id,
      ck: wanted.nonce,
    });
    // Never the same t twice in a row, even within one second.
    expect(Number(op!.query.t)).toBe(Number(list!.query.t) + 1);
    expect(op!.query.k).toBe(confirmationKey(h.steam.bot.identitySecret, Number(op!.query.t), 'allow'));
  });

  it('cancels a confirmation: the offer becomes CanceledBySecondFactor (10)', async () => {
    const [id] = await pendingSends(1);
    const [confirmation] = await confirmations().list();

    await confirmations().respond(confirmation!, 'cancel');

    expect(h.steam.getOffer(id!).state).toBe(ETradeOfferState.CanceledBySecondFactor);
    expect(mobileconf('ajaxop')[0]!.query).toMatchObject({
      op: 'cancel',
      tag: 'cancel',
      cid: confirmation!.id,
      ck: confirmation!.nonce,
    });
  });

  it('acting on a confirmation that is gone is a SteamEResultError with Steam’s message', async () => {
    await pendingSends(1);
    const [confirmation] = await confirmations().list();
    await confirmations().respond(confirmation!, 'allow');

    const error = await rejection(confirmations().respond(confirmation!, 'allow'));
    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error.message).toBe('Could not act on confirmation (Fail, 2)');
  });

  it('SteamClient confirms its own accept and send when Steam asks for it', async () => {
    h.steam.options.acceptNeedsConfirmation = true;
    h.steam.options.sendNeedsConfirmation = true;
    h.steam.addUser({ steamid: USERS.zoey, tradeToken: 'AbCd1234' });
    const card = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
    const stack = gems(10);
    h.steam.setInventory(USERS.zoey, 753, '6', [card]);
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [stack]);
    const id = h.steam.addOffer({ partner: USERS.zoey, give: [stack.assetid!], receive: [card.assetid!] });

    const accepted = await h.client.acceptOffer((await h.client.offers.getOffer(id))!);
    expect(accepted).toMatchObject({ outcome: 'accepted', needsMobileConfirmation: false, confirmed: true });
    expect(accepted).toMatchObject({ offer: { state: ETradeOfferState.Accepted } });

    const sent = await h.client.sendOffer({
      partner: USERS.bill,
      give: [{ appid: 440, contextid: '2', assetid: keys[0]!, amount: 1 }],
      receive: [],
    });
    expect(sent).toMatchObject({ needsMobileConfirmation: false, confirmed: true });
    expect(h.steam.getOffer(sent.tradeofferid).state).toBe(ETradeOfferState.Active);
    expect(h.steam.confirmations()).toEqual([]);
  });

  it('no confirmation for the offer: reads the list three times, spaced, and says false', async () => {
    await pendingSends(1);
    const client = h.makeClient({ confirmationDelayMs: 10_000 });

    expect(await client.confirmations!.confirmTradeOffer('1234567')).toBe(false);

    const lists = mobileconf('getlist');
    expect(lists).toHaveLength(3);
    expect(mobileconf('ajaxop')).toEqual([]);
    // 2 s between attempts asked by confirmTradeOffer, topped up to the 10 s mobileconf spacing.
    expect(h.clock.sleeps).toEqual([2000, 8000, 2000, 8000]);
    expect(lists.map((r) => r.at - START_MS)).toEqual([0, 10_000, 20_000]);
  });
});

describe('Steam’s clock, not ours', () => {
  it('with Steam 120 s ahead, keys are signed with QueryTime’s time and accepted; local time would be refused', async () => {
    h.steam.options.serverTimeOffsetSeconds = 120;
    await pendingSends(1);

    const list = await confirmations().list();

    expect(list).toHaveLength(1);
    const [request] = mobileconf('getlist');
    const local = Math.floor(START_MS / 1000);
    expect(request!.query.t).toBe(String(local + 120));
    // The same request signed with the local clock is what a client without QueryTime would send.
    const url = new URL(`${h.steam.communityUrl}/mobileconf/getlist`);
    const params = { ...request!.query, t: String(local), k: ourKey(h.steam.bot.identitySecret, local, 'list') };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const refused = (await (
      await fetch(url, { headers: { ...MOBILE_APP_HEADERS, cookie: request!.headers.cookie! } })
    ).json()) as {
      success: boolean;
      message: string;
    };
    expect(refused).toMatchObject({ success: false, message: 'Invalid authenticator' });
  });

  it('asks QueryTime once an hour, not for every call', async () => {
    await confirmations().list();
    await confirmations().list();
    expect(requestsTo(h.steam, 'webapi', '/ITwoFactorService/QueryTime/v1/')).toHaveLength(1);
    h.clock.ms += 60 * 60 * 1000 + 1;
    await confirmations().list();
    expect(requestsTo(h.steam, 'webapi', '/ITwoFactorService/QueryTime/v1/')).toHaveLength(2);
  });

  it('shares one offset between confirmations and the client’s clock (sign-in codes use it too): one QueryTime for concurrent askers', async () => {
    const [offset, , steamSeconds] = await Promise.all([
      h.client.clock.offsetSeconds(),
      confirmations().list(),
      h.client.clock.seconds(),
    ]);
    expect(requestsTo(h.steam, 'webapi', '/ITwoFactorService/QueryTime/v1/')).toHaveLength(1);
    expect(steamSeconds).toBe(Math.floor(h.clock.ms / 1000) + offset);
  });
});

describe('failures', () => {
  it('takes the identity secret as 40 hex characters too (steam-totp accepts both)', async () => {
    const [id] = await pendingSends(1);
    const hex = Buffer.from(h.steam.bot.identitySecret, 'base64').toString('hex');
    expect(hex).toMatch(/^[0-9a-f]{40}$/);
    const client = h.makeClient({ identitySecret: hex });

    expect(await client.confirmations!.confirmTradeOffer(id!)).toBe(true);
    expect(h.steam.getOffer(id!).state).toBe(ETradeOfferState.Active);
  });

  it('a wrong identity secret is refused as "Invalid authenticator"', async () => {
    const client = h.makeClient({ identitySecret: Buffer.alloc(20, 7).toString('base64') });

    const error = await rejection(client.confirmations!.list());

    expect(error).toBeInstanceOf(SteamEResultError);
    expect(error).toMatchObject({ eresult: 2, steamMessage: 'Invalid authenticator' });
    expect(error.message).toBe('Invalid authenticator (Fail, 2)');
  });

  it('a dead session (needauth) is SessionExpiredError and the client says the session expired', async () => {
    await h.client.offers.getSummary();
    h.steam.expireSession();

    const error = await rejection(confirmations().list());

    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ detail: 'needauth' });
    expect(h.sessionEvents.map((e) => e.state)).toEqual(['ok', 'expired']);
    expect(h.client.session).toMatchObject({
      state: 'expired',
      endpoint: expect.stringMatching(/\/mobileconf\/getlist$/),
    });
  });

  it('needauth while the session is already known dead does not announce a recovery', async () => {
    await h.client.offers.getSummary();
    h.steam.expireSession();
    await rejection(h.client.offers.getSummary());
    expect(h.sessionEvents.map((e) => e.state)).toEqual(['ok', 'expired']);

    const error = await rejection(confirmations().list());

    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(h.sessionEvents.map((e) => e.state)).toEqual(['ok', 'expired']);
    expect(h.client.session.state).toBe('expired');
  });

  it('a client without an identity secret has no confirmation service', () => {
    expect(h.makeClient({ identitySecret: null }).confirmations).toBeNull();
  });
});
