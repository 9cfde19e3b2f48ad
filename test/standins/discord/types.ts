/** Test-facing types of the Discord stand-in. */

// Payload pieces (embeds, components, choices) are Discord JSON of many shapes; tests index into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;

/** A message as Discord's REST API returns it (snake_case), in its current state. */
export interface StoredMessage {
  id: string;
  channel_id: string;
  /** 0 default, 19 reply, 20 chat input command response */
  type: number;
  content: string;
  embeds: Loose[];
  components: Loose[];
  attachments: Loose[];
  /** 64 ephemeral, 128 loading (deferred, not yet filled in), 4 suppress embeds, 32768 components v2 */
  flags: number;
  author: Loose;
  timestamp: string;
  edited_timestamp: string | null;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: Loose;
  message_reference?: Loose;
  [key: string]: unknown;
}

export type InteractionResponseKind =
  | 'reply'
  | 'deferred'
  | 'deferredUpdate'
  | 'update'
  | 'autocomplete'
  | 'modal'
  | 'editOriginal'
  | 'deleteOriginal'
  | 'followUp'
  | 'editFollowUp'
  | 'deleteFollowUp';

export interface InteractionResponse {
  kind: InteractionResponseKind;
  /** The fields as the bot sent them (absent when the bot did not send the field). */
  content?: string;
  embeds?: Loose[];
  components?: Loose[];
  flags?: number;
  /** Autocomplete choices (kind 'autocomplete'). */
  choices?: Loose[];
  /** Modal data (kind 'modal'). */
  data?: Loose;
  /** Whether the message this response created or edited is ephemeral. */
  ephemeral: boolean;
  /** The message this response created or edited, if any. */
  messageId?: string;
  /** Snapshot of that message right after this response. */
  message?: StoredMessage;
  at: number;
}

export interface InteractionHandle {
  id: string;
  /** Interaction token (what the bot uses on the webhook routes). */
  token: string;
  /** The INTERACTION_CREATE payload that was dispatched. */
  payload: Loose;
  /** All responses to this interaction, in order: the initial callback, edits of @original, follow-ups. */
  responses: InteractionResponse[];
  /** First response (matching `pred`), including ones already received. Default timeout 10 s. */
  waitForResponse(
    pred?: (r: InteractionResponse) => boolean,
    opts?: { timeoutMs?: number },
  ): Promise<InteractionResponse>;
  /** The message the interaction's original response became (after edits); undefined if none or deleted. */
  original(): StoredMessage | undefined;
}

export type OptionValue = string | number | boolean;

export interface SlashParams {
  /** Invoking user id (must be a member of the channel's guild who can see the channel). */
  user: string;
  /** A text channel; its guild is the interaction's guild_id. */
  channel: string;
  command: string;
  /**
   * + Which of two same-named commands the user picks: the guild's or the application's global one
   * (Discord lists both). Default: the guild's, else the global one.
   */
  scope?: 'guild' | 'global';
  subcommand?: string;
  group?: string;
  /** Option values; ids for user/role/channel/mentionable options (resolved data is filled in). */
  options?: Record<string, OptionValue>;
  locale?: string;
}

export interface AutocompleteParams {
  user: string;
  channel: string;
  command: string;
  subcommand?: string;
  group?: string;
  /** Name of the option being typed; its partial value is `options[focused]` (default ''). */
  focused: string;
  options?: Record<string, OptionValue>;
  locale?: string;
}

export interface ClickParams {
  user: string;
  channel: string;
  messageId: string;
  customId: string;
  locale?: string;
  /** + Which bot session gets it when two are connected (default the newest). */
  deliverTo?: 'newest' | 'oldest';
}

export interface RecordedRequest {
  method: string;
  /** Path below the versioned API root, e.g. `/channels/123/messages` (no query string). */
  path: string;
  query: string;
  body: unknown;
  status: number;
  at: number;
}

export interface DiscordStandInOptions {
  /** Bot token to accept (default: a random realistic-looking token). */
  token?: string;
  /** Gateway HELLO heartbeat_interval (default 41250, Discord's value). */
  heartbeatIntervalMs?: number;
  botUsername?: string;
  guildName?: string;
  /**
   * When set, an interaction not acknowledged within this many ms gets 404 Unknown interaction (10062)
   * on its callback, as Discord does after 3 s. Off by default so loaded CI machines do not flake.
   */
  interactionTimeoutMs?: number;
  /** Privileged intents the application may use (GuildMembers 2, GuildPresences 256, MessageContent 32768). Default all. */
  allowedPrivilegedIntents?: number;
}

export interface DiscordStandIn {
  /** The value for DISCORD_API_URL, e.g. http://127.0.0.1:PORT/api */
  apiUrl: string;
  /** ws://127.0.0.1:PORT/gateway (what GET /gateway/bot answers). */
  gatewayUrl: string;
  token: string;
  applicationId: string;
  botUserId: string;
  /** The home guild: the bot is in it from the start. Every `guild` parameter defaults to it. */
  guild: { id: string; ownerId: string; everyoneRoleId: string; botRoleId: string };

  /**
   * + Another guild with its own owner. With `botMember` (default true) someone added the bot: it gets a
   * managed role and connected sessions get GUILD_CREATE (at IDENTIFY it is listed in READY).
   */
  addGuild(g: { name: string; ownerName?: string; botMember?: boolean }): {
    id: string;
    ownerId: string;
    everyoneRoleId: string;
    botRoleId: string | null;
  };
  /** + Someone adds the bot to an existing guild: GUILD_CREATE. Returns its managed role id. */
  addBotToGuild(guildId: string): string;
  /** + Every guild, and whether the bot is (still) in it. */
  guilds(): Array<{ id: string; name: string; ownerId: string; botMember: boolean }>;
  botIsMember(guildId: string): boolean;

  addRole(r: { name: string; permissions?: bigint; color?: number; guild?: string }): string;
  /** A new user joining a guild, or (+ `user`) an existing user joining another guild too. */
  addMember(m: {
    username: string;
    globalName?: string;
    roles?: string[];
    permissions?: bigint;
    admin?: boolean;
    guild?: string;
    user?: string;
  }): string;
  /** A Discord user who is not a member of the guild. */
  addUser(u: { username: string; globalName?: string }): string;
  setMemberRoles(userId: string, roles: string[], guildId?: string): void;
  removeMember(userId: string, guildId?: string): void;
  addTextChannel(name: string, opts?: { guild?: string }): string;
  deleteChannel(id: string): void;
  /** A moderator deletes a message (Discord answers 10008 Unknown Message for it from then on). */
  deleteMessage(messageId: string): void;
  /** false → the bot gets 403 Missing Permissions (50013) posting there; editing its own messages still works, as on Discord. */
  setBotCanPost(channelId: string, allowed: boolean): void;
  /** false → the bot gets 403 Missing Access (50001) for anything in that channel. */
  setBotCanView(channelId: string, allowed: boolean): void;
  /** Permissions of a member (in a channel, with overwrites; else in `guildId`, default home), as Discord computes them. */
  permissionsOf(userId: string, channelId?: string, guildId?: string): bigint;
  registeredCommands(scope: 'global' | string): Loose[];
  /** Resolves with the scope's commands once they include every name in `names` (default: any command). */
  waitForCommands(scope: 'global' | string, names?: string[], opts?: { timeoutMs?: number }): Promise<Loose[]>;

  waitForReady(opts?: { timeoutMs?: number }): Promise<void>;
  /** Currently open gateway connections. */
  connectionCount(): number;
  /** IDENTIFYs accepted so far (a resume is not counted). */
  identifyCount(): number;

  slash(p: SlashParams): Promise<InteractionHandle>;
  /** + A user runs a global command in their DM with the bot (no guild_id, no member). */
  slashInDm(p: Omit<SlashParams, 'channel' | 'scope'>): Promise<InteractionHandle>;
  autocomplete(p: AutocompleteParams): Promise<InteractionHandle>;
  clickButton(p: ClickParams): Promise<InteractionHandle>;
  interactions(): InteractionHandle[];

  /** Non-ephemeral, non-deleted messages of a channel in their current state, oldest first. */
  messages(channelId: string): StoredMessage[];
  /** Any message by id (ephemeral included), current state; undefined if unknown or deleted. */
  message(messageId: string): StoredMessage | undefined;
  /** Resolves on create or edit making pred true (including messages already there). Default timeout 10 s. */
  waitForMessage(
    channelId: string,
    pred: (m: StoredMessage) => boolean,
    opts?: { timeoutMs?: number },
  ): Promise<StoredMessage>;
  /** A user posts a message in a channel (dispatched as MESSAGE_CREATE to bots with the intent). */
  postAsUser(p: { user: string; channel: string; content: string }): StoredMessage;

  injectRateLimit(p: {
    method: string;
    path: RegExp;
    retryAfterSeconds: number;
    times?: number;
    global?: boolean;
  }): void;
  /** Answer matching requests with an error (e.g. 500, or 403 50013) `times` times (default 1). */
  injectError(p: {
    method: string;
    path: RegExp;
    status: number;
    code?: number;
    message?: string;
    times?: number;
  }): void;
  /**
   * + Matching requests (`times`, default 1; `method` may be `'*'`) are received but answered only after
   * `release()`; `reached` resolves with the first one when it arrives.
   */
  holdRequests(p: { method: string; path: RegExp; times?: number }): {
    reached: Promise<RecordedRequest>;
    release: () => void;
  };
  requests: RecordedRequest[];
  /** First REST request (past or future) matching pred, once answered. Default timeout 10 s. */
  waitForRequest(pred: (r: RecordedRequest) => boolean, opts?: { timeoutMs?: number }): Promise<RecordedRequest>;
  gatewayLog: Array<{ dir: 'in' | 'out'; op: number; t?: string | null; s?: number | null; d?: unknown; at: number }>;

  /** op 7 RECONNECT to connected clients: discord.js reconnects and RESUMEs. */
  requestReconnect(): void;
  /** Close gateway connections with a code (default 4000; clients resume). */
  dropConnections(code?: number): void;
  /** + Gateway outage: connections closed, new ones refused with HTTP 503 until outage(false). */
  outage(on: boolean): void;
  /** + Connection attempts refused during outages so far. */
  refusedConnections(): number;
  /** + Resolves at the next connection attempt an outage refuses. */
  nextRefusedConnection(): Promise<void>;
  /** op 9 INVALID_SESSION (not resumable): clients identify again. */
  invalidateSessions(): void;

  close(): Promise<void>;
}
