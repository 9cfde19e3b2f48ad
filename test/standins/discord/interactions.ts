/**
 * Interactions as Discord delivers them (INTERACTION_CREATE payloads built from the registered command
 * JSON) and the bot's side of them: the callback route and the interaction webhook routes
 * (@original, follow-ups), with Discord's rules (acknowledge once, deferred "thinking" message, first
 * follow-up after a deferral fills that message, 15-minute token lifetime).
 */
import { randomBytes } from 'node:crypto';
import { Errors, invalidFormBody } from './errors.js';
import type { Gateway } from './gateway.js';
import { Perm } from './permissions.js';
import { MessageFlag, type MessageRec, type Obj, type World } from './state.js';
import type {
  AutocompleteParams,
  ClickParams,
  InteractionHandle,
  InteractionResponse,
  InteractionResponseKind,
  OptionValue,
  SlashParams,
  StoredMessage,
} from './types.js';
import { isObj, validateChoices, validateMessageFields } from './validate.js';

const InteractionType = {
  Ping: 1,
  ApplicationCommand: 2,
  MessageComponent: 3,
  Autocomplete: 4,
  ModalSubmit: 5,
} as const;
const Callback = {
  Reply: 4,
  Deferred: 5,
  DeferredUpdate: 6,
  Update: 7,
  Autocomplete: 8,
  Modal: 9,
} as const;
const OptionType = {
  Subcommand: 1,
  Group: 2,
  String: 3,
  Integer: 4,
  Boolean: 5,
  User: 6,
  Channel: 7,
  Role: 8,
  Mentionable: 9,
  Number: 10,
  Attachment: 11,
} as const;
const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

interface InteractionRec {
  id: string;
  token: string;
  type: number;
  userId: string;
  channelId: string;
  /** null for a DM with the bot. */
  guildId: string | null;
  createdAt: number;
  commandName?: string;
  sourceMessageId?: string;
  acked: boolean;
  originalMessageId: string | null;
  /** Deferred with type 5 and not filled in yet. */
  loading: boolean;
  messageIds: Set<string>;
  handle: Handle;
}

const DEFAULT_WAIT_MS = 10_000;

class Handle implements InteractionHandle {
  readonly responses: InteractionResponse[] = [];
  private waiters: Array<{ pred: (r: InteractionResponse) => boolean; resolve: (r: InteractionResponse) => void }> = [];
  originalId: () => string | null = () => null;

  constructor(
    readonly id: string,
    readonly token: string,
    readonly payload: Obj,
    private readonly world: World,
  ) {}

  push(r: InteractionResponse): void {
    this.responses.push(r);
    for (const w of [...this.waiters]) {
      if (w.pred(r)) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve(r);
      }
    }
  }

  waitForResponse(
    pred: (r: InteractionResponse) => boolean = () => true,
    opts: { timeoutMs?: number } = {},
  ): Promise<InteractionResponse> {
    const found = this.responses.find(pred);
    if (found) return Promise.resolve(found);
    const timeoutMs = opts.timeoutMs ?? DEFAULT_WAIT_MS;
    return new Promise((resolve, reject) => {
      const waiter = {
        pred,
        resolve: (r: InteractionResponse) => {
          clearTimeout(timer);
          resolve(r);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== waiter);
        const seen = this.responses.map(
          (r) => `${r.kind}${r.content !== undefined ? ` ${JSON.stringify(r.content)}` : ''}`,
        );
        reject(
          new Error(
            `Discord stand-in: interaction ${this.id} got no matching response within ${timeoutMs} ms; responses so far: ${
              seen.length ? seen.join(', ') : 'none'
            }`,
          ),
        );
      }, timeoutMs);
      timer.unref();
      this.waiters.push(waiter);
    });
  }

  original(): StoredMessage | undefined {
    const id = this.originalId();
    const m = id ? this.world.messages.get(id) : undefined;
    return m && !m.deleted ? (structuredClone(m.json) as StoredMessage) : undefined;
  }
}

function interactionToken(id: string): string {
  // Like Discord's: base64 of "interaction:<id>:<secret>" (URL-safe, no characters discord.js would escape).
  return Buffer.from(`interaction:${id}:${randomBytes(48).toString('base64url')}`).toString('base64url');
}

export class Interactions {
  private readonly byId = new Map<string, InteractionRec>();
  private readonly byToken = new Map<string, InteractionRec>();
  readonly all: Handle[] = [];

  constructor(
    private readonly world: World,
    private readonly gateway: Gateway,
    private readonly opts: { timeoutMs?: number | undefined },
  ) {}

  // ---- user side: building and dispatching interactions ---------------------------------------

  private base(type: number, userId: string, channelId: string, locale: string | undefined): Obj {
    const w = this.world;
    const ch = w.channels.get(channelId);
    if (!ch || ch.deleted) throw new Error(`Discord stand-in: no channel ${channelId}`);
    const guild = w.guild(ch.guildId);
    // Once the bot has left, Discord shows none of the application's commands there and its buttons do nothing.
    if (!w.botIn(guild.id))
      throw new Error(`Discord stand-in: the bot is not in guild ${guild.id}, so nothing there reaches it`);
    const member = guild.members.get(userId);
    if (!member)
      throw new Error(`Discord stand-in: user ${userId} is not a member of guild ${guild.id} (use addMember)`);
    const perms = w.permissionsOf(userId, channelId);
    if ((perms & Perm.ViewChannel) === 0n)
      throw new Error(`Discord stand-in: user ${userId} cannot see channel ${channelId}, so cannot interact there`);
    return {
      app_permissions: w.permissionsOf(w.botUserId, channelId).toString(),
      application_id: w.applicationId,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { '0': guild.id },
      channel: w.channelJson(ch),
      channel_id: channelId,
      context: 0,
      entitlement_sku_ids: [],
      entitlements: [],
      guild: { id: guild.id, locale: 'en-US', features: [] },
      guild_id: guild.id,
      guild_locale: 'en-US',
      locale: locale ?? 'en-US',
      member: { ...w.memberJson(member), permissions: perms.toString() },
      type,
      version: 1,
    };
  }

  /**
   * A DM with the bot: no guild_id and no member, the user at top level, context 1 (BOT_DM), and the
   * app permissions Discord grants in DMs.
   */
  private dmBase(type: number, userId: string, locale: string | undefined): Obj {
    const w = this.world;
    const u = w.users.get(userId);
    if (!u) throw new Error(`Discord stand-in: no user ${userId}`);
    const channelId = w.dmChannel(userId);
    return {
      app_permissions: (Perm.ViewChannel | Perm.SendMessages | Perm.EmbedLinks | Perm.AttachFiles).toString(),
      application_id: w.applicationId,
      attachment_size_limit: 10485760,
      authorizing_integration_owners: { '0': '0' },
      channel: { id: channelId, type: 1, flags: 0, last_message_id: null, recipients: [w.userJson(u)] },
      channel_id: channelId,
      context: 1,
      entitlement_sku_ids: [],
      entitlements: [],
      locale: locale ?? 'en-US',
      user: w.userJson(u),
      type,
      version: 1,
    };
  }

  private register(
    payload: Obj,
    meta: {
      type: number;
      userId: string;
      channelId: string;
      guildId: string | null;
      commandName?: string;
      sourceMessageId?: string;
      deliverTo?: 'newest' | 'oldest' | undefined;
    },
  ): Handle {
    const id = this.world.ids.next();
    const token = interactionToken(id);
    payload['id'] = id;
    payload['token'] = token;
    const handle = new Handle(id, token, payload, this.world);
    const rec: InteractionRec = {
      id,
      token,
      type: meta.type,
      userId: meta.userId,
      channelId: meta.channelId,
      guildId: meta.guildId,
      createdAt: Date.now(),
      acked: false,
      originalMessageId: null,
      loading: false,
      messageIds: new Set(),
      handle,
    };
    if (meta.commandName !== undefined) rec.commandName = meta.commandName;
    if (meta.sourceMessageId !== undefined) rec.sourceMessageId = meta.sourceMessageId;
    handle.originalId = () => rec.originalMessageId;
    this.byId.set(id, rec);
    this.byToken.set(token, rec);
    if (!this.gateway.dispatchInteraction(structuredClone(payload), meta.deliverTo)) {
      this.byId.delete(id);
      this.byToken.delete(token);
      throw new Error('Discord stand-in: no bot session on the gateway to deliver the interaction to');
    }
    this.all.push(handle);
    return handle;
  }

  private commandPayload(
    p: (SlashParams | AutocompleteParams) & { scope?: 'guild' | 'global' | undefined },
    focused: string | null,
    guildId: string | null,
  ): { cmd: Obj; data: Obj } {
    const w = this.world;
    const cmd = w.findChatCommand(p.command, guildId, p.scope);
    if (!cmd) {
      const known = [...(guildId ? (w.commands.get(guildId) ?? []) : []), ...(w.commands.get('global') ?? [])].map(
        (c) => `/${String(c['name'])}${c['guild_id'] ? '' : ' (global)'}`,
      );
      throw new Error(
        `Discord stand-in: /${p.command}${p.scope ? ` (${p.scope})` : ''} is not registered ${
          guildId ? `in guild ${guildId}` : 'in a DM'
        } (registered: ${known.length ? known.join(', ') : 'none'})`,
      );
    }
    if (guildId !== null) {
      const perms = w.permissionsOf(p.user, p.channel);
      if ((perms & Perm.UseApplicationCommands) === 0n)
        throw new Error(`Discord stand-in: user ${p.user} lacks Use Application Commands in channel ${p.channel}`);
    }
    const defs = (Array.isArray(cmd['options']) ? cmd['options'] : []) as Obj[];
    const label = [p.command, p.group, p.subcommand].filter(Boolean).join(' ');
    let leafDefs = defs;
    let wrap: (leaf: Obj[]) => Obj[] = (leaf) => leaf;
    const subs = defs.filter((d) => d['type'] === OptionType.Subcommand || d['type'] === OptionType.Group);
    const listSubs = () =>
      subs
        .flatMap((d) =>
          d['type'] === OptionType.Group
            ? ((d['options'] as Obj[] | undefined) ?? []).map((s) => `${String(d['name'])} ${String(s['name'])}`)
            : [String(d['name'])],
        )
        .join(', ');
    if (p.group !== undefined) {
      const g = defs.find((d) => d['type'] === OptionType.Group && d['name'] === p.group);
      if (!g)
        throw new Error(
          `Discord stand-in: /${p.command} has no subcommand group "${p.group}" (has: ${listSubs() || 'none'})`,
        );
      const gDefs = (g['options'] as Obj[] | undefined) ?? [];
      const s = gDefs.find((d) => d['type'] === OptionType.Subcommand && d['name'] === p.subcommand);
      if (!s)
        throw new Error(
          `Discord stand-in: /${p.command} ${p.group} has no subcommand "${String(p.subcommand)}" (has: ${listSubs()})`,
        );
      leafDefs = (s['options'] as Obj[] | undefined) ?? [];
      wrap = (leaf) => [
        {
          type: OptionType.Group,
          name: p.group,
          options: [{ type: OptionType.Subcommand, name: p.subcommand, options: leaf }],
        },
      ];
    } else if (p.subcommand !== undefined) {
      const s = defs.find((d) => d['type'] === OptionType.Subcommand && d['name'] === p.subcommand);
      if (!s)
        throw new Error(
          `Discord stand-in: /${p.command} has no subcommand "${p.subcommand}" (has: ${listSubs() || 'none'})`,
        );
      leafDefs = (s['options'] as Obj[] | undefined) ?? [];
      wrap = (leaf) => [{ type: OptionType.Subcommand, name: p.subcommand, options: leaf }];
    } else if (subs.length) {
      throw new Error(`Discord stand-in: /${p.command} needs a subcommand (has: ${listSubs()})`);
    }

    const given = p.options ?? {};
    const resolved: Record<string, Obj> = { users: {}, members: {}, roles: {}, channels: {} };
    const leaf: Obj[] = [];
    for (const name of Object.keys(given)) {
      if (!leafDefs.some((d) => d['name'] === name))
        throw new Error(
          `Discord stand-in: /${label} has no option "${name}" (has: ${leafDefs.map((d) => String(d['name'])).join(', ') || 'none'})`,
        );
    }
    if (focused !== null) {
      const fd = leafDefs.find((d) => d['name'] === focused);
      if (!fd) throw new Error(`Discord stand-in: /${label} has no option "${focused}" to autocomplete`);
      if (fd['autocomplete'] !== true)
        throw new Error(`Discord stand-in: option "${focused}" of /${label} has no autocomplete`);
    }
    for (const def of leafDefs) {
      const name = String(def['name']);
      const raw = given[name];
      if (name === focused) {
        leaf.push({ type: def['type'], name, value: raw === undefined ? '' : String(raw), focused: true });
        continue;
      }
      if (raw === undefined) {
        if (def['required'] === true && focused === null)
          throw new Error(
            `Discord stand-in: /${label} needs option "${name}" (Discord would not let the user send it)`,
          );
        continue;
      }
      leaf.push({
        type: def['type'],
        name,
        value: this.convertOption(label, def, raw, p.user, p.channel, guildId, resolved),
      });
    }

    const data: Obj = { id: cmd['id'], name: cmd['name'], type: 1 };
    if (cmd['guild_id'] !== undefined) data['guild_id'] = cmd['guild_id'];
    const options = wrap(leaf);
    if (options.length) data['options'] = options;
    const res: Obj = {};
    for (const [k, v] of Object.entries(resolved)) if (Object.keys(v).length) res[k] = v;
    if (Object.keys(res).length) data['resolved'] = res;
    return { cmd, data };
  }

  private convertOption(
    label: string,
    def: Obj,
    raw: OptionValue,
    userId: string,
    channelId: string,
    guildId: string | null,
    resolved: Record<string, Obj>,
  ): OptionValue {
    const w = this.world;
    const guild = guildId ? w.guild(guildId) : undefined;
    const name = String(def['name']);
    const where = `option "${name}" of /${label}`;
    const fail = (why: string): never => {
      throw new Error(`Discord stand-in: ${where}: ${why}`);
    };
    const checkChoices = (v: OptionValue) => {
      const choices = def['choices'];
      if (Array.isArray(choices) && choices.length && !choices.some((c) => isObj(c) && c['value'] === v))
        fail(
          `${JSON.stringify(v)} is not one of the choices ${JSON.stringify(choices.map((c) => (c as Obj)['value']))}`,
        );
    };
    const addUser = (id: string) => {
      const u = w.users.get(id);
      if (!u) return false;
      (resolved['users'] as Obj)[id] = w.userJson(u);
      const m = guild?.members.get(id);
      if (m)
        (resolved['members'] as Obj)[id] = {
          ...w.memberJson(m, false),
          permissions: w.permissionsOf(id, channelId).toString(),
        };
      return true;
    };
    const addRole = (id: string) => {
      const r = guild?.roles.get(id);
      if (!r) return false;
      (resolved['roles'] as Obj)[id] = w.roleJson(r);
      return true;
    };
    switch (def['type']) {
      case OptionType.String: {
        const v = typeof raw === 'string' ? raw : String(raw);
        const min = def['min_length'];
        const max = def['max_length'];
        if (typeof min === 'number' && v.length < min) fail(`shorter than min_length ${min}`);
        if (typeof max === 'number' && v.length > max) fail(`longer than max_length ${max}`);
        checkChoices(v);
        return v;
      }
      case OptionType.Integer:
      case OptionType.Number: {
        const v = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
        if (!Number.isFinite(v)) fail(`${JSON.stringify(raw)} is not a number`);
        if (def['type'] === OptionType.Integer && !Number.isSafeInteger(v))
          fail(`${JSON.stringify(raw)} is not an integer`);
        const min = def['min_value'];
        const max = def['max_value'];
        if (typeof min === 'number' && v < min) fail(`${v} is below min_value ${min}`);
        if (typeof max === 'number' && v > max) fail(`${v} is above max_value ${max}`);
        checkChoices(v);
        return v;
      }
      case OptionType.Boolean:
        if (typeof raw === 'boolean') return raw;
        if (raw === 'true' || raw === 'false') return raw === 'true';
        return fail(`${JSON.stringify(raw)} is not a boolean`);
      case OptionType.User: {
        const id = String(raw);
        if (!addUser(id)) fail(`no user ${id}`);
        return id;
      }
      case OptionType.Role: {
        const id = String(raw);
        if (!addRole(id)) fail(`no role ${id}`);
        return id;
      }
      case OptionType.Mentionable: {
        const id = String(raw);
        if (!addUser(id) && !addRole(id)) fail(`no user or role ${id}`);
        return id;
      }
      case OptionType.Channel: {
        const id = String(raw);
        const ch = w.channels.get(id);
        if (!ch || ch.deleted || ch.guildId !== guildId) fail(`no channel ${id} in this guild`);
        const types = def['channel_types'];
        if (Array.isArray(types) && types.length && !types.includes(0))
          fail(`text channels are not allowed (channel_types ${JSON.stringify(types)})`);
        const perms = w.permissionsOf(userId, id);
        if ((perms & Perm.ViewChannel) === 0n) fail(`user ${userId} cannot see channel ${id}`);
        const j = w.channelJson(ch as NonNullable<typeof ch>);
        (resolved['channels'] as Obj)[id] = {
          id,
          name: j['name'],
          type: 0,
          permissions: perms.toString(),
          parent_id: null,
          flags: 0,
          guild_id: guildId,
          last_message_id: j['last_message_id'],
          nsfw: false,
          position: j['position'],
          rate_limit_per_user: 0,
          topic: j['topic'],
        };
        return id;
      }
      default:
        return fail(`option type ${String(def['type'])} is not supported by the stand-in`);
    }
  }

  async slash(p: SlashParams): Promise<InteractionHandle> {
    const payload = this.base(InteractionType.ApplicationCommand, p.user, p.channel, p.locale);
    const guildId = String(payload['guild_id']);
    const { cmd, data } = this.commandPayload(p, null, guildId);
    payload['data'] = data;
    return this.register(payload, {
      type: InteractionType.ApplicationCommand,
      userId: p.user,
      channelId: p.channel,
      guildId,
      commandName: String(cmd['name']),
    });
  }

  /** A user runs a global command in their DM with the bot. */
  async slashInDm(p: Omit<SlashParams, 'channel' | 'scope'>): Promise<InteractionHandle> {
    const payload = this.dmBase(InteractionType.ApplicationCommand, p.user, p.locale);
    const channelId = String(payload['channel_id']);
    const { cmd, data } = this.commandPayload({ ...p, channel: channelId }, null, null);
    payload['data'] = data;
    return this.register(payload, {
      type: InteractionType.ApplicationCommand,
      userId: p.user,
      channelId,
      guildId: null,
      commandName: String(cmd['name']),
    });
  }

  async autocomplete(p: AutocompleteParams): Promise<InteractionHandle> {
    const payload = this.base(InteractionType.Autocomplete, p.user, p.channel, p.locale);
    const guildId = String(payload['guild_id']);
    const { cmd, data } = this.commandPayload(p, p.focused, guildId);
    delete data['resolved'];
    payload['data'] = data;
    return this.register(payload, {
      type: InteractionType.Autocomplete,
      userId: p.user,
      channelId: p.channel,
      guildId,
      commandName: String(cmd['name']),
    });
  }

  async clickButton(p: ClickParams): Promise<InteractionHandle> {
    const w = this.world;
    const m = w.messages.get(p.messageId);
    if (!m || m.deleted || m.channelId !== p.channel)
      throw new Error(`Discord stand-in: no message ${p.messageId} in channel ${p.channel}`);
    if (m.ephemeral && m.recipientId !== p.user)
      throw new Error(
        `Discord stand-in: message ${p.messageId} is ephemeral for another user; ${p.user} cannot see it`,
      );
    const button = findButton(m.json['components'], p.customId);
    if (!button) {
      const ids = listCustomIds(m.json['components']);
      throw new Error(
        `Discord stand-in: message ${p.messageId} has no button "${p.customId}" (has: ${ids.length ? ids.join(', ') : 'none'})`,
      );
    }
    if (button['disabled'] === true) throw new Error(`Discord stand-in: button "${p.customId}" is disabled`);
    const payload = this.base(InteractionType.MessageComponent, p.user, p.channel, p.locale);
    const data: Obj = { custom_id: p.customId, component_type: 2 };
    if (typeof button['id'] === 'number') data['id'] = button['id'];
    payload['data'] = data;
    payload['message'] = structuredClone(m.json);
    return this.register(payload, {
      type: InteractionType.MessageComponent,
      userId: p.user,
      channelId: p.channel,
      guildId: String(payload['guild_id']),
      sourceMessageId: m.id,
      deliverTo: p.deliverTo,
    });
  }

  // ---- bot side: callback and webhook routes ---------------------------------------------------

  private respond(
    rec: InteractionRec,
    kind: InteractionResponseKind,
    body: Obj,
    msg?: MessageRec,
    extra: Partial<InteractionResponse> = {},
  ): void {
    const r: InteractionResponse = { kind, ephemeral: msg?.ephemeral ?? false, at: Date.now(), ...extra };
    if (typeof body['content'] === 'string') r.content = body['content'];
    if (Array.isArray(body['embeds'])) r.embeds = structuredClone(body['embeds']);
    if (Array.isArray(body['components'])) r.components = structuredClone(body['components']);
    if (typeof body['flags'] === 'number') r.flags = body['flags'];
    if (msg) {
      r.messageId = msg.id;
      r.message = structuredClone(msg.json) as StoredMessage;
    }
    rec.handle.push(r);
  }

  private metadata(rec: InteractionRec): { interaction_metadata: Obj; interaction?: Obj } {
    const w = this.world;
    const user = w.userJsonById(rec.userId);
    const meta: Obj = {
      id: rec.id,
      type: rec.type,
      user,
      authorizing_integration_owners: { '0': rec.guildId ?? '0' },
    };
    if (rec.commandName !== undefined) {
      meta['name'] = rec.commandName;
      meta['command_type'] = 1;
      return {
        interaction_metadata: meta,
        interaction: { id: rec.id, type: rec.type, name: rec.commandName, user },
      };
    }
    if (rec.sourceMessageId !== undefined) meta['interacted_message_id'] = rec.sourceMessageId;
    return { interaction_metadata: meta };
  }

  private newResponseMessage(rec: InteractionRec, body: Obj, ephemeral: boolean, loading: boolean): MessageRec {
    const w = this.world;
    const meta = this.metadata(rec);
    const isComponent = rec.type === InteractionType.MessageComponent;
    const source = rec.sourceMessageId ? w.messages.get(rec.sourceMessageId) : undefined;
    const m = w.createMessage({
      channelId: rec.channelId,
      authorId: w.botUserId,
      body,
      type: isComponent ? 19 : 20,
      webhookId: w.applicationId,
      interactionMetadata: meta.interaction_metadata,
      ...(meta.interaction ? { interaction: meta.interaction } : {}),
      ephemeral,
      loading,
      recipientId: rec.userId,
      interactionId: rec.id,
      ...(isComponent && source && !source.ephemeral && !source.deleted
        ? { messageReference: { message_id: source.id, fail_if_not_exists: false } }
        : {}),
    });
    rec.messageIds.add(m.id);
    return m;
  }

  callback(id: string, token: string, body: unknown, withResponse: boolean): { status: number; body?: Obj } {
    const rec = this.byId.get(id);
    if (!rec || rec.token !== token) throw Errors.unknownInteraction();
    if (!rec.acked && this.opts.timeoutMs !== undefined && Date.now() - rec.createdAt > this.opts.timeoutMs)
      throw Errors.unknownInteraction();
    if (rec.acked) throw Errors.alreadyAcknowledged();
    if (!isObj(body))
      throw invalidFormBody([{ path: ['type'], code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
    const type = body['type'];
    const data = isObj(body['data']) ? body['data'] : {};
    const allowed: Record<number, number[]> = {
      [InteractionType.ApplicationCommand]: [Callback.Reply, Callback.Deferred, Callback.Modal],
      [InteractionType.MessageComponent]: [
        Callback.Reply,
        Callback.Deferred,
        Callback.DeferredUpdate,
        Callback.Update,
        Callback.Modal,
      ],
      [InteractionType.Autocomplete]: [Callback.Autocomplete],
    };
    if (typeof type !== 'number' || !(allowed[rec.type] ?? []).includes(type))
      throw invalidFormBody([
        {
          path: ['type'],
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Interaction response type ${String(type)} is not valid for interaction type ${rec.type}`,
        },
      ]);
    const flags = typeof data['flags'] === 'number' ? data['flags'] : 0;
    const ephemeral = (flags & MessageFlag.Ephemeral) !== 0;
    let msg: MessageRec | undefined;
    switch (type) {
      case Callback.Reply: {
        const problems = validateMessageFields(data).map((p) => ({ ...p, path: ['data', ...p.path] }));
        if (problems.length) throw invalidFormBody(problems);
        msg = this.newResponseMessage(rec, data, ephemeral, false);
        rec.originalMessageId = msg.id;
        rec.acked = true;
        this.respond(rec, 'reply', data, msg);
        break;
      }
      case Callback.Deferred: {
        msg = this.newResponseMessage(rec, {}, ephemeral, true);
        rec.originalMessageId = msg.id;
        rec.loading = true;
        rec.acked = true;
        this.respond(rec, 'deferred', data, msg);
        break;
      }
      case Callback.DeferredUpdate: {
        rec.originalMessageId = rec.sourceMessageId ?? null;
        rec.acked = true;
        msg = rec.sourceMessageId ? this.world.messages.get(rec.sourceMessageId) : undefined;
        this.respond(rec, 'deferredUpdate', data, msg);
        break;
      }
      case Callback.Update: {
        const source = rec.sourceMessageId ? this.world.messages.get(rec.sourceMessageId) : undefined;
        if (!source || source.deleted) throw Errors.unknownMessage();
        const problems = validateMessageFields(data).map((p) => ({ ...p, path: ['data', ...p.path] }));
        if (problems.length) throw invalidFormBody(problems);
        msg = this.world.editMessage(source, data);
        rec.originalMessageId = source.id;
        rec.acked = true;
        this.respond(rec, 'update', data, msg);
        break;
      }
      case Callback.Autocomplete: {
        const problems = validateChoices(data['choices']);
        if (problems.length) throw invalidFormBody(problems);
        rec.acked = true;
        this.respond(rec, 'autocomplete', data, undefined, { choices: structuredClone(data['choices'] as unknown[]) });
        break;
      }
      case Callback.Modal: {
        rec.acked = true;
        this.respond(rec, 'modal', {}, undefined, { data: structuredClone(data) });
        break;
      }
    }
    if (!withResponse) return { status: 204 };
    const interaction: Obj = { id: rec.id, type: rec.type };
    if (msg) {
      interaction['response_message_id'] = msg.id;
      interaction['response_message_loading'] = rec.loading;
      interaction['response_message_ephemeral'] = msg.ephemeral;
    }
    const resource: Obj = { type };
    if (msg && (type === Callback.Reply || type === Callback.Deferred || type === Callback.Update))
      resource['message'] = structuredClone(msg.json);
    return { status: 200, body: { interaction, resource } };
  }

  private webhookRec(appId: string, token: string): InteractionRec {
    if (appId !== this.world.applicationId) throw Errors.unknownWebhook();
    const rec = this.byToken.get(token);
    if (!rec || Date.now() - rec.createdAt > TOKEN_LIFETIME_MS) throw Errors.invalidWebhookToken();
    return rec;
  }

  private webhookMessage(rec: InteractionRec, messageId: string): { msg: MessageRec; isOriginal: boolean } {
    const isOriginal = messageId === '@original' || messageId === rec.originalMessageId;
    const id = messageId === '@original' ? rec.originalMessageId : messageId;
    if (!id) throw Errors.unknownMessage();
    if (!isOriginal && !rec.messageIds.has(id)) throw Errors.unknownMessage();
    const msg = this.world.messages.get(id);
    if (!msg || msg.deleted) throw Errors.unknownMessage();
    return { msg, isOriginal };
  }

  webhookGet(appId: string, token: string, messageId: string): Obj {
    const rec = this.webhookRec(appId, token);
    return structuredClone(this.webhookMessage(rec, messageId).msg.json);
  }

  webhookEdit(appId: string, token: string, messageId: string, body: unknown): Obj {
    const rec = this.webhookRec(appId, token);
    const { msg, isOriginal } = this.webhookMessage(rec, messageId);
    const b = isObj(body) ? body : {};
    const edited = this.world.editMessage(msg, b, { finishLoading: true });
    if (isOriginal) rec.loading = false;
    this.respond(rec, isOriginal ? 'editOriginal' : 'editFollowUp', b, edited);
    return structuredClone(edited.json);
  }

  webhookDelete(appId: string, token: string, messageId: string): void {
    const rec = this.webhookRec(appId, token);
    const { msg, isOriginal } = this.webhookMessage(rec, messageId);
    this.world.deleteMessage(msg);
    if (isOriginal) rec.loading = false;
    this.respond(rec, isOriginal ? 'deleteOriginal' : 'deleteFollowUp', {}, undefined, { messageId: msg.id });
  }

  webhookPost(appId: string, token: string, body: unknown): Obj {
    const rec = this.webhookRec(appId, token);
    if (!rec.acked || rec.type === InteractionType.Autocomplete) throw Errors.unknownWebhook();
    const b = isObj(body) ? body : {};
    const problems = validateMessageFields(b);
    if (problems.length) throw invalidFormBody(problems);
    let msg: MessageRec;
    if (rec.loading && rec.originalMessageId) {
      // Discord: the first follow-up after a deferred reply fills in the "thinking…" message.
      const original = this.world.messages.get(rec.originalMessageId);
      if (!original) throw Errors.unknownMessage();
      msg = this.world.editMessage(original, b, { finishLoading: true });
      rec.loading = false;
    } else {
      const flags = typeof b['flags'] === 'number' ? b['flags'] : 0;
      msg = this.newResponseMessage(rec, b, (flags & MessageFlag.Ephemeral) !== 0, false);
    }
    this.respond(rec, 'followUp', b, msg);
    return structuredClone(msg.json);
  }
}

function walkComponents(components: unknown, visit: (c: Obj) => void): void {
  if (!Array.isArray(components)) return;
  for (const c of components) {
    if (!isObj(c)) continue;
    visit(c);
    walkComponents(c['components'], visit);
    if (isObj(c['accessory'])) visit(c['accessory']);
  }
}

function findButton(components: unknown, customId: string): Obj | undefined {
  let found: Obj | undefined;
  walkComponents(components, (c) => {
    if (!found && c['type'] === 2 && c['custom_id'] === customId && c['style'] !== 5 && c['style'] !== 6) found = c;
  });
  return found;
}

function listCustomIds(components: unknown): string[] {
  const ids: string[] = [];
  walkComponents(components, (c) => {
    if (typeof c['custom_id'] === 'string') ids.push(c['custom_id']);
  });
  return ids;
}
