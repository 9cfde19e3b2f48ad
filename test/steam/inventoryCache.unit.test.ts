// The one inventory cache, with the clock injected and a source whose loads the test opens
// and closes by hand: no sleeps, no timers. (Its use against the Steam stand-in is in
// inventory.integration.test.ts and the e2e files.)
import { describe, expect, it } from 'vitest';
import type { LoadInventoryOptions } from '../../src/steam/inventory.js';
import { InventoryCache } from '../../src/steam/inventoryCache.js';
import type { Inventory, InventoryContext, InventoryProgress } from '../../src/steam/types.js';

const BOT = '76561198000000001';
const OTHER = '76561198000000002';
const KEY = { steamid: OTHER, appid: 730, contextid: '2' };

function inventory(steamid: string, n: number): Inventory {
  return { steamid, appid: 730, contextid: '2', items: [], totalInventoryCount: n, hiddenItems: n > 0 };
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** For sources whose contexts lists the test does not read. */
const noContexts = async (): Promise<InventoryContext[]> => [];

function progress(pagesLoaded: number): InventoryProgress {
  return { pagesLoaded, itemsLoaded: pagesLoaded * 2000, totalPages: 3, totalItems: 6000 };
}

/** A source that records every load and answers with the next inventory number. */
function countingSource() {
  const calls: LoadInventoryOptions[] = [];
  return {
    calls,
    async load(options: LoadInventoryOptions) {
      calls.push(options);
      return inventory(options.steamid, calls.length);
    },
    contexts: noContexts,
  };
}

/** A source whose loads stay open until the test settles them. */
function gatedSource() {
  const loads: Array<{ options: LoadInventoryOptions; gate: ReturnType<typeof deferred<Inventory>> }> = [];
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  return {
    loads,
    load(options: LoadInventoryOptions) {
      const gate = deferred<Inventory>();
      loads.push({ options, gate });
      for (const waiter of waiters.filter((w) => loads.length >= w.n)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
      return gate.promise;
    },
    contexts: noContexts,
    /** Resolves once `n` loads have started. */
    started(n: number): Promise<void> {
      if (loads.length >= n) return Promise.resolve();
      return new Promise((resolve) => waiters.push({ n, resolve }));
    },
  };
}

describe('InventoryCache.get', () => {
  it("keeps another user's inventory for its TTL and the bot's own for the longer own TTL", async () => {
    let now = 1_000;
    const source = countingSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT, ttlMs: 300_000, ownTtlMs: 1_800_000, now: () => now });
    const own = { ...KEY, steamid: BOT };

    expect(await cache.get(KEY)).toEqual({ inventory: inventory(OTHER, 1), loadedAt: 1_000, fromCache: false });
    expect(await cache.get(own)).toMatchObject({ inventory: inventory(BOT, 2), fromCache: false });
    now += 299_999;
    expect(await cache.get(KEY)).toEqual({ inventory: inventory(OTHER, 1), loadedAt: 1_000, fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '16' })).toMatchObject({ fromCache: false });
    now += 1;
    expect(await cache.get(KEY)).toMatchObject({ inventory: inventory(OTHER, 4), fromCache: false });
    expect(await cache.get(own)).toMatchObject({ inventory: inventory(BOT, 2), fromCache: true });
    now = 1_000 + 1_800_000;
    expect(await cache.get(own)).toMatchObject({ inventory: inventory(BOT, 5), fromCache: false });
    expect(source.calls.map((c) => `${c.steamid}/${c.appid}/${c.contextid}`)).toEqual([
      `${OTHER}/730/2`,
      `${BOT}/730/2`,
      `${OTHER}/730/16`,
      `${OTHER}/730/2`,
      `${BOT}/730/2`,
    ]);
  });

  it('loads again when the caller wants a younger copy than the one kept (maxAgeMs)', async () => {
    let now = 0;
    const source = countingSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT, now: () => now });
    await cache.get(KEY);
    now = 60_000;
    expect(await cache.get(KEY, { maxAgeMs: 60_001 })).toMatchObject({ fromCache: true });
    expect(await cache.get(KEY, { maxAgeMs: 60_000 })).toMatchObject({ fromCache: false, loadedAt: 60_000 });
    expect(source.calls).toHaveLength(2);
  });

  it('shares one load between concurrent callers; each hears its progress, a late one where it stands', async () => {
    const source = gatedSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    const heardA: number[] = [];
    const heardB: number[] = [];
    const a = cache.get(KEY, { onProgress: (p) => void heardA.push(p.pagesLoaded), maxWaitMs: 5_000 });
    await source.started(1);
    const report = source.loads[0]!.options.onProgress!;
    await report(progress(1));
    expect(cache.isLoading(KEY)).toBe(true);
    const b = cache.get(KEY, { onProgress: (p) => void heardB.push(p.pagesLoaded) });
    await report(progress(2));
    source.loads[0]!.gate.resolve(inventory(OTHER, 5));

    expect((await a).inventory).toEqual(inventory(OTHER, 5));
    expect(await b).toMatchObject({ inventory: inventory(OTHER, 5), fromCache: false });
    expect(source.loads).toHaveLength(1);
    // The first caller's wait budget goes to Steam with the load it started.
    expect(source.loads[0]!.options.maxWaitMs).toBe(5_000);
    expect(heardA).toEqual([1, 2]);
    expect(heardB).toEqual([1, 2]);
    expect(cache.isLoading(KEY)).toBe(false);
  });

  it('does not keep a failure: callers sharing it all see it, the next call asks Steam again', async () => {
    let loads = 0;
    const cache = new InventoryCache(
      {
        async load(options) {
          loads += 1;
          if (loads === 1) throw new Error('private');
          return inventory(options.steamid, loads);
        },
        contexts: noContexts,
      },
      { ownSteamId: BOT },
    );
    const both = Promise.all([cache.get(KEY), cache.get(KEY)]);
    await expect(both).rejects.toThrow('private');
    expect(loads).toBe(1);
    expect(await cache.get(KEY)).toMatchObject({ inventory: inventory(OTHER, 2), fromCache: false });
  });

  it('turns a source that throws at once into a rejection', async () => {
    const cache = new InventoryCache(
      {
        load(): Promise<Inventory> {
          throw new Error('bad');
        },
        contexts: noContexts,
      },
      { ownSteamId: BOT },
    );
    await expect(cache.get(KEY)).rejects.toThrow('bad');
  });

  it('neither waits for nor stops on a progress listener that throws or rejects', async () => {
    const source = gatedSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    const never = deferred<void>();
    const loaded = cache.get(KEY, { onProgress: () => never.promise });
    const failing = cache.get(KEY, {
      onProgress: () => {
        throw new Error('discord is down');
      },
    });
    const rejecting = cache.get(KEY, { onProgress: () => Promise.reject(new Error('discord is down')) });
    await source.started(1);
    // Returns at once although the first listener never settles.
    await source.loads[0]!.options.onProgress!(progress(1));
    await source.loads[0]!.options.onProgress!(progress(2));
    source.loads[0]!.gate.resolve(inventory(OTHER, 1));
    for (const result of await Promise.all([loaded, failing, rejecting])) {
      expect(result.inventory).toEqual(inventory(OTHER, 1));
    }
  });

  it('forgets the least recently loaded inventory beyond its size', async () => {
    const source = countingSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT, maxInventories: 2 });
    for (const contextid of ['1', '2', '3']) await cache.get({ ...KEY, contextid });
    expect(await cache.get({ ...KEY, contextid: '3' })).toMatchObject({ fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '2' })).toMatchObject({ fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '1' })).toMatchObject({ fromCache: false });
    expect(source.calls).toHaveLength(4);
  });

  it('peek gives the fresh copy or null, and never loads', async () => {
    let now = 0;
    const source = countingSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT, ttlMs: 1_000, now: () => now });
    expect(cache.peek(KEY)).toBeNull();
    await cache.get(KEY);
    expect(cache.peek(KEY)).toMatchObject({ fromCache: true, loadedAt: 0 });
    now = 1_000;
    expect(cache.peek(KEY)).toBeNull();
    expect(source.calls).toHaveLength(1);
  });
});

describe('InventoryCache.invalidate', () => {
  it("drops every app and context of that owner, and nobody else's", async () => {
    const source = countingSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    const keys = [
      { steamid: BOT, appid: 730, contextid: '2' },
      { steamid: BOT, appid: 753, contextid: '6' },
      { steamid: OTHER, appid: 730, contextid: '2' },
    ];
    for (const key of keys) await cache.get(key);
    cache.invalidate(BOT);
    expect(keys.map((key) => cache.peek(key) !== null)).toEqual([false, false, true]);
    expect(await cache.get(keys[0]!)).toMatchObject({ fromCache: false, inventory: inventory(BOT, 4) });
  });

  it('lets a load under way finish for its callers but does not keep it; later callers load anew', async () => {
    const source = gatedSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    const own = { ...KEY, steamid: BOT };
    const before = cache.get(own);
    await source.started(1);
    cache.invalidate(BOT);
    // Asked after the trade: must not join the load that began before it.
    const after = cache.get(own);
    await source.started(2);
    source.loads[0]!.gate.resolve(inventory(BOT, 1));
    expect((await before).inventory).toEqual(inventory(BOT, 1));
    source.loads[1]!.gate.resolve(inventory(BOT, 2));
    expect((await after).inventory).toEqual(inventory(BOT, 2));
    expect(cache.peek(own)?.inventory).toEqual(inventory(BOT, 2));
  });

  it('keeps the result of a load that began after the invalidation', async () => {
    const source = gatedSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    const own = { ...KEY, steamid: BOT };
    cache.invalidate(BOT);
    const loading = cache.get(own);
    await source.started(1);
    source.loads[0]!.gate.resolve(inventory(BOT, 1));
    await loading;
    expect(cache.peek(own)?.inventory).toEqual(inventory(BOT, 1));
  });
});

describe('InventoryCache.contexts', () => {
  function contextsSource() {
    const asked: string[] = [];
    let fail = false;
    return {
      asked,
      failNext: () => (fail = true),
      load: (options: LoadInventoryOptions) => Promise.resolve(inventory(options.steamid, 0)),
      async contexts(steamid: string): Promise<InventoryContext[]> {
        asked.push(steamid);
        if (fail) {
          fail = false;
          throw new Error('private');
        }
        return [
          {
            appid: 753,
            appName: 'Steam',
            contextid: '6',
            contextName: 'Community',
            assetCount: asked.length,
            tradePermissions: 'FULL',
          },
        ];
      },
    };
  }

  it('shares one request, keeps the list a minute, and forgets it when the owner is invalidated', async () => {
    let now = 0;
    const source = contextsSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT, now: () => now });
    const [a, b] = await Promise.all([cache.contexts(OTHER), cache.contexts(OTHER)]);
    expect(source.asked).toEqual([OTHER]);
    expect(a).toBe(b);
    now += 59_999;
    await cache.contexts(OTHER);
    expect(source.asked).toEqual([OTHER]);
    now += 1;
    expect((await cache.contexts(OTHER))[0]!.assetCount).toBe(2);
    await cache.contexts(BOT);
    cache.invalidate(BOT);
    await cache.contexts(BOT);
    await cache.contexts(OTHER);
    expect(source.asked).toEqual([OTHER, OTHER, BOT, BOT]);
  });

  it('does not keep a failure', async () => {
    const source = contextsSource();
    const cache = new InventoryCache(source, { ownSteamId: BOT });
    source.failNext();
    await expect(cache.contexts(OTHER)).rejects.toThrow('private');
    expect(await cache.contexts(OTHER)).toHaveLength(1);
    expect(source.asked).toEqual([OTHER, OTHER]);
  });
});
