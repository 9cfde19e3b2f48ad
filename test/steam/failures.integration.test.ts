// How the Steam service layer fails, against the stand-in's injected faults and real session
// checks: 429 with and without Retry-After, 5xx, retry budgets, POSTs retried only on 429,
// expired sessions on the Web API and the community site, 'session' events, answers of the
// wrong shape, and a host that refuses connections. Waits go through the fake clock: the
// tests check the waits that were asked for, never elapsed time.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  SendOutcomeUnknownError,
  SessionExpiredError,
  SteamBusyError,
  SteamHttpError,
  SteamShapeError,
  SteamUnreachableError,
} from '../../src/steam/errors.js';
import { parseSteamSession } from '../../src/steam/session.js';
import { gems, tf2Key, tradingCard } from '../standins/steam/index.js';
import { deadUrl, rejection, requestsTo, START_MS, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;
let botKey: string;

beforeEach(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: USERS.bill, personaName: 'Bill', friends: true });
  const key = tf2Key();
  botKey = key.assetid!;
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [key]);
});

afterEach(async () => {
  await h.close();
});

const SUMMARY = '/IEconService/GetTradeOffersSummary/v1/';
const OFFERS = '/IEconService/GetTradeOffers/v1/';
const webHost = () => new URL(h.steam.webApiUrl).host;
const communityHost = () => new URL(h.steam.communityUrl).host;
const statuses = (path: string | RegExp, host: 'webapi' | 'community' = 'webapi') =>
  requestsTo(h.steam, host, path).map((r) => r.status);
const giveKey = () => ({
  partner: USERS.bill,
  give: [{ appid: 440, contextid: '2', assetid: botKey, amount: 1 }],
  receive: [],
});

describe('429 and 5xx', () => {
  it('429 with Retry-After: 1 — one wait of exactly 1 s, recorded for /status, then the answer', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 429, headers: { 'retry-after': '1' }, body: null });

    const summary = await h.client.offers.getSummary();

    expect(summary.pendingReceivedCount).toBe(0);
    const [limited, retried] = requestsTo(h.steam, 'webapi', SUMMARY);
    expect([limited!.status, retried!.status]).toEqual([429, 200]);
    expect(retried!.at - limited!.at).toBe(1000);
    expect(h.clock.sleeps).toEqual([1000]);
    expect(h.client.http.scheduler.snapshot()).toEqual({
      rateLimitWaits: 1,
      totalWaitMs: 1000,
      lastWait: {
        host: webHost(),
        endpoint: `${webHost()}${SUMMARY}`,
        status: 429,
        waitMs: 1000,
        fromRetryAfter: true,
        at: START_MS,
      },
      pausedUntil: { [webHost()]: START_MS + 1000 },
    });
  });

  it('Retry-After as an HTTP date is honoured too', async () => {
    const date = new Date(START_MS + 3000).toUTCString();
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 429, headers: { 'retry-after': date }, body: null });

    await h.client.offers.getSummary();

    expect(h.clock.sleeps).toEqual([3000]);
    expect(statuses(SUMMARY)).toEqual([429, 200]);
  });

  it('429 without Retry-After (Steam usually sends none) backs off on its own: 750 ms, then 1.5 s', async () => {
    h.steam.inject({ host: 'community', path: `/inventory/${USERS.bill}/753/6`, status: 429, body: null, times: 2 });
    h.steam.setInventory(USERS.bill, 753, '6', [gems(3)]);

    const inventory = await h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' });

    expect(inventory.items.map((i) => i.amount)).toEqual([3]);
    expect(statuses(`/inventory/${USERS.bill}/753/6`, 'community')).toEqual([429, 429, 200]);
    // random() = 0 in the harness: the low end of the jitter (0.75 × 1 s × 2^attempt).
    expect(h.clock.sleeps).toEqual([750, 1500]);
    expect(h.client.http.scheduler.snapshot().lastWait).toMatchObject({
      status: 429,
      waitMs: 1500,
      fromRetryAfter: false,
    });
  });

  it('5xx then success: a GET is retried', async () => {
    h.steam.inject({ host: 'webapi', path: OFFERS, status: 502, body: '<html>Bad Gateway</html>' });
    h.steam.inject({ host: 'webapi', path: OFFERS, status: 500, body: null });

    const list = await h.client.offers.getOffers({ sent: true, received: true });

    expect(list).toEqual({ sent: [], received: [], broken: 0 });
    expect(statuses(OFFERS)).toEqual([502, 500, 200]);
    expect(h.clock.sleeps).toEqual([750, 1500]);
  });

  it('5xx that does not stop: SteamBusyError after the first attempt and 3 retries', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 500, body: null, times: 100 });

    const error = await rejection(h.client.offers.getSummary());

    expect(error).toBeInstanceOf(SteamBusyError);
    expect(error).toMatchObject({ status: 500, endpoint: `${webHost()}${SUMMARY}` });
    expect(error.message).toBe(`Steam is busy (HTTP 500 from ${webHost()}${SUMMARY})`);
    expect(statuses(SUMMARY)).toEqual([500, 500, 500, 500]);
    expect(h.clock.sleeps).toEqual([750, 1500, 3000]);
  });

  it('429 that does not stop: SteamBusyError carrying the Retry-After Steam asked for', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 429, headers: { 'retry-after': '1' }, times: 100 });

    const error = await rejection(h.client.offers.getSummary());

    expect(error).toBeInstanceOf(SteamBusyError);
    expect(error).toMatchObject({ status: 429, retryAfterMs: 1000 });
    expect(statuses(SUMMARY)).toHaveLength(4);
    expect(h.clock.sleeps).toEqual([1000, 1000, 1000]);
  });

  it('a command’s wait budget stops retrying early (maxWaitMs 2 s: 750 ms fits, 1.5 s more does not)', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 503, times: 100 });

    const error = await rejection(h.client.offers.getSummary(undefined, 2000));

    expect(error).toBeInstanceOf(SteamBusyError);
    expect(error).toMatchObject({ status: 503, retryAfterMs: 1500 });
    expect(statuses(SUMMARY)).toEqual([503, 503]);
    expect(h.clock.sleeps).toEqual([750]);
  });

  it('a POST is retried after 429 (Steam did not look at it) and sent once', async () => {
    h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 429, headers: { 'retry-after': '2' } });

    const sent = await h.client.sendOffer(giveKey());

    expect(statuses('/tradeoffer/new/send', 'community')).toEqual([429, 200]);
    expect(h.clock.sleeps).toEqual([2000]);
    expect(h.steam.getOffer(sent.tradeofferid).state).toBe(2);
  });

  it('a POST is never retried after 5xx or a network error (it may have gone through)', async () => {
    h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 502, body: '<html>Bad Gateway</html>' });

    // The 502 may hide a created offer: the sent offers are looked through (twice), never sent again.
    const busy = await rejection(h.client.sendOffer(giveKey()));

    expect(busy).toBeInstanceOf(SendOutcomeUnknownError);
    expect(busy).toMatchObject({ steamSaid: 'HTTP 502', lookupProblem: null });
    expect(statuses('/tradeoffer/new/send', 'community')).toEqual([502]);
    expect(h.clock.sleeps).toEqual([3000]);
    h.clock.sleeps.length = 0;

    const offline = h.makeClient({ communityUrl: await deadUrl() });
    const unreachable = await rejection(offline.sendOffer(giveKey()));
    expect(unreachable).toBeInstanceOf(SteamUnreachableError);
    // Refused before a connection existed: clearly not sent, so nothing is looked for.
    expect(unreachable).toMatchObject({ code: 'ECONNREFUSED' });
    expect(h.clock.sleeps).toEqual([]);
  });
});

describe('connection refused', () => {
  it('a GET is retried with backoff, then SteamUnreachableError naming the endpoint', async () => {
    const client = h.makeClient({ webApiUrl: await deadUrl() });

    const error = await rejection(client.offers.getSummary());

    expect(error).toBeInstanceOf(SteamUnreachableError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(error.message).toMatch(
      /^Could not reach Steam \(ECONNREFUSED on 127\.0\.0\.1:\d+\/IEconService\/GetTradeOffersSummary\/v1\/\)$/,
    );
    expect(h.clock.sleeps).toEqual([750, 1500, 3000]);
  });
});

describe('an expired session', () => {
  it('Web API 401 → SessionExpiredError; one request, no retry', async () => {
    h.steam.expireSession();
    const error = await rejection(h.client.offers.getSummary());
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ endpoint: `${webHost()}${SUMMARY}`, detail: 'HTTP 401' });
    expect(statuses(SUMMARY)).toEqual([401]);
    expect(error.message).not.toContain(h.steam.bot.accessToken);
  });

  it('community: 401 on send and decline, 403 on accept, 302 to the login page, a sign-in page', async () => {
    const card = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
    h.steam.setInventory(USERS.bill, 753, '6', [card]);
    const offer = h.steam.addOffer({ partner: USERS.bill, receive: [card.assetid!] });
    h.steam.expireSession();

    const send = await rejection(h.client.actions.send(giveKey()));
    const decline = await rejection(h.client.actions.decline(offer));
    const accept = await rejection(h.client.actions.accept(offer, USERS.bill));
    const page = await rejection(h.client.inventories.contexts(h.steam.bot.steamid));

    for (const error of [send, decline, accept, page]) expect(error).toBeInstanceOf(SessionExpiredError);
    expect([send, decline, accept, page].map((e) => (e as SessionExpiredError).detail)).toEqual([
      'HTTP 401',
      'HTTP 401',
      'HTTP 403',
      'redirect to login',
    ]);
    expect(h.steam.requests.map((r) => r.status)).toEqual([401, 401, 403, 302]);
    expect(h.steam.getOffer(offer).state).toBe(2);

    h.steam.restoreSession();
    h.steam.inject({
      host: 'community',
      path: `/profiles/${h.steam.bot.steamid}/inventory/`,
      status: 200,
      body: '<html><head><title>Sign In</title></head><script>g_steamID = false;</script></html>',
    });
    const signIn = await rejection(h.client.inventories.contexts(h.steam.bot.steamid));
    expect(signIn).toMatchObject({ name: 'SessionExpiredError', detail: 'sign-in page' });
  });

  it('a Family View 403 is not an expired session', async () => {
    h.steam.inject({
      host: 'community',
      path: /\/accept$/,
      status: 403,
      body: '<html><body>Enter your PIN below to exit Family View.</body></html>',
    });
    const error = await rejection(h.client.actions.accept('7100000001', USERS.bill));
    expect(error).toBeInstanceOf(SteamHttpError);
    expect(error).toMatchObject({ status: 403, method: 'POST' });
    expect(h.sessionEvents).toEqual([]);
  });

  it("emits 'session' once when it dies and once when it works again (restored, or new cookies pasted)", async () => {
    await h.client.offers.getSummary();
    expect(h.sessionEvents).toEqual([{ state: 'ok' }]);

    h.clock.ms += 5000;
    h.steam.expireSession();
    await rejection(h.client.offers.getSummary());
    await rejection(h.client.actions.send(giveKey()));
    await rejection(h.client.inventories.load({ steamid: h.steam.bot.steamid, appid: 753, contextid: '6' }));
    expect(h.sessionEvents).toEqual([
      { state: 'ok' },
      { state: 'expired', since: START_MS + 5000, endpoint: `${webHost()}${SUMMARY}` },
    ]);
    expect(h.client.session).toEqual(h.sessionEvents[1]);

    // Public calls say nothing about the session.
    h.steam.setInventory(USERS.bill, 753, '6', [gems(1)]);
    await h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' });
    expect(h.sessionEvents).toHaveLength(2);

    h.steam.restoreSession();
    await h.client.offers.getSummary();
    expect(h.sessionEvents.map((e) => e.state)).toEqual(['ok', 'expired', 'ok']);

    // Expired again; a human pastes fresh cookies.
    h.steam.expireSession();
    await rejection(h.client.offers.getSummary());
    const fresh = parseSteamSession(h.steam.makeCookies({ exp: START_MS / 1000 + 86400 }), h.steam.bot.sessionId);
    if (!fresh.ok) throw new Error(fresh.reason);
    h.client.http.setSession(fresh.value);
    await h.client.sendOffer(giveKey());
    expect(h.sessionEvents.map((e) => e.state)).toEqual(['ok', 'expired', 'ok', 'expired', 'ok']);
    expect(h.client.sessionExpiresAt).toEqual(new Date(START_MS + 86400 * 1000));
  });
});

describe('answers of the wrong shape', () => {
  it('a GetTradeOffers field of the wrong type: SteamShapeError naming endpoint and field, logged once, client fine after', async () => {
    h.steam.inject({
      host: 'webapi',
      path: OFFERS,
      status: 200,
      body: { response: { trade_offers_received: 'not a list', next_cursor: 0 } },
    });

    const error = await rejection(h.client.offers.getOffers({ sent: false, received: true }));

    expect(error).toBeInstanceOf(SteamShapeError);
    expect(error.message).toBe(`Steam answered ${webHost()}${OFFERS} with an unexpected response shape`);
    expect((error as SteamShapeError).describeIssues()).toMatch(/^response\.trade_offers_received: /);
    const logged = h.logs.filter((line) => line.includes('unexpected response shape'));
    expect(logged).toHaveLength(1);
    expect(JSON.parse(logged[0]!)).toMatchObject({ endpoint: `${webHost()}${OFFERS}`, status: 200 });
    // A shape problem is not retried, and the next call works.
    expect(statuses(OFFERS)).toEqual([200]);
    expect(await h.client.offers.getOffers({ sent: false, received: true })).toEqual({
      sent: [],
      received: [],
      broken: 0,
    });
  });

  it('HTML where JSON belongs: SteamShapeError "not JSON"', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 200, body: '<html>Steam is down for maintenance</html>' });
    const error = await rejection(h.client.offers.getSummary());
    expect(error).toBeInstanceOf(SteamShapeError);
    expect((error as SteamShapeError).describeIssues()).toBe('not JSON (HTTP 200)');
  });

  it('inventory pages: assets that are not a list, and more_items without a cursor', async () => {
    const path = `/inventory/${USERS.bill}/753/6`;
    h.steam.setInventory(USERS.bill, 753, '6', [gems(1)]);
    h.steam.inject({
      host: 'community',
      path,
      status: 200,
      body: { success: 1, assets: {}, total_inventory_count: 1 },
    });
    const assets = await rejection(h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' }));
    expect(assets).toBeInstanceOf(SteamShapeError);
    expect(assets).toMatchObject({ endpoint: `${communityHost()}${path}` });

    h.steam.inject({
      host: 'community',
      path,
      status: 200,
      body: { success: 1, more_items: 1, total_inventory_count: 9 },
    });
    const cursor = await rejection(h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' }));
    expect((cursor as SteamShapeError).describeIssues()).toBe('more_items without a new last_assetid');

    h.steam.inject({ host: 'community', path, status: 200, body: { success: 15, error: 'Access denied (15)' } });
    const refused = await rejection(h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' }));
    expect((refused as SteamShapeError).describeIssues()).toBe('success 15: Access denied (15)');

    // And then it loads.
    const inventory = await h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' });
    expect(inventory.items).toHaveLength(1);
  });

  it('400 even at the smallest page size (100) is SteamShapeError, not an endless loop', async () => {
    h.steam.options.inventoryPageCap = 50;
    h.steam.setInventory(USERS.bill, 753, '6', [gems(1)]);

    const error = await rejection(h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' }));

    expect(error).toBeInstanceOf(SteamShapeError);
    expect((error as SteamShapeError).describeIssues()).toBe('HTTP 400 at the smallest page size');
    expect(requestsTo(h.steam, 'community', `/inventory/${USERS.bill}/753/6`).map((r) => r.query.count)).toEqual([
      '2000',
      '1000',
      '500',
      '250',
      '125',
      '100',
    ]);
  });

  it('a trade action answer without a strError or an id is SteamShapeError (and a send with it is looked for)', async () => {
    h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 200, body: { success: true } });
    const error = await rejection(h.client.actions.send(giveKey()));
    expect(error).toBeInstanceOf(SteamShapeError);
    expect((error as SteamShapeError).describeIssues()).toBe('no tradeofferid in the answer');

    h.steam.inject({ host: 'community', path: '/tradeoffer/new/send', status: 200, body: { success: true } });
    expect(await rejection(h.client.sendOffer(giveKey()))).toMatchObject({
      name: 'SendOutcomeUnknownError',
      steamSaid: 'an answer tradedesk could not read',
    });
  });
});

describe('secrets', () => {
  it('no token, key, identity secret or sessionid in any log line written during failures', async () => {
    h.steam.inject({ host: 'webapi', path: SUMMARY, status: 429, headers: { 'retry-after': '1' } });
    await h.client.offers.getSummary();
    h.steam.inject({ host: 'webapi', path: OFFERS, status: 200, body: { response: { next_cursor: 'x' } } });
    await rejection(h.client.offers.getOffers({ sent: true, received: true }));
    h.steam.expireSession();
    await rejection(h.client.offers.getSummary());

    expect(h.logs.length).toBeGreaterThanOrEqual(2);
    const text = h.logs.join('\n');
    for (const secret of [
      h.steam.bot.accessToken,
      h.steam.bot.apiKey,
      h.steam.bot.identitySecret,
      h.steam.bot.sessionId,
    ]) {
      expect(text).not.toContain(secret);
    }
  });
});
