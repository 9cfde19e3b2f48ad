// One bot, one home server (DISCORD_GUILD_ID). The stranger's attack, through the real bot
// process: Discord bots are public by default, so a stranger adds the bot to a server he owns,
// where an earlier setup's global commands still show. There he runs /config channel,
// /config allow user:<himself>, /offers accept and /offers send to his own trade URL with the
// bot's key (and tries a DM too). Every one of them is refused before anything runs: no Steam
// call, nothing in the store, no card in his server; the bot leaves his server, removes the
// stale global commands, and leaves again when he adds it back. A DISCORD_GUILD_ID the bot is
// not in stops startup with one line and the invite URL. Interaction and webhook tokens of
// failed Discord calls appear in no log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../src/commands/index.js';
import { MANAGE_GUILD_REFUSAL, OTHER_SERVER_REFUSAL, TRADE_REFUSAL } from '../../src/events/interactionCreate.js';
import type { InteractionHandle, StoredMessage } from '../standins/discord/index.js';
import { tf2Key } from '../standins/steam/index.js';
import { spawnBot, startHarness, type Harness, type LogLine } from './harness.js';

const STRANGER_STEAM = '76561198000000777';
const STRANGER_ACCOUNT = 39735049; // STRANGER_STEAM − 76561197960265728
const STRANGER_TOKEN = 'Str4ngeR';
const TRADE_URL = `https://steamcommunity.com/tradeoffer/new/?partner=${STRANGER_ACCOUNT}&token=${STRANGER_TOKEN}`;

let h: Harness;
let den: { id: string; ownerId: string };
let loot: string;
let botKey: string;
let offerId: string;
let attack: InteractionHandle[];
let steamRequestsBeforeAttack: number;
let steamRequestsAfterAttack: number;

const isCardOf = (id: string) => (m: StoredMessage) => JSON.stringify(m.embeds).includes(`#${id}`);
const acceptsOrSends = () =>
  h.steam.requests.filter(
    (r) => /^\/tradeoffer\/(new\/send|\d+\/accept)$/.test(r.path) || r.path.startsWith('/mobileconf/'),
  );

beforeAll(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: STRANGER_STEAM, personaName: 'Stranger', tradeToken: STRANGER_TOKEN });
  const key = tf2Key();
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [key]);
  botKey = key.assetid!;
  const junk = tf2Key();
  h.steam.setInventory(STRANGER_STEAM, 440, '2', [junk]);
  // A live offer to the bot from the stranger: his junk for the bot's key.
  offerId = h.steam.addOffer({ partner: STRANGER_STEAM, give: [botKey], receive: [junk.assetid!] });
  await h.discord.waitForMessage(h.channelId, isCardOf(offerId), { timeoutMs: 15_000 });
  await h.bot.stop();

  // An earlier setup (DISCORD_GUILD_ID unset) registered every command globally, before
  // contexts existed: they show in every server the bot is in, and in DMs.
  const stale = [...commands.values()].map((c) => {
    const json = JSON.parse(JSON.stringify(c.data.toJSON())) as Record<string, unknown>;
    delete json['contexts'];
    return json;
  });
  const put = await fetch(`${h.discord.apiUrl}/v10/applications/${h.discord.applicationId}/commands`, {
    method: 'PUT',
    headers: { authorization: `Bot ${h.discord.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(stale),
  });
  expect(put.status).toBe(200);

  // The stranger owns a server (Manage Server and everything else there) and added the bot to it;
  // in the home server he is a plain member with no role.
  den = h.discord.addGuild({ name: "Stranger's Den", ownerName: 'stranger' });
  loot = h.discord.addTextChannel('loot', { guild: den.id });
  h.discord.addMember({ username: 'stranger', user: den.ownerId });

  // The bot's leave is kept waiting, so the attack is made while it is still in his server and
  // the stale global commands still dispatch: what any bot without the fix would face.
  const leave = h.discord.holdRequests({ method: 'DELETE', path: new RegExp(`^/users/@me/guilds/${den.id}$`) });
  h.bot = spawnBot(h.env, h.dataDir);
  await leave.reached;

  steamRequestsBeforeAttack = h.steam.requests.length;
  const inDen = (command: string, subcommand: string, options: Record<string, string>) =>
    h.discord.slash({ user: den.ownerId, channel: loot, command, subcommand, options, scope: 'global' });
  attack = [
    await inDen('config', 'channel', { channel: loot }),
    await inDen('config', 'allow', { user: den.ownerId }),
    await inDen('offers', 'accept', { id: offerId }),
    await inDen('offers', 'send', { partner: TRADE_URL, give: botKey, message: 'thanks' }),
    await h.discord.slashInDm({ user: den.ownerId, command: 'offers', subcommand: 'accept', options: { id: offerId } }),
  ];
  await Promise.all(attack.map((a) => a.waitForResponse()));
  steamRequestsAfterAttack = h.steam.requests.length;
  leave.release();
  await h.bot.waitForLog((l) => l.msg === 'tradedesk is running');
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe("the stranger's attack from a second server", () => {
  it('every command from his server or a DM is refused privately, before anything runs', () => {
    for (const handle of attack) {
      expect(handle.responses).toHaveLength(1);
      expect(handle.responses[0]).toMatchObject({ kind: 'reply', ephemeral: true, content: OTHER_SERVER_REFUSAL });
    }
    const refusals = h.bot.logs.filter((l) => l.msg === 'refused: interaction from outside the home server');
    expect(refusals.map((l) => l['guildId'])).toEqual([den.id, den.id, den.id, den.id, 'DM']);
    // No handler ran: no command log, no permission refusal, no Steam error for any of them.
    const fromStranger = (l: LogLine) => l['userId'] === den.ownerId;
    expect(h.bot.logs.filter(fromStranger).map((l) => l.msg)).toEqual(refusals.map((l) => l.msg));
  });

  it('nothing reached Steam: no request at all while he attacked, the offer is still active, the key still ours', () => {
    expect(steamRequestsAfterAttack).toBe(steamRequestsBeforeAttack);
    expect(acceptsOrSends()).toEqual([]);
    expect(h.steam.getOffer(offerId).state).toBe(2);
    expect(h.steam.getInventory(h.steam.bot.steamid, 440, '2').map((i) => i.assetid)).toContain(botKey);
  });

  it('the bot left his server and said so; the stale global commands are gone', async () => {
    expect(h.discord.botIsMember(den.id)).toBe(false);
    expect(h.discord.botIsMember(h.discord.guild.id)).toBe(true);
    const left = h.bot.logs.find((l) => l.msg.startsWith('left a server that is not the home server'));
    expect(left).toMatchObject({ guildId: den.id, guildName: "Stranger's Den", ownerId: den.ownerId, when: 'startup' });
    expect(h.discord.registeredCommands('global')).toEqual([]);
    expect(h.discord.registeredCommands(h.discord.guild.id).map((c) => c.name)).toContain('offers');
    const removed = h.bot.logs.find((l) => l.msg === 'removed global commands left from an earlier setup');
    expect(removed?.['removed']).toEqual(expect.arrayContaining(['offers', 'config']));
    // Nothing of his can reach the bot any more.
    await expect(
      h.discord.slash({ user: den.ownerId, channel: loot, command: 'offers', subcommand: 'list' }),
    ).rejects.toThrow(/not in guild/);
  });

  it('no card or alert ever goes to his server; the home card is there and he may not press it', async () => {
    const card = await h.discord.waitForMessage(h.channelId, isCardOf(offerId));
    expect(h.discord.messages(loot)).toEqual([]);
    const click = await h.discord.clickButton({
      user: den.ownerId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
    });
    expect(await click.waitForResponse()).toMatchObject({ ephemeral: true, content: TRADE_REFUSAL });
    // Manage Server in his own server means nothing in the home server.
    const allow = await h.discord.slash({
      user: den.ownerId,
      channel: h.channelId,
      command: 'config',
      subcommand: 'allow',
      options: { user: den.ownerId },
    });
    expect(await allow.waitForResponse()).toMatchObject({ ephemeral: true, content: MANAGE_GUILD_REFUSAL });
    expect(acceptsOrSends()).toEqual([]);
    expect(h.steam.getOffer(offerId).state).toBe(2);
  });

  it('added again while running, the bot leaves at once and logs it', async () => {
    const seen = h.bot.logs.length;
    h.discord.addBotToGuild(den.id);
    const left = await h.bot.waitForLog(
      (l) => h.bot.logs.indexOf(l) >= seen && l.msg.startsWith('left a server that is not the home server'),
    );
    expect(left).toMatchObject({ guildId: den.id, when: 'added' });
    expect(h.discord.botIsMember(den.id)).toBe(false);
    expect(h.discord.messages(loot)).toEqual([]);
  });
});

describe('a DISCORD_GUILD_ID the bot is not in', () => {
  it('stops startup with one line and the invite URL, and leaves no server', async () => {
    const leaves = () =>
      h.discord.requests.filter((r) => r.method === 'DELETE' && r.path.startsWith('/users/@me/guilds/')).length;
    const leavesBefore = leaves();
    const bot = spawnBot({ ...h.env, DISCORD_GUILD_ID: den.id, LOG_LEVEL: 'warn' }, h.dataDir);
    expect(await bot.exited).toBe(1);
    const lines = bot.stderr.join('').split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(
      `tradedesk: DISCORD_GUILD_ID: the bot is not a member of server ${den.id}; invite it with ` +
        `https://discord.com/oauth2/authorize?client_id=${h.discord.applicationId}&scope=bot+applications.commands&permissions=19456 ` +
        '(or, if it is there, check the id: Developer Mode → right-click the server icon → Copy Server ID)',
    );
    // A mistyped id must not make the bot walk out of the owner's real server.
    expect(h.discord.botIsMember(h.discord.guild.id)).toBe(true);
    expect(leaves()).toBe(leavesBefore);
  });
});

describe('Discord tokens in logs', () => {
  it('a callback failing with 10062 and a failed webhook edit: their tokens appear in no log line', async () => {
    h.discord.injectError({
      method: 'POST',
      path: /^\/interactions\/\d+\/[^/]+\/callback$/,
      status: 404,
      code: 10062,
      message: 'Unknown interaction',
      times: 2,
    });
    const lost = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
    await h.bot.waitForLog((l) => l.msg === 'could not tell the user about a failure' && l['userId'] === h.outsiderId);

    h.discord.injectError({
      method: 'PATCH',
      path: /^\/webhooks\/\d+\/[^/]+\/messages\/@original$/,
      status: 404,
      code: 10015,
      message: 'Unknown Webhook',
      times: 3,
    });
    const edit = await h.discord.slash({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'offers',
      subcommand: 'summary',
    });
    await h.bot.waitForLog((l) => JSON.stringify(l).includes('10015'));

    const output = h.bot.allOutput();
    // The failures were logged with their URLs (so this test can fail), tokens censored.
    expect(output).toContain(`/interactions/${lost.id}/[REDACTED]/callback`);
    expect(output).toMatch(new RegExp(`/webhooks/${h.discord.applicationId}/\\[REDACTED\\]/messages/(@|%40)original`));
    for (const handle of [...h.discord.interactions(), lost, edit]) expect(output).not.toContain(handle.token);
    expect(output).not.toContain(h.discord.token);
  });
});
