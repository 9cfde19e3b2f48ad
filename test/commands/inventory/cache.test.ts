// The /inventory cache and progress reporter, with the clock injected: no sleeps, no timers.
import { describe, expect, it } from 'vitest';
import { InventoryCache, type ProgressListener } from '../../../src/commands/inventory/cache.js';
import { ProgressReporter } from '../../../src/commands/inventory/progress.js';
import type { Inventory, InventoryProgress } from '../../../src/steam/types.js';

const KEY = { steamid: '76561198000000001', appid: 730, contextid: '2' };

function inventory(n: number): Inventory {
  return { ...KEY, items: [], totalInventoryCount: n, hiddenItems: n > 0 };
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

function progress(pagesLoaded: number): InventoryProgress {
  return { pagesLoaded, itemsLoaded: pagesLoaded * 2000, totalPages: 3, totalItems: 6000 };
}

describe('InventoryCache.get', () => {
  it('loads once and serves the copy until it is older than the TTL', async () => {
    let now = 1_000;
    const cache = new InventoryCache({ inventoryTtlMs: 300_000, now: () => now });
    let loads = 0;
    const loader = async () => inventory(++loads);

    expect(await cache.get(KEY, loader)).toEqual({ inventory: inventory(1), loadedAt: 1_000, fromCache: false });
    now += 299_999;
    expect(await cache.get(KEY, loader)).toEqual({ inventory: inventory(1), loadedAt: 1_000, fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '16' }, loader)).toMatchObject({ fromCache: false });
    expect(loads).toBe(2);
    now += 1;
    expect(await cache.get(KEY, loader)).toEqual({ inventory: inventory(3), loadedAt: 301_000, fromCache: false });
  });

  it('shares one load between concurrent callers, and both hear its progress', async () => {
    const cache = new InventoryCache();
    const gate = deferred<Inventory>();
    let loads = 0;
    const started = deferred<ProgressListener>();
    const loader = (onProgress: ProgressListener) => {
      loads += 1;
      started.resolve(onProgress);
      return gate.promise;
    };
    const heardA: number[] = [];
    const heardB: number[] = [];
    const a = cache.get(KEY, loader, (p) => heardA.push(p.pagesLoaded));
    const report = await started.promise;
    report(progress(1));
    const b = cache.get(KEY, loader, (p) => heardB.push(p.pagesLoaded));
    report(progress(2));
    gate.resolve(inventory(5));

    expect((await a).inventory).toEqual(inventory(5));
    expect(await b).toMatchObject({ inventory: inventory(5), fromCache: false });
    expect(loads).toBe(1);
    expect(heardA).toEqual([1, 2]);
    // B joined after page 1: it is told where the load stands, then hears the rest.
    expect(heardB).toEqual([1, 2]);
  });

  it('does not cache a failure', async () => {
    const cache = new InventoryCache();
    let loads = 0;
    const failing = async (): Promise<Inventory> => {
      loads += 1;
      throw new Error('private');
    };
    await expect(Promise.all([cache.get(KEY, failing), cache.get(KEY, failing)])).rejects.toThrow('private');
    expect(loads).toBe(1);
    expect(await cache.get(KEY, async () => inventory(2))).toMatchObject({ inventory: inventory(2), fromCache: false });
  });

  it('turns a loader that throws at once into a rejection', async () => {
    const cache = new InventoryCache();
    const throwsNow = (): Promise<Inventory> => {
      throw new Error('bad');
    };
    await expect(cache.get(KEY, throwsNow)).rejects.toThrow('bad');
  });

  it('keeps a progress listener that throws from stopping the load', async () => {
    const cache = new InventoryCache();
    const loaded = await cache.get(
      KEY,
      async (onProgress) => {
        onProgress(progress(1));
        onProgress(progress(2));
        return inventory(1);
      },
      () => {
        throw new Error('discord is down');
      },
    );
    expect(loaded.inventory).toEqual(inventory(1));
  });

  it('forgets the least recently loaded inventory beyond its size', async () => {
    const cache = new InventoryCache({ maxInventories: 2 });
    let loads = 0;
    const loader = async () => inventory(++loads);
    for (const contextid of ['1', '2', '3']) await cache.get({ ...KEY, contextid }, loader);
    expect(await cache.get({ ...KEY, contextid: '3' }, loader)).toMatchObject({ fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '2' }, loader)).toMatchObject({ fromCache: true });
    expect(await cache.get({ ...KEY, contextid: '1' }, loader)).toMatchObject({ fromCache: false });
    expect(loads).toBe(4);
  });
});

describe('ProgressReporter', () => {
  it('edits at most once per interval and never twice at once', async () => {
    let now = 0;
    const edits: string[] = [];
    const pending: Array<ReturnType<typeof deferred<void>>> = [];
    const reporter = new ProgressReporter(
      (text) => {
        edits.push(text);
        const d = deferred<void>();
        pending.push(d);
        return d.promise;
      },
      { minIntervalMs: 1000, now: () => now },
    );

    expect(reporter.report('page 1')).toBe(true);
    now = 1500;
    expect(reporter.report('page 2')).toBe(false); // the first edit has not finished
    pending[0]!.resolve();
    await pending[0]!.promise; // the reporter's own handler ran first: it was attached first
    now = 1600;
    expect(reporter.report('page 3')).toBe(true);
    pending[1]!.resolve();
    await pending[1]!.promise;
    now = 2599;
    expect(reporter.report('page 4')).toBe(false); // too soon after page 3
    now = 2600;
    expect(reporter.report('page 5')).toBe(true);
    expect(edits).toEqual(['page 1', 'page 3', 'page 5']);
  });

  it('waits on close for the edit under way and edits nothing after', async () => {
    const edits: string[] = [];
    const gate = deferred<void>();
    let finished = false;
    const reporter = new ProgressReporter(async (text) => {
      edits.push(text);
      await gate.promise;
      finished = true;
    });
    reporter.report('page 1');
    const closed = reporter.close();
    gate.resolve();
    await closed;
    expect(finished).toBe(true);
    expect(reporter.report('page 2')).toBe(false);
    expect(edits).toEqual(['page 1']);
  });

  it('stops after a failed edit and reports the failure', async () => {
    let now = 0;
    const failed = deferred<unknown>();
    const reporter = new ProgressReporter(() => Promise.reject(new Error('Unknown Webhook')), {
      now: () => now,
      onError: (error) => failed.resolve(error),
    });
    expect(reporter.report('page 1')).toBe(true);
    expect(await failed.promise).toEqual(new Error('Unknown Webhook'));
    now = 10_000;
    expect(reporter.report('page 2')).toBe(false);
  });
});
