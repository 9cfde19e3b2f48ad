// In-memory cache for /inventory: loaded inventories per (steamid, app, context) for a few
// minutes, so a second search doesn't ask Steam again, one load at a time per key (a second
// caller joins the load under way and sees its progress). Bounded in size; expired entries go
// on the next access. The lists page buttons turn are in views.ts, in the store.
import type { Inventory, InventoryProgress } from '../../steam/types.js';

export interface InventoryKey {
  steamid: string;
  appid: number;
  contextid: string;
}

export interface CachedInventory {
  inventory: Inventory;
  /** When it was read from Steam (ms). */
  loadedAt: number;
  fromCache: boolean;
}

export type ProgressListener = (progress: InventoryProgress) => void;

export type InventoryLoader = (onProgress: ProgressListener) => Promise<Inventory>;

export interface InventoryCacheOptions {
  /** How long a loaded inventory is reused. */
  inventoryTtlMs?: number;
  maxInventories?: number;
  now?: () => number;
}

interface Loading {
  promise: Promise<{ inventory: Inventory; loadedAt: number }>;
  progress: { listeners: Set<ProgressListener>; last: InventoryProgress | null };
}

export const INVENTORY_TTL_MS = 5 * 60_000;

function keyOf(key: InventoryKey): string {
  return `${key.steamid}/${key.appid}/${key.contextid}`;
}

export class InventoryCache {
  private readonly inventories = new Map<string, { inventory: Inventory; loadedAt: number }>();
  private readonly loading = new Map<string, Loading>();
  private readonly inventoryTtlMs: number;
  private readonly maxInventories: number;
  private readonly now: () => number;

  constructor(options: InventoryCacheOptions = {}) {
    this.inventoryTtlMs = options.inventoryTtlMs ?? INVENTORY_TTL_MS;
    this.maxInventories = options.maxInventories ?? 20;
    this.now = options.now ?? Date.now;
  }

  /**
   * The inventory from the cache while it is fresh, else from `loader`. Concurrent calls for
   * the same key share one load; each caller's `onProgress` hears every page of it.
   */
  async get(key: InventoryKey, loader: InventoryLoader, onProgress?: ProgressListener): Promise<CachedInventory> {
    const k = keyOf(key);
    const cached = this.inventories.get(k);
    if (cached && this.now() - cached.loadedAt < this.inventoryTtlMs) {
      return { ...cached, fromCache: true };
    }
    if (cached) this.inventories.delete(k);

    let loading = this.loading.get(k);
    if (!loading) {
      const progress: Loading['progress'] = { listeners: new Set(), last: null };
      // Started on the next tick so a loader that throws at once still ends up as a rejection.
      const promise = Promise.resolve()
        .then(() =>
          loader((p) => {
            progress.last = p;
            // A listener only shows progress: its failure must not stop the load.
            for (const listener of progress.listeners) {
              try {
                listener(p);
              } catch {
                progress.listeners.delete(listener);
              }
            }
          }),
        )
        .then(
          (inventory) => {
            const loaded = { inventory, loadedAt: this.now() };
            this.loading.delete(k);
            this.store(k, loaded);
            return loaded;
          },
          (error: unknown) => {
            // Failures are not cached: the next command asks Steam again.
            this.loading.delete(k);
            throw error;
          },
        );
      loading = { promise, progress };
      this.loading.set(k, loading);
    } else if (onProgress && loading.progress.last) {
      onProgress(loading.progress.last);
    }
    if (onProgress) loading.progress.listeners.add(onProgress);
    try {
      return { ...(await loading.promise), fromCache: false };
    } finally {
      if (onProgress) loading.progress.listeners.delete(onProgress);
    }
  }

  private store(k: string, loaded: { inventory: Inventory; loadedAt: number }): void {
    this.inventories.delete(k);
    this.inventories.set(k, loaded);
    const now = this.now();
    for (const [key, entry] of this.inventories) {
      if (now - entry.loadedAt >= this.inventoryTtlMs) this.inventories.delete(key);
    }
    // Oldest first (Map keeps insertion order).
    while (this.inventories.size > this.maxInventories) {
      const oldest = this.inventories.keys().next().value as string;
      this.inventories.delete(oldest);
    }
  }
}
