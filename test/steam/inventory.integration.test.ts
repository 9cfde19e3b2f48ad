// InventoryService.load and aggregateInventory against the Steam stand-in's community
// inventory endpoint (docs/steam.md#inventories): paging, the page-size cap, descriptions joined
// across pages, currency entries, progress, the spacing of the inventory lane, private,
// hidden and unknown inventories.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PrivateInventoryError, SessionExpiredError, SteamShapeError } from '../../src/steam/errors.js';
import { aggregateInventory } from '../../src/steam/inventoryGroups.js';
import type { InventoryProgress } from '../../src/steam/types.js';
import { BROWSER_GET_HEADERS, gems, nextAssetId, tradingCard, type StandInItem } from '../standins/steam/index.js';
import { rejection, requestsTo, START_MS, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

const inventoryPath = (steamid: string, appid = 753, contextid = '6') => `/inventory/${steamid}/${appid}/${contextid}`;

/** `count` copies of an item (same class, fresh assetids). */
function copies(template: StandInItem, count: number): StandInItem[] {
  return Array.from({ length: count }, () => ({ ...template, assetid: nextAssetId() }));
}

describe('paging', () => {
  it('follows more_items/last_assetid over three pages and joins assets to descriptions sent only once', async () => {
    // Oldest first: the gems stack (its class first appears on the last page), then 4,499 cards of
    // three classes whose descriptions all come with the first page.
    const gemStack = gems(1234);
    const smoker = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
    const boomer = tradingCard({ appid: 550, name: 'Boomer', index: 2 });
    const hunter = tradingCard({ appid: 550, name: 'Hunter', index: 3 });
    const cards = Array.from({ length: 4499 }, (_, k) => ({
      ...([smoker, boomer, hunter][k % 3] as StandInItem),
      assetid: nextAssetId(),
    }));
    h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey' });
    h.steam.setInventory(USERS.zoey, 753, '6', [gemStack, ...cards]);

    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });

    const pages = requestsTo(h.steam, 'community', inventoryPath(USERS.zoey));
    expect(pages.map((r) => r.query)).toEqual([
      { l: 'english', count: '2000' },
      { l: 'english', count: '2000', start_assetid: (cards[4499 - 2000] as StandInItem).assetid },
      { l: 'english', count: '2000', start_assetid: (cards[4499 - 4000] as StandInItem).assetid },
    ]);
    expect(pages.map((r) => r.status)).toEqual([200, 200, 200]);
    // The stand-in really sends descriptions only with the page where their class first appears.
    const page2 = (await (
      await fetch(
        `${h.steam.communityUrl}${inventoryPath(USERS.zoey)}?count=2000&start_assetid=${pages[1]!.query.start_assetid}`,
        { headers: BROWSER_GET_HEADERS },
      )
    ).json()) as { assets: unknown[]; descriptions: unknown[] };
    expect(page2.assets).toHaveLength(2000);
    expect(page2.descriptions).toEqual([]);

    expect(inventory.totalInventoryCount).toBe(4500);
    expect(inventory.hiddenItems).toBe(false);
    expect(inventory.items).toHaveLength(4500);
    expect(new Set(inventory.items.map((i) => i.assetid)).size).toBe(4500);
    // Newest first, as Steam lists it.
    expect(inventory.items[0]!.assetid).toBe(cards[4498]!.assetid);
    expect(inventory.items[4499]).toEqual({
      appid: 753,
      contextid: '6',
      assetid: gemStack.assetid,
      classid: '667924416',
      instanceid: '667076610',
      amount: 1234,
      isCurrency: false,
      description: expect.objectContaining({ name: 'Gems', marketHashName: '753-Gems', tradable: true }) as unknown,
    });
    const lastPageCard = inventory.items[4498]!;
    expect(lastPageCard.assetid).toBe(cards[0]!.assetid);
    expect(lastPageCard.description?.marketHashName).toBe('550-Smoker');
    expect(inventory.items.filter((i) => i.description === null)).toEqual([]);

    const groups = aggregateInventory(inventory.items);
    expect(groups.map((g) => [g.marketHashName, g.quantity])).toEqual([
      ['550-Boomer', 1500],
      ['550-Smoker', 1500],
      ['550-Hunter', 1499],
      ['753-Gems', 1234],
    ]);
  });

  it('reports progress after every page, before asking for the next one', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', copies(tradingCard({ appid: 550, name: 'Smoker', index: 1 }), 4100));
    const seen: Array<InventoryProgress & { requestsSoFar: number }> = [];

    await h.client.inventories.load({
      steamid: USERS.zoey,
      appid: 753,
      contextid: '6',
      onProgress: async (progress) => {
        await Promise.resolve();
        seen.push({ ...progress, requestsSoFar: requestsTo(h.steam, 'community', inventoryPath(USERS.zoey)).length });
      },
    });

    expect(seen).toEqual([
      { pagesLoaded: 1, itemsLoaded: 2000, totalItems: 4100, totalPages: 3, requestsSoFar: 1 },
      { pagesLoaded: 2, itemsLoaded: 4000, totalItems: 4100, totalPages: 3, requestsSoFar: 2 },
      { pagesLoaded: 3, itemsLoaded: 4100, totalItems: 4100, totalPages: 3, requestsSoFar: 3 },
    ]);
  });

  it('halves the page size when Steam answers 400 to the count, and keeps the size that worked', async () => {
    h.steam.options.inventoryPageCap = 500;
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', copies(tradingCard({ appid: 550, name: 'Smoker', index: 1 }), 1200));
    const progress: InventoryProgress[] = [];

    const inventory = await h.client.inventories.load({
      steamid: USERS.zoey,
      appid: 753,
      contextid: '6',
      onProgress: (p) => void progress.push(p),
    });

    const first = requestsTo(h.steam, 'community', inventoryPath(USERS.zoey));
    expect(first.map((r) => [r.query.count, r.query.start_assetid, r.status])).toEqual([
      ['2000', undefined, 400],
      ['1000', undefined, 400],
      ['500', undefined, 200],
      ['500', inventory.items[499]!.assetid, 200],
      ['500', inventory.items[999]!.assetid, 200],
    ]);
    expect(inventory.items).toHaveLength(1200);
    expect(progress.map((p) => [p.pagesLoaded, p.totalPages])).toEqual([
      [1, 3],
      [2, 3],
      [3, 3],
    ]);

    // A later load (another user) starts at the size Steam accepted.
    h.steam.addUser({ steamid: USERS.bill });
    h.steam.setInventory(USERS.bill, 753, '6', [gems(10)]);
    await h.client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' });
    expect(requestsTo(h.steam, 'community', inventoryPath(USERS.bill)).map((r) => r.query.count)).toEqual(['500']);
  });
});

describe('what an inventory holds', () => {
  it('groups by market_hash_name with quantities, tradable and marketable marks, and filters by search', async () => {
    const smoker = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
    const smokerFoil = tradingCard({ appid: 550, name: 'Smoker', index: 1, foil: true });
    const background = tradingCard({ appid: 999, name: 'City 17', index: 1 });
    background.description = {
      ...background.description,
      name: 'City 17',
      market_hash_name: '999-City 17',
      type: 'Half-Life 2 Profile Background',
      tradable: 0,
      marketable: 0,
    };
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', [...copies(smoker, 3), smokerFoil, gems(500), gems(250), background]);

    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });
    const groups = aggregateInventory(inventory.items);

    expect(groups).toEqual([
      {
        marketHashName: '753-Gems',
        name: 'Gems',
        type: 'Steam Gems',
        quantity: 750,
        tradableQuantity: 750,
        marketable: false,
        tradable: true,
        isCurrency: false,
        fraudWarnings: [],
      },
      {
        marketHashName: '550-Smoker',
        name: 'Smoker',
        type: 'Game 550 Trading Card',
        quantity: 3,
        tradableQuantity: 3,
        marketable: true,
        tradable: true,
        isCurrency: false,
        fraudWarnings: [],
      },
      {
        marketHashName: '999-City 17',
        name: 'City 17',
        type: 'Half-Life 2 Profile Background',
        quantity: 1,
        tradableQuantity: 0,
        marketable: false,
        tradable: false,
        isCurrency: false,
        fraudWarnings: [],
      },
      {
        marketHashName: '550-Smoker (Foil)',
        name: 'Smoker (Foil)',
        type: 'Game 550 Foil Trading Card',
        quantity: 1,
        tradableQuantity: 1,
        marketable: true,
        tradable: true,
        isCurrency: false,
        fraudWarnings: [],
      },
    ]);

    expect(aggregateInventory(inventory.items, 'SMOKER').map((g) => g.marketHashName)).toEqual([
      '550-Smoker',
      '550-Smoker (Foil)',
    ]);
    expect(aggregateInventory(inventory.items, 'foil').map((g) => g.marketHashName)).toEqual(['550-Smoker (Foil)']);
    expect(aggregateInventory(inventory.items, 'background').map((g) => g.marketHashName)).toEqual(['999-City 17']);
    expect(aggregateInventory(inventory.items, 'no such thing')).toEqual([]);
  });

  it('reads currency entries (currencyid instead of assetid) as stackable currency', async () => {
    const coin = gems(1);
    const currency: StandInItem = {
      assetid: '2',
      classid: '2040',
      instanceid: '0',
      amount: 300,
      currency: true,
      description: {
        ...coin.description,
        classid: '2040',
        instanceid: '0',
        name: 'Arcade Token',
        market_hash_name: '440-Arcade Token',
        type: 'Currency',
        currency: 1,
        tradable: 1,
        marketable: 0,
      },
    };
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 440, '2', [currency]);

    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 440, contextid: '2' });

    expect(inventory.items).toEqual([
      {
        appid: 440,
        contextid: '2',
        assetid: '2',
        classid: '2040',
        instanceid: '0',
        amount: 300,
        isCurrency: true,
        description: expect.objectContaining({ name: 'Arcade Token', marketHashName: '440-Arcade Token' }) as unknown,
      },
    ]);
    expect(aggregateInventory(inventory.items)).toEqual([
      expect.objectContaining({ marketHashName: '440-Arcade Token', quantity: 300, isCurrency: true, tradable: true }),
    ]);
  });

  it('an empty inventory is empty, not hidden', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 730, contextid: '2' });
    expect(inventory).toEqual({
      steamid: USERS.zoey,
      appid: 730,
      contextid: '2',
      items: [],
      totalInventoryCount: 0,
      hiddenItems: false,
    });
  });

  it('CS2 items hidden from other viewers: success, no assets, a positive total → hiddenItems', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 730, '2', copies(gems(1), 7), { hidden: true });
    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 730, contextid: '2' });
    expect(inventory.items).toEqual([]);
    expect(inventory.totalInventoryCount).toBe(7);
    expect(inventory.hiddenItems).toBe(true);
  });
});

describe('validation: each description once, each asset by plain checks', () => {
  const asset = (assetid: string, classid: string) => ({
    appid: 753,
    contextid: '6',
    assetid,
    classid,
    instanceid: '0',
    amount: '1',
  });
  const description = (classid: string, name: string) => ({
    appid: 753,
    classid,
    instanceid: '0',
    name,
    market_hash_name: `550-${name}`,
    type: 'Left 4 Dead 2 Trading Card',
    tradable: 1,
    marketable: 1,
    icon_url: 'abc',
    tags: [{ category: 'item_class', internal_name: 'item_class_2', localized_tag_name: 'Trading Card' }],
  });

  it('reads a class described again on a later page (as Steam repeats it) from its first copy only; items share it', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    const path = inventoryPath(USERS.zoey);
    h.steam.inject({
      host: 'community',
      path,
      status: 200,
      body: {
        assets: [asset('30', '1'), asset('29', '2')],
        descriptions: [description('1', 'Smoker'), description('2', 'Boomer')],
        more_items: 1,
        last_assetid: '29',
        total_inventory_count: 4,
        success: 1,
      },
    });
    h.steam.inject({
      host: 'community',
      path,
      status: 200,
      body: {
        assets: [asset('28', '1'), asset('27', '1')],
        // The repeated copy is not read again: even one Steam garbled would not fail the page.
        descriptions: [{ ...description('1', 'Smoker'), tradable: [1] }],
        total_inventory_count: 4,
        success: 1,
      },
    });

    const inventory = await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });

    expect(inventory.items.map((i) => [i.assetid, i.description?.name, i.description?.tradable])).toEqual([
      ['30', 'Smoker', true],
      ['29', 'Boomer', true],
      ['28', 'Smoker', true],
      ['27', 'Smoker', true],
    ]);
    const [first, , third, fourth] = inventory.items;
    expect(third!.description).toBe(first!.description);
    expect(fourth!.description).toBe(first!.description);
    // Only what something reads is kept (no icon, no market_name, no localized category names).
    expect(first!.description).toEqual({
      appid: 753,
      classid: '1',
      instanceid: '0',
      name: 'Smoker',
      marketHashName: '550-Smoker',
      type: 'Left 4 Dead 2 Trading Card',
      tradable: true,
      marketable: true,
      tags: [{ category: 'item_class', internalName: 'item_class_2', name: 'Trading Card' }],
      marketFeeApp: null,
      sealed: false,
      fraudWarnings: [],
    });
    expect(aggregateInventory(inventory.items).map((g) => [g.marketHashName, g.quantity])).toEqual([
      ['550-Smoker', 3],
      ['550-Boomer', 1],
    ]);
  });

  it('a malformed asset or a malformed new description fails the load, naming where', async () => {
    h.steam.addUser({ steamid: USERS.zoey });
    const path = inventoryPath(USERS.zoey);
    const page = (over: object) => ({
      assets: [asset('30', '1'), asset('29', '1')],
      descriptions: [description('1', 'Smoker')],
      total_inventory_count: 2,
      success: 1,
      ...over,
    });
    const cases: Array<[object, string]> = [
      [
        { assets: [asset('30', '1'), { ...asset('29', '1'), classid: 'one' }] },
        'assets[1]: classid: expected a numeric id',
      ],
      [
        { assets: [asset('30', '1'), { ...asset('29', '1'), assetid: undefined }] },
        'assets[1]: expected an assetid or a currencyid',
      ],
      [{ assets: [asset('30', '1'), { ...asset('29', '1'), amount: 'lots' }] }, 'assets[1]: amount: expected a number'],
      [{ assets: ['30'] }, 'assets[0]: expected an object'],
      [
        { descriptions: [{ ...description('1', 'Smoker'), tradable: [1] }] },
        'descriptions[0]: tradable: expected 0/1 or a boolean',
      ],
      [
        { descriptions: [{ ...description('1', 'Smoker'), classid: null }] },
        'descriptions[0]: classid: expected a numeric id',
      ],
    ];
    for (const [over, problem] of cases) {
      h.steam.inject({ host: 'community', path, status: 200, body: page(over) });
      const error = await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' }).then(
        () => problem,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(SteamShapeError);
      expect((error as SteamShapeError).describeIssues()).toBe(problem);
    }
  });
});

describe('who may see it', () => {
  it("sends the bot's cookies for its own inventory and none for anyone else's", async () => {
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(5)]);
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', [gems(6)]);

    const own = await h.client.inventories.load({ steamid: h.steam.bot.steamid, appid: 753, contextid: '6' });
    const theirs = await h.client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });

    expect(own.items.map((i) => i.amount)).toEqual([5]);
    expect(theirs.items.map((i) => i.amount)).toEqual([6]);
    const [ownRequest] = requestsTo(h.steam, 'community', inventoryPath(h.steam.bot.steamid));
    const [theirRequest] = requestsTo(h.steam, 'community', inventoryPath(USERS.zoey));
    expect(ownRequest!.headers.cookie).toBe(`${h.steam.bot.cookies}; sessionid=${h.steam.bot.sessionId}`);
    expect(theirRequest!.headers.cookie).toBeUndefined();
    // node-steamcommunity's Referer (docs/steam.md#inventories).
    expect(theirRequest!.headers.referer).toBe(`${h.steam.communityUrl}/profiles/${USERS.zoey}/inventory`);
  });

  it('a private inventory, a private profile and an unknown user are PrivateInventoryError (Steam answers 403 null to all)', async () => {
    h.steam.addUser({ steamid: USERS.zoey, inventoryPrivate: true });
    h.steam.addUser({ steamid: USERS.bill, profilePrivate: true });

    for (const steamid of [USERS.zoey, USERS.bill, USERS.ghost]) {
      const error = await rejection(h.client.inventories.load({ steamid, appid: 753, contextid: '6' }));
      expect(error).toBeInstanceOf(PrivateInventoryError);
      expect(error).toMatchObject({
        steamid,
        what: 'inventory',
        endpoint: `${new URL(h.steam.communityUrl).host}${inventoryPath(steamid)}`,
      });
      expect(error.message).toBe(`The inventory of ${steamid} is private`);
    }
    // 403 is final: one request each, no retries, and the session is not blamed.
    expect(h.steam.requests.map((r) => r.status)).toEqual([403, 403, 403]);
    expect(h.sessionEvents).toEqual([]);
  });

  it('a 403 on its own inventory means the cookies died, not privacy', async () => {
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(5)]);
    h.steam.expireSession();
    const error = await rejection(
      h.client.inventories.load({ steamid: h.steam.bot.steamid, appid: 753, contextid: '6' }),
    );
    expect(error).toBeInstanceOf(SessionExpiredError);
    expect(error).toMatchObject({ detail: 'HTTP 403' });
  });
});

describe('spacing of the inventory lane', () => {
  it('spaces the starts of inventory requests by STEAM_INVENTORY_DELAY_MS, across parallel loads too', async () => {
    const client = h.makeClient({ inventoryDelayMs: 4000 });
    h.steam.options.inventoryPageCap = 1000;
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.addUser({ steamid: USERS.bill });
    h.steam.setInventory(USERS.zoey, 753, '6', copies(gems(1), 2500));
    h.steam.setInventory(USERS.bill, 753, '6', copies(gems(2), 1500));

    const [zoey, bill] = await Promise.all([
      client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' }),
      client.inventories.load({ steamid: USERS.bill, appid: 753, contextid: '6' }),
    ]);
    expect(zoey.items).toHaveLength(2500);
    expect(bill.items).toHaveLength(1500);

    const lane = requestsTo(h.steam, 'community', /^\/inventory\//);
    // Both loads try 2000 (400) and halve it once between them: 1000 is kept, not halved again
    // to 500 by the second 400. Then 3 pages for Zoey and 2 for Bill.
    const shape = (steamid: string) =>
      lane.filter((r) => r.path.includes(steamid)).map((r) => [r.query.count, r.status]);
    expect(shape(USERS.zoey)).toEqual([
      ['2000', 400],
      ['1000', 200],
      ['1000', 200],
      ['1000', 200],
    ]);
    expect(shape(USERS.bill)).toEqual([
      ['2000', 400],
      ['1000', 200],
      ['1000', 200],
    ]);
    // The clock moves only when the client sleeps: every request after the first waited the
    // full spacing since the previous start, and nothing else waited.
    expect(h.clock.sleeps).toEqual(Array<number>(lane.length - 1).fill(4000));
    // So the k-th request cannot have reached Steam before k × 4 s.
    const arrivals = lane.map((r) => r.at - START_MS).sort((a, b) => a - b);
    arrivals.forEach((at, k) => expect(at).toBeGreaterThanOrEqual(k * 4000));
  });

  it('a single load pages one request at a time, each after the previous answer', async () => {
    const client = h.makeClient({ inventoryDelayMs: 4000 });
    h.steam.addUser({ steamid: USERS.zoey });
    h.steam.setInventory(USERS.zoey, 753, '6', copies(gems(1), 4500));

    await client.inventories.load({ steamid: USERS.zoey, appid: 753, contextid: '6' });

    const lane = requestsTo(h.steam, 'community', inventoryPath(USERS.zoey));
    expect(lane.map((r) => r.at - START_MS)).toEqual([0, 4000, 8000]);
    expect(h.clock.sleeps).toEqual([4000, 4000]);
  });
});
