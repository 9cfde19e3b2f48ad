// The feed classes in-process, with the real parts around them: the Steam stand-in and a real
// SteamClient, a SQLite store in a temp dir, and the Discord stand-in's REST API behind a discord.js
// client. Feed posts and edits offer cards and alerts; SessionWatch alerts once when the Steam session
// dies and once when it works again. (The poller over many polls: poller.integration.test.ts.)
import { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Feed } from '../../src/feed/feed.js';
import { SessionWatch } from '../../src/feed/sessionWatch.js';
import { Health } from '../../src/health.js';
import { createLogger } from '../../src/logger.js';
import { SteamClient } from '../../src/steam/client.js';
import type { TradeOffer } from '../../src/steam/types.js';
import { sessionAlerts } from '../../src/store/alerts.js';
import type { Store } from '../../src/store/index.js';
import type { DiscordStandIn, StoredMessage } from '../standins/discord/index.js';
import { gems, tf2Key, type SteamStandIn } from '../standins/steam/index.js';
import { startWorld, type World } from './world.js';

const PARTNER = '76561198000000401';
const logger = createLogger({ level: 'silent', secrets: [], pretty: false });

let steam: SteamStandIn;
let discord: DiscordStandIn;
let store: Store;
let client: Client;
let steamClient: SteamClient;
let channelId: string;
let health: Health;
let feed: Feed;

let world: World;

beforeEach(async () => {
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Zoey' } });
  ({ steam, discord, store, client, steamClient, channelId } = world);
  health = new Health();
  feed = new Feed({ client, store, steam: steamClient, health, logger, guildId: discord.guild.id });
});

afterEach(async () => {
  await world.close();
});

const embedTitle = (m: StoredMessage) => (m.embeds[0] as { title?: string } | undefined)?.title ?? '';
const buttonLabels = (m: StoredMessage) =>
  (m.components as Array<{ components: Array<{ label?: string }> }>).flatMap((row) =>
    row.components.map((b) => b.label),
  );
const cards = (offerId: string) => discord.messages(channelId).filter((m) => embedTitle(m).includes(`#${offerId}`));
const discordCalls = (method: string) => discord.requests.filter((r) => r.method === method).length;

/** A received offer of Zoey's TF2 key for the bot's gems, as the client reads it. */
async function receivedOffer(): Promise<TradeOffer> {
  const key = tf2Key();
  const stack = gems(100);
  steam.setInventory(PARTNER, 440, '2', [key]);
  steam.setInventory(steam.bot.steamid, 753, '6', [stack]);
  const id = steam.addOffer({ partner: PARTNER, give: [stack.assetid!], receive: [key.assetid!] });
  return (await steamClient.offers.getOffer(id))!;
}

describe('Feed', () => {
  it('posts a card once, with Accept/Decline, and keeps its record; a second post finds the record', async () => {
    const offer = await receivedOffer();
    expect(await feed.postOffer(offer)).toBe(true);
    const [card] = cards(offer.id);
    expect(embedTitle(card!)).toBe(`Trade offer #${offer.id}`);
    expect(buttonLabels(card!)).toEqual(['Accept', 'Decline']);
    expect(await store.getPostedOffer(discord.guild.id, offer.id)).toMatchObject({
      messageId: card!.id,
      channelId,
      lastState: 2,
    });
    const posts = discordCalls('POST');
    expect(await feed.postOffer(offer)).toBe(true);
    expect(discordCalls('POST')).toBe(posts);
    expect(cards(offer.id)).toHaveLength(1);
  });

  it('without a channel set nothing is posted and the poller is told to try again', async () => {
    await store.updateGuildSettings(discord.guild.id, (s) => ({ ...s, channelId: null }));
    const offer = await receivedOffer();
    expect(await feed.postOffer(offer)).toBe(false);
    expect(discord.messages(channelId)).toEqual([]);
  });

  it('a deleted channel is recorded for /status and the post is tried again later; a new channel gets it', async () => {
    const offer = await receivedOffer();
    discord.deleteChannel(channelId);
    expect(await feed.postOffer(offer)).toBe(false);
    expect(health.channelProblems.get(discord.guild.id)).toMatchObject({
      channelId,
      problem: 'the channel was deleted',
    });
    const next = discord.addTextChannel('trade-offers-2');
    await store.updateGuildSettings(discord.guild.id, (s) => ({ ...s, channelId: next }));
    expect(await feed.postOffer(offer)).toBe(true);
    expect(discord.messages(next).filter((m) => embedTitle(m).includes(`#${offer.id}`))).toHaveLength(1);
  });

  it('edits the card when the offer finishes: new state, no buttons; the same state again is a no-op', async () => {
    const offer = await receivedOffer();
    await feed.postOffer(offer);
    steam.setOfferState(offer.id, 3);
    const accepted = (await steamClient.offers.getOffer(offer.id))!;
    expect(await feed.refreshOffer(accepted, { actedBy: { userId: '1', action: 'accept', at: Date.now() } })).toBe(
      true,
    );
    const [card] = cards(offer.id);
    expect(embedTitle(card!)).toBe(`Trade offer #${offer.id} — Accepted`);
    expect(buttonLabels(card!)).toEqual([]);
    const edits = discordCalls('PATCH');
    expect(await feed.refreshOffer(accepted)).toBe(true);
    expect(discordCalls('PATCH')).toBe(edits);
  });

  it('a card someone deleted is not recreated when its offer changes', async () => {
    const offer = await receivedOffer();
    await feed.postOffer(offer);
    discord.deleteMessage(cards(offer.id)[0]!.id);
    steam.setOfferState(offer.id, 7);
    expect(await feed.refreshOffer((await steamClient.offers.getOffer(offer.id))!)).toBe(true);
    expect(cards(offer.id)).toEqual([]);
    const posts = discordCalls('POST');
    expect(await feed.refreshOffer((await steamClient.offers.getOffer(offer.id))!, { force: true })).toBe(true);
    expect(discordCalls('POST')).toBe(posts);
  });

  it('an alert that needs a person mentions and pings exactly the allowed roles and users', async () => {
    const role = discord.addRole({ name: 'traders' });
    const user = discord.addMember({ username: 'trader' });
    await store.updateGuildSettings(discord.guild.id, (s) => ({
      ...s,
      allowedRoleIds: [role],
      allowedUserIds: [user],
    }));
    await feed.alert('something broke', { needsPerson: true });
    await feed.alert('just so you know');
    const [loud, quiet] = discord.messages(channelId);
    expect(loud!.content).toContain('something broke');
    expect(loud!.content).toContain(`<@&${role}>`);
    expect(loud!.content).toContain(`<@${user}>`);
    expect(loud!.mention_roles).toEqual([role]);
    expect(quiet!.content).toBe('just so you know');
    expect(quiet!.mention_roles).toEqual([]);
  });
});

describe('SessionWatch', () => {
  it('one alert when the session dies however often it is seen dead, one when it works again', async () => {
    const watch = new SessionWatch({ steam: steamClient, feed, store, alerts: sessionAlerts(store), logger });
    watch.start();
    try {
      const expired = (m: StoredMessage) => m.content.includes('The bot’s Steam session has expired');
      const back = (m: StoredMessage) => m.content.includes('Steam session works again');
      steam.expireSession();
      await expect(steamClient.offers.getSummary()).rejects.toThrow(/expired/);
      await discord.waitForMessage(channelId, expired);
      await expect(steamClient.offers.getSummary()).rejects.toThrow(/expired/);
      await expect(steamClient.offers.getSummary()).rejects.toThrow(/expired/);
      steam.restoreSession();
      await steamClient.offers.getSummary();
      await discord.waitForMessage(channelId, back);
      expect(discord.messages(channelId).filter(expired)).toHaveLength(1);
      expect(discord.messages(channelId).filter(back)).toHaveLength(1);
      // The alert record in the store (what a restart reads) says the expiry is over.
      const record = z.looseObject({ expiredAlerted: z.boolean() });
      expect(
        await store.getValue('session-alerts', String(steamClient.sessionExpiresAt.getTime()), record),
      ).toMatchObject({ expiredAlerted: false });
    } finally {
      watch.stop();
    }
  });
});
