// Everything a command, button or background job needs, wired once in app.ts and passed
// down explicitly (no container, no globals).
import type { Client } from 'discord.js';
import type { InventoryViews } from './commands/inventory/views.js';
import type { OfferPageCaches } from './commands/offers/cache.js';
import type { Config } from './config.js';
import type { Health } from './health.js';
import type { Logger } from './logger.js';
import type { Feed } from './feed/feed.js';
import type { SteamClient } from './steam/client.js';
import type { TradeOffers } from './services/tradeOffers.js';
import type { SessionKeeper } from './steam/sessionKeeper.js';
import type { Store } from './store/index.js';
import type { Telemetry } from './telemetry.js';
import type { TradeBots } from './tradebots/service.js';

export interface AppContext {
  config: Config;
  logger: Logger;
  store: Store;
  steam: SteamClient;
  /** How the Steam session is held and renewed; `canRenew` says whether it can go on without a person. */
  sessionKeeper: SessionKeeper;
  client: Client;
  health: Health;
  /** Accept, decline and cancel: the one way Discord acts on a trade offer. */
  tradeOffers: TradeOffers;
  /** Offer cards: /offers show builds its embed the way the feed does (partner name, hold). */
  feed: Feed;
  /** SteamTradeBots publishing and the stock engine (preview works without an API key). */
  tradeBots: TradeBots;
  /** Counters for /metrics (a no-op without HTTP_PORT). */
  telemetry: Telemetry;
  /** What each /inventory show listed, for its page buttons (inventories are in steam.inventoryCache). */
  inventoryViews: InventoryViews;
  /** What /offers list and /offers history read, for their page buttons (a minute). */
  offerPages: OfferPageCaches;
}
