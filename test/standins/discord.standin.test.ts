/**
 * Proves the Discord stand-in against the real, unmodified discord.js 14 client: login over the
 * gateway, command registration, slash commands, buttons, autocomplete, follow-ups, ephemeral replies,
 * channel messages, Discord's error codes, a 429 waited out, RESUME with replay.
 */
import { once } from 'node:events';
import { constants as zlibConstants, createInflate } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  RESTEvents,
  Routes,
  SlashCommandBuilder,
  type GuildMember,
  type Interaction,
  type Message,
  type RateLimitData,
  type TextChannel,
} from 'discord.js';
import { startDiscordStandIn, type DiscordStandIn, type InteractionResponse } from './discord/index.js';

let standIn: DiscordStandIn;
let client: Client;
let channelId: string;
let alice: string;
let bob: string;
let traderRole: string;
let heartbeatAcked: Promise<void>;

/** What a JSON body carries (builders' toJSON() keeps undefined keys that never reach the wire). */
const wire = (x: unknown): unknown => JSON.parse(JSON.stringify(x));

/** The next interaction the bot receives is handled by `fn`; the promise settles when `fn` has finished. */
let onInteraction: ((i: Interaction) => void) | null = null;
function handleNext(fn: (i: Interaction) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    onInteraction = (i) => {
      onInteraction = null;
      fn(i).then(resolve, reject);
    };
  });
}

const inventoryCommand = new SlashCommandBuilder()
  .setName('inventory')
  .setDescription('Steam inventories')
  .addSubcommand((s) =>
    s
      .setName('show')
      .setDescription('Show an inventory')
      .addIntegerOption((o) => o.setName('app').setDescription('App id').setRequired(true).setAutocomplete(true))
      .addStringOption((o) => o.setName('search').setDescription('Filter by name'))
      .addUserOption((o) => o.setName('member').setDescription('Discord member'))
      .addRoleOption((o) => o.setName('role').setDescription('A role')),
  );
const configCommand = new SlashCommandBuilder()
  .setName('config')
  .setDescription('Settings')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .addSubcommand((s) =>
    s
      .setName('channel')
      .setDescription('Where offers are posted')
      .addChannelOption((o) =>
        o.setName('channel').setDescription('Text channel').setRequired(true).addChannelTypes(ChannelType.GuildText),
      ),
  );
const pingCommand = new SlashCommandBuilder().setName('ping').setDescription('Ping');

describe('Discord stand-in with a real discord.js client', () => {
  beforeAll(async () => {
    standIn = await startDiscordStandIn({ heartbeatIntervalMs: 200 });
    traderRole = standIn.addRole({ name: 'trader' });
    alice = standIn.addMember({ username: 'alice', roles: [traderRole] });
    bob = standIn.addMember({ username: 'bob', permissions: PermissionFlagsBits.ManageGuild });
    channelId = standIn.addTextChannel('offers');

    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
    client.on(Events.InteractionCreate, (i) => onInteraction?.(i));
    heartbeatAcked = new Promise((resolve) => {
      const onDebug = (m: string) => {
        if (m.includes('Heartbeat acknowledged')) {
          client.off(Events.Debug, onDebug);
          resolve();
        }
      };
      client.on(Events.Debug, onDebug);
    });
    const ready = once(client, Events.ClientReady);
    await client.login(standIn.token);
    await ready;
    await standIn.waitForReady();
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('logs in: READY with the bot user and application, GUILD_CREATE with channels, roles and the bot member', async () => {
    expect(client.user?.id).toBe(standIn.botUserId);
    expect(client.application?.id).toBe(standIn.applicationId);
    const guild = client.guilds.cache.get(standIn.guild.id);
    expect(guild?.ownerId).toBe(standIn.guild.ownerId);
    expect(guild?.channels.cache.get(channelId)?.name).toBe('offers');
    expect(guild?.roles.everyone.id).toBe(standIn.guild.id);
    expect(guild?.roles.cache.get(traderRole)?.name).toBe('trader');
    expect(guild?.members.me?.roles.cache.has(standIn.guild.botRoleId)).toBe(true);
    const channel = guild?.channels.cache.get(channelId) as TextChannel;
    expect(channel.permissionsFor(guild!.members.me!).has(PermissionFlagsBits.SendMessages)).toBe(true);
    expect(standIn.connectionCount()).toBe(1);

    const identify = standIn.gatewayLog.find((e) => e.dir === 'in' && e.op === 2);
    expect(identify?.d).toMatchObject({ token: '[redacted]', intents: GatewayIntentBits.Guilds, shard: [0, 1] });

    await heartbeatAcked;
    expect(standIn.gatewayLog.some((e) => e.dir === 'in' && e.op === 1)).toBe(true);
    expect(standIn.gatewayLog.some((e) => e.dir === 'out' && e.op === 11)).toBe(true);
  });

  it('answers 401 with Discord error JSON on a bad token, and the gateway closes 4004', async () => {
    const res = await fetch(`${standIn.apiUrl}/v10/users/@me`, { headers: { Authorization: 'Bot not-the-token' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ message: '401: Unauthorized', code: 0 });

    const other = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
    await expect(other.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });

    const ws = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json`);
    const [hello] = (await once(ws, 'message')) as [Buffer];
    expect(JSON.parse(hello.toString())).toMatchObject({ op: 10, d: { heartbeat_interval: 200 } });
    ws.send(JSON.stringify({ op: 2, d: { token: 'nope', intents: 1, properties: {} } }));
    const [code] = (await once(ws, 'close')) as [number];
    expect(code).toBe(4004);
  });

  it('registers guild commands and records their JSON with ids', async () => {
    const registered = standIn.waitForCommands(standIn.guild.id, ['inventory', 'config']);
    const set = await client.application!.commands.set(
      [inventoryCommand, configCommand, pingCommand],
      standIn.guild.id,
    );
    const stored = standIn.registeredCommands(standIn.guild.id) as Array<Record<string, unknown>>;
    expect(stored.map((c) => c['name'])).toEqual(['inventory', 'config', 'ping']);
    expect(await registered).toEqual(stored);
    expect([...set.keys()].sort()).toEqual(stored.map((c) => c['id']).sort());
    expect(stored[0]).toMatchObject({
      type: 1,
      guild_id: standIn.guild.id,
      application_id: standIn.applicationId,
      options: wire(inventoryCommand.toJSON().options),
    });
    expect(stored[1]).toMatchObject({ default_member_permissions: String(PermissionFlagsBits.ManageGuild) });
    expect(standIn.registeredCommands('global')).toEqual([]);
    const put = standIn.requests.find((r) => r.method === 'PUT' && r.path.endsWith('/commands'));
    expect(put?.body).toEqual(wire([inventoryCommand, configCommand, pingCommand]));

    // Discord's validation: an upper-case name is refused with 50035 and nothing changes.
    const bad = client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, standIn.guild.id), {
      body: [{ name: 'Bad Name', description: 'x' }],
    });
    await expect(bad).rejects.toBeInstanceOf(DiscordAPIError);
    await expect(bad).rejects.toMatchObject({ code: 50035, status: 400 });
    expect(standIn.registeredCommands(standIn.guild.id)).toHaveLength(3);
  });

  it('delivers a slash command with typed options and resolved data; deferReply + editReply', async () => {
    let seen = '';
    const done = handleNext(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      seen = [
        i.commandName,
        i.options.getSubcommand(),
        i.options.getInteger('app'),
        i.options.getString('search'),
        i.options.getUser('member')?.username,
        i.options.getMember('member') ? 'member' : 'no-member',
        i.options.getRole('role')?.name,
        i.user.username,
        i.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ? 'manager' : 'not-manager',
        i.appPermissions.has(PermissionFlagsBits.SendMessages) ? 'can-send' : 'cannot-send',
      ].join('|');
      await i.deferReply();
      await i.editReply({ content: 'Inventory of 730: 3 items' });
    });
    const h = await standIn.slash({
      user: alice,
      channel: channelId,
      command: 'inventory',
      subcommand: 'show',
      options: { app: 730, search: 'AK', member: bob, role: traderRole },
    });
    await done;
    expect(seen).toBe('inventory|show|730|AK|bob|member|trader|alice|not-manager|can-send');
    expect(h.payload.data.options).toEqual([
      {
        type: 1,
        name: 'show',
        options: [
          { type: 4, name: 'app', value: 730 },
          { type: 3, name: 'search', value: 'AK' },
          { type: 6, name: 'member', value: bob },
          { type: 8, name: 'role', value: traderRole },
        ],
      },
    ]);
    expect(h.responses.map((r) => [r.kind, r.ephemeral])).toEqual([
      ['deferred', false],
      ['editOriginal', false],
    ]);
    expect(h.responses[1]?.content).toBe('Inventory of 730: 3 items');
    const original = h.original();
    expect(original).toMatchObject({
      content: 'Inventory of 730: 3 items',
      flags: 0,
      type: 20,
      edited_timestamp: null,
    });
    expect(original?.interaction_metadata).toMatchObject({ name: 'inventory', user: { id: alice } });
    expect(standIn.messages(channelId).at(-1)?.id).toBe(original?.id);
  });

  it('gives a manager the Manage Server permission and a channel option resolved to a channel', async () => {
    let seen = '';
    const done = handleNext(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      const ch = i.options.getChannel('channel', true);
      seen = `${i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)}|${ch.id}|${ch.name}`;
      await i.reply({ content: 'saved', withResponse: true }).then((r) => {
        seen += `|${r.resource?.message?.content}|${r.interaction.responseMessageId === r.resource?.message?.id}`;
      });
    });
    const h = await standIn.slash({
      user: bob,
      channel: channelId,
      command: 'config',
      subcommand: 'channel',
      options: { channel: channelId },
    });
    await done;
    expect(seen).toBe(`true|${channelId}|offers|saved|true`);
    expect(h.responses.map((r) => r.kind)).toEqual(['reply']);
    const callback = standIn.requests.find((r) => r.path === `/interactions/${h.id}/${h.token}/callback`);
    expect(callback?.query).toBe('?with_response=true');
  });

  it('an ephemeral reply is seen by the invoking user only', async () => {
    const done = handleNext(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.reply({ content: 'Only you can see this', flags: MessageFlags.Ephemeral });
    });
    const h = await standIn.slash({ user: alice, channel: channelId, command: 'ping' });
    await done;
    const r = await h.waitForResponse();
    expect(r).toMatchObject({ kind: 'reply', content: 'Only you can see this', flags: 64, ephemeral: true });
    expect(h.original()?.flags).toBe(64);
    expect(standIn.messages(channelId).some((m) => m.content === 'Only you can see this')).toBe(false);
    // The channel routes do not show it either.
    await expect(client.rest.get(Routes.channelMessage(channelId, h.original()!.id))).rejects.toMatchObject({
      code: 10008,
      status: 404,
    });
  });

  it('records follow-ups; the first follow-up after a deferral fills the thinking message', async () => {
    const done = handleNext(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.reply('first');
      await i.followUp({ content: 'second (ephemeral)', flags: MessageFlags.Ephemeral });
      const third = await i.followUp('third');
      await i.webhook.editMessage(third, { content: 'third, edited' });
    });
    const h = await standIn.slash({ user: alice, channel: channelId, command: 'ping' });
    await done;
    expect(h.responses.map((r) => [r.kind, r.content, r.ephemeral])).toEqual([
      ['reply', 'first', false],
      ['followUp', 'second (ephemeral)', true],
      ['followUp', 'third', false],
      ['editFollowUp', 'third, edited', false],
    ]);
    const contents = standIn.messages(channelId).map((m) => m.content);
    expect(contents.slice(-2)).toEqual(['first', 'third, edited']);

    const deferred = handleNext(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.deferReply({ flags: MessageFlags.Ephemeral });
      await i.followUp({ content: 'done thinking' });
    });
    const h2 = await standIn.slash({ user: alice, channel: channelId, command: 'ping' });
    await deferred;
    const [defer, follow] = h2.responses as [InteractionResponse, InteractionResponse];
    expect(defer).toMatchObject({ kind: 'deferred', ephemeral: true, message: { flags: 64 | 128, content: '' } });
    expect(follow).toMatchObject({ kind: 'followUp', ephemeral: true, messageId: defer.messageId });
    expect(h2.original()).toMatchObject({ content: 'done thinking', flags: 64 });
  });

  it('posts and edits a channel message with an embed and a button', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const embed = new EmbedBuilder()
      .setTitle('Trade offer #4711')
      .setDescription('From **trader42**')
      .addFields({ name: 'You give', value: 'AK-47 | Redline (Field-Tested) ×1' })
      .setColor(0x2b7de9);
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('offer:accept:4711').setLabel('Accept').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('offer:decline:4711').setLabel('Decline').setStyle(ButtonStyle.Danger),
    );
    const sent = await channel.send({ content: 'New offer', embeds: [embed], components: [row] });
    const stored = standIn.messages(channelId).at(-1);
    expect(stored?.id).toBe(sent.id);
    expect(stored).toMatchObject({
      content: 'New offer',
      type: 0,
      flags: 0,
      author: { id: standIn.botUserId, bot: true },
    });
    expect(stored?.embeds).toEqual(wire([embed]));
    expect(stored?.components).toEqual(wire([row]));
    expect(stored?.edited_timestamp).toBeNull();

    const accepted = EmbedBuilder.from(embed).setColor(0x3ba55c).setFooter({ text: 'Accepted by alice' });
    const edited = await sent.edit({ embeds: [accepted], components: [] });
    expect(edited.embeds[0]?.footer?.text).toBe('Accepted by alice');
    const after = standIn.messages(channelId).find((m) => m.id === sent.id);
    expect(after).toMatchObject({ content: 'New offer', components: [], embeds: wire([accepted]) });
    expect(after?.edited_timestamp).toEqual(expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00$/));

    const fetched = await channel.messages.fetch({ message: sent.id, force: true });
    expect(fetched.embeds[0]?.footer?.text).toBe('Accepted by alice');
  });

  it('records who a message pings, honouring allowed_mentions', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const pinged = await channel.send(`<@${alice}> your offer, <@&${traderRole}>`);
    const silent = await channel.send({ content: `<@${alice}> your offer`, allowedMentions: { parse: [] } });
    const byId = (id: string) => standIn.messages(channelId).find((m) => m.id === id);
    expect(byId(pinged.id)?.mentions).toEqual([expect.objectContaining({ id: alice, username: 'alice' })]);
    expect(byId(pinged.id)?.mention_roles).toEqual([traderRole]);
    expect(byId(silent.id)?.mentions).toEqual([]);
  });

  it('delivers button clicks: update, and deferUpdate + editReply edit the message the button is on', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
      new ButtonBuilder().setCustomId('offer:accept:99').setLabel('Accept').setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId('offer:decline:99').setLabel('Decline').setStyle(ButtonStyle.Danger),
    );
    const posted = await channel.send({ content: 'Offer 99: active', components: [row] });

    let seen = '';
    const done = handleNext(async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      seen = `${i.customId}|${i.message.id}|${i.user.username}|${i.message.content}`;
      await i.update({ content: `Offer 99: accepted by ${i.user.username}`, components: [] });
    });
    const h = await standIn.clickButton({
      user: alice,
      channel: channelId,
      messageId: posted.id,
      customId: 'offer:accept:99',
    });
    await done;
    expect(seen).toBe(`offer:accept:99|${posted.id}|alice|Offer 99: active`);
    expect(h.payload).toMatchObject({ type: 3, data: { custom_id: 'offer:accept:99', component_type: 2 } });
    expect(h.responses[0]).toMatchObject({ kind: 'update', content: 'Offer 99: accepted by alice', components: [] });
    const updated = await standIn.waitForMessage(channelId, (m) => m.id === posted.id && m.components.length === 0);
    expect(updated.content).toBe('Offer 99: accepted by alice');

    // Buttons that are gone cannot be clicked.
    await expect(
      standIn.clickButton({ user: alice, channel: channelId, messageId: posted.id, customId: 'offer:accept:99' }),
    ).rejects.toThrow(/has no button "offer:accept:99"/);

    const second = await channel.send({ content: 'Offer 100: active', components: [row] });
    const done2 = handleNext(async (i) => {
      if (!i.isButton()) throw new Error('expected a button');
      await i.deferUpdate();
      await i.editReply({ content: 'Offer 100: declined' });
    });
    const h2 = await standIn.clickButton({
      user: bob,
      channel: channelId,
      messageId: second.id,
      customId: 'offer:decline:99',
    });
    await done2;
    expect(h2.responses.map((r) => r.kind)).toEqual(['deferredUpdate', 'editOriginal']);
    expect(h2.original()?.id).toBe(second.id);
    expect(standIn.messages(channelId).find((m) => m.id === second.id)?.content).toBe('Offer 100: declined');
  });

  it('delivers autocomplete with the focused option and records the choices', async () => {
    let focused: unknown;
    const done = handleNext(async (i) => {
      if (!i.isAutocomplete()) throw new Error('expected autocomplete');
      focused = i.options.getFocused(true);
      await i.respond([
        { name: 'Counter-Strike 2', value: 730 },
        { name: 'Team Fortress 2', value: 440 },
      ]);
    });
    const h = await standIn.autocomplete({
      user: alice,
      channel: channelId,
      command: 'inventory',
      subcommand: 'show',
      focused: 'app',
      options: { app: '7', search: 'AK' },
    });
    await done;
    expect(focused).toMatchObject({ name: 'app', value: '7', focused: true });
    expect(h.payload.type).toBe(4);
    expect(h.responses).toHaveLength(1);
    expect(h.responses[0]).toMatchObject({
      kind: 'autocomplete',
      choices: [
        { name: 'Counter-Strike 2', value: 730 },
        { name: 'Team Fortress 2', value: 440 },
      ],
    });
  });

  it('refuses, loudly, to send what a Discord user could not send', async () => {
    await expect(standIn.slash({ user: alice, channel: channelId, command: 'offers' })).rejects.toThrow(
      /\/offers is not registered/,
    );
    await expect(
      standIn.slash({ user: alice, channel: channelId, command: 'inventory', subcommand: 'nope' }),
    ).rejects.toThrow(/no subcommand "nope"/);
    await expect(standIn.slash({ user: alice, channel: channelId, command: 'inventory' })).rejects.toThrow(
      /needs a subcommand/,
    );
    await expect(
      standIn.slash({
        user: alice,
        channel: channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { search: 'x' },
      }),
    ).rejects.toThrow(/needs option "app"/);
    await expect(
      standIn.slash({
        user: alice,
        channel: channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { app: 'abc' },
      }),
    ).rejects.toThrow(/is not a number/);
  });

  it('answers 404 Unknown Channel (10003) for a deleted channel', async () => {
    const id = standIn.addTextChannel('doomed');
    const channel = (await client.channels.fetch(id)) as TextChannel;
    standIn.deleteChannel(id);
    const err = await channel.send('hello?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err).toMatchObject({ code: 10003, status: 404, rawError: { message: 'Unknown Channel', code: 10003 } });
    const answered = await standIn.waitForRequest((r) => r.path === `/channels/${id}/messages` && r.status === 404);
    expect(answered).toMatchObject({ method: 'POST', body: { content: 'hello?' } });
  });

  it('answers 403 Missing Permissions (50013) where the bot may not post; its own messages stay editable', async () => {
    const id = standIn.addTextChannel('read-only');
    const channel = (await client.channels.fetch(id)) as TextChannel;
    const old = await channel.send('before the lock');
    standIn.setBotCanPost(id, false);
    const err = await channel.send('hello?').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DiscordAPIError);
    expect(err).toMatchObject({ code: 50013, status: 403, message: 'Missing Permissions' });
    await old.edit('edited while locked');
    standIn.setBotCanPost(id, true);
    await channel.send('after the unlock');
    expect(standIn.messages(id).map((m) => m.content)).toEqual(['edited while locked', 'after the unlock']);
  });

  it('a 429 with retry_after is waited out and retried by discord.js', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    standIn.injectRateLimit({ method: 'POST', path: /^\/channels\/\d+\/messages$/, retryAfterSeconds: 0.2 });
    const limited = once(client.rest, RESTEvents.RateLimited) as Promise<[RateLimitData]>;
    const sent = await channel.send('after the rate limit');
    const [info] = await limited;
    expect(info).toMatchObject({ method: 'POST', route: '/channels/:id/messages', global: false });
    const posts = standIn.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`);
    expect(posts.slice(-2).map((r) => [r.status, (r.body as { content: string }).content])).toEqual([
      [429, 'after the rate limit'],
      [200, 'after the rate limit'],
    ]);
    expect(
      standIn
        .messages(channelId)
        .filter((m) => m.content === 'after the rate limit')
        .map((m) => m.id),
    ).toEqual([sent.id]);
  });

  it('resumes after the gateway drops the connection and replays what happened meanwhile', async () => {
    const resumed = once(client, Events.ShardResume);
    standIn.dropConnections(4000);
    const created = standIn.addTextChannel('while-away');
    await resumed;
    expect(standIn.identifyCount()).toBe(1);
    expect(client.channels.cache.get(created)?.type).toBe(ChannelType.GuildText);

    const resumedAgain = once(client, Events.ShardResume);
    standIn.requestReconnect();
    await resumedAgain;
    const done = handleNext(async (i) => {
      if (!i.isRepliable()) throw new Error('not repliable');
      await i.reply('still here');
    });
    const h = await standIn.slash({ user: alice, channel: channelId, command: 'ping' });
    await done;
    expect(h.responses[0]).toMatchObject({ kind: 'reply', content: 'still here' });
    expect(standIn.identifyCount()).toBe(1);
  });

  it('refuses a second acknowledgement with 40060', async () => {
    let second: unknown;
    const done = handleNext(async (i) => {
      if (!i.isChatInputCommand()) throw new Error('expected a chat input command');
      await i.reply('once');
      second = await client.rest
        .post(Routes.interactionCallback(i.id, i.token), { body: { type: 4, data: { content: 'twice' } }, auth: false })
        .catch((e: unknown) => e);
    });
    const h = await standIn.slash({ user: alice, channel: channelId, command: 'ping' });
    await done;
    expect(second).toMatchObject({ code: 40060, status: 400 });
    expect(h.responses.map((r) => r.content)).toEqual(['once']);
  });

  it('refuses what Discord refuses: over-long content (50035) and empty messages (50006)', async () => {
    const channel = (await client.channels.fetch(channelId)) as TextChannel;
    const long = await channel.send('x'.repeat(2001)).catch((e: unknown) => e);
    expect(long).toBeInstanceOf(DiscordAPIError);
    expect(long).toMatchObject({
      code: 50035,
      status: 400,
      rawError: { errors: { content: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } },
    });
    // (builders refuse this locally; a raw body reaches the API)
    const tooLong = client.rest.post(Routes.channelMessages(channelId), {
      body: { embeds: [{ title: 't', description: 'd'.repeat(4097) }] },
    });
    await expect(tooLong).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { embeds: { 0: { description: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } },
    });
    await expect(client.rest.post(Routes.channelMessages(channelId), { body: { content: '' } })).rejects.toMatchObject({
      code: 50006,
    });
  });

  it('refuses a field value over 1,024, an embed colour out of range, a non-web embed url and bad allowed_mentions', async () => {
    const post = (body: Record<string, unknown>) => client.rest.post(Routes.channelMessages(channelId), { body });
    await expect(post({ embeds: [{ fields: [{ name: 'Partner', value: 'n'.repeat(1100) }] }] })).rejects.toMatchObject({
      code: 50035,
      rawError: {
        errors: { embeds: { 0: { fields: { 0: { value: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } } },
      },
    });
    await expect(post({ embeds: [{ title: 't', color: 0x1000000 }] })).rejects.toMatchObject({ code: 50035 });
    await expect(post({ embeds: [{ title: 't', url: 'javascript:alert(1)' }] })).rejects.toMatchObject({
      code: 50035,
    });
    await expect(
      post({ content: `<@${alice}>`, allowed_mentions: { parse: ['users'], users: [alice] } }),
    ).rejects.toMatchObject({
      code: 50035,
      rawError: { errors: { allowed_mentions: { users: { _errors: [{ code: 'SET_TYPE_ALREADY_CONTAINS_VALUE' }] } } } },
    });
    await expect(
      post({ content: 'x', allowed_mentions: { parse: [], users: Array.from({ length: 101 }, (_, i) => String(i)) } }),
    ).rejects.toMatchObject({ code: 50035 });
    const ok = (await post({ content: `<@${alice}>`, allowed_mentions: { parse: [], users: [alice] } })) as {
      mentions: Array<{ id: string }>;
    };
    expect(ok.mentions.map((u) => u.id)).toEqual([alice]);
  });
});

describe('Discord stand-in with several servers', () => {
  let standIn: DiscordStandIn;
  let client: Client;
  let next: ((i: Interaction) => void) | null = null;
  const nextInteraction = () => new Promise<Interaction>((resolve) => (next = resolve));

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: standIn.apiUrl } });
    client.on(Events.InteractionCreate, (i) => {
      next?.(i);
      void (i.isRepliable() ? i.reply({ content: 'ok' }) : undefined);
    });
    // Already in a second server when it logs in: READY lists both, GUILD_CREATE for each.
    standIn.addGuild({ name: 'Second' });
    const ready = once(client, Events.ClientReady);
    await client.login(standIn.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('a bot added to a server gets GUILD_CREATE; leaving answers 204, sends GUILD_DELETE, then 404 10004', async () => {
    expect(client.guilds.cache.size).toBe(2);
    const ready = standIn.gatewayLog.find((e) => e.dir === 'out' && e.t === 'READY');
    expect((ready?.d as { guilds: unknown[] }).guilds).toHaveLength(2);

    const created = once(client, Events.GuildCreate);
    const third = standIn.addGuild({ name: 'Third', ownerName: 'mallory' });
    const [guild] = (await created) as [import('discord.js').Guild];
    expect(guild).toMatchObject({ id: third.id, name: 'Third', ownerId: third.ownerId });
    expect(guild.members.me?.roles.cache.has(third.botRoleId!)).toBe(true);
    const listed = (await client.rest.get(Routes.userGuilds())) as Array<{ id: string }>;
    expect(listed.map((g) => g.id)).toEqual(expect.arrayContaining([standIn.guild.id, third.id]));

    const deleted = once(client, Events.GuildDelete);
    await guild.leave();
    const [gone] = (await deleted) as [import('discord.js').Guild];
    expect(gone.id).toBe(third.id);
    const deleteEvent = standIn.gatewayLog.findLast((e) => e.dir === 'out' && e.t === 'GUILD_DELETE');
    expect(deleteEvent?.d).toEqual({ id: third.id });
    expect(standIn.requests.findLast((r) => r.method === 'DELETE')).toMatchObject({
      path: `/users/@me/guilds/${third.id}`,
      status: 204,
    });
    expect(standIn.botIsMember(third.id)).toBe(false);
    expect(client.guilds.cache.has(third.id)).toBe(false);
    await expect(client.rest.delete(Routes.userGuild(third.id))).rejects.toMatchObject({ status: 404, code: 10004 });
    // Reads and command registration there: 403 Missing Access, as for any server the app is not in.
    await expect(client.rest.get(Routes.guild(third.id))).rejects.toMatchObject({ status: 403, code: 50001 });
    await expect(
      client.rest.put(Routes.applicationGuildCommands(standIn.applicationId, third.id), { body: [] }),
    ).rejects.toMatchObject({ status: 403, code: 50001 });
    // Nobody there can reach the bot any more.
    const room = standIn.addTextChannel('room', { guild: third.id });
    await expect(standIn.slash({ user: third.ownerId, channel: room, command: 'ping' })).rejects.toThrow(
      /not in guild/,
    );
  });

  it('global and guild commands side by side: both dispatch, each interaction with its own guild_id and member', async () => {
    const second = standIn.guilds().find((g) => g.name === 'Second')!;
    await client.application!.commands.set([pingCommand]);
    await client.application!.commands.set([pingCommand, configCommand], standIn.guild.id);
    expect(standIn.registeredCommands('global').map((c) => c.name)).toEqual(['ping']);

    // One user: Manage Server in the second server, nothing in the home server.
    const both = standIn.addMember({
      username: 'both',
      guild: second.id,
      permissions: PermissionFlagsBits.ManageGuild,
    });
    standIn.addMember({ username: 'both', user: both });
    const homeRoom = standIn.addTextChannel('home-room');
    const secondRoom = standIn.addTextChannel('second-room', { guild: second.id });

    const seen = async (p: Parameters<DiscordStandIn['slash']>[0]) => {
      const got = nextInteraction();
      const handle = await standIn.slash(p);
      const i = (await got) as import('discord.js').ChatInputCommandInteraction;
      return { i, handle };
    };
    const viaGuild = await seen({ user: both, channel: homeRoom, command: 'ping', scope: 'guild' });
    const viaGlobal = await seen({ user: both, channel: homeRoom, command: 'ping', scope: 'global' });
    const elsewhere = await seen({ user: both, channel: secondRoom, command: 'ping' });
    expect(viaGuild.i.commandGuildId).toBe(standIn.guild.id);
    expect(viaGlobal.i.commandGuildId).toBeNull();
    expect(viaGlobal.i.guildId).toBe(standIn.guild.id);
    expect(elsewhere.i.guildId).toBe(second.id);
    expect(elsewhere.handle.payload.guild_id).toBe(second.id);
    expect(viaGuild.i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);
    expect(elsewhere.i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(true);
    // The home server's guild command does not exist in the second server.
    await expect(
      standIn.slash({ user: both, channel: secondRoom, command: 'config', subcommand: 'channel' }),
    ).rejects.toThrow(/\/config is not registered in guild/);
  });

  it('a DM with the bot: only a global command that allows DMs, no guild_id, the user instead of a member', async () => {
    const user = standIn.addUser({ username: 'dm-user' });
    await expect(standIn.slashInDm({ user, command: 'config', subcommand: 'channel' })).rejects.toThrow(
      /not registered in a DM/,
    );
    const got = nextInteraction();
    const handle = await standIn.slashInDm({ user, command: 'ping' });
    const i = await got;
    expect(i.guildId).toBeNull();
    expect(i.inGuild()).toBe(false);
    expect(i.user.id).toBe(user);
    expect(handle.payload).toMatchObject({ context: 1, user: { id: user } });
    expect(handle.payload.member).toBeUndefined();
    expect((await handle.waitForResponse()).content).toBe('ok');
    // Commands limited to servers (contexts [0]) do not show in DMs.
    await client.application!.commands.set([
      new SlashCommandBuilder().setName('ping').setDescription('Ping').setContexts(0),
    ]);
    await expect(standIn.slashInDm({ user, command: 'ping' })).rejects.toThrow(/not registered in a DM/);
  });
});

describe('Discord stand-in with a client that asks for member and message intents', () => {
  let standIn: DiscordStandIn;
  let client: Client;

  beforeAll(async () => {
    standIn = await startDiscordStandIn();
    client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMembers, GatewayIntentBits.GuildMessages],
      rest: { api: standIn.apiUrl },
    });
    const ready = once(client, Events.ClientReady);
    await client.login(standIn.token);
    await ready;
  });

  afterAll(async () => {
    await client?.destroy();
    await standIn?.close();
  });

  it('sends GUILD_MEMBER_ADD, answers REQUEST_GUILD_MEMBERS and the member routes', async () => {
    const added = once(client, Events.GuildMemberAdd);
    const carol = standIn.addMember({ username: 'carol', admin: true });
    const [member] = (await added) as [GuildMember];
    expect(member.id).toBe(carol);
    expect(member.permissions.has(PermissionFlagsBits.Administrator)).toBe(true);

    const guild = client.guilds.cache.get(standIn.guild.id)!;
    const all = await guild.members.fetch();
    expect([...all.keys()].sort()).toEqual([standIn.botUserId, standIn.guild.ownerId, carol].sort());
    expect(standIn.gatewayLog.some((e) => e.dir === 'in' && e.op === 8)).toBe(true);

    const viaRest = await client.rest.get(Routes.guildMember(standIn.guild.id, carol));
    expect(viaRest).toMatchObject({ user: { id: carol, username: 'carol' } });
    await expect(client.rest.get(Routes.guildMember(standIn.guild.id, '1234'))).rejects.toMatchObject({
      code: 10007,
      status: 404,
    });
  });

  it('dispatches MESSAGE_CREATE, without content unless the bot is mentioned (no Message Content intent)', async () => {
    const dave = standIn.addMember({ username: 'dave' });
    const channelId = standIn.addTextChannel('chat');
    const created = once(client, Events.MessageCreate);
    standIn.postAsUser({ user: dave, channel: channelId, content: 'hello everyone' });
    const [message] = (await created) as [Message];
    expect(message.author.id).toBe(dave);
    expect(message.channelId).toBe(channelId);
    expect(message.content).toBe('');

    const mentioned = once(client, Events.MessageCreate);
    standIn.postAsUser({ user: dave, channel: channelId, content: `<@${standIn.botUserId}> hello bot` });
    const [second] = (await mentioned) as [Message];
    expect(second.content).toBe(`<@${standIn.botUserId}> hello bot`);
    expect(second.mentions.users.has(standIn.botUserId)).toBe(true);
    expect(standIn.messages(channelId).map((m) => m.content)).toEqual([
      'hello everyone',
      `<@${standIn.botUserId}> hello bot`,
    ]);
  });

  it('speaks zlib-stream when a client asks for it', async () => {
    const ws = new WebSocket(`${standIn.gatewayUrl}?v=10&encoding=json&compress=zlib-stream`);
    const inflate = createInflate();
    const payloads: Array<{ op: number; t?: string }> = [];
    let text = '';
    inflate.on('data', (c: Buffer) => {
      text += c.toString('utf8');
    });
    const got = new Promise<void>((resolve) => {
      ws.on('message', (data: Buffer) => {
        inflate.write(data);
        inflate.flush(zlibConstants.Z_SYNC_FLUSH, () => {
          if (!text) return;
          payloads.push(JSON.parse(text) as { op: number; t?: string });
          text = '';
          const last = payloads.at(-1);
          if (last?.op === 10)
            ws.send(JSON.stringify({ op: 2, d: { token: standIn.token, intents: 1, properties: {} } }));
          if (last?.t === 'GUILD_CREATE') resolve();
        });
      });
    });
    await got;
    expect(payloads.map((p) => p.t ?? p.op)).toEqual([10, 'READY', 'GUILD_CREATE']);
    ws.close(1000);
    await once(ws, 'close');
    inflate.close();
  });
});
