// InventoryService.contexts against the stand-in's profile inventory page (docs/steam.md#inventory-contexts):
// g_rgAppContextData with app and context names and counts, Steam's [] for nothing,
// private profiles and inventories, unknown profiles, and the bot's own page with cookies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  PrivateInventoryError,
  SessionExpiredError,
  SteamShapeError,
  UnknownUserError,
} from '../../src/steam/errors.js';
import { BROWSER_GET_HEADERS, cs2Skin, gems, tf2Key, tradingCard } from '../standins/steam/index.js';
import { rejection, requestsTo, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const profilePage = (steamid: string) => `/profiles/${steamid}/inventory/`;

describe('contexts', () => {
  it('lists every app and context with names, item counts and trade permissions, sorted by app', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', [
      gems(100),
      tradingCard({ appid: 550, name: 'Smoker', index: 1 }),
      tradingCard({ appid: 550, name: 'Boomer', index: 2 }),
    ]);
    h.steam.setInventory(USERS.zoey, 440, '2', [tf2Key(), tf2Key()]);
    h.steam.setInventory(USERS.zoey, 730, '2', [cs2Skin('AK-47 | Redline (Field-Tested)')]);
    h.steam.setInventory(USERS.zoey, 730, '16', [cs2Skin('AWP | Asiimov (Field-Tested)')]);
    // An empty context is not listed (Steam leaves it out of g_rgAppContextData).
    h.steam.setInventory(USERS.zoey, 570, '2', []);

    const contexts = await h.client.inventories.contexts(USERS.zoey);

    expect(contexts).toEqual([
      {
        appid: 440,
        appName: 'Team Fortress 2',
        contextid: '2',
        contextName: 'Backpack',
        assetCount: 2,
        tradePermissions: 'FULL',
      },
      {
        appid: 730,
        appName: 'Counter-Strike 2',
        contextid: '2',
        contextName: 'Backpack',
        assetCount: 1,
        tradePermissions: 'FULL',
      },
      {
        appid: 730,
        appName: 'Counter-Strike 2',
        contextid: '16',
        contextName: 'Trade Protected',
        assetCount: 1,
        tradePermissions: 'FULL',
      },
      {
        appid: 753,
        appName: 'Steam',
        contextid: '6',
        contextName: 'Community',
        assetCount: 3,
        tradePermissions: 'FULL',
      },
    ]);
    const [request] = requestsTo(h.steam, 'community', profilePage(USERS.zoey));
    expect(request!.query).toEqual({ l: 'english' });
    expect(request!.headers.cookie).toBeUndefined();
  });

  it('an inventory with nothing in it (Steam writes [] instead of {}) has no contexts', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    const page = await (
      await fetch(`${h.steam.communityUrl}${profilePage(USERS.zoey)}`, { headers: BROWSER_GET_HEADERS })
    ).text();
    expect(page).toContain('var g_rgAppContextData = [];');

    expect(await h.client.inventories.contexts(USERS.zoey)).toEqual([]);
  });

  it("reads the bot's own page with its cookies, hidden contexts included", async () => {
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(5)]);
    h.steam.setInventory(h.steam.bot.steamid, 730, '2', [cs2Skin('AK-47 | Redline (Field-Tested)')], {
      hidden: true,
    });

    const contexts = await h.client.inventories.contexts(h.steam.bot.steamid);

    expect(contexts.map((c) => `${c.appid}/${c.contextid}:${c.assetCount}`)).toEqual(['730/2:1', '753/6:1']);
    const [request] = requestsTo(h.steam, 'community', profilePage(h.steam.bot.steamid));
    expect(request!.headers.cookie).toContain(`${h.steam.bot.cookies}`);
  });

  it('a private profile and a private inventory are PrivateInventoryError saying which', async () => {
    h.steam.addUser({ steamid: USERS.zoey, profilePrivate: true });
    h.steam.addUser({ steamid: USERS.bill, inventoryPrivate: true });
    h.steam.setInventory(USERS.bill, 753, '6', [gems(1)]);

    const profile = await rejection(h.client.inventories.contexts(USERS.zoey));
    expect(profile).toBeInstanceOf(PrivateInventoryError);
    expect(profile).toMatchObject({ steamid: USERS.zoey, what: 'profile' });
    expect(profile.message).toBe(`The profile of ${USERS.zoey} is private`);

    const inventory = await rejection(h.client.inventories.contexts(USERS.bill));
    expect(inventory).toBeInstanceOf(PrivateInventoryError);
    expect(inventory).toMatchObject({ steamid: USERS.bill, what: 'inventory' });
  });

  it('an unknown profile (200 with "The specified profile could not be found.") is UnknownUserError', async () => {
    const error = await rejection(h.client.inventories.contexts(USERS.ghost));
    expect(error).toBeInstanceOf(UnknownUserError);
    expect(error).toMatchObject({
      input: USERS.ghost,
      endpoint: `${new URL(h.steam.communityUrl).host}${profilePage(USERS.ghost)}`,
    });
    expect(requestsTo(h.steam, 'community', profilePage(USERS.ghost)).map((r) => r.status)).toEqual([200]);
  });

  it('a page without g_rgAppContextData is SteamShapeError naming the endpoint', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.inject({
      host: 'community',
      path: profilePage(USERS.zoey),
      status: 200,
      body: '<html><body><div id="inventories"></div></body></html>',
    });
    const error = await rejection(h.client.inventories.contexts(USERS.zoey));
    expect(error).toBeInstanceOf(SteamShapeError);
    expect(error.message).toBe(
      `Steam answered ${new URL(h.steam.communityUrl).host}${profilePage(USERS.zoey)} with an unexpected response shape`,
    );
    expect((error as SteamShapeError).describeIssues()).toBe('no g_rgAppContextData on the inventory page');
  });

  it("the bot's own page with dead cookies redirects to the sign-in page: SessionExpiredError", async () => {
    h.steam.expireSession();
    const error = await rejection(h.client.inventories.contexts(h.steam.bot.steamid));
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ detail: 'redirect to login' });
    const [request] = requestsTo(h.steam, 'community', profilePage(h.steam.bot.steamid));
    expect(request!.status).toBe(302);
  });
});
