// Item names for trade offers come from ISteamEconomy/GetAssetClassInfo (docs/steam.md#getassetclassinfo), as
// tradeoffer-manager does, not from GetTradeOffers' own descriptions: Steam leaves those out for the
// items of finished offers (they have moved: `missing: true`), and with get_descriptions=1 one
// description it cannot load fails the whole list. A class's description does not change, so what
// Steam told us once is kept for good: in memory, and in the store so a restart asks again for nothing.
import type { Logger } from '../logger.js';
import type { SteamHttp } from './http.js';
import { classInfoResponse, storedDescription, toClassDescription } from './wire/items.js';
import type { EconDescription } from './types.js';

/** tradeoffer-manager's ITEMS_PER_CLASSINFO_REQUEST; Steam's own limit is not documented. */
export const CLASSES_PER_REQUEST = 100;
/** Descriptions kept in memory in front of the store (oldest dropped first). */
const MEMORY_LIMIT = 20_000;

/** Where descriptions are kept between runs; never expiring. Wired to the store in app.ts. */
export interface ClassDescriptionStore {
  get(key: string): Promise<unknown>;
  set(key: string, description: EconDescription): Promise<void>;
}

export interface EconClass {
  appid: number;
  classid: string;
  instanceid: string;
}

/** appid_classid_instanceid: class ids are not promised to be unique across apps. */
export function classKey(c: EconClass): string {
  return `${c.appid}_${c.classid}_${c.instanceid || '0'}`;
}

export class ClassInfoService {
  private readonly memory = new Map<string, EconDescription>();

  constructor(
    private readonly http: SteamHttp,
    private readonly store: ClassDescriptionStore | null,
    private readonly logger: Logger,
  ) {}

  /**
   * Fills in `description` where it is null, from memory, the store, then Steam. Never throws: an
   * item Steam could not describe keeps null, and the caller decides what that means (a new offer
   * waits; a known one is shown by its card's record).
   */
  async fill(items: Array<EconClass & { description: EconDescription | null }>, maxWaitMs?: number): Promise<void> {
    const wanted = items.filter((item) => item.description === null);
    if (wanted.length === 0) return;
    const found = await this.describe(wanted, maxWaitMs);
    for (const item of wanted) item.description = found.get(classKey(item)) ?? null;
  }

  /** Descriptions by classKey; classes nobody could describe are absent. */
  async describe(classes: readonly EconClass[], maxWaitMs?: number): Promise<Map<string, EconDescription>> {
    const found = new Map<string, EconDescription>();
    const missing = new Map<string, EconClass>();
    for (const c of classes) {
      const key = classKey(c);
      if (found.has(key) || missing.has(key)) continue;
      const known = this.memory.get(key) ?? (await this.fromStore(key));
      if (known) found.set(key, known);
      else missing.set(key, c);
    }
    if (missing.size === 0) return found;
    const byApp = new Map<number, EconClass[]>();
    for (const c of missing.values()) byApp.set(c.appid, [...(byApp.get(c.appid) ?? []), c]);
    for (const [appid, list] of byApp) {
      for (let i = 0; i < list.length; i += CLASSES_PER_REQUEST) {
        const chunk = list.slice(i, i + CLASSES_PER_REQUEST);
        try {
          for (const description of await this.request(appid, chunk, maxWaitMs)) {
            const key = classKey(description);
            if (!missing.has(key)) continue;
            found.set(key, description);
            await this.remember(description);
          }
        } catch (error) {
          this.logger.warn({ err: error, appid, classes: chunk.length }, 'could not load item descriptions');
        }
      }
    }
    return found;
  }

  /** Keeps a description Steam sent elsewhere (GetTradeOffer, GetTradeHistory) for later. */
  async remember(description: EconDescription): Promise<void> {
    const key = classKey(description);
    if (this.memory.has(key)) return;
    this.keepInMemory(key, description);
    try {
      await this.store?.set(key, description);
    } catch (error) {
      // Memory still has it; the store gets it the next time a process needs it.
      this.logger.warn({ err: error, key }, 'could not keep an item description in the store');
    }
  }

  private keepInMemory(key: string, description: EconDescription): void {
    this.memory.set(key, description);
    if (this.memory.size > MEMORY_LIMIT) this.memory.delete(this.memory.keys().next().value!);
  }

  private async fromStore(key: string): Promise<EconDescription | undefined> {
    if (!this.store) return undefined;
    try {
      const parsed = storedDescription.safeParse(await this.store.get(key));
      if (!parsed.success) return undefined;
      this.keepInMemory(key, parsed.data);
      return parsed.data;
    } catch (error) {
      this.logger.warn({ err: error, key }, 'could not read an item description from the store');
      return undefined;
    }
  }

  private async request(appid: number, chunk: EconClass[], maxWaitMs?: number): Promise<EconDescription[]> {
    const query: Record<string, string | number> = { appid, language: 'english', class_count: chunk.length };
    chunk.forEach((c, index) => {
      query[`classid${index}`] = c.classid;
      query[`instanceid${index}`] = c.instanceid || '0';
    });
    const { data } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: '/ISteamEconomy/GetAssetClassInfo/v1/',
        query,
        auth: 'accessToken',
        ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
      },
      classInfoResponse,
    );
    return Object.entries(data.result).flatMap(([key, value]) => toClassDescription(appid, key, value) ?? []);
  }
}
