// The SteamTradeBots feature wired as the app wires it (TradeBots), against the Steam stand-in
// (community site + SteamTradeBots server) and a real SQLite store, with one clock for all.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { Health } from '../../src/health.js';
import { SteamClient } from '../../src/steam/client.js';
import { parseSteamSession } from '../../src/steam/session.js';
import { openStore, type Store } from '../../src/store/index.js';
import { loadTradeBotsFiles, TradeBots } from '../../src/tradebots/service.js';
import { StockEngine } from '../../src/tradebots/stockEngine.js';
import { tradeBotsAlertText } from '../../src/format/tradebotsStatus.js';
import type { PublisherOptions } from '../../src/tradebots/publishing.js';
import {
  csgoKey,
  gems,
  hydraKey,
  sackOfGems,
  startSteamStandIn,
  tf2Key,
  tourOfDutyTicket,
  tradingCard,
  type StandInItem,
  type SteamStandIn,
} from '../standins/steam/index.js';

export const silent = pino({ level: 'silent' });

export const START = Date.UTC(2026, 6, 1, 12, 0, 0);

export interface World {
  steam: SteamStandIn;
  clock: { now: number };
  dir: string;
  storeUrl: string;
  ratesPath: string;
  setSizesPath: string;
  close(): Promise<void>;
}

export async function startWorld(): Promise<World> {
  const clock = { now: START };
  const steam = await startSteamStandIn({ now: () => clock.now });
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-tradebots-'));
  return {
    steam,
    clock,
    dir,
    storeUrl: `sqlite://${join(dir, 'store.sqlite')}`,
    ratesPath: join(dir, 'rates.json'),
    setSizesPath: join(dir, 'set-sizes.json'),
    async close() {
      await steam.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface Bot {
  tradeBots: TradeBots;
  /** The stock engine the offer cards read (tradeBots reads the same one). */
  engine: StockEngine;
  steam: SteamClient;
  store: Store;
  health: Health;
  alerts: string[];
  /** Stops the publisher (offline on the way out), closes the client and the store. */
  stop(): Promise<void>;
}

/** One "process": its own Steam client, store connection and TradeBots, like a start of the bot. */
export async function startBot(
  world: World,
  opts: { apiKey?: string | null; setSizesFile?: boolean; publisher?: PublisherOptions } = {},
): Promise<Bot> {
  const apiKey = opts.apiKey === undefined ? world.steam.bot.tradeBotsApiKey : (opts.apiKey ?? undefined);
  const session = parseSteamSession(world.steam.bot.cookies, world.steam.bot.sessionId);
  if (!session.ok) throw new Error(session.reason);
  const now = () => world.clock.now;
  const steam = new SteamClient({
    communityUrl: world.steam.communityUrl,
    webApiUrl: world.steam.webApiUrl,
    session: session.value,
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: silent,
    maxRetries: 0,
    now,
  });
  const store = await openStore(world.storeUrl, { logger: silent });
  const config = {
    STEAMTRADEBOTS_API_KEY: apiKey,
    STEAMTRADEBOTS_API_URL: world.steam.tradeBotsUrl,
    STEAMTRADEBOTS_RATES_FILE: world.ratesPath,
    STEAMTRADEBOTS_SET_SIZES_FILE: opts.setSizesFile === false ? undefined : world.setSizesPath,
  };
  const files = await loadTradeBotsFiles(config, now());
  const health = new Health();
  const alerts: string[] = [];
  const engine = new StockEngine({ config, files, steam, store, logger: silent, now });
  const tradeBots = new TradeBots({
    config,
    engine,
    session: steam,
    store,
    health,
    alert: async (event) => void alerts.push(tradeBotsAlertText(event).text),
    logger: silent,
    // Automatic passes are run by the tests (runOnce), not by timers.
    publisherOptions: { debounceMs: 3_600_000, periodicMs: 3_600_000, retryMs: 3_600_000, ...opts.publisher },
    now,
  });
  return {
    tradeBots,
    engine,
    steam,
    store,
    health,
    alerts,
    async stop() {
      await tradeBots.stop();
      await steam.close();
      await store.close();
    },
  };
}

export const RATES = {
  buy_sets_tf2: 20,
  sell_sets_tf2: 23,
  buy_gems_set: 380,
  sell_gems_set: 450,
  custom_message: 'Sets for keys and gems, 24/7',
};

export function writeRates(world: World, rates: object = RATES): void {
  writeFileSync(world.ratesPath, JSON.stringify(rates, null, 2));
}

/** An app whose set size only the override file knows. */
export const OVERRIDE_APP = 1091500;

/**
 * The known inventory:
 * - 730 (5 cards, badge page): every card ×2 and cards 1–4 ×3 → 2 sets; foils 1–5 ×1 → 1 foil set;
 * - 440 (9 cards, badge page): cards 1–8 only → an incomplete set, 0 sets;
 * - 570 (no badge page: the stand-in redirects) → set size unknown, not counted;
 * - 1091500 (6 cards, override file; no badge page) → 1 set;
 * - gems: a stack of 1,500 and 2 sacks → 3,500; an untradable card of 730 that must not count;
 * - 440/2: 2 Mann Co. keys, 1 Tour of Duty ticket; 730/2: a CS:GO Case Key, an untradable one
 *   (bought after 2019-10-28), a Hydra key.
 */
export function knownInventory(world: World): { community: StandInItem[]; tf2: StandInItem[]; cs2: StandInItem[] } {
  const { steam } = world;
  steam.setBadgeSetSize(730, 5);
  steam.setBadgeSetSize(730, 5, true);
  steam.setBadgeSetSize(440, 9);
  writeFileSync(world.setSizesPath, JSON.stringify({ [OVERRIDE_APP]: 6 }));
  const community: StandInItem[] = [];
  const card = (appid: number, index: number, copies: number, foil = false) => {
    for (let i = 0; i < copies; i++) community.push(tradingCard({ appid, name: `Card ${index}`, index, foil }));
  };
  for (let i = 1; i <= 5; i++) card(730, i, i <= 4 ? 3 : 2);
  for (let i = 1; i <= 5; i++) card(730, i, 1, true);
  for (let i = 1; i <= 8; i++) card(440, i, 1);
  for (let i = 1; i <= 3; i++) card(570, i, 2);
  for (let i = 1; i <= 6; i++) card(OVERRIDE_APP, i, 1);
  const untradable = tradingCard({ appid: 730, name: 'Card 5', index: 5 });
  community.push({
    ...untradable,
    description: { ...untradable.description, tradable: 0, classid: '999000001' },
    classid: '999000001',
  });
  community.push(gems(1500), sackOfGems(2));
  const tf2 = [tf2Key(), tf2Key(), tourOfDutyTicket()];
  const cs2 = [csgoKey(), csgoKey({ tradable: false }), hydraKey()];
  steam.setInventory(steam.bot.steamid, 753, '6', community);
  steam.setInventory(steam.bot.steamid, 440, '2', tf2);
  steam.setInventory(steam.bot.steamid, 730, '2', cs2);
  return { community, tf2, cs2 };
}

/** The stock fields of knownInventory. */
export const KNOWN_STOCK = {
  stock_sets: 3,
  stock_unique_sets: 2,
  stock_foil_sets: 1,
  stock_gems: 3500,
  stock_keys_csgo: 1,
  stock_keys_tf2: 2,
  stock_keys_hydra: 1,
  stock_tickets_tod: 1,
  stock_badges: { '730': 2, [String(OVERRIDE_APP)]: 1 },
  stock_badge_appids: [730, OVERRIDE_APP],
};

export const tradeBotsRequests = (world: World) =>
  world.steam.requests.filter((r) => r.host === 'tradebots' && r.method === 'POST');
