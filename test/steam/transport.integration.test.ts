// Transport hygiene against the stand-in (docs/steam.md#request-headers): every answer is read under a
// size cap, community requests look like a browser and mobileconf like the Steam mobile app —
// the stand-in's 2026 client-header filter answers 429 to anything else.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_BODY_BYTES } from '../../src/steam/request.js';
import { SteamBodyTooLargeError } from '../../src/steam/errors.js';
import { describeError } from '../../src/format/errors.js';
import { gems } from '../standins/steam/index.js';
import { rejection, requestsTo, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe('answer size cap', () => {
  it('a 150 MB inventory answer is refused while streaming, with a clear error; memory stays low', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.inject({
      host: 'community',
      path: `/inventory/${USERS.zoey}/753/6`,
      status: 200,
      streamBytes: 150 * 1024 * 1024,
    });
    const before = process.memoryUsage().rss;
    const error = await rejection(h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' }));
    expect(error).toBeInstanceOf(SteamBodyTooLargeError);
    expect(error.message).toBe(
      `Steam sent more than 32 MB for ${new URL(h.steam.communityUrl).host}/inventory/${USERS.zoey}/753/6; the answer was not read`,
    );
    expect(describeError(error)).toMatch(/^Steam sent an answer far larger than expected \(over 32 MB\)/);
    // Not the 150 MB: the read stopped at the cap, and Steam's side could hand over little more
    // than that before the reader let go (socket buffers hold a few MB). The resident size of a
    // test worker that runs many files moves by tens of MB with the GC, so it is only held to
    // less than the answer's size.
    const [answer] = requestsTo(h.steam, 'community', `/inventory/${USERS.zoey}/753/6`);
    expect(answer!.streamedBytes).toBeLessThan(48 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    // Not retried: a runaway answer is not a transient failure.
    expect(requestsTo(h.steam, 'community', `/inventory/${USERS.zoey}/753/6`)).toHaveLength(1);
  });

  it('a small gzip answer that decodes past the cap is refused while decoding (a zip bomb never reaches memory)', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    // 48 MB of JSON-looking filler compress to well under 1 MB; the cap counts decoded bytes.
    h.steam.options.contentEncoding = 'gzip';
    h.steam.inject({
      host: 'community',
      path: `/inventory/${USERS.zoey}/753/6`,
      status: 200,
      body: `{"assets":[${'0,'.repeat(24 * 1024 * 1024)}0]}`,
    });
    // Counted compressed, the answer would be read whole and fail as unreadable JSON instead.
    const error = await rejection(h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' }));
    expect(error).toBeInstanceOf(SteamBodyTooLargeError);
    const [answer] = h.steam.requests.filter((r) => r.path === `/inventory/${USERS.zoey}/753/6`);
    expect(answer!.status).toBe(200);
    expect(requestsTo(h.steam, 'community', `/inventory/${USERS.zoey}/753/6`)).toHaveLength(1);
  });

  it('a declared Content-Length over the cap is refused before the body is read', async () => {
    h.steam.inject({
      host: 'webapi',
      path: /GetTradeOffersSummary/i,
      status: 200,
      headers: { 'content-length': String(DEFAULT_MAX_BODY_BYTES + 1) },
      streamBytes: DEFAULT_MAX_BODY_BYTES + 1,
    });
    expect(await rejection(h.client.offers.getSummary())).toBeInstanceOf(SteamBodyTooLargeError);
  });
});

describe('client headers', () => {
  it('community GETs carry a browser header set, POSTs Origin and fetch metadata, mobileconf the app User-Agent', async () => {
    h.steam.options.acceptNeedsConfirmation = true;
    const theirGems = gems(10);
    h.steam.setInventory(USERS.zoey, 753, '6', [theirGems]);
    const offerId = h.steam.addOffer({ partner: USERS.zoey, receive: [theirGems.assetid!] });
    await h.client.inventories.contexts(USERS.zoey);
    await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });
    const offer = await h.client.offers.getOffer(offerId);
    await h.client.acceptOffer(offer!);

    const [page] = requestsTo(h.steam, 'community', `/profiles/${USERS.zoey}/inventory/`);
    const [inventory] = requestsTo(h.steam, 'community', `/inventory/${USERS.zoey}/753/6`);
    for (const get of [page!, inventory!]) {
      expect(get.headers).toMatchObject({
        accept: expect.stringMatching(/^text\/html,/),
        'accept-language': 'en-US,en;q=0.9',
        'accept-encoding': 'gzip, deflate, br',
        'sec-fetch-dest': 'document',
        'sec-fetch-mode': 'navigate',
        'sec-fetch-site': 'none',
        'user-agent': expect.stringMatching(/^Mozilla\/5\.0 /),
      });
    }
    const [accept] = requestsTo(h.steam, 'community', `/tradeoffer/${offerId}/accept`);
    expect(accept!.headers).toMatchObject({
      origin: new URL(h.steam.communityUrl).origin,
      'sec-fetch-mode': 'cors',
      'sec-fetch-site': 'same-origin',
      'user-agent': expect.stringMatching(/^Mozilla\/5\.0 /),
    });
    const mobileconf = requestsTo(h.steam, 'community', /^\/mobileconf\//);
    expect(mobileconf.map((r) => r.path)).toEqual(['/mobileconf/getlist', '/mobileconf/ajaxop']);
    for (const r of mobileconf) {
      expect(r.headers['user-agent']).toBe('okhttp/4.9.2');
      expect(r.headers['sec-fetch-mode']).toBeUndefined();
    }
    expect(h.steam.requests.filter((r) => r.filteredBecause)).toEqual([]);
    expect(h.steam.getOffer(offerId).state).toBe(3);
  });
});
