// Wires the parts together once: store, Steam client, Discord client, commands, feed.
// Startup fails fast with one clear line. The bot serves one Discord server (DISCORD_GUILD_ID):
// it leaves any other, registers its commands there only and removes global ones. Shutdown
// refuses new actions, lets the ones under way finish (card edit included), then closes Steam's
// connections and the store.
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import { buttons, commands } from './commands/index.js';
import type { Config } from './config.js';
import { InventoryViews } from './commands/inventory/views.js';
import { offerPageCaches } from './commands/offers/cache.js';
import type { AppContext } from './context.js';
import { InteractionDrain } from './events/drain.js';
import { createInteractionHandler } from './events/interactionCreate.js';
import { Feed } from './feed/feed.js';
import { Poller } from './feed/poller.js';
import { SessionWatch } from './feed/sessionWatch.js';
import { Health } from './health.js';
import {
  discordUnreachable,
  keepToHomeServer,
  notInHomeServer,
  registerCommands,
  watchGateway,
  watchHomeServer,
} from './homeServer.js';
import type { Logger, SecretList } from './logger.js';
import { TradeOffers } from './services/tradeOffers.js';
import { SteamClient } from './steam/client.js';
import { SessionKeeper } from './steam/sessionKeeper.js';
import { placeholderSession } from './steam/sessionFacts.js';
import { StoreIntegrity, type KnownSettings } from './store/integrity.js';
import { openStore, StoreUnavailableError } from './store/index.js';
import { sentOfferAlerts, sessionAlerts } from './store/alerts.js';
import { classDescriptionRecords } from './store/classDescriptions.js';
import { tradeProtectionRecord } from './store/tradeProtection.js';
import { storeLostAlertText } from './format/status.js';
import { tradeBotsAlertText } from './format/tradebotsStatus.js';
import { loadTradeBotsFiles, TradeBots } from './tradebots/service.js';
import { StockEngine } from './tradebots/stockEngine.js';
import { noTelemetry } from './telemetry.js';
import type { OpsServer } from './ops/server.js';

export interface RunningApp {
  ctx: AppContext;
  stop(reason: string): Promise<void>;
}

export async function startApp(config: Config, logger: Logger, secrets?: SecretList): Promise<RunningApp> {
  // A bad rates (or set-size) file stops startup before anything connects.
  const tradeBotsFiles = await loadTradeBotsFiles(config);
  const opened = await openStore(config.STORE_URL, { logger });
  const health = new Health();
  // Set once the feed exists; a loss seen before then is still in health and the log.
  let tellStoreLost = (_known: KnownSettings): void => undefined;
  const integrity = await StoreIntegrity.open(opened, {
    logger: logger.child({ part: 'store' }),
    onLost: (loss, known) => {
      health.storeLoss = loss;
      tellStoreLost(known);
    },
  }).catch(async (error: unknown) => {
    await opened.close().catch(() => undefined);
    throw new StoreUnavailableError(`STORE_URL: cannot read ${opened.description} (${(error as Error).message})`);
  });
  const store = integrity.store;
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
    // Without cookies, requests wait for the first access token the session keeper makes.
    session: config.session ?? placeholderSession(config.STEAM_ID, Date.now()),
    apiKey: config.STEAM_API_KEY,
    identitySecret: config.STEAM_IDENTITY_SECRET,
    inventoryDelayMs: config.STEAM_INVENTORY_DELAY_MS,
    confirmationDelayMs: config.STEAM_CONFIRMATION_DELAY_MS,
    logger: logger.child({ part: 'steam' }),
    telemetry,
    classDescriptions: classDescriptionRecords(store),
    tradeProtection: tradeProtectionRecord(store, config.STEAM_ID),
  });
  const sessionKeeper = new SessionKeeper({
    http: steam.http,
    clock: steam.clock,
    store,
    steamid: config.STEAM_ID,
    envRefreshToken: config.STEAM_REFRESH_TOKEN,
    credentials: config.credentials,
    cookies: config.session,
    logger: logger.child({ part: 'session' }),
    addSecret: (secret) => secrets?.add(secret),
  });
  try {
    // Stops startup (NoSteamSessionError) when there is no way at all to reach Steam.
    await sessionKeeper.start();
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
  if (sessionKeeper.renews) steam.http.setRenewal((failedAccessToken) => sessionKeeper.renew(failedAccessToken));

  // Minimal intents and caches: slash commands and buttons need only the guild itself.
  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // Node's own fetch, not @discordjs/rest's default undici.request: our undici 7 becomes the
    // process-wide dispatcher when it loads, and undici 7 cannot send a FormData made by Node's
    // built-in undici ("action is not a function"), so no message with a file (the
    // /tradebots preview payload) could be sent. Node's fetch encodes its own FormData.
    rest: { api: config.DISCORD_API_URL, makeRequest: fetch as never },
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

  const tradeBotsLogger = logger.child({ part: 'tradebots' });
  const engine = new StockEngine({ config, files: tradeBotsFiles, steam, store, logger: tradeBotsLogger });
  const feed = new Feed({
    client,
    store,
    steam,
    health,
    logger: logger.child({ part: 'feed' }),
    guildId: config.DISCORD_GUILD_ID,
    // Offer cards show what accepting would change in the stock, from the engine the publisher reads.
    stockChange: (offer) => engine.stockChange(offer),
    telemetry,
  });
  const tradeBots = new TradeBots({
    config,
    engine,
    session: steam,
    store,
    health,
    alert: (event) => {
      const { text, needsPerson } = tradeBotsAlertText(event);
      return feed.alert(text, { needsPerson });
    },
    logger: tradeBotsLogger,
    telemetry,
  });
  tellStoreLost = (known) => {
    void feed
      .alertKnown(known, storeLostAlertText(health.storeLoss?.reason))
      .catch((error: unknown) => logger.error({ err: error }, 'could not post the store alert'));
  };
  const tradeOffers = new TradeOffers({ steam, store, feed, logger: logger.child({ part: 'actions' }), telemetry });
  const ctx: AppContext = {
    config,
    logger,
    store,
    steam,
    sessionKeeper,
    client,
    health,
    tradeOffers,
    feed,
    tradeBots,
    telemetry,
    inventoryViews: new InventoryViews(store),
    offerPages: offerPageCaches(),
  };
  const poller = new Poller({
    steam,
    store,
    sentOfferAlerts: sentOfferAlerts(store),
    feed,
    health,
    logger: logger.child({ part: 'poller' }),
    intervalMs: config.POLL_INTERVAL_SECONDS * 1000,
    onOfferChanged: (offer) => {
      // A completed trade: the kept inventories go first, then the stock is counted again.
      steam.offerChanged(offer);
      tradeBots.offerChanged(offer);
    },
    telemetry,
  });
  const sessionWatch = new SessionWatch({
    steam,
    keeper: sessionKeeper,
    feed,
    store,
    alerts: sessionAlerts(store),
    logger: logger.child({ part: 'session' }),
  });

  const home = config.DISCORD_GUILD_ID;
  const drain = new InteractionDrain();
  client.on(Events.InteractionCreate, createInteractionHandler(ctx, { commands, buttons }, drain));
  watchHomeServer(client, home, logger);
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
        sessionRenewable: () => sessionKeeper.canRenew,
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
    const unreachable = discordUnreachable(error, config.DISCORD_API_URL);
    if (!unreachable) throw error;
    await opsServer?.close();
    await store.close().catch(() => undefined);
    throw unreachable;
  }
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in to Discord');
  const missing = notInHomeServer(client, home);
  if (missing) {
    // Leave nothing in this case: a mistyped id must not make the bot walk out of the owner's real server.
    await client.destroy();
    await steam.close();
    await opsServer?.close();
    await store.close().catch(() => undefined);
    throw missing;
  }
  // Only now that the home server is known to be there: before, a mistyped id would turn the
  // owner's own server into "another server".
  await keepToHomeServer(client, home, logger);
  await registerCommands(client, home, logger);

  sessionWatch.start();
  poller.start();
  tradeBots.start();
  integrity.logFound();
  logger.info({ pollIntervalSeconds: config.POLL_INTERVAL_SECONDS, store: store.description }, 'tradedesk is running');

  return {
    ctx,
    stop(reason) {
      stopping ??= (async () => {
        logger.info(
          { reason, interactionsUnderWay: drain.size },
          'shutting down: new actions are refused; actions under way finish first',
        );
        sessionWatch.stop();
        sessionKeeper.stop();
        // How long actions under way (an accept, its mobile confirmation, the card edit) may take.
        const waitMs = config.SHUTDOWN_WAIT_SECONDS * 1000;
        const [stillRunning] = await Promise.all([drain.close(waitMs), poller.stop()]);
        if (stillRunning > 0) {
          logger.warn(
            { stillRunning, waitedMs: waitMs },
            'interactions still running after the shutdown wait; stopping anyway',
          );
        }
        // Tells SteamTradeBots the bot is offline (best effort, short timeout) while the store is open.
        await tradeBots.stop();
        // Past the wait, a Steam request that is never answered must not hold the process.
        await (stillRunning > 0 ? steam.abandon() : steam.close());
        // A renewal under way writes its new refresh token and lets go of its lock before the store closes.
        await sessionKeeper.settled();
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
