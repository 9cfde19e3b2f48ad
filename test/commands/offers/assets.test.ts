import { describe, expect, it } from 'vitest';
import { collectAssets, locateAssets, searchOrder, type LocateProgress } from '../../../src/commands/offers/assets.js';
import { TtlCache } from '../../../src/commands/offers/cache.js';
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

describe('collectAssets', () => {
  it('keeps the first match of each wanted id and ignores currency entries', () => {
    const found = new Map<string, EconItem>();
    collectAssets(
      [econItem('1', 'A'), econItem('2', 'Gems', { isCurrency: true }), econItem('3', 'C')],
      new Set(['1', '2']),
      found,
    );
    collectAssets([econItem('1', 'Other', { appid: 440, contextid: '2' })], new Set(['1', '2']), found);
    expect([...found.keys()]).toEqual(['1']);
    expect(found.get('1')!.description!.name).toBe('A');
  });
});

/** An in-memory source of contexts and inventories standing in for the Steam-backed cache. */
function source(inventories: Record<string, EconItem[]>) {
  const loaded: string[] = [];
  return {
    loaded,
    contexts: async () =>
      Object.entries(inventories).map(([key, items]) => {
        const [appid, contextid] = key.split('/');
        return context(Number(appid), contextid!, items.length);
      }),
    inventory: async (
      steamid: string,
      c: InventoryContext,
      onProgress?: (p: { pagesLoaded: number; itemsLoaded: number; totalPages: number; totalItems: number }) => unknown,
    ): Promise<Inventory> => {
      const key = `${c.appid}/${c.contextid}`;
      loaded.push(key);
      const items = inventories[key]!;
      await onProgress?.({ pagesLoaded: 1, itemsLoaded: items.length, totalPages: 1, totalItems: items.length });
      return {
        steamid,
        appid: c.appid,
        contextid: c.contextid,
        items,
        totalInventoryCount: items.length,
        hiddenItems: false,
      };
    },
  };
}

describe('locateAssets', () => {
  it('loads contexts in search order only until every id is found, and keeps the order asked for', async () => {
    const steam = source({
      '999/1': [econItem('77', 'Far away', { appid: 999, contextid: '1' })],
      '440/2': [econItem('20', 'Key', { appid: 440, contextid: '2' })],
      '753/6': [econItem('10', 'Card'), econItem('11', 'Gems', { amount: 500 })],
    });
    const progress: LocateProgress[] = [];
    const result = await locateAssets(steam, '76561198000000001', ['20', '10'], async (p) => {
      progress.push(p);
    });
    expect(steam.loaded).toEqual(['753/6', '440/2']);
    expect([...result.found.entries()].map(([id, item]) => [id, item.appid, item.contextid])).toEqual([
      ['20', 440, '2'],
      ['10', 753, '6'],
    ]);
    expect(result.missing).toEqual([]);
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

  it('reports the ids found nowhere and the contexts it looked through', async () => {
    const steam = source({ '753/6': [econItem('10', 'Card')], '730/2': [] });
    const result = await locateAssets(steam, '76561198000000001', ['10', '404'], async () => undefined);
    expect(result.missing).toEqual(['404']);
    expect(result.searched.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6']);
  });

  it('asks Steam nothing for an empty list', async () => {
    const steam = source({ '753/6': [] });
    const result = await locateAssets(steam, '76561198000000001', [], async () => undefined);
    expect(result).toEqual({ found: new Map(), missing: [], searched: [] });
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
