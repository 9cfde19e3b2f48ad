// The bot's one home server (DISCORD_GUILD_ID) and its connection to Discord: the invite URL, the
// errors that stop startup, leaving any other server, registering the commands in the home server
// only, and whether the gateway is up.
import {
  Events,
  OAuth2Scopes,
  PermissionFlagsBits,
  PermissionsBitField,
  Routes,
  type Client,
  type Guild,
  type REST,
} from 'discord.js';
import { commands } from './commands/index.js';
import type { Logger } from './logger.js';

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

/** A DiscordUnreachableError when login failed because Discord could not be reached at all, else null. */
export function discordUnreachable(error: unknown, apiUrl: string): DiscordUnreachableError | null {
  // fetch (the REST transport) wraps the network error: "fetch failed", the code in its cause.
  const network = [error, (error as { cause?: unknown }).cause].find((e) => {
    const code = (e as { code?: unknown } | undefined)?.code;
    return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
  }) as Error | undefined;
  return network
    ? new DiscordUnreachableError(`DISCORD_API_URL: cannot reach Discord at ${apiUrl} (${network.message})`)
    : null;
}

/** A NotInHomeServerError when the bot is not a member of the home server, with the invite URL; else null. */
export function notInHomeServer(client: Client, home: string): NotInHomeServerError | null {
  if (client.guilds.cache.has(home)) return null;
  const invite = inviteUrl(client.application?.id ?? client.user?.id ?? '');
  return new NotInHomeServerError(
    `DISCORD_GUILD_ID: the bot is not a member of server ${home}; invite it with ${invite} (or, if it is there, check the id: Developer Mode → right-click the server icon → Copy Server ID)`,
  );
}

/** Leaves a server that is not the home server: nobody there may use the bot's Steam account. */
function leaveOtherServers(home: string, logger: Logger): (guild: Guild, when: string) => Promise<void> {
  const leaving = new Set<string>();
  return async (guild, when) => {
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
}

/** Leaves every other server the bot is in now, and any it is added to or sees later. */
export async function keepToHomeServer(client: Client, home: string, logger: Logger): Promise<void> {
  const leave = leaveOtherServers(home, logger);
  client.on(Events.GuildCreate, (guild) => void leave(guild, 'added'));
  client.on(Events.GuildAvailable, (guild) => void leave(guild, 'available'));
  for (const guild of [...client.guilds.cache.values()]) await leave(guild, 'startup');
}

/** Says so when the bot is removed from its home server: nothing works until it is invited again. */
export function watchHomeServer(client: Client, home: string, logger: Logger): void {
  client.on(Events.GuildDelete, (guild) => {
    if (guild.id === home && guild.available !== false) {
      logger.error({ guildId: home }, 'the bot was removed from its home server (DISCORD_GUILD_ID); invite it again');
    }
  });
}

/**
 * Whether the gateway connection is up, for /healthz: discord.js reconnects by itself, and
 * says so through the shard events. Each change is logged once.
 */
export function watchGateway(client: Client, logger: Logger): { readonly connected: boolean } {
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
export async function registerCommands(client: Client, home: string, logger: Logger): Promise<void> {
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
