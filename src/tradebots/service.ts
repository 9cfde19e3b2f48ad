// SteamTradeBots publishing wired together: the files checked at startup, then the set-size
// service, the stock service, the rates watcher and the publisher, plus the offer-card hook.
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import type { Telemetry } from '../telemetry.js';
import { BadgeService } from '../steam/badges.js';
import type { SteamClient } from '../steam/client.js';
import type { TradeOffer } from '../steam/types.js';
import { TradeBotsApi } from './api.js';
import { loadSetSizeOverrides } from './setSizeSources.js';
import { gameNamesOf, type StockDelta } from './delta.js';
import type { AlertTradeBots } from './alerts.js';
import { Publisher } from './publisher.js';
import { keyIdOf, type PublisherOptions } from './publishing.js';
import { loadRatesFile } from './rates.js';
import { EMPTY_RATES, RatesSource, type RatesState } from './ratesSource.js';
import { SetSizeService } from './setSizes.js';
import { StockService } from './stockService.js';
import type { Store } from '../store/index.js';

/** A rates or set-size file that cannot be used: startup stops with this one line. */
export class TradeBotsStartupError extends Error {
  override readonly name = 'TradeBotsStartupError';
}

export interface TradeBotsFiles {
  rates: RatesState;
  setSizeOverrides: Map<number, number>;
}

type FilesConfig = Pick<
  Config,
  'STEAMTRADEBOTS_API_KEY' | 'STEAMTRADEBOTS_RATES_FILE' | 'STEAMTRADEBOTS_SET_SIZES_FILE'
>;

/**
 * The rates file is checked when publishing is configured or the file exists: a bad file
 * stops startup naming the field. With STEAMTRADEBOTS_API_KEY set the file must exist (an
 * empty object publishes stock and status only). The set-size override file, when named,
 * must be valid too.
 */
export async function loadTradeBotsFiles(config: FilesConfig, now = Date.now()): Promise<TradeBotsFiles> {
  const path = config.STEAMTRADEBOTS_RATES_FILE;
  let rates: RatesState = { ...EMPTY_RATES, loadedAt: now };
  if (config.STEAMTRADEBOTS_API_KEY !== undefined || existsSync(path)) {
    const result = await loadRatesFile(path);
    if (!result.ok) {
      const hint =
        result.reason === 'unreadable' && !existsSync(path)
          ? ' (publishing to SteamTradeBots needs one: copy rates.example.json, or write {} to publish stock and status only)'
          : '';
      throw new TradeBotsStartupError(`STEAMTRADEBOTS_RATES_FILE: ${result.message}${hint}`);
    }
    rates = { rates: result.rates, keyTable: result.keyTable, loadedAt: now, present: true };
  }
  let setSizeOverrides = new Map<number, number>();
  if (config.STEAMTRADEBOTS_SET_SIZES_FILE !== undefined) {
    const result = await loadSetSizeOverrides(config.STEAMTRADEBOTS_SET_SIZES_FILE);
    if (!result.ok) throw new TradeBotsStartupError(`STEAMTRADEBOTS_SET_SIZES_FILE: ${result.message}`);
    setSizeOverrides = result.sizes;
  }
  return { rates, setSizeOverrides };
}

export interface TradeBotsDeps {
  config: Pick<Config, 'STEAMTRADEBOTS_API_KEY' | 'STEAMTRADEBOTS_API_URL' | 'STEAMTRADEBOTS_RATES_FILE'>;
  files: TradeBotsFiles;
  steam: SteamClient;
  store: Store;
  health: Pick<Health, 'tradeBots'>;
  alert: AlertTradeBots;
  logger: Logger;
  publisherOptions?: PublisherOptions;
  /** Badge pages fetched per counting pass (see SetSizeService). */
  setSizeLookupsPerPass?: number;
  now?: () => number;
  telemetry?: Telemetry;
}

/** What accepting an offer would change in the stock, with the names of the games it touches. */
export interface OfferStockChange {
  delta: StockDelta;
  gameNames: ReadonlyMap<number, string>;
}

/** How long an offer card waits for the stock before it is posted without the stock line. */
export const STOCK_LINE_WAIT_MS = 15_000;

export class TradeBots {
  readonly setSizes: SetSizeService;
  readonly stock: StockService;
  readonly rates: RatesSource;
  readonly publisher: Publisher;

  constructor(deps: TradeBotsDeps) {
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
    const apiKey = config.STEAMTRADEBOTS_API_KEY;
    this.publisher = new Publisher({
      api: apiKey === undefined ? null : new TradeBotsApi({ baseUrl: config.STEAMTRADEBOTS_API_URL, apiKey }),
      keyId: apiKey === undefined ? null : keyIdOf(apiKey),
      stock: this.stock,
      rates: this.rates,
      store,
      health: deps.health,
      alert: deps.alert,
      session: steam,
      logger,
      ...(deps.publisherOptions ? { options: deps.publisherOptions } : {}),
      ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
      ...clock,
    });
  }

  start(): void {
    this.publisher.start();
  }

  async stop(): Promise<void> {
    await this.publisher.stop();
  }

  /** The poller saw an offer change state: a completed trade changes the stock. */
  offerChanged(offer: TradeOffer): void {
    this.publisher.offerChanged(offer.state);
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
