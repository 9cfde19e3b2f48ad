/**
 * The stand-in's world: guilds (the home guild the bot starts in, and others a test adds: with or
 * without the bot) with their roles, members, text channels and messages, the bot user, the
 * registered application commands (global and per guild). Serialises everything the way Discord's API does (snake_case JSON,
 * permission bitfields as strings, ISO timestamps with +00:00).
 */
import { Errors, invalidFormBody } from './errors.js';
import {
  DEFAULT_BOT_PERMISSIONS,
  DEFAULT_EVERYONE_PERMISSIONS,
  Perm,
  computePermissions,
  type Overwrite,
} from './permissions.js';
import { SnowflakeGenerator, discordIso, snowflakeTimestamp } from './snowflake.js';
import { isEmptyMessage, isObj, validateCommand, validateMessageFields } from './validate.js';

export type Obj = Record<string, unknown>;

/** Gateway intents the stand-in looks at when deciding whom to send a dispatch to. */
export const Intent = {
  Guilds: 1 << 0,
  GuildMembers: 1 << 1,
  GuildMessages: 1 << 9,
  MessageContent: 1 << 15,
} as const;

export const MessageFlag = {
  SuppressEmbeds: 1 << 2,
  Ephemeral: 1 << 6,
  Loading: 1 << 7,
  SuppressNotifications: 1 << 12,
  IsComponentsV2: 1 << 15,
} as const;

export interface UserRec {
  id: string;
  username: string;
  globalName: string | null;
  discriminator: string;
  bot: boolean;
}

export interface RoleRec {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  color: number;
  hoist: boolean;
  mentionable: boolean;
  managed: boolean;
  botId?: string;
}

export interface MemberRec {
  userId: string;
  roles: string[];
  joinedAt: string;
  nick: string | null;
}

export interface ChannelRec {
  id: string;
  guildId: string;
  name: string;
  position: number;
  topic: string | null;
  overwrites: Overwrite[];
  lastMessageId: string | null;
  deleted: boolean;
}

export interface MessageRec {
  id: string;
  channelId: string;
  /** The message as Discord's API returns it. */
  json: Obj;
  ephemeral: boolean;
  deleted: boolean;
  /** For ephemeral messages: the only user who can see it. */
  recipientId?: string;
  /** The interaction that created it, for interaction responses. */
  interactionId?: string;
}

export interface GuildRec {
  id: string;
  name: string;
  ownerId: string;
  createdAt: string;
  /** Its roles, @everyone (id = the guild id) included. */
  roles: Map<string, RoleRec>;
  /** Its members by user id; the bot is one while it is in the guild. */
  members: Map<string, MemberRec>;
}

export type MessageChange = 'create' | 'update' | 'delete';
export type Dispatcher = (t: string, d: Obj, intent: number | null, shape?: (d: Obj, intents: number) => Obj) => void;

const clone = <T>(v: T): T => structuredClone(v);

export class World {
  readonly ids = new SnowflakeGenerator();
  readonly applicationId: string;
  readonly botUserId: string;
  /** The home guild: the one the bot is in from the start, and the default of every guild parameter. */
  readonly guildId: string;
  readonly ownerId: string;
  readonly users = new Map<string, UserRec>();
  readonly guilds = new Map<string, GuildRec>();
  /** DM channel id → the user it is with. */
  readonly dmChannels = new Map<string, string>();
  readonly channels = new Map<string, ChannelRec>();
  readonly messages = new Map<string, MessageRec>();
  /** Message ids per channel, oldest first. */
  readonly channelMessages = new Map<string, string[]>();
  /** Registered commands: 'global' or a guild id → command JSON (with ids) in registration order. */
  readonly commands = new Map<string, Obj[]>();
  private readonly commandIds = new Map<string, string>();
  private readonly messageListeners = new Set<(m: MessageRec, change: MessageChange) => void>();
  private readonly commandListeners = new Set<() => void>();
  dispatch: Dispatcher = () => {};

  constructor(opts: { botUsername: string; guildName: string }) {
    this.applicationId = this.ids.next();
    // Applications created since 2016 share their id with their bot user.
    this.botUserId = this.applicationId;
    this.users.set(this.botUserId, {
      id: this.botUserId,
      username: opts.botUsername,
      globalName: null,
      discriminator: '4821',
      bot: true,
    });
    const home = this.createGuild({ name: opts.guildName, ownerName: 'server-owner', ownerGlobalName: 'Server Owner' });
    this.guildId = home.id;
    this.ownerId = home.ownerId;
    this.addBotMember(home);
  }

  // ---- guilds ---------------------------------------------------------------------------------

  /** A guild with its owner and @everyone; the bot is not in it until addBotMember. */
  createGuild(g: { name: string; ownerName?: string; ownerGlobalName?: string }): GuildRec {
    const ownerId = this.ids.next();
    this.users.set(ownerId, {
      id: ownerId,
      username: g.ownerName ?? `${g.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-owner`,
      globalName: g.ownerGlobalName ?? null,
      discriminator: '0',
      bot: false,
    });
    const id = this.ids.next();
    const createdAt = discordIso(Date.now());
    const guild: GuildRec = { id, name: g.name, ownerId, createdAt, roles: new Map(), members: new Map() };
    guild.roles.set(id, {
      id,
      guildId: id,
      name: '@everyone',
      permissions: DEFAULT_EVERYONE_PERMISSIONS,
      position: 0,
      color: 0,
      hoist: false,
      mentionable: false,
      managed: false,
    });
    guild.members.set(ownerId, { userId: ownerId, roles: [], joinedAt: createdAt, nick: null });
    this.guilds.set(id, guild);
    return guild;
  }

  guild(id: string = this.guildId): GuildRec {
    const g = this.guilds.get(id);
    if (!g) throw new Error(`Discord stand-in: no guild ${id}`);
    return g;
  }

  botIn(guildId: string): boolean {
    return this.guilds.get(guildId)?.members.has(this.botUserId) ?? false;
  }

  /** Guilds the bot is a member of, in creation order. */
  botGuilds(): GuildRec[] {
    return [...this.guilds.values()].filter((g) => g.members.has(this.botUserId));
  }

  /** The bot's managed role in a guild (Discord creates one when a bot with permissions joins). */
  botRoleId(guildId: string = this.guildId): string | undefined {
    return [...this.guild(guildId).roles.values()].find((r) => r.botId === this.botUserId)?.id;
  }

  /**
   * The bot joins a guild (someone authorised it with the `bot` scope): a managed role, the member,
   * and GUILD_CREATE to its sessions, as Discord does. Returns the managed role's id.
   */
  addBotMember(guild: GuildRec): string {
    if (guild.members.has(this.botUserId)) throw new Error(`Discord stand-in: the bot is already in ${guild.id}`);
    const botRole = this.ids.next();
    guild.roles.set(botRole, {
      id: botRole,
      guildId: guild.id,
      name: this.users.get(this.botUserId)?.username ?? 'bot',
      permissions: DEFAULT_BOT_PERMISSIONS,
      position: Math.max(...[...guild.roles.values()].map((x) => x.position)) + 1,
      color: 0,
      hoist: false,
      mentionable: false,
      managed: true,
      botId: this.botUserId,
    });
    guild.members.set(this.botUserId, {
      userId: this.botUserId,
      roles: [botRole],
      joinedAt: discordIso(Date.now()),
      nick: null,
    });
    this.dispatch('GUILD_CREATE', this.guildCreateJson(guild), Intent.Guilds);
    return botRole;
  }

  /**
   * The bot leaves (DELETE /users/@me/guilds/{id}): its member and managed role go, and its sessions get
   * GUILD_DELETE without `unavailable` ("removed from the guild", not an outage).
   */
  removeBotMember(guildId: string): void {
    const guild = this.guilds.get(guildId);
    if (!guild || !guild.members.has(this.botUserId)) throw Errors.unknownGuild();
    guild.members.delete(this.botUserId);
    for (const r of [...guild.roles.values()]) if (r.botId === this.botUserId) guild.roles.delete(r.id);
    this.dispatch('GUILD_DELETE', { id: guildId }, Intent.Guilds);
  }

  /** A role by id in any guild. */
  findRole(id: string): RoleRec | undefined {
    for (const g of this.guilds.values()) {
      const r = g.roles.get(id);
      if (r) return r;
    }
    return undefined;
  }

  /** The guild a (text) channel belongs to; undefined for DM channels and unknown ids. */
  guildOfChannel(channelId: string): GuildRec | undefined {
    const ch = this.channels.get(channelId);
    return ch ? this.guilds.get(ch.guildId) : undefined;
  }

  /** The DM channel between the bot and a user (created on first use, like POST /users/@me/channels). */
  dmChannel(userId: string): string {
    for (const [id, user] of this.dmChannels) if (user === userId) return id;
    const id = this.ids.next();
    this.dmChannels.set(id, userId);
    this.channelMessages.set(id, []);
    return id;
  }

  /** Gateway events of a guild reach the bot only while it is a member. */
  private dispatchIn(guildId: string, ...args: Parameters<Dispatcher>): void {
    if (this.botIn(guildId)) this.dispatch(...args);
  }

  // ---- listeners -------------------------------------------------------------------------------

  onMessageChange(fn: (m: MessageRec, change: MessageChange) => void): () => void {
    this.messageListeners.add(fn);
    return () => this.messageListeners.delete(fn);
  }

  onCommandsChange(fn: () => void): () => void {
    this.commandListeners.add(fn);
    return () => this.commandListeners.delete(fn);
  }

  private emitCommands(): void {
    for (const fn of [...this.commandListeners]) fn();
  }

  private emitMessage(m: MessageRec, change: MessageChange): void {
    for (const fn of [...this.messageListeners]) fn(m, change);
    if (m.ephemeral) return;
    const ch = this.channels.get(m.channelId);
    if (!ch || ch.deleted) return;
    const guild = this.guild(ch.guildId);
    if (change === 'delete') {
      this.dispatchIn(
        guild.id,
        'MESSAGE_DELETE',
        { id: m.id, channel_id: m.channelId, guild_id: guild.id },
        Intent.GuildMessages,
      );
    } else {
      const author = m.json['author'] as Obj;
      const member = guild.members.get(String(author['id']));
      const d: Obj = { ...clone(m.json), guild_id: guild.id };
      if (member) d['member'] = this.memberJson(member, false);
      this.dispatchIn(
        guild.id,
        change === 'create' ? 'MESSAGE_CREATE' : 'MESSAGE_UPDATE',
        d,
        Intent.GuildMessages,
        (copy, intents) => this.withoutContentUnlessAllowed(copy, intents),
      );
    }
  }

  /**
   * Without the Message Content intent a bot gets other users' messages with content, embeds,
   * attachments and components emptied, unless the message mentions it.
   */
  private withoutContentUnlessAllowed(d: Obj, intents: number): Obj {
    if ((intents & Intent.MessageContent) !== 0) return d;
    const author = d['author'] as Obj;
    if (author['id'] === this.botUserId) return d;
    const mentions = Array.isArray(d['mentions']) ? (d['mentions'] as Obj[]) : [];
    if (mentions.some((u) => u['id'] === this.botUserId)) return d;
    return { ...d, content: '', embeds: [], attachments: [], components: [] };
  }

  // ---- guild set-up (test-facing) -------------------------------------------------------------

  addRole(r: { name: string; permissions?: bigint; color?: number; guild?: string }): string {
    const guild = this.guild(r.guild);
    const id = this.ids.next();
    const position = Math.max(...[...guild.roles.values()].map((x) => x.position)) + 1;
    const rec: RoleRec = {
      id,
      guildId: guild.id,
      name: r.name,
      permissions: r.permissions ?? 0n,
      position,
      color: r.color ?? 0,
      hoist: false,
      mentionable: false,
      managed: false,
    };
    guild.roles.set(id, rec);
    this.dispatchIn(guild.id, 'GUILD_ROLE_CREATE', { guild_id: guild.id, role: this.roleJson(rec) }, Intent.Guilds);
    return id;
  }

  /** A new user joining a guild, or (`user`) an existing user joining another guild. */
  addMember(m: {
    username: string;
    globalName?: string;
    roles?: string[];
    permissions?: bigint;
    admin?: boolean;
    bot?: boolean;
    guild?: string;
    user?: string;
  }): string {
    const guild = this.guild(m.guild);
    const roles = [...(m.roles ?? [])];
    for (const r of roles)
      if (!guild.roles.has(r)) throw new Error(`addMember(${m.username}): unknown role id ${r} in guild ${guild.id}`);
    let id: string;
    if (m.user !== undefined) {
      if (!this.users.has(m.user)) throw new Error(`addMember: unknown user ${m.user}`);
      if (guild.members.has(m.user)) throw new Error(`addMember: ${m.user} is already a member of ${guild.id}`);
      id = m.user;
    } else {
      id = this.ids.next();
      this.users.set(id, {
        id,
        username: m.username,
        globalName: m.globalName ?? null,
        discriminator: m.bot ? '0001' : '0',
        bot: m.bot ?? false,
      });
    }
    if (m.permissions !== undefined)
      roles.push(this.addRole({ name: `${m.username}-permissions`, permissions: m.permissions, guild: guild.id }));
    if (m.admin)
      roles.push(this.addRole({ name: `${m.username}-admin`, permissions: Perm.Administrator, guild: guild.id }));
    const rec: MemberRec = { userId: id, roles, joinedAt: discordIso(Date.now()), nick: null };
    guild.members.set(id, rec);
    this.dispatchIn(guild.id, 'GUILD_MEMBER_ADD', { ...this.memberJson(rec), guild_id: guild.id }, Intent.GuildMembers);
    return id;
  }

  /** A user who is not (or no longer) a member of the guild. */
  addUser(u: { username: string; globalName?: string }): string {
    const id = this.ids.next();
    this.users.set(id, { id, username: u.username, globalName: u.globalName ?? null, discriminator: '0', bot: false });
    return id;
  }

  setMemberRoles(userId: string, roles: string[], guildId?: string): void {
    const guild = this.guild(guildId);
    const m = guild.members.get(userId);
    if (!m) throw new Error(`setMemberRoles: ${userId} is not a member of ${guild.id}`);
    for (const r of roles) if (!guild.roles.has(r)) throw new Error(`setMemberRoles: unknown role id ${r}`);
    m.roles = [...roles];
    this.dispatchIn(
      guild.id,
      'GUILD_MEMBER_UPDATE',
      { ...this.memberJson(m), guild_id: guild.id },
      Intent.GuildMembers,
    );
  }

  removeMember(userId: string, guildId?: string): void {
    const guild = this.guild(guildId);
    if (!guild.members.delete(userId)) throw new Error(`removeMember: ${userId} is not a member of ${guild.id}`);
    const u = this.users.get(userId);
    if (u)
      this.dispatchIn(
        guild.id,
        'GUILD_MEMBER_REMOVE',
        { guild_id: guild.id, user: this.userJson(u) },
        Intent.GuildMembers,
      );
  }

  addTextChannel(name: string, opts: { topic?: string; guild?: string } = {}): string {
    const guild = this.guild(opts.guild);
    const id = this.ids.next();
    const position = this.liveChannels(guild.id).length;
    const rec: ChannelRec = {
      id,
      guildId: guild.id,
      name,
      position,
      topic: opts.topic ?? null,
      overwrites: [],
      lastMessageId: null,
      deleted: false,
    };
    this.channels.set(id, rec);
    this.channelMessages.set(id, []);
    this.dispatchIn(guild.id, 'CHANNEL_CREATE', this.channelJson(rec), Intent.Guilds);
    return id;
  }

  deleteChannel(id: string): void {
    const ch = this.channels.get(id);
    if (!ch || ch.deleted) throw new Error(`deleteChannel: no channel ${id}`);
    ch.deleted = true;
    this.dispatchIn(ch.guildId, 'CHANNEL_DELETE', this.channelJson(ch), Intent.Guilds);
  }

  private setBotOverwrite(channelId: string, bit: bigint, allowed: boolean): void {
    const ch = this.channels.get(channelId);
    if (!ch || ch.deleted) throw new Error(`no channel ${channelId}`);
    let ow = ch.overwrites.find((o) => o.type === 1 && o.id === this.botUserId);
    if (!ow) {
      ow = { id: this.botUserId, type: 1, allow: 0n, deny: 0n };
      ch.overwrites.push(ow);
    }
    if (allowed) ow.deny &= ~bit;
    else ow.deny |= bit;
    if (ow.allow === 0n && ow.deny === 0n) ch.overwrites = ch.overwrites.filter((o) => o !== ow);
    this.dispatchIn(ch.guildId, 'CHANNEL_UPDATE', this.channelJson(ch), Intent.Guilds);
  }

  setBotCanPost(channelId: string, allowed: boolean): void {
    this.setBotOverwrite(channelId, Perm.SendMessages, allowed);
  }

  setBotCanView(channelId: string, allowed: boolean): void {
    this.setBotOverwrite(channelId, Perm.ViewChannel, allowed);
  }

  // ---- permissions ----------------------------------------------------------------------------

  /** In a channel (its guild, with overwrites), else in `guildId` (default the home guild); 0 for a non-member. */
  permissionsOf(userId: string, channelId?: string, guildId?: string): bigint {
    const ch = channelId ? this.channels.get(channelId) : undefined;
    const guild = this.guilds.get(ch?.guildId ?? guildId ?? this.guildId);
    const member = guild?.members.get(userId);
    if (!guild || !member) return 0n;
    const everyone = guild.roles.get(guild.id)?.permissions ?? 0n;
    const rolePermissions = member.roles.flatMap((id) => {
      const r = guild.roles.get(id);
      return r ? [{ id, permissions: r.permissions }] : [];
    });
    return computePermissions({
      guildId: guild.id,
      ownerId: guild.ownerId,
      userId,
      everyone,
      rolePermissions,
      overwrites: ch?.overwrites,
    });
  }

  /** Throws Discord's answers for a bot request touching a channel: 10003, 50001, then `need` → 50013. */
  requireChannel(channelId: string, need: bigint = 0n): ChannelRec {
    const ch = this.channels.get(channelId);
    if (!ch || ch.deleted) throw Errors.unknownChannel();
    const perms = this.permissionsOf(this.botUserId, channelId);
    if ((perms & Perm.ViewChannel) === 0n) throw Errors.missingAccess();
    if ((perms & need) !== need) throw Errors.missingPermissions();
    return ch;
  }

  // ---- serialisation --------------------------------------------------------------------------

  userJson(u: UserRec): Obj {
    const j: Obj = {
      id: u.id,
      username: u.username,
      avatar: null,
      discriminator: u.discriminator,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      global_name: u.globalName,
      avatar_decoration_data: null,
      banner_color: null,
    };
    if (u.bot) j['bot'] = true;
    return j;
  }

  userJsonById(id: string): Obj {
    const u = this.users.get(id);
    if (!u) throw new Error(`unknown user ${id}`);
    return this.userJson(u);
  }

  memberJson(m: MemberRec, withUser = true): Obj {
    const j: Obj = {
      avatar: null,
      banner: null,
      communication_disabled_until: null,
      flags: 0,
      joined_at: m.joinedAt,
      nick: m.nick,
      pending: false,
      premium_since: null,
      roles: [...m.roles],
      unusual_dm_activity_until: null,
      mute: false,
      deaf: false,
    };
    if (withUser) j['user'] = this.userJsonById(m.userId);
    return j;
  }

  roleJson(r: RoleRec): Obj {
    const j: Obj = {
      id: r.id,
      name: r.name,
      description: null,
      permissions: r.permissions.toString(),
      position: r.position,
      color: r.color,
      colors: { primary_color: r.color, secondary_color: null, tertiary_color: null },
      hoist: r.hoist,
      managed: r.managed,
      mentionable: r.mentionable,
      icon: null,
      unicode_emoji: null,
      flags: 0,
    };
    if (r.botId) j['tags'] = { bot_id: r.botId };
    return j;
  }

  channelJson(c: ChannelRec): Obj {
    return {
      id: c.id,
      type: 0,
      guild_id: c.guildId,
      name: c.name,
      position: c.position,
      flags: 0,
      parent_id: null,
      topic: c.topic,
      nsfw: false,
      last_message_id: c.lastMessageId,
      rate_limit_per_user: 0,
      permission_overwrites: c.overwrites.map((o) => ({
        id: o.id,
        type: o.type,
        allow: o.allow.toString(),
        deny: o.deny.toString(),
      })),
    };
  }

  guildJson(guild: GuildRec = this.guild()): Obj {
    return {
      id: guild.id,
      name: guild.name,
      icon: null,
      description: null,
      home_header: null,
      splash: null,
      discovery_splash: null,
      features: [],
      banner: null,
      owner_id: guild.ownerId,
      application_id: null,
      region: 'deprecated',
      afk_channel_id: null,
      afk_timeout: 300,
      system_channel_id: null,
      system_channel_flags: 0,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 0,
      roles: [...guild.roles.values()].map((r) => this.roleJson(r)),
      default_message_notifications: 0,
      mfa_level: 0,
      explicit_content_filter: 0,
      max_presences: null,
      max_members: 25000000,
      max_stage_video_channel_users: 50,
      max_video_channel_users: 25,
      vanity_url_code: null,
      premium_tier: 0,
      premium_subscription_count: 0,
      preferred_locale: 'en-US',
      rules_channel_id: null,
      safety_alerts_channel_id: null,
      public_updates_channel_id: null,
      hub_type: null,
      premium_progress_bar_enabled: false,
      nsfw: false,
      nsfw_level: 0,
      emojis: [],
      stickers: [],
      incidents_data: null,
    };
  }

  /** GUILD_CREATE payload. Members: the bot only (what Discord sends without the presence intent). */
  guildCreateJson(guild: GuildRec = this.guild()): Obj {
    const bot = guild.members.get(this.botUserId);
    return {
      ...this.guildJson(guild),
      joined_at: bot?.joinedAt ?? guild.createdAt,
      large: false,
      unavailable: false,
      member_count: guild.members.size,
      lazy: true,
      voice_states: [],
      members: bot ? [this.memberJson(bot)] : [],
      channels: this.liveChannels(guild.id).map((c) => {
        const j = this.channelJson(c);
        delete j['guild_id'];
        return j;
      }),
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      application_command_counts: {},
    };
  }

  liveChannels(guildId: string = this.guildId): ChannelRec[] {
    return [...this.channels.values()].filter((c) => !c.deleted && c.guildId === guildId);
  }

  applicationJson(): Obj {
    const owner = this.users.get(this.ownerId);
    return {
      id: this.applicationId,
      name: this.users.get(this.botUserId)?.username ?? 'bot',
      icon: null,
      description: '',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      owner: owner ? this.userJson(owner) : null,
      team: null,
      bot: this.userJsonById(this.botUserId),
      install_params: { scopes: ['bot', 'applications.commands'], permissions: DEFAULT_BOT_PERMISSIONS.toString() },
      integration_types_config: { '0': {} },
      approximate_guild_count: this.botGuilds().length,
      approximate_user_install_count: 0,
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // ---- messages -------------------------------------------------------------------------------

  /**
   * Who the message pings, honouring `allowed_mentions` like Discord (absent: everything in the content;
   * `parse` lists the kinds, `users`/`roles` list explicit ids).
   */
  private mentions(
    content: string,
    allowed: unknown,
    guild: GuildRec | undefined,
  ): { mentions: Obj[]; mention_roles: string[]; mention_everyone: boolean } {
    const am = isObj(allowed) ? allowed : null;
    const parse = am && Array.isArray(am['parse']) ? (am['parse'] as unknown[]) : [];
    const listed = (k: string, id: string) => !!am && Array.isArray(am[k]) && (am[k] as unknown[]).includes(id);
    const userOk = (id: string) => !am || parse.includes('users') || listed('users', id);
    const roleOk = (id: string) => !am || parse.includes('roles') || listed('roles', id);
    const users: Obj[] = [];
    for (const m of content.matchAll(/<@!?(\d+)>/g)) {
      const id = m[1] ?? '';
      const u = this.users.get(id);
      if (u && userOk(id) && !users.some((x) => x['id'] === id)) {
        const member = guild?.members.get(id);
        users.push(member ? { ...this.userJson(u), member: this.memberJson(member, false) } : this.userJson(u));
      }
    }
    const roles: string[] = [];
    for (const m of content.matchAll(/<@&(\d+)>/g)) {
      const id = m[1] ?? '';
      if (guild?.roles.has(id) && roleOk(id) && !roles.includes(id)) roles.push(id);
    }
    const everyone = /@(everyone|here)\b/.test(content) && (!am || parse.includes('everyone'));
    return { mentions: users, mention_roles: roles, mention_everyone: everyone };
  }

  /** Checks a create/edit body against Discord's limits (400, 50035 Invalid Form Body). */
  validateMessageBody(body: Obj): void {
    const problems = validateMessageFields(body);
    if (problems.length) throw invalidFormBody(problems);
  }

  createMessage(p: {
    channelId: string;
    authorId: string;
    body: Obj;
    type?: number;
    webhookId?: string;
    interactionMetadata?: Obj;
    interaction?: Obj;
    ephemeral?: boolean;
    loading?: boolean;
    recipientId?: string;
    interactionId?: string;
    messageReference?: Obj;
  }): MessageRec {
    const body = p.body;
    this.validateMessageBody(body);
    const id = this.ids.next();
    const flagsIn = typeof body['flags'] === 'number' ? body['flags'] : 0;
    let flags = flagsIn & (MessageFlag.SuppressEmbeds | MessageFlag.SuppressNotifications | MessageFlag.IsComponentsV2);
    if (p.ephemeral) flags |= MessageFlag.Ephemeral;
    if (p.loading) flags |= MessageFlag.Loading;
    const content = typeof body['content'] === 'string' ? body['content'] : '';
    const json: Obj = {
      type: p.type ?? 0,
      content,
      mentions: [],
      mention_roles: [],
      attachments: Array.isArray(body['attachments']) ? clone(body['attachments']) : [],
      embeds: Array.isArray(body['embeds']) ? clone(body['embeds']) : [],
      timestamp: discordIso(snowflakeTimestamp(id)),
      edited_timestamp: null,
      flags,
      components: Array.isArray(body['components']) ? clone(body['components']) : [],
      id,
      channel_id: p.channelId,
      author: this.userJsonById(p.authorId),
      pinned: false,
      mention_everyone: false,
      tts: body['tts'] === true,
    };
    if (!p.loading && isEmptyMessage(json)) throw Errors.emptyMessage();
    Object.assign(json, this.mentions(content, body['allowed_mentions'], this.guildOfChannel(p.channelId)));
    if (body['nonce'] !== undefined) json['nonce'] = body['nonce'];
    if (p.webhookId) {
      json['webhook_id'] = p.webhookId;
      json['application_id'] = this.applicationId;
    }
    if (p.interactionMetadata) json['interaction_metadata'] = p.interactionMetadata;
    if (p.interaction) json['interaction'] = p.interaction;
    const ref = p.messageReference ?? (isObj(body['message_reference']) ? body['message_reference'] : undefined);
    if (ref) {
      const refId = String(ref['message_id'] ?? '');
      const target = this.messages.get(refId);
      if (!target || target.deleted || target.ephemeral) {
        if (ref['fail_if_not_exists'] !== false)
          throw invalidFormBody([
            { path: ['message_reference'], code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' },
          ]);
      } else {
        json['message_reference'] = {
          type: 0,
          channel_id: target.channelId,
          message_id: refId,
          guild_id: this.guildOfChannel(target.channelId)?.id,
        };
        json['referenced_message'] = clone(target.json);
        if (json['type'] === 0) json['type'] = 19;
      }
    }
    const rec: MessageRec = { id, channelId: p.channelId, json, ephemeral: p.ephemeral ?? false, deleted: false };
    if (p.recipientId !== undefined) rec.recipientId = p.recipientId;
    if (p.interactionId !== undefined) rec.interactionId = p.interactionId;
    this.messages.set(id, rec);
    const list = this.channelMessages.get(p.channelId) ?? [];
    list.push(id);
    this.channelMessages.set(p.channelId, list);
    const ch = this.channels.get(p.channelId);
    if (ch && !rec.ephemeral) ch.lastMessageId = id;
    this.emitMessage(rec, 'create');
    return rec;
  }

  /** Applies an edit like Discord: fields present replace (null clears), absent fields stay. */
  editMessage(rec: MessageRec, body: Obj, opts: { finishLoading?: boolean } = {}): MessageRec {
    const j = rec.json;
    const wasLoading = ((j['flags'] as number) & MessageFlag.Loading) !== 0;
    const next: Obj = { ...j };
    if ('content' in body) next['content'] = typeof body['content'] === 'string' ? body['content'] : '';
    if ('embeds' in body) next['embeds'] = Array.isArray(body['embeds']) ? clone(body['embeds']) : [];
    if ('components' in body) next['components'] = Array.isArray(body['components']) ? clone(body['components']) : [];
    if ('attachments' in body)
      next['attachments'] = Array.isArray(body['attachments']) ? clone(body['attachments']) : [];
    let flags = j['flags'] as number;
    if (typeof body['flags'] === 'number') {
      const changeable = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2;
      flags = (flags & ~changeable) | (body['flags'] & changeable);
    }
    if (wasLoading && opts.finishLoading) flags &= ~MessageFlag.Loading;
    next['flags'] = flags;
    this.validateMessageBody({ ...next, flags });
    if ((flags & MessageFlag.Loading) === 0 && isEmptyMessage(next)) throw Errors.emptyMessage();
    Object.assign(
      next,
      this.mentions(String(next['content'] ?? ''), body['allowed_mentions'], this.guildOfChannel(rec.channelId)),
    );
    // Filling in a deferred ("thinking…") response is not an edit in Discord's eyes.
    if (!(wasLoading && opts.finishLoading)) next['edited_timestamp'] = discordIso(Date.now());
    rec.json = next;
    this.emitMessage(rec, 'update');
    return rec;
  }

  deleteMessage(rec: MessageRec): void {
    rec.deleted = true;
    this.emitMessage(rec, 'delete');
  }

  /** The message as the bot may see it through the channel routes (404 for ephemeral or deleted). */
  requireChannelMessage(channelId: string, messageId: string): MessageRec {
    const m = this.messages.get(messageId);
    if (!m || m.deleted || m.ephemeral || m.channelId !== channelId) throw Errors.unknownMessage();
    return m;
  }

  // ---- commands -------------------------------------------------------------------------------

  /** Normalises and stores one command like Discord (stable id per name+type, fresh version). */
  private storeCommand(scope: string, body: Obj): Obj {
    const type = typeof body['type'] === 'number' ? body['type'] : 1;
    const key = `${scope}:${type}:${String(body['name'])}`;
    let id = this.commandIds.get(key);
    if (!id) {
      id = this.ids.next();
      this.commandIds.set(key, id);
    }
    const dmp = body['default_member_permissions'];
    const cmd: Obj = {
      id,
      application_id: this.applicationId,
      version: this.ids.next(),
      default_member_permissions: dmp === undefined || dmp === null ? null : String(dmp),
      type,
      name: body['name'],
      name_localizations: body['name_localizations'] ?? null,
      description: type === 1 ? (body['description'] ?? '') : '',
      description_localizations: body['description_localizations'] ?? null,
      dm_permission: scope === 'global' ? body['dm_permission'] !== false : undefined,
      contexts: body['contexts'] ?? null,
      integration_types: body['integration_types'] ?? [0],
      nsfw: body['nsfw'] === true,
    };
    if (scope !== 'global') {
      cmd['guild_id'] = scope;
      delete cmd['dm_permission'];
    }
    if (Array.isArray(body['options']) && body['options'].length) cmd['options'] = clone(body['options']);
    if (body['handler'] !== undefined) cmd['handler'] = body['handler'];
    return cmd;
  }

  private checkCommandScope(scope: string): void {
    // Discord: 403 Missing Access for a guild the application is not in, 404 Unknown Guild for no guild.
    if (scope !== 'global' && !this.botIn(scope)) {
      if (this.guilds.has(scope) || /^\d+$/.test(scope)) throw Errors.missingAccess();
      throw Errors.unknownGuild();
    }
  }

  putCommands(scope: string, body: unknown): Obj[] {
    this.checkCommandScope(scope);
    if (!Array.isArray(body)) throw invalidFormBody([{ path: [], code: 'BASE_TYPE_LIST', message: 'Must be a list.' }]);
    const problems = body.flatMap((c, i) => validateCommand(c, i));
    const seen = new Set<string>();
    body.forEach((c, i) => {
      if (!isObj(c)) return;
      const key = `${String(c['type'] ?? 1)}:${String(c['name'])}`;
      if (seen.has(key))
        problems.push({
          path: [i, 'name'],
          code: 'APPLICATION_COMMANDS_DUPLICATE_NAME',
          message: `Application command names must be unique`,
        });
      seen.add(key);
    });
    if (body.filter((c) => isObj(c) && (c['type'] ?? 1) === 1).length > 100)
      problems.push({ path: [], code: 'BASE_TYPE_MAX_LENGTH', message: 'Must be 100 or fewer in length.' });
    if (problems.length) throw invalidFormBody(problems);
    const stored = body.map((c) => this.storeCommand(scope, c as Obj));
    this.commands.set(scope, stored);
    this.emitCommands();
    return clone(stored);
  }

  postCommand(scope: string, body: unknown): { created: boolean; command: Obj } {
    this.checkCommandScope(scope);
    const problems = validateCommand(body, null);
    if (problems.length) throw invalidFormBody(problems);
    const b = body as Obj;
    const list = this.commands.get(scope) ?? [];
    const cmd = this.storeCommand(scope, b);
    const i = list.findIndex((c) => c['id'] === cmd['id']);
    if (i >= 0) list[i] = cmd;
    else list.push(cmd);
    this.commands.set(scope, list);
    this.emitCommands();
    return { created: i < 0, command: clone(cmd) };
  }

  patchCommand(scope: string, id: string, body: unknown): Obj {
    this.checkCommandScope(scope);
    const list = this.commands.get(scope) ?? [];
    const i = list.findIndex((c) => c['id'] === id);
    const existing = list[i];
    if (!existing || !isObj(body)) throw Errors.unknownCommand();
    const merged = { ...existing, ...body };
    const problems = validateCommand(merged, null);
    if (problems.length) throw invalidFormBody(problems);
    const cmd = { ...this.storeCommand(scope, merged), id };
    list[i] = cmd;
    this.emitCommands();
    return clone(cmd);
  }

  deleteCommand(scope: string, id: string): void {
    this.checkCommandScope(scope);
    const list = this.commands.get(scope) ?? [];
    const i = list.findIndex((c) => c['id'] === id);
    if (i < 0) throw Errors.unknownCommand();
    list.splice(i, 1);
    this.emitCommands();
  }

  getCommands(scope: string): Obj[] {
    this.checkCommandScope(scope);
    return clone(this.commands.get(scope) ?? []);
  }

  /**
   * The command a user picks by name: in a guild, that guild's command and the global one both show
   * (Discord lists both when both exist); `scope` picks one, default the guild's. In a DM (guildId
   * null) only global commands whose contexts allow the bot's DM (1) — or, set before contexts
   * existed, whose dm_permission is not false.
   */
  findChatCommand(name: string, guildId: string | null, scope?: 'guild' | 'global'): Obj | undefined {
    const isChat = (c: Obj) => c['name'] === name && (c['type'] ?? 1) === 1;
    const global = (this.commands.get('global') ?? []).find(isChat);
    if (guildId === null) {
      if (!global || scope === 'guild') return undefined;
      const contexts = global['contexts'];
      const inDm = Array.isArray(contexts) ? contexts.includes(1) : global['dm_permission'] !== false;
      return inDm ? global : undefined;
    }
    const inGuild = (this.commands.get(guildId) ?? []).find(isChat);
    if (scope === 'guild') return inGuild;
    if (scope === 'global') return global;
    return inGuild ?? global;
  }
}
