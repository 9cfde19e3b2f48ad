// What the in-process tests of the feed and the offer service share: the Steam stand-in with a real
// SteamClient on it, a SQLite store in a temp dir with the feed channel set, and the Discord
// stand-in's REST API behind a discord.js client. No bot process: the classes are driven directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'discord.js';
import { Feed } from '../../src/feed/feed.js';
import { Poller } from '../../src/feed/poller.js';
import { Health } from '../../src/health.js';
import { createLogger, type Logger } from '../../src/logger.js';
import { SteamClient } from '../../src/steam/client.js';
import { parseSteamSession } from '../../src/steam/session.js';
import { sentOfferAlerts } from '../../src/store/alerts.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startDiscordStandIn, type DiscordStandIn } from '../standins/discord/index.js';
import { startSteamStandIn, type SteamStandIn } from '../standins/steam/index.js';

export const silentLogger = createLogger({ level: 'silent', secrets: [], pretty: false });

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** A debug logger that keeps its lines, parsed, for a test to search (as e2e tests search the bot's stdout). */
export function recordingLogger(): { logger: Logger; logs: LogLine[] } {
  const logs: LogLine[] = [];
  const destination = { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) };
  return { logger: createLogger({ level: 'debug', secrets: [], pretty: false, destination }), logs };
}

export interface World {
  steam: SteamStandIn;
  discord: DiscordStandIn;
  store: Store;
  /** The store's URL, for a second process's store on the same file. */
  storeUrl: string;
  client: Client;
  steamClient: SteamClient;
  /** The feed channel, set in the home server's settings. */
  channelId: string;
  /**
   * The Steam stand-in's and the poller's clock: real time, moved ahead by `tick` (polls "a second
   * apart" without waiting a second, so time_updated and the sweep window move as they do in a bot).
   */
  clock: { now(): number; tick(ms: number): void };
  /** What the SteamClient and the parts from `feedParts` logged. */
  logs: LogLine[];
  logger: Logger;
  close(): Promise<void>;
}

/**
 * The feed as app.ts wires it, on the world: Health, Feed and a Poller driven by `pollNow()` (never
 * started, so no timer runs). Called again on the same store, it is what a restarted process has.
 */
export function feedParts(
  world: World,
  options: { store?: Store; intervalMs?: number } = {},
): { health: Health; feed: Feed; poller: Poller } {
  const store = options.store ?? world.store;
  const { logger } = world;
  const health = new Health();
  const feed = new Feed({
    client: world.client,
    store,
    steam: world.steamClient,
    health,
    logger,
    guildId: world.discord.guild.id,
  });
  const poller = new Poller({
    steam: world.steamClient,
    store,
    sentOfferAlerts: sentOfferAlerts(store),
    feed,
    health,
    logger,
    intervalMs: options.intervalMs ?? 1000,
    now: world.clock.now,
    onOfferChanged: (offer) => world.steamClient.offerChanged(offer),
  });
  return { health, feed, poller };
}

/**
 * A SteamClient on the stand-in as the bot's own. With `skipWaits` its waits (backoff between
 * retries, a host's pause) pass at once on a clock of its own that they move ahead: a test that lets
 * Steam fail every retry need not sit through the backoff. (Not with confirmations: their codes
 * follow the clock.)
 */
export function steamClientOn(
  steam: SteamStandIn,
  logger: Logger,
  options: { confirmations?: boolean; skipWaits?: boolean } = {},
): SteamClient {
  let ahead = 0;
  const waits = options.skipWaits
    ? {
        now: () => Date.now() + ahead,
        sleep: (ms: number) => {
          ahead += Math.max(0, ms);
          return Promise.resolve();
        },
      }
    : {};
  const session = parseSteamSession(steam.bot.cookies, steam.bot.sessionId);
  if (!session.ok) throw new Error(session.reason);
  return new SteamClient({
    communityUrl: steam.communityUrl,
    webApiUrl: steam.webApiUrl,
    session: session.value,
    apiKey: steam.bot.apiKey,
    ...(options.confirmations ? { identitySecret: steam.bot.identitySecret } : {}),
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger,
    ...waits,
  });
}

export async function startWorld(options: {
  /** A trading partner the stand-in knows (a friend, so no trade token is needed). */
  partner: { steamid: string; personaName: string };
  /** Give the client the bot's identity secret (mobile confirmations). */
  confirmations?: boolean;
}): Promise<World> {
  let ahead = 0;
  const clock = { now: () => Date.now() + ahead, tick: (ms: number) => void (ahead += ms) };
  const steam = await startSteamStandIn({ now: clock.now });
  const discord = await startDiscordStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-world-'));
  const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
  const store = await openStore(storeUrl, { logger: silentLogger });
  const channelId = discord.addTextChannel('trade-offers');
  await store.updateGuildSettings(discord.guild.id, (s) => ({ ...s, channelId }));
  const { logger, logs } = recordingLogger();
  const steamClient = steamClientOn(steam, logger, options);
  const client = new Client({ intents: [], rest: { api: discord.apiUrl } });
  client.rest.setToken(discord.token);
  steam.addUser({ ...options.partner, friends: true });
  return {
    steam,
    discord,
    store,
    storeUrl,
    client,
    steamClient,
    channelId,
    clock,
    logs,
    logger,
    async close() {
      await client.destroy();
      await steamClient.close();
      await store.close();
      await discord.close();
      await steam.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
