// Wires the parts together once: store, Steam client, Discord client, commands, feed.
// Startup fails fast with one clear line; shutdown stops polling, lets Steam calls under way
// finish and closes the store.
import { Client, Events, GatewayIntentBits, Options, REST, Routes } from 'discord.js';
import { z } from 'zod';
import { commands, buttonHandlers } from './commands/index.js';
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createInteractionHandler } from './events/interactionCreate.js';
import { Feed } from './feed/feed.js';
import { OfferActions } from './feed/offerActions.js';
import { Poller } from './feed/poller.js';
import { SessionWatch } from './feed/sessionWatch.js';
import { Health } from './health.js';
import type { Logger } from './logger.js';
import { SteamClient } from './steam/client.js';
import { openStore } from './store/index.js';
import { tradeProtectionRecord } from './store/tradeProtection.js';
import { loadTradeBotsFiles, TradeBots } from './tradebots/service.js';
import { noTelemetry } from './telemetry.js';
import type { OpsServer } from './ops/server.js';

/** DISCORD_API_URL could not be reached at startup (refused, unknown host, timeout). */
export class DiscordUnreachableError extends Error {
  override readonly name = 'DiscordUnreachableError';
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);

export interface RunningApp {
  ctx: AppContext;
  stop(reason: string): Promise<void>;
}

export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  // A bad rates (or set-size) file stops startup before anything connects.
  const tradeBotsFiles = await loadTradeBotsFiles(config);
  const store = await openStore(config.STORE_URL, { logger });
  const health = new Health();
  // Only with HTTP_PORT: prom-client and the server are not even loaded otherwise.
  const ops =
    config.HTTP_PORT === undefined
      ? null
      : (await import('./ops/index.js')).createOps({
          host: config.HTTP_HOST,
          port: config.HTTP_PORT,
          logger: logger.child({ part: 'ops' }),
          tradeBotsConfigured: config.STEAMTRADEBOTS_API_KEY !== undefined,
        });
  const telemetry = ops?.telemetry ?? noTelemetry;
  const steam = new SteamClient({
    communityUrl: config.STEAM_COMMUNITY_URL,
    webApiUrl: config.STEAM_WEB_API_URL,
    session: config.session,
    apiKey: config.STEAM_API_KEY,
    identitySecret: config.STEAM_IDENTITY_SECRET,
    inventoryDelayMs: config.STEAM_INVENTORY_DELAY_MS,
    confirmationDelayMs: config.STEAM_CONFIRMATION_DELAY_MS,
    logger: logger.child({ part: 'steam' }),
    telemetry,
    // Item descriptions never change for a class: kept without expiry (steam/classInfo.ts).
    classDescriptions: {
      get: (key) => store.getValue('econ-class', key, z.unknown()),
      set: (key, description) => store.setValue('econ-class', key, description),
    },
    tradeProtection: tradeProtectionRecord(store, config.session.steamid),
  });

  // Minimal intents and caches: slash commands and buttons need only the guild itself.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    rest: { api: config.DISCORD_API_URL },
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      GuildMemberManager: { maxSize: 200, keepOverLimit: (member) => member.id === member.client.user.id },
      UserManager: 200,
      PresenceManager: 0,
      ReactionManager: 0,
      VoiceStateManager: 0,
      GuildEmojiManager: 0,
      GuildStickerManager: 0,
    }),
    allowedMentions: { parse: [] },
  });

  const feed = new Feed({
    client,
    store,
    steam,
    health,
    logger: logger.child({ part: 'feed' }),
    guildId: config.DISCORD_GUILD_ID,
    telemetry,
  });
  const tradeBots = new TradeBots({
    config,
    files: tradeBotsFiles,
    steam,
    store,
    health,
    alert: (text) => feed.alert(text),
    logger: logger.child({ part: 'tradebots' }),
    telemetry,
  });
  // Offer cards show what accepting would change in the stock, from the same engine.
  feed.stockChange = (offer) => tradeBots.stockChange(offer);
  const offerActions = new OfferActions({ steam, store, feed, logger: logger.child({ part: 'actions' }) });
  const ctx: AppContext = { config, logger, store, steam, client, health, offerActions, feed, tradeBots, telemetry };
  const poller = new Poller({
    steam,
    store,
    feed,
    health,
    logger: logger.child({ part: 'poller' }),
    intervalMs: config.POLL_INTERVAL_SECONDS * 1000,
    onOfferChanged: (offer) => tradeBots.offerChanged(offer),
    telemetry,
  });
  const sessionWatch = new SessionWatch({ steam, feed, store, logger: logger.child({ part: 'session' }) });

  client.on(Events.InteractionCreate, createInteractionHandler(ctx, { commands, buttons: buttonHandlers }));
  client.on(Events.Error, (error) => logger.error({ err: error }, 'discord client error'));
  client.on(Events.Warn, (message) => logger.warn({ discord: message }, 'discord client warning'));
  const gateway = watchGateway(client, logger);

  let stopping: Promise<void> | null = null;
  let opsServer: OpsServer | null = null;
  if (ops) {
    try {
      opsServer = await ops.listen({
        health,
        store,
        steam,
        tradeBots,
        pollIntervalMs: config.POLL_INTERVAL_SECONDS * 1000,
        discordConnected: () => gateway.connected,
        stopping: () => stopping !== null,
      });
    } catch (error) {
      await steam.close().catch(() => undefined);
      await store.close().catch(() => undefined);
      throw error;
    }
  }

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(config.DISCORD_TOKEN);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== 'string' || !NETWORK_ERROR_CODES.has(code)) throw error;
    await store.close().catch(() => undefined);
    throw new DiscordUnreachableError(
      `DISCORD_API_URL: cannot reach Discord at ${config.DISCORD_API_URL} (${(error as Error).message})`,
    );
  }
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in to Discord');
  await registerCommands(client, config, logger);

  sessionWatch.start();
  poller.start();
  tradeBots.start();
  logger.info({ pollIntervalSeconds: config.POLL_INTERVAL_SECONDS, store: store.description }, 'tradedesk is running');

  return {
    ctx,
    stop(reason) {
      stopping ??= (async () => {
        logger.info({ reason }, 'shutting down');
        sessionWatch.stop();
        await poller.stop();
        // Tells SteamTradeBots the bot is offline (best effort, short timeout) while the store is open.
        await tradeBots.stop();
        await steam.close();
        await client.destroy();
        // Last before the store: /healthz says "shutting down" and /metrics is scraped while actions drain.
        await opsServer?.close();
        await store.close();
        logger.info('stopped');
      })();
      return stopping;
    },
  };
}

/**
 * Whether the gateway connection is up, for /healthz: discord.js reconnects by itself, and
 * says so through the shard events. Each change is logged once.
 */
function watchGateway(client: Client, logger: Logger): { readonly connected: boolean } {
  const state = { connected: false };
  const up = () => {
    if (!state.connected && client.isReady()) logger.info('discord gateway connected');
    state.connected = true;
  };
  const down = (why: string) => {
    if (state.connected) logger.warn({ why }, 'discord gateway connection lost');
    state.connected = false;
  };
  client.on(Events.ClientReady, () => {
    state.connected = true;
  });
  client.on(Events.ShardReady, up);
  client.on(Events.ShardResume, up);
  client.on(Events.ShardReconnecting, () => down('reconnecting'));
  client.on(Events.ShardDisconnect, (event) => down(`closed with code ${event.code}`));
  return state;
}

/** PUT the whole command list: to one guild when DISCORD_GUILD_ID is set (instant), else globally. */
async function registerCommands(client: Client, config: Config, logger: Logger): Promise<void> {
  const applicationId = client.application?.id ?? client.user?.id;
  if (!applicationId) throw new Error('Discord did not tell us the application id');
  const body = [...commands.values()].map((command) => command.data.toJSON());
  const rest = client.rest as REST;
  const route = config.DISCORD_GUILD_ID
    ? Routes.applicationGuildCommands(applicationId, config.DISCORD_GUILD_ID)
    : Routes.applicationCommands(applicationId);
  await rest.put(route, { body });
  logger.info(
    { count: body.length, scope: config.DISCORD_GUILD_ID ? `guild ${config.DISCORD_GUILD_ID}` : 'global' },
    'slash commands registered',
  );
}
