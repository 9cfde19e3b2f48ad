import { describe, expect, it } from 'vitest';
import { loadCandidates, searchOrder, type LocateProgress } from '../../../src/commands/offers/assetLookup.js';
import type { AssetSpec } from '../../../src/commands/offers/assetSpec.js';
import { TtlCache } from '../../../src/commands/offers/cache.js';
import type { CachedInventory, InventoryGetOptions, InventoryKey } from '../../../src/steam/inventoryCache.js';
import type { EconItem, Inventory, InventoryContext } from '../../../src/steam/types.js';
import { econItem } from '../../format/fixtures.js';

function context(appid: number, contextid: string, assetCount: number): InventoryContext {
  return { appid, appName: `App ${appid}`, contextid, contextName: 'c', assetCount, tradePermissions: 'FULL' };
}

describe('searchOrder', () => {
  it('skips empty contexts, puts the usual trading contexts first and the rest smallest first', () => {
    const order = searchOrder([
      context(999, '1', 50),
      context(440, '2', 900),
      context(730, '16', 3),
      context(753, '6', 5000),
      context(753, '1', 0),
      context(730, '2', 10),
    ]);
    expect(order.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '730/2', '440/2', '730/16', '999/1']);
  });
});

function source(inventories: Record<string, EconItem[]>) {
  const loaded: string[] = [];
  return {
    loaded,
    contexts: async () =>
      Object.entries(inventories).map(([key, items]) => {
        const [appid, contextid] = key.split('/');
        return context(Number(appid), contextid!, items.length);
      }),
    get: async (key: InventoryKey, options: InventoryGetOptions = {}): Promise<CachedInventory> => {
      const k = `${key.appid}/${key.contextid}`;
      loaded.push(k);
      const items = inventories[k]!;
      await options.onProgress?.({
        pagesLoaded: 1,
        itemsLoaded: items.length,
        totalPages: 1,
        totalItems: items.length,
      });
      const inventory: Inventory = { ...key, items, totalInventoryCount: items.length, hiddenItems: false };
      return { inventory, loadedAt: 0, fromCache: false };
    },
  };
}

const bare = (assetid: string): AssetSpec => ({ text: assetid, appid: null, contextid: null, assetid, amount: null });

describe('loadCandidates', () => {
  it('loads only the named contexts when every entry names one, and tells its progress', async () => {
    const steam = source({
      '999/1': [econItem('77', 'Far away', { appid: 999, contextid: '1' })],
      '440/2': [econItem('20', 'Key', { appid: 440, contextid: '2' })],
      '753/6': [econItem('10', 'Card'), econItem('11', 'Gems', { amount: 500 })],
    });
    const progress: LocateProgress[] = [];
    const specs: AssetSpec[] = [
      { text: '440/2/20', appid: 440, contextid: '2', assetid: '20', amount: null },
      { text: '753/6/10', appid: 753, contextid: '6', assetid: '10', amount: null },
    ];
    const result = await loadCandidates(steam, '76561198000000001', specs, async (p) => {
      progress.push(p);
    });
    expect(steam.loaded).toEqual(['753/6', '440/2']);
    expect(result.items.map((i) => i.assetid)).toEqual(['10', '11', '20']);
    expect(
      progress.map((p) => [
        p.context && `${p.context.appid}/${p.context.contextid}`,
        p.found,
        p.progress?.itemsLoaded ?? null,
      ]),
    ).toEqual([
      [null, 0, null],
      ['753/6', 0, null],
      ['753/6', 0, 2],
      ['440/2', 1, null],
      ['440/2', 1, 1],
    ]);
  });

  it('looks through every context with items for a bare id, skipping empty ones', async () => {
    const steam = source({ '753/6': [econItem('10', 'Card')], '730/2': [], '440/2': [econItem('10', 'Key')] });
    const result = await loadCandidates(steam, '76561198000000001', [bare('10')], async () => undefined);
    expect(result.searched.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '440/2']);
    expect(result.items).toHaveLength(2);
  });

  it('asks nothing for an empty list', async () => {
    const steam = source({ '753/6': [] });
    const result = await loadCandidates(steam, '76561198000000001', [], async () => undefined);
    expect(result).toEqual({ items: [], searched: [] });
    expect(steam.loaded).toEqual([]);
  });
});

describe('TtlCache', () => {
  it('shares one load while fresh, loads again after the TTL, and forgets failures', async () => {
    let now = 1_000;
    const cache = new TtlCache<number>(60_000, () => now);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return loads;
    };
    expect(await Promise.all([cache.get('k', load), cache.get('k', load)])).toEqual([1, 1]);
    now += 59_999;
    expect(await cache.get('k', load)).toBe(1);
    now += 1;
    expect(await cache.get('k', load)).toBe(2);

    await expect(cache.get('bad', async () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.get('bad', load)).toBe(3);
  });
});
