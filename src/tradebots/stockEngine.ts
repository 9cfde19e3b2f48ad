// The stock engine: the rates file, the cards-per-set sizes and the stock counted from the bot's
// inventories with them. Both the offer cards (what accepting would change) and the publisher read
// it, so app.ts builds it before either.
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { BadgeService } from '../steam/badges.js';
import type { SteamClient } from '../steam/client.js';
import type { TradeOffer } from '../steam/types.js';
import type { Store } from '../store/index.js';
import { gameNamesOf, type StockDelta } from './delta.js';
import { RatesSource, type RatesState } from './ratesSource.js';
import { SetSizeService } from './setSizes.js';
import { StockService } from './stockService.js';

/** The files checked at startup (loadTradeBotsFiles). */
export interface TradeBotsFiles {
  rates: RatesState;
  setSizeOverrides: Map<number, number>;
}

export interface StockEngineDeps {
  config: Pick<Config, 'STEAMTRADEBOTS_RATES_FILE'>;
  files: TradeBotsFiles;
  steam: Pick<SteamClient, 'http' | 'steamid' | 'inventoryCache'>;
  store: Store;
  logger: Logger;
  /** Badge pages fetched per counting pass (see SetSizeService). */
  setSizeLookupsPerPass?: number;
  now?: () => number;
}

/** What accepting an offer would change in the stock, with the names of the games it touches. */
export interface OfferStockChange {
  delta: StockDelta;
  gameNames: ReadonlyMap<number, string>;
}

/** How long an offer card waits for the stock before it is posted without the stock line. */
export const STOCK_LINE_WAIT_MS = 15_000;

export class StockEngine {
  readonly rates: RatesSource;
  readonly setSizes: SetSizeService;
  readonly stock: StockService;

  constructor(deps: StockEngineDeps) {
    const { config, files, steam, store, logger } = deps;
    const clock = deps.now ? { now: deps.now } : {};
    this.rates = new RatesSource(config.STEAMTRADEBOTS_RATES_FILE, files.rates, { logger, ...clock });
    this.setSizes = new SetSizeService({
      store,
      badges: new BadgeService(steam.http, steam.steamid),
      overrides: files.setSizeOverrides,
      logger,
      ...(deps.setSizeLookupsPerPass !== undefined ? { lookupsPerPass: deps.setSizeLookupsPerPass } : {}),
      ...clock,
    });
    this.stock = new StockService({
      inventories: steam.inventoryCache,
      steamid: steam.steamid,
      setSizes: this.setSizes,
      keyTable: () => this.rates.current.keyTable,
      logger,
      ...clock,
    });
  }

  /**
   * The offer card's line: what accepting would change in the stock, or null when the stock
   * could not be counted in time (the card is posted without it rather than late).
   */
  async stockChange(offer: TradeOffer, waitMs = STOCK_LINE_WAIT_MS): Promise<OfferStockChange | null> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), waitMs);
      timer.unref();
    });
    try {
      const delta = await Promise.race([this.stock.offerDelta(offer), timeout]);
      if (delta === null) return null;
      return { delta, gameNames: gameNamesOf([...offer.itemsToGive, ...offer.itemsToReceive]) };
    } finally {
      clearTimeout(timer);
    }
  }
}
