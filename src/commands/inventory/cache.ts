// In-memory cache for /inventory: loaded inventories per (steamid, app, context) for a few
// minutes, so paging and a second search don't ask Steam again, one load at a time per key
// (a second caller joins the load under way and sees its progress), and the views that page
// buttons point at by a short id. Bounded in size; expired entries go on the next access.
import { randomBytes } from 'node:crypto';
import type { InventoryViewData } from '../../format/inventory.js';
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

export interface InventoryView {
  id: string;
  ownerId: string;
  data: InventoryViewData;
  lastUsed: number;
}

export interface InventoryCacheOptions {
  /** How long a loaded inventory is reused. */
  inventoryTtlMs?: number;
  /** How long after its last use a view can still be paged. */
  viewTtlMs?: number;
  maxInventories?: number;
  maxViews?: number;
  now?: () => number;
  newId?: () => string;
}

interface Loading {
  promise: Promise<{ inventory: Inventory; loadedAt: number }>;
  progress: { listeners: Set<ProgressListener>; last: InventoryProgress | null };
}

export const INVENTORY_TTL_MS = 5 * 60_000;
export const VIEW_TTL_MS = 10 * 60_000;

function keyOf(key: InventoryKey): string {
  return `${key.steamid}/${key.appid}/${key.contextid}`;
}

export class InventoryCache {
  private readonly inventories = new Map<string, { inventory: Inventory; loadedAt: number }>();
  private readonly loading = new Map<string, Loading>();
  private readonly views = new Map<string, InventoryView>();
  private readonly inventoryTtlMs: number;
  private readonly viewTtlMs: number;
  private readonly maxInventories: number;
  private readonly maxViews: number;
  private readonly now: () => number;
  private readonly newId: () => string;

  constructor(options: InventoryCacheOptions = {}) {
    this.inventoryTtlMs = options.inventoryTtlMs ?? INVENTORY_TTL_MS;
    this.viewTtlMs = options.viewTtlMs ?? VIEW_TTL_MS;
    this.maxInventories = options.maxInventories ?? 20;
    this.maxViews = options.maxViews ?? 200;
    this.now = options.now ?? Date.now;
    // 8 url-safe characters: short enough for a custom id, unguessable enough for a chat.
    this.newId = options.newId ?? (() => randomBytes(6).toString('base64url'));
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

  /** Remembers what one command showed, for its page buttons; returns the view's short id. */
  addView(ownerId: string, data: InventoryViewData): string {
    const now = this.now();
    for (const [id, view] of this.views) {
      if (now - view.lastUsed >= this.viewTtlMs) this.views.delete(id);
    }
    let id = this.newId();
    while (this.views.has(id)) id = this.newId();
    this.views.set(id, { id, ownerId, data, lastUsed: now });
    while (this.views.size > this.maxViews) {
      const oldest = this.views.keys().next().value as string;
      this.views.delete(oldest);
    }
    return id;
  }

  /** The view while it is in use (each call keeps it alive), or undefined once it expired. */
  getView(id: string): InventoryView | undefined {
    const view = this.views.get(id);
    if (!view) return undefined;
    const now = this.now();
    if (now - view.lastUsed >= this.viewTtlMs) {
      this.views.delete(id);
      return undefined;
    }
    view.lastUsed = now;
    // Move to the end so the most recently used views are the last to be evicted.
    this.views.delete(id);
    this.views.set(id, view);
    return view;
  }
}
