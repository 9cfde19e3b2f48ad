// SteamTradeBots publishing wired together: the files checked at startup, then the publisher
// over the stock engine (stockEngine.ts), plus the hook for a trade that changed the stock.
import { existsSync } from 'node:fs';
import type { Config } from '../config.js';
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import type { Telemetry } from '../telemetry.js';
import type { TradeOffer } from '../steam/types.js';
import { TradeBotsApi } from './api.js';
import type { ConfigFileProblem } from './configFile.js';
import { loadSetSizeOverrides } from './setSizeSources.js';
import type { AlertTradeBots } from './alerts.js';
import { Publisher } from './publisher.js';
import { keyIdOf, type PublisherOptions, type SessionSource } from './publishing.js';
import { loadRatesFile } from './rates.js';
import { EMPTY_RATES, type RatesSource, type RatesState } from './ratesSource.js';
import type { SetSizeService } from './setSizes.js';
import type { StockEngine, TradeBotsFiles } from './stockEngine.js';
import type { StockService } from './stockService.js';
import type { Store } from '../store/index.js';

/**
 * A rates or set-size file that cannot be used: startup stops with one line
 * (format/configFileProblem.ts words it). `missing`: the rates file is not there at all.
 */
export class TradeBotsStartupError extends Error {
  override readonly name = 'TradeBotsStartupError';
  constructor(
    readonly setting: 'STEAMTRADEBOTS_RATES_FILE' | 'STEAMTRADEBOTS_SET_SIZES_FILE',
    readonly problem: ConfigFileProblem,
    readonly missing = false,
  ) {
    super(`${setting}: ${problem.kind} (${problem.file})`);
  }
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
      const missing = result.reason === 'unreadable' && !existsSync(path);
      throw new TradeBotsStartupError('STEAMTRADEBOTS_RATES_FILE', result.problem, missing);
    }
    rates = { rates: result.rates, keyTable: result.keyTable, loadedAt: now, present: true };
  }
  let setSizeOverrides = new Map<number, number>();
  if (config.STEAMTRADEBOTS_SET_SIZES_FILE !== undefined) {
    const result = await loadSetSizeOverrides(config.STEAMTRADEBOTS_SET_SIZES_FILE);
    if (!result.ok) throw new TradeBotsStartupError('STEAMTRADEBOTS_SET_SIZES_FILE', result.problem);
    setSizeOverrides = result.sizes;
  }
  return { rates, setSizeOverrides };
}

export interface TradeBotsDeps {
  config: Pick<Config, 'STEAMTRADEBOTS_API_KEY' | 'STEAMTRADEBOTS_API_URL'>;
  /** The rates and the stock the publisher sends (built first: the offer cards read it too). */
  engine: StockEngine;
  /** Whether the Steam session works: the publisher says "waiting for Steam" while it does not. */
  session: SessionSource;
  store: Store;
  health: Pick<Health, 'tradeBots'>;
  alert: AlertTradeBots;
  logger: Logger;
  publisherOptions?: PublisherOptions;
  now?: () => number;
  telemetry?: Telemetry;
}

export class TradeBots {
  readonly setSizes: SetSizeService;
  readonly stock: StockService;
  readonly rates: RatesSource;
  readonly publisher: Publisher;

  constructor(deps: TradeBotsDeps) {
    const { config, engine } = deps;
    this.setSizes = engine.setSizes;
    this.stock = engine.stock;
    this.rates = engine.rates;
    const apiKey = config.STEAMTRADEBOTS_API_KEY;
    this.publisher = new Publisher({
      api: apiKey === undefined ? null : new TradeBotsApi({ baseUrl: config.STEAMTRADEBOTS_API_URL, apiKey }),
      keyId: apiKey === undefined ? null : keyIdOf(apiKey),
      stock: this.stock,
      rates: this.rates,
      store: deps.store,
      health: deps.health,
      alert: deps.alert,
      session: deps.session,
      logger: deps.logger,
      ...(deps.publisherOptions ? { options: deps.publisherOptions } : {}),
      ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
      ...(deps.now ? { now: deps.now } : {}),
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
}
