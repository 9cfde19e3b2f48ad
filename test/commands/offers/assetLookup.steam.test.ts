// loadCandidates through the Steam client's one inventory cache, against the Steam stand-in:
// which requests reach Steam, in which order, and that the cache spares the second lookup.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCandidates } from '../../../src/commands/offers/assetLookup.js';
import type { AssetSpec } from '../../../src/commands/offers/assetSpec.js';
import { InventoryCache } from '../../../src/steam/inventoryCache.js';
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

const bare = (...ids: string[]): AssetSpec[] =>
  ids.map((assetid) => ({ text: assetid, appid: null, contextid: null, assetid, amount: null }));
const noProgress = async () => undefined;

/** The community requests made from here on, as "GET /path". */
function recorder(): () => string[] {
  const seen = h.steam.requests.length;
  return () =>
    h.steam.requests
      .slice(seen)
      .filter((r) => r.host === 'community')
      .map((r) => `${r.method} ${r.path}`);
}

describe('loadCandidates through the Steam client', () => {
  it('reads the contexts once, then only the named context; a minute on, only the contexts list again', async () => {
    let now = 0;
    const cache = new InventoryCache(h.client.inventories, { ownSteamId: h.client.steamid, now: () => now });

    let requests = recorder();
    const named: AssetSpec[] = [{ text: '753/6/1002', appid: 753, contextid: '6', assetid: '1002', amount: null }];
    const first = await loadCandidates(cache, PARTNER, named, noProgress);
    expect(first.items.map((i) => [i.appid, i.contextid, i.assetid, i.description?.name]).sort()).toEqual([
      [753, '6', '1001', 'Gordon'],
      [753, '6', '1002', 'Gems'],
    ]);
    expect(requests()).toEqual([`GET /profiles/${PARTNER}/inventory/`, `GET /inventory/${PARTNER}/753/6`]);

    // A bare id: every context with items; the contexts list and 753/6 come from the cache.
    requests = recorder();
    const second = await loadCandidates(cache, PARTNER, bare('2001', '5'), noProgress);
    expect(second.searched.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '440/2']);
    expect(second.items.map((i) => i.assetid)).toContain('2001');
    expect(requests()).toEqual([`GET /inventory/${PARTNER}/440/2`]);

    // A minute on, the contexts list is read again (its counts move with trades); the
    // inventories are kept five minutes.
    now += 60_000;
    requests = recorder();
    await loadCandidates(cache, PARTNER, bare('1001'), noProgress);
    expect(requests()).toEqual([`GET /profiles/${PARTNER}/inventory/`]);
  });

  it('reports a private profile as such, and does not keep the failure', async () => {
    const cache = h.client.inventoryCache;
    await expect(loadCandidates(cache, PRIVATE, bare('1'), noProgress)).rejects.toBeInstanceOf(PrivateInventoryError);
    const requests = recorder();
    await expect(loadCandidates(cache, PRIVATE, bare('1'), noProgress)).rejects.toBeInstanceOf(PrivateInventoryError);
    expect(requests()).toEqual([`GET /profiles/${PRIVATE}/inventory/`]);
  });
});
