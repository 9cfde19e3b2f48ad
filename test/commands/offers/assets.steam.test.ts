// OfferAssetCache + locateAssets against the Steam stand-in: which requests reach Steam, in which
// order, and that a minute's cache spares the second lookup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfferAssetCache, locateAssets } from '../../../src/commands/offers/assets.js';
import { PrivateInventoryError } from '../../../src/steam/errors.js';
import { gems, tf2Key, tradingCard } from '../../standins/steam/index.js';
import { startHarness, USERS, type Harness } from '../../steam/harness.js';

const PARTNER = USERS.zoey;
const PRIVATE = USERS.bill;

let h: Harness;
const card = tradingCard({ appid: 220, name: 'Gordon', index: 1, assetid: '1001' });
const someGems = gems(50, '1002');
const key = tf2Key('2001');

beforeAll(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: PARTNER, personaName: 'Zoey' });
  h.steam.addUser({ steamid: PRIVATE, personaName: 'Bill', inventoryPrivate: true });
  h.steam.setInventory(PARTNER, 753, '6', [card, someGems]);
  h.steam.setInventory(PARTNER, 440, '2', [key]);
});

afterAll(async () => {
  await h?.close();
});

/** The community requests made from here on, as "GET /path". */
function recorder(): () => string[] {
  const seen = h.steam.requests.length;
  return () =>
    h.steam.requests
      .slice(seen)
      .filter((r) => r.host === 'community')
      .map((r) => `${r.method} ${r.path}`);
}

describe('locateAssets through the Steam client', () => {
  it('reads the contexts, loads only what it needs, and reuses the contexts a minute, the inventories through the shared cache', async () => {
    let now = 0;
    const cache = new OfferAssetCache(h.client, () => now);

    let requests = recorder();
    const first = await locateAssets(cache, PARTNER, ['1002'], async () => undefined);
    expect([...first.found.values()].map((i) => [i.appid, i.contextid, i.assetid, i.description?.name])).toEqual([
      [753, '6', '1002', 'Gems'],
    ]);
    expect(requests()).toEqual([`GET /profiles/${PARTNER}/inventory/`, `GET /inventory/${PARTNER}/753/6`]);

    requests = recorder();
    const second = await locateAssets(cache, PARTNER, ['2001', '1001', '5'], async () => undefined);
    expect([...second.found.keys()]).toEqual(['2001', '1001']);
    expect(second.missing).toEqual(['5']);
    expect(second.searched.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '440/2']);
    // The contexts and 753/6 came from the cache.
    expect(requests()).toEqual([`GET /inventory/${PARTNER}/440/2`]);

    // A minute on, the contexts list is read again; the inventory comes from the Steam layer's
    // one inventory cache, which keeps another user's inventory five minutes.
    now += 60_000;
    requests = recorder();
    await locateAssets(cache, PARTNER, ['1001'], async () => undefined);
    expect(requests()).toEqual([`GET /profiles/${PARTNER}/inventory/`]);
    expect(h.client.inventoryCache.peek({ steamid: PARTNER, appid: 753, contextid: '6' })).not.toBeNull();
  });

  it('reports a private profile as such, and does not keep the failure', async () => {
    const cache = new OfferAssetCache(h.client);
    await expect(locateAssets(cache, PRIVATE, ['1'], async () => undefined)).rejects.toBeInstanceOf(
      PrivateInventoryError,
    );
    const requests = recorder();
    await expect(locateAssets(cache, PRIVATE, ['1'], async () => undefined)).rejects.toBeInstanceOf(
      PrivateInventoryError,
    );
    expect(requests()).toEqual([`GET /profiles/${PRIVATE}/inventory/`]);
  });
});
