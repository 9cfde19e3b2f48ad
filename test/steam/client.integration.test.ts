// The Steam service layer (SteamClient and its services) against the Steam stand-in: every
// function once the way it should work and once the way Steam makes it fail. Waits are
// recorded through the injected sleep instead of being slept, so Retry-After is checked exactly.
import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SteamClient, type SessionState } from '../../src/steam/client.js';
import { ETradeOfferState } from '../../src/steam/enums.js';
import {
  PrivateInventoryError,
  SessionExpiredError,
  SteamBusyError,
  SteamEResultError,
  SteamShapeError,
  SteamUnreachableError,
  UnknownUserError,
} from '../../src/steam/errors.js';
import { aggregateInventory } from '../../src/steam/inventoryGroups.js';
import { parseSteamSession } from '../../src/steam/session.js';
import {
  csgoKey,
  cs2Skin,
  gems,
  startSteamStandIn,
  tf2Key,
  type RecordedRequest,
  type SteamStandIn,
} from '../standins/steam/index.js';

const FRIEND = '76561198000000401';
const STRANGER = '76561198000000402';
const PRIVATE = '76561198000000403';
const VANITY = 'gabe_trades';

let steam: SteamStandIn;
let waits: number[];
let skipped = 0;
let client: SteamClient;
const sessionEvents: SessionState[] = [];

function makeClient(
  options: { identitySecret?: boolean; communityUrl?: string; webApiUrl?: string } = {},
): SteamClient {
  const session = parseSteamSession(steam.bot.cookies, steam.bot.sessionId);
  if (!session.ok) throw new Error(session.reason);
  const made = new SteamClient({
    communityUrl: options.communityUrl ?? steam.communityUrl,
    webApiUrl: options.webApiUrl ?? steam.webApiUrl,
    session: session.value,
    apiKey: steam.bot.apiKey,
    identitySecret: options.identitySecret ? steam.bot.identitySecret : undefined,
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: pino({ level: 'silent' }),
    // Virtual time: a wait is recorded and passes at once, so Retry-After is checked exactly.
    now: () => Date.now() + skipped,
    sleep: async (ms) => {
      waits.push(ms);
      skipped += ms;
    },
    random: () => 0.5,
  });
  made.on('session', (state: SessionState) => sessionEvents.push(state));
  return made;
}

function botKey() {
  const key = csgoKey();
  steam.setInventory(steam.bot.steamid, 730, '2', [...steam.getInventory(steam.bot.steamid, 730, '2'), key]);
  return { appid: 730, contextid: '2', assetid: key.assetid!, amount: 1 };
}

const since = (mark: number, pred: (r: RecordedRequest) => boolean = () => true) =>
  steam.requests.slice(mark).filter(pred);

beforeAll(async () => {
  steam = await startSteamStandIn();
  steam.addUser({ steamid: FRIEND, personaName: 'Rochelle', friends: true, tradeToken: 'FrNd1234', vanity: VANITY });
  steam.addUser({ steamid: STRANGER, personaName: 'Coach', tradeToken: 'StRg5678' });
  steam.addUser({ steamid: PRIVATE, personaName: 'Hidden', inventoryPrivate: true });
});

afterAll(async () => {
  await steam?.close();
});

beforeEach(() => {
  waits = [];
  sessionEvents.length = 0;
  client = makeClient();
});

afterEach(async () => {
  await client.close();
  steam.options.inventoryPageCap = 2000;
  steam.options.tradeOffersPageSize = 100;
  steam.options.acceptNeedsConfirmation = false;
  steam.options.sendNeedsConfirmation = false;
  steam.options.serverTimeOffsetSeconds = 0;
  steam.options.tradeProtectionAcknowledged = true;
  steam.options.contentEncoding = null;
  steam.restoreSession();
});

describe('community inventory', () => {
  it('halves the page size on 400, pages with start_assetid one at a time, joins descriptions, reports progress', async () => {
    const items = [
      ...Array.from({ length: 700 }, () => tf2Key()),
      ...Array.from({ length: 300 }, (_, i) => cs2Skin(`AK-47 | Test ${i % 3}`)),
    ];
    steam.setInventory(FRIEND, 440, '2', items);
    steam.options.inventoryPageCap = 500;
    const mark = steam.requests.length;
    const progress: Array<[number, number | null]> = [];
    const inventory = await client.inventories.load({
      steamid: FRIEND,
      appid: 440,
      contextid: '2',
      onProgress: (p) => void progress.push([p.pagesLoaded, p.totalPages]),
    });
    const pages = since(mark, (r) => r.path === `/inventory/${FRIEND}/440/2`);
    expect(pages.map((r) => [r.query.count, r.status])).toEqual([
      ['2000', 400],
      ['1000', 400],
      ['500', 200],
      ['500', 200],
    ]);
    // The second page continues after the first page's last asset.
    expect(pages[2]!.query.start_assetid).toBeUndefined();
    expect(pages[3]!.query.start_assetid).toMatch(/^\d+$/);
    // One at a time: each page was asked for after the previous one was answered.
    for (let i = 1; i < pages.length; i++) expect(pages[i]!.at).toBeGreaterThanOrEqual(pages[i - 1]!.at);
    expect(progress).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(inventory.items).toHaveLength(1000);
    expect(inventory.totalInventoryCount).toBe(1000);
    // Descriptions appear only on the page where their class is first seen; every item has one.
    expect(inventory.items.every((item) => item.description !== null)).toBe(true);

    const groups = aggregateInventory(inventory.items);
    const keys = groups.find((g) => g.marketHashName === 'Mann Co. Supply Crate Key');
    expect(keys).toMatchObject({ quantity: 700, tradable: true, marketable: true });
    expect(groups.filter((g) => g.marketHashName.startsWith('AK-47')).map((g) => g.quantity)).toEqual([100, 100, 100]);
    expect(aggregateInventory(inventory.items, 'test 1').map((g) => g.marketHashName)).toEqual(['AK-47 | Test 1']);

    // The accepted size is remembered: the next load starts at 500.
    const again = steam.requests.length;
    await client.inventories.load({ steamid: FRIEND, appid: 440, contextid: '2' });
    expect(since(again, (r) => r.path.startsWith('/inventory/')).map((r) => r.query.count)).toEqual(['500', '500']);
  });

  it('gzip and br answers are decoded with node:zlib, and no ExperimentalWarning is raised', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error) => warnings.push(warning);
    process.on('warning', onWarning);
    try {
      steam.setInventory(FRIEND, 730, '2', [cs2Skin('AWP | Compressed (Field-Tested)'), csgoKey()]);
      for (const encoding of ['gzip', 'br'] as const) {
        steam.options.contentEncoding = encoding;
        const mark = steam.requests.length;
        const inventory = await client.inventories.load({ steamid: FRIEND, appid: 730, contextid: '2' });
        expect(inventory.items.map((i) => i.description?.marketHashName).sort()).toEqual([
          'AWP | Compressed (Field-Tested)',
          'CS:GO Case Key',
        ]);
        expect((await client.offers.getSummary(1)).pendingReceivedCount).toBeGreaterThanOrEqual(0);
        const [page] = since(mark, (r) => r.path.startsWith('/inventory/'));
        expect(String(page!.headers['accept-encoding'])).toBe('gzip, deflate, br');
      }
      // Bytes that claim to be gzip but are not: a shape error naming the endpoint, no crash.
      steam.options.contentEncoding = null;
      steam.inject({
        host: 'webapi',
        path: /GetTradeOffersSummary/i,
        status: 200,
        headers: { 'content-encoding': 'gzip' },
        body: 'not gzip at all',
      });
      const error = await client.offers.getSummary(1).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SteamShapeError);
      expect((error as SteamShapeError).describeIssues()).toBe('a gzip body that does not decompress');
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
  });

  it('the bot’s own inventory is read with its cookies; others anonymously', async () => {
    steam.setInventory(steam.bot.steamid, 753, '6', [gems(1000)]);
    const mark = steam.requests.length;
    const own = await client.inventories.load({ steamid: steam.bot.steamid, appid: 753, contextid: '6' });
    expect(own.items.map((i) => [i.description?.name, i.amount])).toEqual([['Gems', 1000]]);
    const [request] = since(mark, (r) => r.path.startsWith('/inventory/'));
    expect(String(request!.headers.cookie)).toContain('steamLoginSecure=');
  });

  it('a private inventory and an unknown user are typed errors', async () => {
    steam.setInventory(PRIVATE, 730, '2', [csgoKey()]);
    await expect(client.inventories.load({ steamid: PRIVATE, appid: 730, contextid: '2' })).rejects.toBeInstanceOf(
      PrivateInventoryError,
    );
    await expect(
      client.inventories.load({ steamid: '76561198999999999', appid: 730, contextid: '2' }),
    ).rejects.toBeInstanceOf(PrivateInventoryError);
  });

  it('contexts come from the profile page with names and counts', async () => {
    steam.setInventory(STRANGER, 440, '2', [tf2Key(), tf2Key()]);
    steam.setInventory(STRANGER, 753, '6', [gems(5)]);
    const contexts = await client.inventories.contexts(STRANGER);
    expect(contexts.map((c) => [c.appid, c.contextid, c.assetCount])).toEqual(
      expect.arrayContaining([
        [440, '2', 2],
        [753, '6', 1],
      ]),
    );
    expect(contexts.find((c) => c.appid === 440)).toMatchObject({ appName: 'Team Fortress 2' });
    await expect(client.inventories.contexts('76561198999999998')).rejects.toBeInstanceOf(UnknownUserError);
  });
});

describe('IEconService with the access token', () => {
  it('summary, offers with descriptions and cursor paging, one offer, history, hold durations', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const key = tf2Key();
      steam.setInventory(STRANGER, 440, '2', [...steam.getInventory(STRANGER, 440, '2'), key]);
      ids.push(steam.addOffer({ partner: STRANGER, receive: [key.assetid!], message: `offer ${i}` }));
    }
    steam.options.tradeOffersPageSize = 2;
    const mark = steam.requests.length;
    const summary = await client.offers.getSummary(1);
    expect(summary.pendingReceivedCount).toBeGreaterThanOrEqual(5);

    const list = await client.offers.getOffers({ sent: false, received: true, activeOnly: true, descriptions: true });
    const received = list.received.filter((o) => ids.includes(o.id));
    expect(received.map((o) => o.message).sort()).toEqual(['offer 0', 'offer 1', 'offer 2', 'offer 3', 'offer 4']);
    expect(received.every((o) => o.itemsToReceive[0]?.description?.name === 'Mann Co. Supply Crate Key')).toBe(true);
    const listCalls = since(mark, (r) => /GetTradeOffers\/v1/i.test(r.path));
    expect(listCalls.length).toBeGreaterThanOrEqual(3);
    expect(listCalls.slice(1).every((r) => r.query.cursor !== undefined && r.query.cursor !== '0')).toBe(true);
    // The access token, never the key: a key gets empty offer lists since 2024.
    for (const r of since(mark, (q) => q.host === 'webapi')) {
      expect(r.query.access_token).toBe(steam.bot.accessToken);
      expect(r.query.key).toBeUndefined();
    }

    steam.setOfferState(ids[0]!, 42);
    const odd = await client.offers.getOffer(ids[0]!);
    expect(odd?.state).toBe(42);
    expect(await client.offers.getOffer('1')).toBe(null);

    steam.setOfferState(ids[1]!, ETradeOfferState.Accepted);
    const history = await client.offers.getHistory({ maxTrades: 5 });
    const trade = history.trades.find((t) => t.partner === STRANGER);
    expect(trade?.assetsReceived.map((a) => a.appid)).toEqual([440]);
    expect(trade?.status).toBe(3);

    steam.setTradeHold(FRIEND, { my: 0, their: 86400 * 3 });
    expect(await client.offers.getHoldDurations(FRIEND)).toEqual({
      myEscrowSeconds: 0,
      theirEscrowSeconds: 259200,
      bothEscrowSeconds: 259200,
    });
    steam.setTradeHold(FRIEND, { my: 0, their: 0 });
  });

  it('the token’s expiry is read from its exp', () => {
    const payload = JSON.parse(Buffer.from(steam.bot.accessToken.split('.')[1]!, 'base64url').toString()) as {
      exp: number;
    };
    expect(client.sessionExpiresAt.getTime()).toBe(payload.exp * 1000);
  });
});

describe('trade actions on steamcommunity.com', () => {
  it('send with a trade URL token, accept, decline and cancel carry sessionid, Referer and Origin', async () => {
    const mark = steam.requests.length;
    const sent = await client.sendOffer({ partner: STRANGER, token: 'StRg5678', give: [botKey()], receive: [] });
    expect(steam.getOffer(sent.tradeofferid)).toMatchObject({ partner: STRANGER, isOurOffer: true, state: 2 });
    await client.actions.cancel(sent.tradeofferid);
    expect(steam.getOffer(sent.tradeofferid).state).toBe(ETradeOfferState.Canceled);

    const theirs = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [theirs]);
    const received = steam.addOffer({ partner: STRANGER, receive: [theirs.assetid!] });
    const offer = (await client.offers.getOffer(received))!;
    const accepted = await client.acceptOffer(offer);
    expect(accepted).toMatchObject({ outcome: 'accepted', confirmed: false, needsMobileConfirmation: false });
    expect(steam.getOffer(received).state).toBe(ETradeOfferState.Accepted);

    const another = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [another]);
    const toDecline = steam.addOffer({ partner: STRANGER, receive: [another.assetid!] });
    await client.actions.decline(toDecline);
    expect(steam.getOffer(toDecline).state).toBe(ETradeOfferState.Declined);

    const posts = since(mark, (r) => r.method === 'POST' && r.host === 'community');
    expect(posts.map((r) => r.path)).toEqual([
      // Once, before the first trade with a TF2 item (the client has no record of it yet).
      '/trade/new/acknowledge',
      '/tradeoffer/new/send',
      `/tradeoffer/${sent.tradeofferid}/cancel`,
      `/tradeoffer/${received}/accept`,
      `/tradeoffer/${toDecline}/decline`,
    ]);
    for (const post of posts) {
      expect(post.form?.sessionid).toBe(steam.bot.sessionId);
      expect(String(post.headers.cookie)).toContain(`sessionid=${steam.bot.sessionId}`);
      expect(post.headers.origin).toBe(steam.communityUrl);
      expect(String(post.headers.referer)).toMatch(new RegExp(`^${steam.communityUrl}/`));
    }
  });

  it('a sent offer, an accepted offer and a completed trade the poller saw drop the bot’s kept inventories, not others’', async () => {
    steam.setInventory(FRIEND, 440, '2', [tf2Key()]);
    const own = { steamid: steam.bot.steamid, appid: 730, contextid: '2' };
    const theirs = { steamid: FRIEND, appid: 440, contextid: '2' };
    const give = botKey();
    const cache = client.inventoryCache;
    const pagesOf = (mark: number) => since(mark, (r) => r.path.startsWith('/inventory/')).length;
    const readBoth = async () => [(await cache.get(own)).fromCache, (await cache.get(theirs)).fromCache];

    expect(await readBoth()).toEqual([false, false]);
    expect(await readBoth()).toEqual([true, true]);
    await client.sendOffer({ partner: STRANGER, token: 'StRg5678', give: [give], receive: [] });
    let mark = steam.requests.length;
    expect(await readBoth()).toEqual([false, true]);
    expect(pagesOf(mark)).toBe(1);

    const tradeIn = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [tradeIn]);
    const received = steam.addOffer({ partner: STRANGER, receive: [tradeIn.assetid!] });
    await client.acceptOffer((await client.offers.getOffer(received))!);
    expect(await readBoth()).toEqual([false, true]);

    // Declined or countered offers move nothing; an accepted one seen by the poller does.
    client.offerChanged({ state: ETradeOfferState.Declined });
    expect(await readBoth()).toEqual([true, true]);
    client.offerChanged({ state: ETradeOfferState.Accepted });
    mark = steam.requests.length;
    expect(await readBoth()).toEqual([false, true]);
    expect(pagesOf(mark)).toBe(1);
  });

  it('accepting an offer someone accepted first (28) is reported as already accepted', async () => {
    const theirs = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [theirs]);
    const id = steam.addOffer({ partner: STRANGER, receive: [theirs.assetid!] });
    const offer = (await client.offers.getOffer(id))!;
    steam.setOfferState(id, ETradeOfferState.Accepted);
    const result = await client.acceptOffer(offer);
    expect(result.outcome).toBe('alreadyAccepted');
    expect(result).toMatchObject({ offer: { state: ETradeOfferState.Accepted } });
  });

  it('strError becomes an EResult with Steam’s text: items gone (26), wrong token (15)', async () => {
    const theirs = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [theirs]);
    const id = steam.addOffer({ partner: STRANGER, receive: [theirs.assetid!] });
    const offer = (await client.offers.getOffer(id))!;
    steam.setInventory(STRANGER, 440, '2', []);
    const gone = await client.acceptOffer(offer).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(SteamEResultError);
    expect((gone as SteamEResultError).eresult).toBe(26);

    const wrongToken = await client
      .sendOffer({ partner: STRANGER, token: 'wrong000', give: [botKey()], receive: [] })
      .catch((e: unknown) => e);
    expect(wrongToken).toBeInstanceOf(SteamEResultError);
    expect((wrongToken as SteamEResultError).eresult).toBe(15);
    expect((wrongToken as SteamEResultError).steamMessage.length).toBeGreaterThan(10);
  });

  it('acknowledges the trade-protection notice before the first send of a TF2 item, not after an error', async () => {
    steam.options.tradeProtectionAcknowledged = false;
    const mark = steam.requests.length;
    const sent = await client.sendOffer({ partner: FRIEND, give: [botKey()], receive: [] });
    expect(steam.getOffer(sent.tradeofferid).state).toBe(ETradeOfferState.Active);
    expect(since(mark, (r) => r.method === 'POST').map((r) => [r.path, r.status])).toEqual([
      ['/trade/new/acknowledge', 302],
      ['/tradeoffer/new/send', 200],
    ]);
    expect(await client.tradeProtection.acknowledgedAt()).toEqual(expect.any(Number));
  });
});

describe('mobile confirmations', () => {
  it('an accept that needs confirmation is confirmed with Steam’s time, even with the clock off by two minutes', async () => {
    steam.options.acceptNeedsConfirmation = true;
    steam.options.serverTimeOffsetSeconds = 120;
    const confirming = makeClient({ identitySecret: true });
    try {
      const theirs = tf2Key();
      steam.setInventory(STRANGER, 440, '2', [theirs]);
      const id = steam.addOffer({ partner: STRANGER, receive: [theirs.assetid!] });
      const result = await confirming.acceptOffer((await confirming.offers.getOffer(id))!);
      expect(result).toMatchObject({ outcome: 'accepted', confirmed: true, needsMobileConfirmation: false });
      expect(steam.getOffer(id).state).toBe(ETradeOfferState.Accepted);
      expect(steam.confirmations()).toEqual([]);
    } finally {
      await confirming.close();
    }
  });

  it('list, find the one for an offer, cancel it', async () => {
    steam.options.sendNeedsConfirmation = true;
    const confirming = makeClient({ identitySecret: true });
    try {
      // Without the identity secret the send stays waiting for the phone.
      const sent = await client.sendOffer({ partner: FRIEND, give: [botKey()], receive: [] });
      expect(sent.needsMobileConfirmation).toBe(true);
      const list = await confirming.confirmations!.list();
      const mine = list.find((c) => c.creatorId === sent.tradeofferid);
      expect(mine?.summary.length).toBeGreaterThan(0);
      await confirming.confirmations!.respond(mine!, 'cancel');
      expect(steam.getOffer(sent.tradeofferid).state).toBe(ETradeOfferState.CanceledBySecondFactor);
    } finally {
      await confirming.close();
    }
  });
});

describe('users', () => {
  it('resolves vanity URLs with the API key and caches player summaries', async () => {
    expect(await client.users.resolveVanity(VANITY)).toBe(FRIEND);
    await expect(client.users.resolveVanity('no_such_vanity_here')).rejects.toBeInstanceOf(UnknownUserError);
    const mark = steam.requests.length;
    const first = await client.users.summaries([FRIEND, STRANGER]);
    const second = await client.users.summaries([FRIEND]);
    expect(first.get(STRANGER)?.personaName).toBe('Coach');
    expect(second.get(FRIEND)?.personaName).toBe('Rochelle');
    expect(since(mark, (r) => /GetPlayerSummaries/i.test(r.path))).toHaveLength(1);
  });
});

describe('failures', () => {
  it('429 with Retry-After: waits exactly that long, then succeeds', async () => {
    steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 429, headers: { 'Retry-After': '7' } });
    const started = Date.now();
    await client.offers.getSummary(1);
    const realElapsed = Date.now() - started;
    const { rateLimitWaits, lastWait } = client.http.scheduler.snapshot();
    expect(rateLimitWaits).toBe(1);
    expect(lastWait).toMatchObject({ waitMs: 7000, status: 429, fromRetryAfter: true });
    // The pause ends 7 s after it began; the real milliseconds the request took count towards it.
    expect(waits).toHaveLength(1);
    expect(waits[0]).toBeLessThanOrEqual(7000);
    expect(waits[0]).toBeGreaterThanOrEqual(7000 - realElapsed);
  });

  it('429 without Retry-After and 5xx back off exponentially, then succeed', async () => {
    steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 429 });
    steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 502 });
    await client.offers.getSummary(1);
    expect(waits).toHaveLength(2);
    expect(waits[1]!).toBeGreaterThan(waits[0]!);
  });

  it('5xx that does not stop becomes SteamBusyError after the retries', async () => {
    const mark = steam.requests.length;
    steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 503, times: 4 });
    await expect(client.offers.getSummary(1)).rejects.toBeInstanceOf(SteamBusyError);
    expect(since(mark, (r) => /GetTradeOffersSummary/i.test(r.path))).toHaveLength(4);
  });

  it('a POST is retried on 429 but never on 5xx (it may have gone through)', async () => {
    const theirs = tf2Key();
    steam.setInventory(STRANGER, 440, '2', [theirs]);
    const id = steam.addOffer({ partner: STRANGER, receive: [theirs.assetid!] });
    const mark = steam.requests.length;
    steam.inject({ host: 'community', path: `/tradeoffer/${id}/decline`, method: 'POST', status: 502 });
    await expect(client.actions.decline(id)).rejects.toBeInstanceOf(SteamBusyError);
    expect(since(mark, (r) => r.path === `/tradeoffer/${id}/decline`)).toHaveLength(1);
    steam.inject({ host: 'community', path: `/tradeoffer/${id}/decline`, method: 'POST', status: 429 });
    await client.actions.decline(id);
    expect(since(mark, (r) => r.path === `/tradeoffer/${id}/decline`)).toHaveLength(3);
    expect(steam.getOffer(id).state).toBe(ETradeOfferState.Declined);
  });

  it('an expired session is SessionExpiredError on the Web API and the community, with one event each way', async () => {
    steam.expireSession();
    await expect(client.offers.getSummary(1)).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(
      client.inventories.load({ steamid: steam.bot.steamid, appid: 753, contextid: '6' }),
    ).rejects.toBeInstanceOf(SessionExpiredError);
    await expect(client.actions.decline('123')).rejects.toBeInstanceOf(SessionExpiredError);
    expect(client.session.state).toBe('expired');
    steam.restoreSession();
    await client.offers.getSummary(1);
    expect(client.session.state).toBe('ok');
    expect(sessionEvents.map((e) => e.state)).toEqual(['expired', 'ok']);
  });

  it('a login redirect on a community page is an expired session', async () => {
    steam.inject({
      host: 'community',
      path: new RegExp(`/profiles/${steam.bot.steamid}/inventory`),
      status: 302,
      redirectTo: '/login/home/?goto=inventory',
    });
    await expect(client.inventories.contexts(steam.bot.steamid)).rejects.toBeInstanceOf(SessionExpiredError);
  });

  it('an answer of the wrong shape is SteamShapeError naming the endpoint, and the client keeps working', async () => {
    steam.inject({
      host: 'webapi',
      path: /GetTradeOffersSummary/i,
      status: 200,
      body: { response: { pending_received_count: 'many' } },
    });
    const error = await client.offers.getSummary(1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SteamShapeError);
    expect((error as SteamShapeError).endpoint).toMatch(/GetTradeOffersSummary/);
    steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 200, body: '<html>not json</html>' });
    await expect(client.offers.getSummary(1)).rejects.toBeInstanceOf(SteamShapeError);
    expect((await client.offers.getSummary(1)).pendingReceivedCount).toBeGreaterThanOrEqual(0);
  });

  it('abandon(), when the shutdown wait ran out: a request Steam never answers fails at once', async () => {
    const held = steam.hold({ host: 'webapi', path: /GetTradeOffersSummary/ });
    const summary = client.offers.getSummary(1);
    await held.reached;
    await client.abandon();
    await expect(summary).rejects.toBeInstanceOf(SteamUnreachableError);
    held.release();
    // close() afterwards (the test's afterEach) is harmless.
  });

  it('a host that refuses connections is SteamUnreachableError', async () => {
    const offline = makeClient({ webApiUrl: 'http://127.0.0.1:9' });
    try {
      await expect(offline.offers.getSummary(1)).rejects.toBeInstanceOf(SteamUnreachableError);
    } finally {
      await offline.close();
    }
  });
});
