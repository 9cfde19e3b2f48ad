// The Steam stand-in over real HTTP: the shapes and statuses other tests rely on.
import { request } from 'undici';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BROWSER_GET_HEADERS,
  MOBILE_APP_HEADERS,
  cardClassId,
  confirmationKey,
  gems,
  startSteamStandIn,
  tradingCard,
  type SteamStandIn,
} from './steam/index.js';

const PARTNER = '76561198000000001';
const OTHER = '76561198000000002';

let steam: SteamStandIn;
let clock: number;

beforeEach(async () => {
  clock = Date.UTC(2026, 6, 1, 12, 0, 0);
  steam = await startSteamStandIn({ now: () => clock });
});

afterEach(async () => {
  await steam.close();
});

const cookie = () => `${steam.bot.cookies}; sessionid=${steam.bot.sessionId}`;

async function get(url: string, headers: Record<string, string> = {}) {
  const client = url.includes('/mobileconf/') ? MOBILE_APP_HEADERS : BROWSER_GET_HEADERS;
  const res = await request(url, { headers: { ...client, ...headers } });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

/** json is null when the answer is not JSON (Steam's HTML error pages). */
async function getJson(url: string, headers: Record<string, string> = {}) {
  const r = await get(url, headers);
  let parsed: Record<string, unknown> | null = null;
  try {
    parsed = JSON.parse(r.text) as Record<string, unknown>;
  } catch {
    // HTML
  }
  return { ...r, json: parsed as Record<string, unknown> };
}

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await request(`${steam.communityUrl}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=UTF-8',
      cookie: cookie(),
      origin: steam.communityUrl,
      referer: `${steam.communityUrl}/tradeoffer/new/`,
      ...headers,
    },
    body: new URLSearchParams(form).toString(),
  });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

const webApi = (method: string, query: Record<string, string | number>) => {
  const url = new URL(`${steam.webApiUrl}/IEconService/${method}/v1/`);
  for (const [k, v] of Object.entries({ access_token: steam.bot.accessToken, ...query }))
    url.searchParams.set(k, String(v));
  return getJson(url.toString());
};

describe('community inventory', () => {
  it('pages with a cursor, more_items only when more, and each description only once', async () => {
    const items = [
      ...[1, 2, 3].map(() => tradingCard({ appid: 550, name: 'Smoker', index: 1 })),
      tradingCard({ appid: 550, name: 'Smoker', index: 1, foil: true }),
      tradingCard({ appid: 550, name: 'Boomer', index: 2 }),
      gems(1500),
    ];
    steam.addUser({ steamid: PARTNER });
    steam.setInventory(PARTNER, 753, '6', items);

    const pages: Array<Record<string, unknown>> = [];
    let start: string | undefined;
    for (;;) {
      const url = `${steam.communityUrl}/inventory/${PARTNER}/753/6?l=english&count=2${start ? `&start_assetid=${start}` : ''}`;
      const page = await getJson(url);
      expect(page.status).toBe(200);
      pages.push(page.json);
      if (!page.json.more_items) break;
      start = page.json.last_assetid as string;
    }
    expect(pages.map((p) => (p.assets as unknown[]).length)).toEqual([2, 2, 2]);
    expect(pages.map((p) => [p.more_items, p.total_inventory_count, p.success, p.rwgrsn])).toEqual([
      [1, 6, 1, -2],
      [1, 6, 1, -2],
      [undefined, 6, 1, -2],
    ]);
    expect(pages[2]).not.toHaveProperty('last_assetid');
    // Newest first, every asset once.
    const assetids = pages.flatMap((p) => (p.assets as Array<{ assetid: string }>).map((a) => a.assetid));
    expect(assetids).toEqual(items.map((i) => i.assetid).reverse());
    const classes = pages.flatMap((p) =>
      (p.descriptions as Array<{ classid: string; instanceid: string }>).map((d) => `${d.classid}_${d.instanceid}`),
    );
    expect(classes.length).toBe(new Set(classes).size);
    expect(new Set(classes)).toEqual(new Set(items.map((i) => `${i.classid}_${i.instanceid}`)));
    const gemAsset = (pages[0]?.assets as Array<Record<string, unknown>>)[0];
    expect(gemAsset).toEqual({
      appid: 753,
      contextid: '6',
      assetid: items[5]?.assetid,
      classid: '667924416',
      instanceid: '667076610',
      amount: '1500',
    });
    const smoker = (pages.flatMap((p) => p.descriptions) as Array<Record<string, unknown>>).find(
      (d) => d.classid === cardClassId(550, 1),
    );
    expect(smoker).toMatchObject({ market_hash_name: '550-Smoker', market_fee_app: 550, tradable: 1, currency: 0 });
    expect((smoker?.tags as Array<{ internal_name: string }>).map((t) => t.internal_name)).toEqual([
      'droprate_0',
      'app_550',
      'cardborder_0',
      'item_class_2',
    ]);
  });

  it('answers 400 null above the page cap, 403 null for private or cookie-less own inventories', async () => {
    steam.addUser({ steamid: PARTNER, inventoryPrivate: true });
    steam.addUser({ steamid: OTHER });
    const tooBig = await get(`${steam.communityUrl}/inventory/${OTHER}/753/6?l=english&count=2001`);
    expect([tooBig.status, tooBig.text]).toEqual([400, 'null']);
    const priv = await get(`${steam.communityUrl}/inventory/${PARTNER}/753/6?l=english&count=2000`);
    expect([priv.status, priv.text]).toEqual([403, 'null']);
    const empty = await get(`${steam.communityUrl}/inventory/${OTHER}/753/6?l=english&count=2000`);
    expect([empty.status, JSON.parse(empty.text)]).toEqual([200, { total_inventory_count: 0, success: 1, rwgrsn: -2 }]);
    const own = `${steam.communityUrl}/inventory/${steam.bot.steamid}/753/6?l=english&count=2000`;
    expect((await get(own)).status).toBe(403);
    expect((await get(own, { cookie: cookie() })).status).toBe(200);
    steam.expireSession();
    expect(await get(own, { cookie: cookie() })).toMatchObject({ status: 403, text: 'null' });
  });

  it('writes g_rgAppContextData on one line closed by </script>, [] when empty, and the private-inventory text', async () => {
    steam.addUser({ steamid: PARTNER });
    steam.addUser({ steamid: OTHER, inventoryPrivate: true });
    const emptyPage = await get(`${steam.communityUrl}/profiles/${PARTNER}/inventory/`);
    expect(/var g_rgAppContextData = (.+);<\/script>\r?\n/.exec(emptyPage.text)?.[1]).toBe('[]');
    // No newline right after it: a reader that wants `;` + newline finds nothing.
    expect(/var g_rgAppContextData = ([^\n]+?);\s*\r?\n/.exec(emptyPage.text)).toBeNull();
    steam.setInventory(PARTNER, 753, '6', [gems(10), tradingCard({ appid: 550, name: 'Smoker', index: 1 })]);
    const page = await get(`${steam.communityUrl}/profiles/${PARTNER}/inventory/`);
    const data = JSON.parse(/var g_rgAppContextData = (.+);<\/script>\r?\n/.exec(page.text)?.[1] ?? '');
    expect(data['753']).toMatchObject({
      appid: 753,
      name: 'Steam',
      asset_count: 2,
      trade_permissions: 'FULL',
      rgContexts: { '6': { asset_count: 2, id: '6', name: 'Community' } },
    });
    const priv = await get(`${steam.communityUrl}/profiles/${OTHER}/inventory/`);
    expect(priv.text).toContain('inventory is currently private.');
    expect(priv.text).not.toContain('g_rgAppContextData');
  });

  it('renders one badge_card_set_card per card and redirects unknown apps to the badges page', async () => {
    steam.setBadgeSetSize(550, 6);
    steam.setInventory(steam.bot.steamid, 753, '6', [tradingCard({ appid: 550, name: 'Smoker', index: 2 })]);
    const page = await get(`${steam.communityUrl}/profiles/${steam.bot.steamid}/gamecards/550/`);
    expect(page.text.match(/<div class="badge_card_set_card /g)?.length).toBe(6);
    expect(page.text.match(/badge_card_set_card owned/g)?.length).toBe(1);
    const unknown = await get(`${steam.communityUrl}/profiles/${steam.bot.steamid}/gamecards/999/`);
    expect([unknown.status, unknown.headers.location]).toEqual([
      302,
      `${steam.communityUrl}/profiles/${steam.bot.steamid}/badges/`,
    ]);
  });
});

describe('the 2026 client-header filter (docs/steam.md#request-headers)', () => {
  it('turns away community GETs without browser headers and mobileconf without the mobile app User-Agent', async () => {
    steam.addUser({ steamid: PARTNER });
    const inventory = `${steam.communityUrl}/inventory/${PARTNER}/753/6?l=english&count=100`;
    const bare = await request(inventory, { headers: { 'user-agent': 'undici' } });
    expect([bare.statusCode, await bare.body.text()]).toEqual([429, 'null']);
    expect(steam.requests.at(-1)?.filteredBecause).toBe('no browser User-Agent');
    const noFetchMeta = { ...BROWSER_GET_HEADERS } as Record<string, string>;
    delete noFetchMeta['sec-fetch-mode'];
    expect((await get(inventory)).status).toBe(200);
    const withoutFetchMeta = await request(inventory, { headers: noFetchMeta });
    expect(withoutFetchMeta.statusCode).toBe(429);
    await withoutFetchMeta.body.dump();
    expect(steam.requests.at(-1)?.filteredBecause).toBe('no sec-fetch-mode');

    const getlist = `${steam.communityUrl}/mobileconf/getlist?p=android:x&a=${steam.bot.steamid}&k=x&t=1&m=react&tag=list`;
    const browserUa = await request(getlist, { headers: { ...BROWSER_GET_HEADERS, cookie: cookie() } });
    expect(browserUa.statusCode).toBe(429);
    await browserUa.body.dump();
    expect(steam.requests.at(-1)?.filteredBecause).toBe('mobileconf needs the mobile app User-Agent');
    const app = await request(getlist, { headers: { ...MOBILE_APP_HEADERS, cookie: cookie() } });
    expect(app.statusCode).toBe(200);
    await app.body.dump();
  });
});

describe('trade offers', () => {
  it('counts offers in GetTradeOffersSummary and changes them when an offer is declined', async () => {
    steam.addUser({ steamid: PARTNER });
    steam.setInventory(PARTNER, 440, '2', [tradingCard({ appid: 440, name: 'Heavy', index: 1 })]);
    const [card] = steam.getInventory(PARTNER, 440, '2');
    const since = Math.floor(clock / 1000) - 60;
    const id = steam.addOffer({ partner: PARTNER, receive: [card?.assetid ?? ''] });
    const before = await webApi('GetTradeOffersSummary', { time_last_visit: since });
    expect(before.headers['x-eresult']).toBe('1');
    expect(before.json).toEqual({
      response: {
        pending_received_count: 1,
        new_received_count: 1,
        updated_received_count: 0,
        historical_received_count: 0,
        pending_sent_count: 0,
        newly_accepted_sent_count: 0,
        updated_sent_count: 0,
        historical_sent_count: 0,
        escrow_received_count: 0,
        escrow_sent_count: 0,
      },
    });
    clock += 5000;
    const declined = await post(`/tradeoffer/${id}/decline`, { sessionid: steam.bot.sessionId });
    expect([declined.status, JSON.parse(declined.text)]).toEqual([200, { tradeofferid: id }]);
    const after = await webApi('GetTradeOffersSummary', { time_last_visit: since });
    expect(after.json.response).toMatchObject({
      pending_received_count: 0,
      new_received_count: 0,
      updated_received_count: 1,
      historical_received_count: 1,
    });
    expect(steam.getOffer(id).state).toBe(7);
  });

  it('accepting moves the items with new assetids and records the trade', async () => {
    steam.addUser({ steamid: PARTNER });
    steam.setInventory(steam.bot.steamid, 753, '6', [gems(100)]);
    steam.setInventory(PARTNER, 753, '6', [tradingCard({ appid: 550, name: 'Smoker', index: 1 })]);
    const [botGems] = steam.getInventory(steam.bot.steamid, 753, '6');
    const [card] = steam.getInventory(PARTNER, 753, '6');
    const id = steam.addOffer({ partner: PARTNER, give: [botGems?.assetid ?? ''], receive: [card?.assetid ?? ''] });

    const listed = await webApi('GetTradeOffers', {
      get_received_offers: 1,
      get_descriptions: 1,
      active_only: 1,
      time_historical_cutoff: 2147483647,
    });
    const response = listed.json.response as Record<string, unknown>;
    expect(response.next_cursor).toBe(0);
    expect(response.trade_offers_received).toEqual([
      expect.objectContaining({
        tradeofferid: id,
        accountid_other: 39734273,
        trade_offer_state: 2,
        is_our_offer: false,
        items_to_give: [
          {
            appid: 753,
            contextid: '6',
            assetid: botGems?.assetid,
            classid: '667924416',
            instanceid: '667076610',
            amount: '100',
            missing: false,
          },
        ],
      }),
    ]);
    expect((response.descriptions as unknown[]).length).toBe(2);

    const accepted = await post(
      `/tradeoffer/${id}/accept`,
      { sessionid: steam.bot.sessionId, serverid: '1', tradeofferid: id, partner: PARTNER, captcha: '' },
      { referer: `${steam.communityUrl}/tradeoffer/${id}/` },
    );
    expect(accepted.status).toBe(200);
    const tradeid = (JSON.parse(accepted.text) as { tradeid: string }).tradeid;
    expect(tradeid).toMatch(/^\d{19}$/);
    const partnerItems = steam.getInventory(PARTNER, 753, '6');
    expect(partnerItems.map((i) => [i.classid, i.amount])).toEqual([['667924416', 100]]);
    expect(partnerItems[0]?.assetid).not.toBe(botGems?.assetid);
    expect(steam.getInventory(steam.bot.steamid, 753, '6').map((i) => i.classid)).toEqual([cardClassId(550, 1)]);
    expect(steam.getOffer(id)).toMatchObject({ state: 3, tradeid });

    const again = await post(
      `/tradeoffer/${id}/accept`,
      { sessionid: steam.bot.sessionId, serverid: '1', tradeofferid: id, partner: PARTNER, captcha: '' },
      { referer: `${steam.communityUrl}/tradeoffer/${id}/` },
    );
    expect([again.status, JSON.parse(again.text)]).toEqual([
      500,
      { strError: 'There was an error accepting this trade offer.  Please try again later. (28)' },
    ]);
    const history = await webApi('GetTradeHistory', { max_trades: 10, include_total: 1 });
    expect(history.json.response).toEqual({
      total_trades: 1,
      trades: [
        expect.objectContaining({
          tradeid,
          steamid_other: PARTNER,
          status: 3,
          assets_given: [expect.objectContaining({ assetid: botGems?.assetid, new_assetid: partnerItems[0]?.assetid })],
        }),
      ],
      more: false,
    });
  });

  it('refuses a send without the partner token, and a key instead of the access token gets the 2024 empty list', async () => {
    steam.addUser({ steamid: PARTNER, tradeToken: 'AbCd1234' });
    steam.setInventory(steam.bot.steamid, 753, '6', [gems(5)]);
    const [g] = steam.getInventory(steam.bot.steamid, 753, '6');
    const offer = JSON.stringify({
      newversion: true,
      version: 2,
      me: { assets: [{ appid: 753, contextid: '6', amount: 5, assetid: g?.assetid }], currency: [], ready: false },
      them: { assets: [], currency: [], ready: false },
    });
    const form = (token: string) => ({
      sessionid: steam.bot.sessionId,
      serverid: '1',
      partner: PARTNER,
      tradeoffermessage: 'hi',
      json_tradeoffer: offer,
      captcha: '',
      trade_offer_create_params: JSON.stringify({ trade_offer_access_token: token }),
    });
    const bad = await post('/tradeoffer/new/send', form('nope'));
    expect([bad.status, JSON.parse(bad.text)]).toEqual([
      500,
      { strError: 'There was an error sending your trade offer.  Please try again later. (15)' },
    ]);
    const noOrigin = await post('/tradeoffer/new/send', form('AbCd1234'), { origin: '' });
    expect(noOrigin.status).toBe(403);
    const good = await post('/tradeoffer/new/send', form('AbCd1234'));
    const { tradeofferid } = JSON.parse(good.text) as { tradeofferid: string };
    expect(steam.getOffer(tradeofferid)).toMatchObject({ state: 2, isOurOffer: true, message: 'hi' });

    const withKey = await getJson(
      `${steam.webApiUrl}/IEconService/GetTradeOffers/v1/?key=${steam.bot.apiKey}&get_sent_offers=1`,
    );
    expect(withKey.json).toEqual({ response: { next_cursor: 0 } });
    steam.expireSession();
    const expired = await webApi('GetTradeOffers', { get_sent_offers: 1 });
    expect([expired.status, expired.json]).toEqual([401, null]);
    expect(expired.text).toContain(
      'Access is denied. Retrying will not help. Please verify your <pre>key=</pre> parameter.',
    );
    expect((await post('/tradeoffer/new/send', form('AbCd1234'))).status).toBe(401);
  });
});

describe('mobile confirmations', () => {
  it('checks the confirmation key and time, then allowing completes the pending accept', async () => {
    steam.options.acceptNeedsConfirmation = true;
    steam.options.serverTimeOffsetSeconds = 120;
    steam.addUser({ steamid: PARTNER, personaName: 'Zoey' });
    steam.setInventory(PARTNER, 753, '6', [gems(7)]);
    const [g] = steam.getInventory(PARTNER, 753, '6');
    const id = steam.addOffer({ partner: PARTNER, receive: [g?.assetid ?? ''] });
    const accepted = await post(
      `/tradeoffer/${id}/accept`,
      { sessionid: steam.bot.sessionId, serverid: '1', tradeofferid: id, partner: PARTNER, captcha: '' },
      { referer: `${steam.communityUrl}/tradeoffer/${id}/` },
    );
    expect(JSON.parse(accepted.text)).toEqual({
      tradeid: null,
      needs_mobile_confirmation: true,
      needs_email_confirmation: false,
    });

    const time = await request(`${steam.webApiUrl}/ITwoFactorService/QueryTime/v1/`, { method: 'POST' });
    const serverTime = Number(((await time.body.json()) as { response: { server_time: string } }).response.server_time);
    expect(serverTime).toBe(Math.floor(clock / 1000) + 120);

    const list = (t: number, tag = 'list', key = confirmationKey(steam.bot.identitySecret, t, tag)) =>
      getJson(
        `${steam.communityUrl}/mobileconf/getlist?${new URLSearchParams({ p: 'android:x', a: steam.bot.steamid, k: key, t: String(t), m: 'react', tag })}`,
        { cookie: cookie() },
      );
    const localClock = await list(Math.floor(clock / 1000));
    expect(localClock.json).toMatchObject({ success: false, message: 'Invalid authenticator' });
    const wrongKey = await list(serverTime, 'list', confirmationKey(steam.bot.identitySecret, serverTime, 'conf'));
    expect(wrongKey.json.success).toBe(false);
    const good = await list(serverTime);
    expect(good.json.success).toBe(true);
    const [conf] = good.json.conf as Array<Record<string, unknown>>;
    expect(conf).toMatchObject({ type: 2, type_name: 'Trade Offer', creator_id: id, headline: 'Zoey' });

    const allow = await getJson(
      `${steam.communityUrl}/mobileconf/ajaxop?${new URLSearchParams({
        op: 'allow',
        cid: String(conf?.id),
        ck: String(conf?.nonce),
        p: 'android:x',
        a: steam.bot.steamid,
        k: confirmationKey(steam.bot.identitySecret, serverTime + 1, 'allow'),
        t: String(serverTime + 1),
        m: 'react',
        tag: 'allow',
      })}`,
      { cookie: cookie() },
    );
    expect(allow.json).toEqual({ success: true });
    expect(steam.getOffer(id).state).toBe(3);
    expect(steam.getInventory(steam.bot.steamid, 753, '6').map((i) => i.amount)).toEqual([7]);
    steam.expireSession();
    expect((await list(serverTime)).json).toEqual({ success: false, needauth: true });
  });
});

describe('SteamTradeBots', () => {
  const update = (body: unknown, key = steam.bot.tradeBotsApiKey) =>
    request(`${steam.tradeBotsUrl}/bot/update.php?api_key=${key}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then(async (r) => ({
      status: r.statusCode,
      headers: r.headers,
      json: (await r.body.json()) as Record<string, unknown>,
    }));

  it('validates fields, merges accepted ones, and rate-limits 10 per 5 minutes with Retry-After', async () => {
    expect((await update({ status: 'online' }, 'wrong')).status).toBe(403);
    const bad = await update({ buy_sets_hydra: '12', stock_sets: -1, colour: 'red' });
    expect(bad).toMatchObject({ status: 400, json: { success: false } });
    expect(Object.keys(bad.json.errors as object).sort()).toEqual(['buy_sets_hydra', 'colour', 'stock_sets']);
    const good = await update({
      status: 'busy',
      sell_sets_tf2: 9.5,
      stock_badges: { '730': 3 },
      rates_badges: { '13': '150/120' },
    });
    expect(good).toMatchObject({ status: 200, json: { success: true, message: 'Bot data updated successfully.' } });
    expect(steam.tradeBots.listing).toEqual({
      status: 'busy',
      sell_sets_tf2: 9.5,
      stock_badges: { '730': 3 },
      rates_badges: { '13': '150/120' },
    });
    for (let i = 0; i < 8; i += 1) expect((await update({ stock_gems: i })).status).toBe(200);
    clock += 60_000;
    const limited = await update({ stock_gems: 99 });
    expect(limited.status).toBe(429);
    expect(limited.headers['retry-after']).toBe('240');
    expect(limited.json).toEqual({
      success: false,
      message: 'Rate limit exceeded. Please try again later.',
      errors: { retry_after_seconds: 240 },
    });
    clock += 240_000;
    expect((await update({ stock_gems: 99 })).status).toBe(200);
    expect(steam.tradeBots.updates.map((u) => u.status)).toEqual([403, 400, 200, ...Array(8).fill(200), 429, 200]);
  });
});

describe('fault injection', () => {
  it('answers matching requests with the fault first, records them, then behaves normally', async () => {
    steam.addUser({ steamid: PARTNER });
    steam.inject({ host: 'community', path: /^\/inventory\//, status: 429, body: null, times: 2 });
    const url = `${steam.communityUrl}/inventory/${PARTNER}/753/6?l=english&count=100`;
    expect(await get(url)).toMatchObject({ status: 429, text: 'null' });
    expect(await get(url)).toMatchObject({ status: 429, text: 'null' });
    expect((await get(url)).status).toBe(200);
    expect(steam.count((r) => r.path === `/inventory/${PARTNER}/753/6` && r.faulted === true)).toBe(2);
    const seen = await steam.waitForRequest((r) => r.host === 'community' && r.status === 200, { includePast: true });
    expect(seen.query).toEqual({ l: 'english', count: '100' });
  });
});
