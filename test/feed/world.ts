// What the in-process tests of the feed and the offer service share: the Steam stand-in with a real
// SteamClient on it, a SQLite store in a temp dir with the feed channel set, and the Discord
// stand-in's REST API behind a discord.js client. No bot process: the classes are driven directly.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'discord.js';
import { createLogger } from '../../src/logger.js';
import { SteamClient } from '../../src/steam/client.js';
import { parseSteamSession } from '../../src/steam/session.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startDiscordStandIn, type DiscordStandIn } from '../standins/discord/index.js';
import { startSteamStandIn, type SteamStandIn } from '../standins/steam/index.js';

export const silentLogger = createLogger({ level: 'silent', secrets: [], pretty: false });

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
  close(): Promise<void>;
}

export async function startWorld(options: {
  /** A trading partner the stand-in knows (a friend, so no trade token is needed). */
  partner: { steamid: string; personaName: string };
  /** Give the client the bot's identity secret (mobile confirmations). */
  confirmations?: boolean;
}): Promise<World> {
  const steam = await startSteamStandIn();
  const discord = await startDiscordStandIn();
  const dir = mkdtempSync(join(tmpdir(), 'tradedesk-world-'));
  const storeUrl = `sqlite://${join(dir, 'store.sqlite')}`;
  const store = await openStore(storeUrl, { logger: silentLogger });
  const channelId = discord.addTextChannel('trade-offers');
  await store.updateGuildSettings(discord.guild.id, (s) => ({ ...s, channelId }));
  const session = parseSteamSession(steam.bot.cookies, steam.bot.sessionId);
  if (!session.ok) throw new Error(session.reason);
  const steamClient = new SteamClient({
    communityUrl: steam.communityUrl,
    webApiUrl: steam.webApiUrl,
    session: session.value,
    apiKey: steam.bot.apiKey,
    ...(options.confirmations ? { identitySecret: steam.bot.identitySecret } : {}),
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: silentLogger,
  });
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
