// Cards per set for every game the bot holds cards of (docs/steam.md#cards-per-set): the override
// file first, then what the badge pages (or booster packs in the inventory) said before, kept
// in the store for good as ASF keeps them, then a booster pack the bot holds, then the badge
// page itself. A game whose size cannot be learned stays unknown and is
// reported; it is never guessed.
import type { Logger } from '../logger.js';
import { plausibleSetSize } from '../steam/badgePage.js';
import type { CardsPerSetResult } from '../steam/badges.js';
import type { Store } from '../store/index.js';
import { SetSizeRecords } from '../store/tradeBotsRecords.js';
import type { SetSizeLookup } from './stock.js';

/** Games whose badge page showed no set: asked again after this long, not on every recount. */
export const UNKNOWN_RETRY_MS = 24 * 60 * 60 * 1000;
/**
 * Badge pages fetched per pass. A card bot can hold cards of thousands of games; the first
 * count fetches this many, reports the rest as unknown, and later passes fetch more.
 */
export const DEFAULT_LOOKUPS_PER_PASS = 100;

export interface BadgeSource {
  cardsPerSet(appid: number, options?: { maxWaitMs?: number }): Promise<CardsPerSetResult>;
}

export type SetSizeStore = Pick<Store, 'getValue' | 'setValue'>;

export interface EnsureResult {
  /** Sizes learned in this pass (from the store or a badge page). */
  learned: number;
  /** Games still unknown after it. */
  unknown: number[];
  /** Of those, the games not asked yet because the pass reached lookupsPerPass: ask again. */
  deferred: number[];
}

export class SetSizeService {
  private readonly known = new Map<number, number>();
  /** appid → when it was found unknown (ms); not asked again before UNKNOWN_RETRY_MS. */
  private readonly unknownAt = new Map<number, number>();
  private readonly lookupsPerPass: number;
  private pass: Promise<unknown> = Promise.resolve();
  /** Bumped whenever a size is learned, so a stock counted before can be told apart. */
  version = 0;

  constructor(
    private readonly deps: {
      store: SetSizeStore;
      badges: BadgeSource;
      /** From the override file (STEAMTRADEBOTS_SET_SIZES_FILE); wins over everything. */
      overrides?: ReadonlyMap<number, number>;
      logger: Logger;
      lookupsPerPass?: number;
      now?: () => number;
    },
  ) {
    this.lookupsPerPass = deps.lookupsPerPass ?? DEFAULT_LOOKUPS_PER_PASS;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  /** Synchronous lookup over what is known now (for computeStock and offerStockDelta). */
  readonly lookup: SetSizeLookup = (appid) => this.deps.overrides?.get(appid) ?? this.known.get(appid);

  /**
   * Learns the sizes of these games where it can: store first, then badge pages (at most
   * lookupsPerPass of them). Passes run one at a time so two callers never fetch one page twice.
   */
  ensure(appids: Iterable<number>): Promise<EnsureResult> {
    const wanted = [...new Set(appids)].filter((appid) => this.lookup(appid) === undefined);
    const run = this.pass.then(() => this.learn(wanted));
    this.pass = run.catch(() => undefined);
    return run;
  }

  /**
   * Takes sizes read from booster packs for games still unknown: as good as a badge page, and
   * kept in the store the same way. Runs between passes, like ensure(). Returns how many it took.
   */
  rememberFromBoosterPacks(sizes: ReadonlyMap<number, number>): Promise<number> {
    const run = this.pass.then(async () => {
      let taken = 0;
      for (const [appid, size] of sizes) {
        if (this.lookup(appid) !== undefined) continue;
        this.known.set(appid, size);
        this.unknownAt.delete(appid);
        this.version++;
        taken++;
        await new SetSizeRecords(this.deps.store).setSize(appid, size);
        this.deps.logger.debug({ appid, size }, 'card set size from a booster pack');
      }
      return taken;
    });
    this.pass = run.catch(() => undefined);
    return run;
  }

  private async learn(appids: number[]): Promise<EnsureResult> {
    const { badges, logger } = this.deps;
    const records = new SetSizeRecords(this.deps.store);
    let learned = 0;
    let fetched = 0;
    const unknown: number[] = [];
    const deferred: number[] = [];
    for (const appid of appids) {
      if (this.lookup(appid) !== undefined) continue;
      const cached = await records.size(appid);
      // A stored size outside 5–15 is not trusted: the badge page is read again.
      if (cached !== null && plausibleSetSize(cached)) {
        this.known.set(appid, cached);
        this.version++;
        learned++;
        continue;
      }
      const seenUnknown = this.unknownAt.get(appid);
      if (seenUnknown !== undefined && this.now() - seenUnknown < UNKNOWN_RETRY_MS) {
        unknown.push(appid);
        continue;
      }
      const storedUnknownRecord = await records.unknown(appid);
      if (storedUnknownRecord) {
        this.unknownAt.set(appid, storedUnknownRecord.at);
        unknown.push(appid);
        continue;
      }
      if (fetched >= this.lookupsPerPass) {
        unknown.push(appid);
        deferred.push(appid);
        continue;
      }
      fetched++;
      let result: CardsPerSetResult;
      try {
        result = await badges.cardsPerSet(appid);
      } catch (error) {
        // Steam busy or unreachable: unknown for now, asked again next pass. An expired
        // session is the same thing from here; the session watch reports it.
        logger.warn({ err: error, appid }, 'could not read the badge page for the set size');
        unknown.push(appid);
        continue;
      }
      if (result.size !== null) {
        this.known.set(appid, result.size);
        this.version++;
        await records.setSize(appid, result.size);
        learned++;
        logger.debug({ appid, size: result.size }, 'card set size from the badge page');
      } else {
        const at = this.now();
        this.unknownAt.set(appid, at);
        await records.setUnknown(appid, { reason: result.reason, at }, UNKNOWN_RETRY_MS);
        unknown.push(appid);
        logger.warn({ appid, reason: result.reason }, 'card set size unknown: the game is not counted');
      }
    }
    return { learned, unknown: unknown.sort((a, b) => a - b), deferred };
  }
}
