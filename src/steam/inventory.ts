// Community inventories (docs/steam.md#inventories, #inventory-contexts): paging with start_assetid, a page size
// that halves when Steam answers 400 to it (the 2025-05 server cap), descriptions joined by
// classid_instanceid across pages, and the contexts listing from g_rgAppContextData.
//
// Cost (issue 13, bench/inventory.ts): the pages are read one after the other into one reused
// buffer, and each is read from its bytes (inventoryPageBytes.ts): checked as JSON in full, but
// a description of a class already seen (Steam repeats it on every page holding a copy) is
// never decoded or parsed. Each class's description is validated the first time it is seen,
// and each asset is checked with plain comparisons. Items share their description, their inventory's
// contextid and the description's classid/instanceid strings, so a loaded inventory costs
// little more than its asset ids. Between the parse and the rest of a page, and every few
// thousand descriptions or assets, the load yields to the event loop, so a click is answered
// while a 100,000-item inventory loads.
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { PrivateInventoryError, SteamShapeError, UnknownUserError } from './errors.js';
import { checkJson, parseJson } from './answers.js';
import type { SteamHttp } from './http.js';
import { parseAppContextData } from './inventoryContexts.js';
import { BodyBuffer } from './responseBody.js';
import { KNOWN_DESCRIPTION, readInventoryPageBytes, UnparsedDescription } from './inventoryPageBytes.js';
import { inventoryPage, readDescription, readInventoryAsset } from './wire/items.js';
import { stringInterner } from './wire/primitives.js';
import type { EconDescription, EconItem, Inventory, InventoryContext, InventoryProgress } from './types.js';

/** Steam's own web page asks for 2000 (docs/steam.md#inventory-paging); the spec caps us there too. */
export const MAX_INVENTORY_PAGE = 2000;
const MIN_INVENTORY_PAGE = 100;
/** Descriptions parsed and validated, or assets read, between two yields to the event loop (~10 ms of work). */
const DESCRIPTIONS_PER_SLICE = 500;
const ASSETS_PER_SLICE = 5000;

export interface LoadInventoryOptions {
  steamid: string;
  appid: number;
  contextid: string;
  onProgress?: (progress: InventoryProgress) => void | Promise<void>;
  maxWaitMs?: number;
}

export class InventoryService {
  /** The page size Steam last accepted; kept so later loads don't hit the cap again. */
  private pageSize = MAX_INVENTORY_PAGE;

  constructor(
    private readonly http: SteamHttp,
    private readonly botSteamId: string,
  ) {}

  async load(options: LoadInventoryOptions): Promise<Inventory> {
    const { steamid, appid, contextid } = options;
    const own = steamid === this.botSteamId;
    const path = `/inventory/${steamid}/${appid}/${contextid}`;
    const descriptions = new DescriptionIndex();
    const intern = stringInterner();
    const items: EconItem[] = [];
    const seen = new Set<string>();
    const bodyBuffer = new BodyBuffer();
    let startAssetid: string | undefined;
    let total: number | null = null;
    let pages = 0;
    let unjoined = 0;

    for (;;) {
      const count = this.pageSize;
      const response = await this.http.send({
        host: 'community',
        method: 'GET',
        path,
        query: { l: 'english', count, start_assetid: startAssetid },
        headers: { referer: `${this.http.communityUrl}/profiles/${steamid}/inventory` },
        auth: own ? 'cookies' : 'none',
        lane: 'inventory',
        bodyBuffer,
        // For our own inventory a 403 means the cookies no longer work (docs/steam.md#inventory-errors).
        on403: own ? 'expired' : 'return',
        acceptStatuses: [400],
        ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
      });
      if (response.status === 403) throw new PrivateInventoryError(response.endpoint, steamid);
      if (response.status === 400) {
        if (count <= MIN_INVENTORY_PAGE)
          throw new SteamShapeError(response.endpoint, 'HTTP 400 at the smallest page size');
        // Halve what this request asked for: a parallel load may have halved the size already.
        this.pageSize = Math.min(this.pageSize, Math.max(MIN_INVENTORY_PAGE, Math.floor(count / 2)));
        continue;
      }
      const json =
        response.body &&
        (await readInventoryPageBytes(
          response.body,
          (classid, instanceid) => descriptions.has(classid, instanceid),
          yieldToEventLoop,
        ));
      const page =
        json === undefined
          ? parseJson(response, inventoryPage, this.http.logger)
          : checkJson(response, json, inventoryPage, this.http.logger);
      if (page.success !== undefined && page.success !== 1) {
        throw new SteamShapeError(response.endpoint, `success ${page.success}${page.error ? `: ${page.error}` : ''}`);
      }
      // Reading a 2,000-item page is the longest single step; let others in.
      await yieldToEventLoop();
      pages += 1;
      this.http.telemetry.inventoryPage(own ? 'bot' : 'other');
      total = page.total_inventory_count ?? total;

      const rawDescriptions = page.descriptions ?? [];
      let newDescriptions = 0;
      for (let i = 0; i < rawDescriptions.length; i++) {
        const listed = rawDescriptions[i];
        if (listed === KNOWN_DESCRIPTION) continue;
        const raw = listed instanceof UnparsedDescription ? listed.parse() : listed;
        if (descriptions.hasRaw(raw)) continue;
        const description = readDescription(raw, intern);
        if (typeof description === 'string') {
          throw this.shapeError(response.endpoint, response.status, `descriptions[${i}]: ${description}`);
        }
        descriptions.add(description);
        if (++newDescriptions % DESCRIPTIONS_PER_SLICE === 0) await yieldToEventLoop();
      }

      const rawAssets = page.assets ?? [];
      for (let i = 0; i < rawAssets.length; i++) {
        const item = readInventoryAsset(rawAssets[i], contextid);
        if (typeof item === 'string') {
          throw this.shapeError(response.endpoint, response.status, `assets[${i}]: ${item}`);
        }
        if (seen.has(item.assetid)) continue;
        seen.add(item.assetid);
        const description = descriptions.get(item.classid, item.instanceid);
        if (description) {
          // The description's strings, so the page's own copies can go.
          item.description = description;
          item.classid = description.classid;
          item.instanceid = description.instanceid;
        } else {
          unjoined++;
        }
        items.push(item);
        if ((i + 1) % ASSETS_PER_SLICE === 0) await yieldToEventLoop();
      }
      await options.onProgress?.({
        pagesLoaded: pages,
        itemsLoaded: items.length,
        totalItems: total,
        totalPages: total === null ? null : Math.max(pages, Math.ceil(total / this.pageSize)),
      });
      if (!page.more_items) break;
      if (!page.last_assetid || page.last_assetid === startAssetid) {
        throw new SteamShapeError(response.endpoint, 'more_items without a new last_assetid');
      }
      startAssetid = page.last_assetid;
    }

    // A description can arrive on a later page than its asset: join once more at the end.
    if (unjoined > 0) {
      for (const item of items) {
        if (item.description !== null) continue;
        const description = descriptions.get(item.classid, item.instanceid);
        if (description) {
          item.description = description;
          item.classid = description.classid;
          item.instanceid = description.instanceid;
        }
      }
    }
    const totalInventoryCount = total ?? items.length;
    return {
      steamid,
      appid,
      contextid,
      items,
      totalInventoryCount,
      hiddenItems: items.length === 0 && totalInventoryCount > 0,
    };
  }

  /** Logged once here, like parseJson's. */
  private shapeError(
    endpoint: string,
    status: number,
    problem: ConstructorParameters<typeof SteamShapeError>[1],
  ): SteamShapeError {
    const error = new SteamShapeError(endpoint, problem);
    this.http.logger.warn({ endpoint, status, problem: error.describeIssues() }, error.message);
    return error;
  }

  /** Every app and context of a user's inventory, from the profile inventory page. */
  async contexts(steamid: string): Promise<InventoryContext[]> {
    const own = steamid === this.botSteamId;
    const response = await this.http.send({
      host: 'community',
      method: 'GET',
      path: `/profiles/${steamid}/inventory/`,
      query: { l: 'english' },
      auth: own ? 'cookies' : 'none',
      on403: own ? 'expired' : 'return',
      acceptStatuses: [404],
    });
    if (response.status === 404) throw new UnknownUserError(response.endpoint, steamid);
    if (response.status === 403) throw new PrivateInventoryError(response.endpoint, steamid);
    return parseAppContextData(response.text, steamid, response.endpoint);
  }
}

/**
 * Descriptions by classid, then instanceid (the join key of docs/steam.md#item-descriptions, classid_instanceid, without
 * building that string for each of 100,000s of assets). Most classes have one instance, so a
 * class maps straight to its description and gets a Map of instances only at its second one.
 */
class DescriptionIndex {
  private readonly byClass = new Map<string, EconDescription | Map<string, EconDescription>>();

  has(classid: string, instanceid: string): boolean {
    return this.get(classid, instanceid) !== null;
  }

  get(classid: string, instanceid: string): EconDescription | null {
    const found = this.byClass.get(classid);
    if (found === undefined) return null;
    if (found instanceof Map) return found.get(instanceid) ?? null;
    return found.instanceid === instanceid ? found : null;
  }

  add(description: EconDescription): void {
    const { classid, instanceid } = description;
    const found = this.byClass.get(classid);
    if (found === undefined) this.byClass.set(classid, description);
    else if (found instanceof Map) {
      if (!found.has(instanceid)) found.set(instanceid, description);
    } else if (found.instanceid !== instanceid) {
      this.byClass.set(
        classid,
        new Map([
          [found.instanceid, found],
          [instanceid, description],
        ]),
      );
    }
  }

  /** Whether a description Steam sent, not yet validated, is of a class already known. */
  hasRaw(raw: unknown): boolean {
    if (typeof raw !== 'object' || raw === null) return false;
    const { classid, instanceid } = raw as { classid?: unknown; instanceid?: unknown };
    if (typeof classid !== 'string' && typeof classid !== 'number') return false;
    if (instanceid === undefined) return this.get(String(classid), '0') !== null;
    return (
      (typeof instanceid === 'string' || typeof instanceid === 'number') &&
      this.get(String(classid), String(instanceid)) !== null
    );
  }
}
