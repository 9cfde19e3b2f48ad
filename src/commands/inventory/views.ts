// The lists /inventory show made, for their Previous/Next buttons. They are kept in the store,
// so a page still turns after a restart, or when the click reaches another process sharing the
// store. Asset ids are left out: a page shows counts. Reading back a list of 20,000 kinds takes
// ~150 ms, so the views this process made or read recently are also kept in memory.
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { InventoryViewData } from '../../format/inventory.js';
import type { Store } from '../../store/index.js';

/** A view can be paged this long after it was made or last refreshed. */
export const VIEW_TTL_MS = 15 * 60_000;
/** A page turn writes the view again (restarting its TTL) once it is this old. */
const REFRESH_AFTER_MS = 5 * 60_000;
const NAMESPACE = 'inventory-view';
const MAX_IN_MEMORY = 50;

const viewGroupSchema = z.object({
  marketHashName: z.string(),
  name: z.string(),
  type: z.string(),
  quantity: z.number(),
  tradableQuantity: z.number(),
  marketable: z.boolean(),
  tradable: z.boolean(),
  isCurrency: z.boolean(),
  // Views kept before fraud warnings were shown have none.
  fraudWarnings: z.array(z.string()).default([]),
});

const storedViewSchema = z.object({
  ownerId: z.string(),
  savedAt: z.number(),
  data: z.object({
    steamid: z.string(),
    personaName: z.string().nullable(),
    appid: z.number(),
    contextid: z.string(),
    search: z.string().nullable(),
    groups: z.array(viewGroupSchema),
    visibleAssets: z.number(),
    totalInventoryCount: z.number(),
    hiddenItems: z.boolean(),
    loadedAt: z.number(),
  }) satisfies z.ZodType<InventoryViewData>,
});

type StoredView = z.infer<typeof storedViewSchema>;

export interface InventoryView {
  ownerId: string;
  data: InventoryViewData;
}

export interface InventoryViewsOptions {
  now?: () => number;
  newId?: () => string;
  maxInMemory?: number;
}

export class InventoryViews {
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly maxInMemory: number;
  /** Most recently used last (a Map keeps insertion order). */
  private readonly recent = new Map<string, StoredView>();

  constructor(
    private readonly store: Store,
    options: InventoryViewsOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    // 8 url-safe characters (48 random bits): short enough for a custom id, unguessable in a chat.
    this.newId = options.newId ?? (() => randomBytes(6).toString('base64url'));
    this.maxInMemory = options.maxInMemory ?? MAX_IN_MEMORY;
  }

  /** Remembers what one command showed, for its page buttons; returns the view's short id. */
  async add(ownerId: string, data: InventoryViewData): Promise<string> {
    const id = this.newId();
    // A description's warnings are shared by reference (and read-only); the view keeps a copy.
    const groups = data.groups.map((g) => ({ ...g, fraudWarnings: [...g.fraudWarnings] }));
    await this.save(id, { ownerId, savedAt: this.now(), data: { ...data, groups } });
    return id;
  }

  /** The view while it is in use (a page turn keeps it alive), or undefined once it expired. */
  async get(id: string): Promise<InventoryView | undefined> {
    let view = this.recent.get(id);
    // Past its time here, it may still be in the store: another process may have refreshed it.
    if (!view || this.now() - view.savedAt >= VIEW_TTL_MS) {
      this.recent.delete(id);
      view = await this.store.getValue(NAMESPACE, id, storedViewSchema);
      if (!view) return undefined;
    }
    if (this.now() - view.savedAt >= REFRESH_AFTER_MS) await this.save(id, { ...view, savedAt: this.now() });
    else this.remember(id, view);
    return { ownerId: view.ownerId, data: view.data };
  }

  private async save(id: string, view: StoredView): Promise<void> {
    await this.store.setValue(NAMESPACE, id, view, VIEW_TTL_MS);
    this.remember(id, view);
  }

  private remember(id: string, view: StoredView): void {
    this.recent.delete(id);
    this.recent.set(id, view);
    while (this.recent.size > this.maxInMemory) this.recent.delete(this.recent.keys().next().value as string);
  }
}
