// Wires the parts together once: store, Steam client, Discord client, commands, feed.
// Startup fails fast with one clear line. The bot serves one Discord server (DISCORD_GUILD_ID):
// it leaves any other, registers its commands there only and removes global ones. Shutdown
// refuses new actions, lets the ones under way finish (card edit included), then closes Steam's
// connections and the store.
import {
  Client,
  Events,
  GatewayIntentBits,
  OAuth2Scopes,
  Options,
  PermissionFlagsBits,
  PermissionsBitField,
  REST,
  Routes,
  type Guild,
} from 'discord.js';
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
import type { Logger, SecretList } from './logger.js';
import { TradeOffers } from './services/tradeOffers.js';
import { SteamClient } from './steam/client.js';
import { SessionKeeper } from './steam/sessionKeeper.js';
import { placeholderSession } from './steam/sessionFacts.js';
import { StoreIntegrity, type KnownSettings } from './store/integrity.js';
import { openStore, StoreUnavailableError } from './store/index.js';
import { classDescriptionRecords } from './store/classDescriptions.js';
import { tradeProtectionRecord } from './store/tradeProtection.js';
import { tradeBotsAlertText } from './format/tradebotsStatus.js';
import { loadTradeBotsFiles, TradeBots } from './tradebots/service.js';
import { noTelemetry } from './telemetry.js';
import type { OpsServer } from './ops/server.js';

/** DISCORD_API_URL could not be reached at startup (refused, unknown host, timeout). */
export class DiscordUnreachableError extends Error {
  override readonly name = 'DiscordUnreachableError';
}

/** DISCORD_GUILD_ID names a server the bot is not a member of. */
export class NotInHomeServerError extends Error {
  override readonly name = 'NotInHomeServerError';
}

/** What the bot needs in the feed channel: see it, post offer cards and alerts, with embeds. */
export const BOT_PERMISSIONS = [
  PermissionFlagsBits.ViewChannel,
  PermissionFlagsBits.SendMessages,
  PermissionFlagsBits.EmbedLinks,
];

/** Discord's OAuth2 authorisation page (discord-api-types' OAuth2Routes has the /api/v10 form of it). */
const AUTHORIZE_URL = 'https://discord.com/oauth2/authorize';

/**
 * The URL that adds the bot to a server, with its slash commands and the permissions it needs. Always
 * discord.com's page: discord.js's generateInvite builds it on DISCORD_API_URL instead.
 */
export function inviteUrl(applicationId: string): string {
  const query = new URLSearchParams({
    client_id: applicationId,
    scope: [OAuth2Scopes.Bot, OAuth2Scopes.ApplicationsCommands].join(' '),
    permissions: PermissionsBitField.resolve(BOT_PERMISSIONS).toString(),
  });
  return `${AUTHORIZE_URL}?${query}`;
}

/** How long shutdown waits for actions under way (an accept, its mobile confirmation, the card edit). */
const SHUTDOWN_DRAIN_MS = 20_000;

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

  const tradeBots: TradeBots = new TradeBots({
    config,
    files: tradeBotsFiles,
    steam,
    store,
    health,
    // Alerts go out after start(), by which time the feed below exists.
    alert: (event) => {
      const { text, needsPerson } = tradeBotsAlertText(event);
      return feed.alert(text, { needsPerson });
    },
    logger: logger.child({ part: 'tradebots' }),
    telemetry,
  });
  const feed: Feed = new Feed({
    client,
    store,
    steam,
    health,
    logger: logger.child({ part: 'feed' }),
    guildId: config.DISCORD_GUILD_ID,
    // Offer cards show what accepting would change in the stock, from the same engine.
    stockChange: (offer) => tradeBots.stockChange(offer),
    telemetry,
  });
  tellStoreLost = (known) => {
    const text =
      `🚨 **tradedesk’s store lost its data** (${health.storeLoss?.reason ?? 'unknown'}). ` +
      'To keep from reposting every offer or trading on empty settings, tradedesk has stopped posting cards and ' +
      'making trades. Restore the store (or accept the loss), then restart tradedesk. `/status` shows the details.';
    void feed
      .alertKnown(known, text)
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
    logger: logger.child({ part: 'session' }),
  });

  const home = config.DISCORD_GUILD_ID;
  const drain = new InteractionDrain();
  const leaving = new Set<string>();
  /** Leaves a server that is not the home server: nobody there may use the bot's Steam account. */
  const leave = async (guild: Guild, when: string): Promise<void> => {
    if (guild.id === home || leaving.has(guild.id)) return;
    leaving.add(guild.id);
    try {
      await guild.leave();
      logger.warn(
        { guildId: guild.id, guildName: guild.name, ownerId: guild.ownerId ?? null, when },
        'left a server that is not the home server (DISCORD_GUILD_ID); turn off "Public Bot" in the Discord developer portal so nobody else can add the bot',
      );
    } catch (error) {
      logger.error({ err: error, guildId: guild.id, when }, 'could not leave a server that is not the home server');
    } finally {
      // Only guards against leaving twice at once; someone may add the bot again later.
      leaving.delete(guild.id);
    }
  };
  client.on(Events.InteractionCreate, createInteractionHandler(ctx, { commands, buttons }, drain));
  client.on(Events.GuildDelete, (guild) => {
    if (guild.id === home && guild.available !== false) {
      logger.error({ guildId: home }, 'the bot was removed from its home server (DISCORD_GUILD_ID); invite it again');
    }
  });
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
    // fetch (the REST transport) wraps the network error: "fetch failed", the code in its cause.
    const network = [error, (error as { cause?: unknown }).cause].find((e) => {
      const code = (e as { code?: unknown } | undefined)?.code;
      return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
    }) as Error | undefined;
    if (!network) throw error;
    await opsServer?.close();
    await store.close().catch(() => undefined);
    throw new DiscordUnreachableError(
      `DISCORD_API_URL: cannot reach Discord at ${config.DISCORD_API_URL} (${network.message})`,
    );
  }
  await ready;
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'logged in to Discord');
  if (!client.guilds.cache.has(home)) {
    // Leave nothing in this case: a mistyped id must not make the bot walk out of the owner's
    // real server.
    const invite = inviteUrl(client.application?.id ?? client.user?.id ?? '');
    await client.destroy();
    await steam.close();
    await opsServer?.close();
    await store.close().catch(() => undefined);
    throw new NotInHomeServerError(
      `DISCORD_GUILD_ID: the bot is not a member of server ${home}; invite it with ${invite} (or, if it is there, check the id: Developer Mode → right-click the server icon → Copy Server ID)`,
    );
  }
  // Only now that the home server is known to be there: before, a mistyped id would turn the
  // owner's own server into "another server".
  client.on(Events.GuildCreate, (guild) => void leave(guild, 'added'));
  client.on(Events.GuildAvailable, (guild) => void leave(guild, 'available'));
  for (const guild of [...client.guilds.cache.values()]) await leave(guild, 'startup');
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
        const [stillRunning] = await Promise.all([drain.close(SHUTDOWN_DRAIN_MS), poller.stop()]);
        if (stillRunning > 0) {
          logger.warn(
            { stillRunning, waitedMs: SHUTDOWN_DRAIN_MS },
            'interactions still running after the shutdown wait; stopping anyway',
          );
        }
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

/**
 * PUTs the whole command list to the home server (instant, and replaces what was there), then
 * removes this application's global commands: left from an earlier setup they would show twice
 * and dispatch from every server the bot was ever added to.
 */
async function registerCommands(client: Client, home: string, logger: Logger): Promise<void> {
  const applicationId = client.application?.id ?? client.user?.id;
  if (!applicationId) throw new Error('Discord did not tell us the application id');
  const body = [...commands.values()].map((command) => command.data.toJSON());
  const rest = client.rest as REST;
  await rest.put(Routes.applicationGuildCommands(applicationId, home), { body });
  logger.info({ count: body.length, guildId: home }, 'slash commands registered in the home server');
  const global = (await rest.get(Routes.applicationCommands(applicationId))) as Array<{ name: string }>;
  if (global.length > 0) {
    await rest.put(Routes.applicationCommands(applicationId), { body: [] });
    logger.info(
      { removed: global.map((command) => command.name) },
      'removed global commands left from an earlier setup',
    );
  }
}
