// The one inventory cache: every loaded inventory, keyed by owner, app and context, kept for a
// time to live. /inventory, /offers send, the stock engine and (through it) the offer cards all
// read inventories here, so one need never fetches a page twice: /inventory show right after
// start gets what the stock engine just loaded, and a caller arriving during a load joins it
// (single flight) and hears its progress. The bot's own entries are dropped when a trade
// completes or an offer is sent (SteamClient and the poller call invalidate); other owners'
// entries simply age out. A failed load is not kept. The owner's list of apps and contexts
// (the profile inventory page, which /offers send reads to find bare asset ids) is kept here
// too, for a minute: its asset counts move with every trade.
import type { LoadInventoryOptions } from './inventory.js';
import type { Inventory, InventoryContext, InventoryProgress } from './types.js';

export interface InventoryKey {
  steamid: string;
  appid: number;
  contextid: string;
}

export interface CachedInventory {
  inventory: Inventory;
  /** When it was read from Steam (ms). */
  loadedAt: number;
  /** True when no page was fetched for this call. */
  fromCache: boolean;
}

export interface InventoryGetOptions {
  onProgress?: (progress: InventoryProgress) => void | Promise<void>;
  /** Per request, for the retries of a busy Steam (only used when this call starts the load). */
  maxWaitMs?: number;
  /** A copy older than this is loaded again (default: the cache's TTL for that owner). */
  maxAgeMs?: number;
}

export interface InventoryLoader {
  load(options: LoadInventoryOptions): Promise<Inventory>;
  contexts(steamid: string): Promise<InventoryContext[]>;
}

export interface InventoryCacheOptions {
  /** The bot's SteamID64: its entries live longer, since trades and sends invalidate them. */
  ownSteamId: string;
  /** How long another user's inventory is reused. */
  ttlMs?: number;
  /** How long the bot's own inventories are reused when nothing says they changed. */
  ownTtlMs?: number;
  /** How long an owner's list of contexts is reused. */
  contextsTtlMs?: number;
  /** At most this many inventories are kept (the least recently loaded go first). */
  maxInventories?: number;
  now?: () => number;
}

/** Someone else's inventory: five minutes, as /inventory always kept them. */
export const INVENTORY_TTL_MS = 5 * 60_000;
/** The bot's own: as long as the stock engine trusts a count (trades invalidate it sooner). */
export const OWN_INVENTORY_TTL_MS = 30 * 60_000;
/** A contexts list: long enough for a second /offers send right after the first. */
export const CONTEXTS_TTL_MS = 60_000;

interface Entry {
  inventory: Inventory;
  loadedAt: number;
}

interface Loading {
  promise: Promise<Entry>;
  listeners: Set<(progress: InventoryProgress) => void | Promise<void>>;
  last: InventoryProgress | null;
  /** The owner's generation when the load began: invalidate() bumps it, and the result is not kept. */
  generation: number;
}

/**
 * Hands progress to a listener without waiting for it: a listener only shows progress (a
 * Discord edit), so neither its slowness nor its failure may hold up the load.
 */
function tell(
  listener: (progress: InventoryProgress) => void | Promise<void>,
  progress: InventoryProgress,
  onFailure: () => void,
): void {
  try {
    void Promise.resolve(listener(progress)).catch(onFailure);
  } catch {
    onFailure();
  }
}

function keyOf(key: InventoryKey): string {
  return `${key.steamid}/${key.appid}/${key.contextid}`;
}

export class InventoryCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Loading>();
  private readonly generations = new Map<string, number>();
  private readonly contextLists = new Map<string, { at: number; value: Promise<InventoryContext[]> }>();
  private readonly ttlMs: number;
  private readonly contextsTtlMs: number;
  private readonly ownTtlMs: number;
  private readonly maxInventories: number;
  private readonly now: () => number;

  constructor(
    private readonly source: InventoryLoader,
    private readonly options: InventoryCacheOptions,
  ) {
    this.ttlMs = options.ttlMs ?? INVENTORY_TTL_MS;
    this.ownTtlMs = options.ownTtlMs ?? OWN_INVENTORY_TTL_MS;
    this.contextsTtlMs = options.contextsTtlMs ?? CONTEXTS_TTL_MS;
    this.maxInventories = options.maxInventories ?? 20;
    this.now = options.now ?? Date.now;
  }

  private ttlOf(steamid: string): number {
    return steamid === this.options.ownSteamId ? this.ownTtlMs : this.ttlMs;
  }

  /** The kept copy while it is fresh, without loading anything. */
  peek(key: InventoryKey, maxAgeMs = this.ttlOf(key.steamid)): CachedInventory | null {
    const entry = this.entries.get(keyOf(key));
    if (!entry || this.now() - entry.loadedAt >= Math.min(maxAgeMs, this.ttlOf(key.steamid))) return null;
    return { ...entry, fromCache: true };
  }

  /** Whether a load of this inventory is under way (a caller would join it). */
  isLoading(key: InventoryKey): boolean {
    return this.loading.has(keyOf(key));
  }

  /**
   * The inventory: the kept copy while it is fresh, else a load from Steam. Concurrent calls
   * for one key share one load; each caller's onProgress hears the pages still to come (a
   * caller joining late is first told where the load stands).
   */
  async get(key: InventoryKey, options: InventoryGetOptions = {}): Promise<CachedInventory> {
    this.sweep();
    const cached = this.peek(key, options.maxAgeMs);
    if (cached) return cached;
    const k = keyOf(key);
    let loading = this.loading.get(k);
    if (!loading) {
      loading = this.startLoad(k, key, options.maxWaitMs);
    } else if (options.onProgress && loading.last) {
      tell(options.onProgress, loading.last, () => undefined);
    }
    const { onProgress } = options;
    if (onProgress) loading.listeners.add(onProgress);
    try {
      return { ...(await loading.promise), fromCache: false };
    } finally {
      if (onProgress) loading.listeners.delete(onProgress);
    }
  }

  /**
   * The owner's apps and contexts with their asset counts, kept a minute; concurrent calls
   * share one request, and a failure (a private profile) is not kept.
   */
  contexts(steamid: string): Promise<InventoryContext[]> {
    const now = this.now();
    for (const [k, entry] of this.contextLists) if (now - entry.at >= this.contextsTtlMs) this.contextLists.delete(k);
    const hit = this.contextLists.get(steamid);
    if (hit) return hit.value;
    const entry = { at: now, value: Promise.resolve().then(() => this.source.contexts(steamid)) };
    this.contextLists.set(steamid, entry);
    entry.value.catch(() => {
      if (this.contextLists.get(steamid) === entry) this.contextLists.delete(steamid);
    });
    return entry.value;
  }

  /**
   * Forgets every inventory of this owner (all apps and contexts); a load under way finishes
   * for its callers but is not kept. Called for the bot when a trade completes or an offer is
   * sent: its items moved, or are about to.
   */
  invalidate(steamid: string): void {
    this.contextLists.delete(steamid);
    this.generations.set(steamid, (this.generations.get(steamid) ?? 0) + 1);
    const prefix = `${steamid}/`;
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
    for (const k of this.loading.keys()) if (k.startsWith(prefix)) this.loading.delete(k);
  }

  private startLoad(k: string, key: InventoryKey, maxWaitMs: number | undefined): Loading {
    const loading: Loading = {
      listeners: new Set(),
      last: null,
      generation: this.generations.get(key.steamid) ?? 0,
      promise: undefined as unknown as Promise<Entry>,
    };
    const onProgress = (progress: InventoryProgress): void => {
      loading.last = progress;
      for (const listener of [...loading.listeners]) tell(listener, progress, () => loading.listeners.delete(listener));
    };
    // Started on the next tick so a loader that throws at once still ends up as a rejection.
    loading.promise = Promise.resolve()
      .then(() => this.source.load({ ...key, onProgress, ...(maxWaitMs !== undefined ? { maxWaitMs } : {}) }))
      .then(
        (inventory) => {
          const entry = { inventory, loadedAt: this.now() };
          if (this.loading.get(k) === loading) this.loading.delete(k);
          if ((this.generations.get(key.steamid) ?? 0) === loading.generation) this.keep(k, entry);
          return entry;
        },
        (error: unknown) => {
          if (this.loading.get(k) === loading) this.loading.delete(k);
          throw error;
        },
      );
    this.loading.set(k, loading);
    return loading;
  }

  /** Drops what has outlived its TTL, so an old inventory does not sit in memory until replaced. */
  private sweep(): void {
    const now = this.now();
    for (const [key, kept] of this.entries) {
      if (now - kept.loadedAt >= this.ttlOf(kept.inventory.steamid)) this.entries.delete(key);
    }
  }

  private keep(k: string, entry: Entry): void {
    this.entries.delete(k);
    this.entries.set(k, entry);
    this.sweep();
    // Oldest first (a Map keeps insertion order).
    while (this.entries.size > this.maxInventories) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
