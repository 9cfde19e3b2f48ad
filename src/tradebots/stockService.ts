// The bot's stock, from its real inventories through the Steam layer's inventory cache: the
// Steam Community inventory (753/6: cards, gems, sacks) and the inventories holding the keys
// the rates are priced in (440/2, 730/2 by default). Read through the cache that /inventory
// reads too, so neither loads what the other just did; a completed trade throws both away. One engine (computeStock) serves SteamTradeBots.com, the
// preview and the offer cards, so they can never disagree.
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import type { InventoryCache } from '../steam/inventoryCache.js';
import type { EconItem, TradeOffer } from '../steam/types.js';
import { offerStockDelta, type StockDelta } from './delta.js';
import { indexKeyTable, keyContexts, type KeyTable } from './keys.js';
import { boosterPackSetSizes } from './setSizeSources.js';
import type { SetSizeService } from './setSizes.js';
import { COMMUNITY_CONTEXTID, computeStock, itemRole, STEAM_APPID, type Stock } from './stock.js';

/** How long a loaded inventory is trusted when nothing says it changed. */
export const DEFAULT_STOCK_MAX_AGE_MS = 30 * 60 * 1000;

export interface StockSnapshot {
  /** Every item of the stock-bearing inventories. */
  items: EconItem[];
  stock: Stock;
  keyTable: KeyTable;
  /** When the inventories were loaded (ms). */
  loadedAt: number;
  /** setSizes.version the stock was counted with. */
  setSizesVersion: number;
}

/** The Steam layer's InventoryCache. */
export type InventorySource = Pick<InventoryCache, 'get' | 'invalidate'>;

function contextsKey(table: KeyTable): string {
  return [`${STEAM_APPID}/${COMMUNITY_CONTEXTID}`, ...keyContexts(table).map((c) => `${c.appid}/${c.contextid}`)]
    .sort()
    .join(',');
}

interface StockServiceEvents {
  /** Set sizes learned in the background after a count: the stock may have grown. */
  setSizesLearned: [];
}

export class StockService extends EventEmitter<StockServiceEvents> {
  private fillingIn = false;
  private current: StockSnapshot | null = null;
  private loading: { generation: number; promise: Promise<StockSnapshot> } | null = null;
  /** Bumped by invalidate(): a load started before it is not kept. */
  private generation = 0;

  constructor(
    private readonly deps: {
      inventories: InventorySource;
      steamid: string;
      setSizes: SetSizeService;
      /** The key table of the current rates file. */
      keyTable: () => KeyTable;
      logger: Logger;
      maxAgeMs?: number;
      /** Per inventory request, for the retries of a busy Steam. */
      maxWaitMs?: number;
      now?: () => number;
    },
  ) {
    super();
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** The last snapshot, however old; null before the first load. */
  get cached(): StockSnapshot | null {
    return this.current;
  }

  /** After a trade: the next snapshot() loads the inventories again. */
  invalidate(): void {
    this.generation++;
    this.current = null;
    this.deps.inventories.invalidate(this.deps.steamid);
  }

  /**
   * The stock now: the kept copy while it is younger than maxAgeMs (recounted if the key
   * table or the known set sizes changed), else a fresh load. Callers arriving during a load
   * share it.
   */
  async snapshot(options: { maxAgeMs?: number } = {}): Promise<StockSnapshot> {
    const maxAge = options.maxAgeMs ?? this.deps.maxAgeMs ?? DEFAULT_STOCK_MAX_AGE_MS;
    const keyTable = this.deps.keyTable();
    const current = this.current;
    if (current && this.now() - current.loadedAt <= maxAge) {
      if (contextsKey(current.keyTable) === contextsKey(keyTable)) {
        if (current.keyTable === keyTable && current.setSizesVersion === this.deps.setSizes.version) return current;
        const recounted = await this.count(current.items, keyTable, current.loadedAt);
        if (this.current === current) this.current = recounted;
        return recounted;
      }
    }
    if (this.loading && this.loading.generation === this.generation) return this.loading.promise;
    const generation = this.generation;
    const promise = this.load(keyTable, maxAge).then((snapshot) => {
      if (generation === this.generation) this.current = snapshot;
      return snapshot;
    });
    this.loading = { generation, promise };
    try {
      return await promise;
    } finally {
      if (this.loading?.promise === promise) this.loading = null;
    }
  }

  private async load(keyTable: KeyTable, maxAgeMs: number): Promise<StockSnapshot> {
    const { inventories, steamid, logger } = this.deps;
    const started = this.now();
    // The snapshot is as old as its oldest inventory (the cache may have had one already).
    let loadedAt = started;
    const contexts = [
      { appid: STEAM_APPID, contextid: COMMUNITY_CONTEXTID },
      ...keyContexts(keyTable).filter((c) => !(c.appid === STEAM_APPID && c.contextid === COMMUNITY_CONTEXTID)),
    ];
    const items: EconItem[] = [];
    for (const { appid, contextid } of contexts) {
      const { inventory, loadedAt: inventoryLoadedAt } = await inventories.get(
        { steamid, appid, contextid },
        { maxAgeMs, ...(this.deps.maxWaitMs !== undefined ? { maxWaitMs: this.deps.maxWaitMs } : {}) },
      );
      loadedAt = Math.min(loadedAt, inventoryLoadedAt);
      // A plain loop: spreading 100,000 items into push() would overflow the call stack.
      for (const item of inventory.items) items.push(item);
    }
    const snapshot = await this.count(items, keyTable, loadedAt);
    logger.info(
      {
        items: items.length,
        sets: snapshot.stock.totals.regularSets,
        foilSets: snapshot.stock.totals.foilSets,
        gems: snapshot.stock.gems,
        keys: snapshot.stock.keys,
        unknownSetSizes: snapshot.stock.unknownSetSizes.length,
        ms: this.now() - started,
      },
      'stock counted',
    );
    return snapshot;
  }

  /** computeStock, then once more if booster packs or badge pages taught us set sizes it lacked. */
  private async count(items: EconItem[], keyTable: KeyTable, loadedAt: number): Promise<StockSnapshot> {
    const { setSizes } = this.deps;
    let stock = computeStock(items, setSizes.lookup, keyTable);
    if (stock.unknownSetSizes.length > 0) {
      const fromPacks = await setSizes.rememberFromBoosterPacks(boosterPackSetSizes(items));
      const { learned, deferred } = await setSizes.ensure(stock.unknownSetSizes);
      if (learned + fromPacks > 0) stock = computeStock(items, setSizes.lookup, keyTable);
      if (deferred.length > 0) this.fillIn(deferred);
    }
    return { items, stock, keyTable, loadedAt, setSizesVersion: setSizes.version };
  }

  /**
   * A bot with cards of more games than one pass reads badge pages for: the rest are read in
   * the background, a pass at a time, and listeners are told when that taught us something.
   */
  private fillIn(appids: number[]): void {
    if (this.fillingIn) return;
    this.fillingIn = true;
    const { setSizes, logger } = this.deps;
    void (async () => {
      let pending = appids;
      let learnedAny = false;
      try {
        while (pending.length > 0) {
          const result = await setSizes.ensure(pending);
          learnedAny ||= result.learned > 0;
          // No progress (Steam busy): leave the rest to the next count.
          if (result.deferred.length >= pending.length) break;
          pending = result.deferred;
        }
      } catch (error) {
        logger.warn({ err: error }, 'could not read more badge pages');
      } finally {
        this.fillingIn = false;
      }
      if (learnedAny) this.emit('setSizesLearned');
    })();
  }

  /** What accepting the offer would change in the stock: stock(after) − stock(before). */
  async offerDelta(offer: Pick<TradeOffer, 'itemsToGive' | 'itemsToReceive'>): Promise<StockDelta> {
    const snapshot = await this.snapshot();
    const { setSizes } = this.deps;
    // Cards the bot would receive may be of games it holds no cards of yet.
    const incoming: number[] = [];
    const keyIndex = indexKeyTable(snapshot.keyTable);
    for (const asset of offer.itemsToReceive) {
      const role = itemRole(asset, keyIndex);
      if (role.role === 'card' && setSizes.lookup(role.appid) === undefined) incoming.push(role.appid);
    }
    if (incoming.length > 0) await setSizes.ensure(incoming);
    const before = snapshot.setSizesVersion === setSizes.version ? snapshot.stock : undefined;
    return offerStockDelta(snapshot.items, offer, setSizes.lookup, snapshot.keyTable, before);
  }
}
