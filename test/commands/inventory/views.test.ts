// The lists /inventory page buttons turn, kept in a real SQLite store: what is kept (no asset
// ids), and how long (a page turn keeps a view alive; an unused one expires).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { InventoryViews, VIEW_TTL_MS } from '../../../src/commands/inventory/views.js';
import type { InventoryViewData } from '../../../src/format/inventory.js';
import { createLogger } from '../../../src/logger.js';
import { openStore, type Store } from '../../../src/store/index.js';
import type { InventoryGroup } from '../../../src/steam/types.js';

const GROUP: InventoryGroup = {
  marketHashName: '753-Gems',
  name: 'Gems',
  type: 'Steam Gems',
  quantity: 1500,
  tradableQuantity: 1000,
  marketable: false,
  tradable: true,
  isCurrency: true,
  fraudWarnings: [],
};

const DATA: InventoryViewData = {
  steamid: '76561198000000001',
  personaName: 'Bot',
  appid: 753,
  contextid: '6',
  search: 'gem',
  groups: [GROUP],
  visibleAssets: 2,
  totalInventoryCount: 2,
  hiddenItems: false,
  loadedAt: 1234,
};

const MINUTE = 60_000;
let dir: string;
let store: Store;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-views-'));
  store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`, {
    logger: createLogger({ level: 'silent', secrets: [], pretty: false }),
  });
});

afterEach(async () => {
  vi.useRealTimers();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('InventoryViews', () => {
  it('keeps what a page shows and who may turn it; a second instance reads it', async () => {
    const id = await new InventoryViews(store).add('42', DATA);
    expect(id).toMatch(/^[A-Za-z0-9_-]{8}$/);
    // Another instance stands for another process or a restarted one: nothing is in memory.
    expect(await new InventoryViews(store).get(id)).toEqual({ ownerId: '42', data: { ...DATA, groups: [GROUP] } });
    expect(await new InventoryViews(store).get('nope')).toBeUndefined();
  });

  it('expires a view nobody pages; each page turn after a few minutes starts its time over', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const views = new InventoryViews(store);
    const idle = await views.add('1', DATA);
    const used = await views.add('2', DATA);

    vi.setSystemTime(start + VIEW_TTL_MS - 1);
    expect(await views.get(used)).toMatchObject({ ownerId: '2' });
    vi.setSystemTime(start + VIEW_TTL_MS + 1);
    expect(await views.get(idle)).toBeUndefined();
    vi.setSystemTime(start + 2 * VIEW_TTL_MS - 2);
    expect(await views.get(used)).toMatchObject({ ownerId: '2' });
    // A turn that soon after the last refresh does not write again, so the time is not extended.
    vi.setSystemTime(start + 2 * VIEW_TTL_MS + MINUTE);
    expect(await views.get(used)).toMatchObject({ ownerId: '2' });
    vi.setSystemTime(start + 3 * VIEW_TTL_MS - 1);
    expect(await views.get(used)).toBeUndefined();
  });

  it('finds a view another process refreshed after its own copy ran out', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = Date.now();
    const here = new InventoryViews(store);
    const there = new InventoryViews(store);
    const id = await here.add('1', DATA);
    vi.setSystemTime(start + 6 * MINUTE);
    expect(await there.get(id)).toMatchObject({ ownerId: '1' });
    vi.setSystemTime(start + VIEW_TTL_MS + MINUTE);
    expect(await here.get(id)).toMatchObject({ ownerId: '1' });
  });

  it('keeps the most recently used views in memory and reads the others from the store', async () => {
    const views = new InventoryViews(store, { maxInMemory: 2 });
    const [a, b, c] = [await views.add('a', DATA), await views.add('b', DATA), await views.add('c', DATA)];
    expect(await views.get(b)).toMatchObject({ ownerId: 'b' });
    // Gone from the store: only a copy in memory can still answer.
    for (const id of [a, b, c]) await store.deleteValue('inventory-view', id);
    expect(await views.get(a)).toBeUndefined();
    expect(await views.get(b)).toMatchObject({ ownerId: 'b' });
    expect(await views.get(c)).toMatchObject({ ownerId: 'c' });
  });
});
