/**
 * A Discord stand-in for end-to-end tests: a real HTTP + WebSocket server on 127.0.0.1 that speaks enough
 * of Discord's REST API v10 and gateway v10 for an unmodified discord.js 14 client created with
 * `new Client({ intents, rest: { api: standIn.apiUrl } })` to log in, register commands, receive
 * interactions and post/edit messages. No test-framework imports: it runs compiled from dist/ too.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { Gateway } from './gateway.js';
import { Interactions } from './interactions.js';
import { Rest } from './rest.js';
import { World, type MessageRec } from './state.js';
import type { DiscordStandIn, DiscordStandInOptions, RecordedRequest, StoredMessage } from './types.js';

export type * from './types.js';
export { Perm as Permissions, ALL_PERMISSIONS } from './permissions.js';

const DEFAULT_WAIT_MS = 10_000;

function fakeBotToken(userId: string): string {
  // Same shape as a real one: base64(user id).timestamp.hmac
  const id = Buffer.from(userId).toString('base64').replace(/=+$/, '');
  return `${id}.${randomBytes(4).toString('base64url').slice(0, 6)}.${randomBytes(29).toString('base64url').slice(0, 38)}`;
}

export async function startDiscordStandIn(opts: DiscordStandInOptions = {}): Promise<DiscordStandIn> {
  const world = new World({
    botUsername: opts.botUsername ?? 'tradedesk',
    guildName: opts.guildName ?? 'Trading Floor',
  });
  const token = opts.token ?? fakeBotToken(world.botUserId);
  let port = 0;
  const gatewayUrl = () => `ws://127.0.0.1:${port}/gateway`;
  const gateway = new Gateway(world, {
    token,
    heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250,
    allowedPrivilegedIntents: opts.allowedPrivilegedIntents ?? (1 << 1) | (1 << 8) | (1 << 15),
    url: gatewayUrl,
  });
  const interactions = new Interactions(world, gateway, { timeoutMs: opts.interactionTimeoutMs });
  const rest = new Rest(world, interactions, gateway, { token, gatewayUrl });

  const server = http.createServer((req, res) => {
    rest.handle(req, res).catch(() => res.destroy());
  });
  server.keepAliveTimeout = 5000;
  server.on('upgrade', (req, socket, head) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/' || path.startsWith('/gateway')) gateway.handleUpgrade(req, socket, head);
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  const snapshot = (m: MessageRec) => structuredClone(m.json) as StoredMessage;
  const visible = (m: MessageRec | undefined): m is MessageRec => !!m && !m.deleted && !m.ephemeral;
  const pendingWaits = new Set<(err: Error) => void>();
  const botRoleId = world.botRoleId() ?? '';
  let closed = false;

  /** Resolves with probe()'s first defined value, re-probing whenever subscribe's callback fires. */
  function waitUntil<T>(
    probe: () => T | undefined,
    subscribe: (onChange: () => void) => () => void,
    timeoutMs: number,
    describe: () => string,
  ): Promise<T> {
    const now = probe();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const finish = (err: Error | null, value?: T) => {
        clearTimeout(timer);
        unsubscribe();
        pendingWaits.delete(cancel);
        if (err) reject(err);
        else resolve(value as T);
      };
      const cancel = (err: Error) => finish(err);
      const unsubscribe = subscribe(() => {
        let value: T | undefined;
        try {
          value = probe();
        } catch (err) {
          finish(err instanceof Error ? err : new Error(String(err)));
          return;
        }
        if (value !== undefined) finish(null, value);
      });
      const timer = setTimeout(
        () => finish(new Error(`Discord stand-in: ${describe()} (waited ${timeoutMs} ms)`)),
        timeoutMs,
      );
      pendingWaits.add(cancel);
    });
  }

  const standIn: DiscordStandIn = {
    apiUrl: `http://127.0.0.1:${port}/api`,
    gatewayUrl: gatewayUrl(),
    token,
    applicationId: world.applicationId,
    botUserId: world.botUserId,
    guild: { id: world.guildId, ownerId: world.ownerId, everyoneRoleId: world.guildId, botRoleId },

    addGuild(g) {
      const guild = world.createGuild({ name: g.name, ...(g.ownerName ? { ownerName: g.ownerName } : {}) });
      const withBot = g.botMember ?? true;
      const botRole = withBot ? world.addBotMember(guild) : null;
      return { id: guild.id, ownerId: guild.ownerId, everyoneRoleId: guild.id, botRoleId: botRole };
    },
    addBotToGuild(guildId) {
      return world.addBotMember(world.guild(guildId));
    },
    guilds: () =>
      [...world.guilds.values()].map((g) => ({
        id: g.id,
        name: g.name,
        ownerId: g.ownerId,
        botMember: world.botIn(g.id),
      })),
    botIsMember: (guildId) => world.botIn(guildId),
    addRole: (r) => world.addRole(r),
    addMember: (m) => world.addMember(m),
    addUser: (u) => world.addUser(u),
    setMemberRoles: (userId, roles, guildId) => world.setMemberRoles(userId, roles, guildId),
    removeMember: (userId, guildId) => world.removeMember(userId, guildId),
    addTextChannel: (name, o = {}) => world.addTextChannel(name, o.guild ? { guild: o.guild } : {}),
    deleteChannel: (id) => world.deleteChannel(id),
    deleteMessage: (messageId) => {
      const rec = world.messages.get(messageId);
      if (!rec || rec.deleted) throw new Error(`no message ${messageId} to delete`);
      world.deleteMessage(rec);
    },
    setBotCanPost: (channelId, allowed) => world.setBotCanPost(channelId, allowed),
    setBotCanView: (channelId, allowed) => world.setBotCanView(channelId, allowed),
    permissionsOf: (userId, channelId, guildId) => world.permissionsOf(userId, channelId, guildId),
    registeredCommands: (scope) => structuredClone(world.commands.get(scope) ?? []),
    waitForCommands: (scope, names, o = {}) =>
      waitUntil(
        () => {
          const list = world.commands.get(scope) ?? [];
          const ok = names ? names.every((n) => list.some((c) => c['name'] === n)) : list.length > 0;
          return ok ? structuredClone(list) : undefined;
        },
        (fn) => world.onCommandsChange(fn),
        o.timeoutMs ?? DEFAULT_WAIT_MS,
        () =>
          `commands ${names ? names.join(', ') : '(any)'} not registered for ${scope}; registered: ${
            (world.commands.get(scope) ?? []).map((c) => String(c['name'])).join(', ') || 'none'
          }`,
      ),

    waitForReady: (o = {}) => gateway.waitForReady(o.timeoutMs ?? 15_000),
    connectionCount: () => gateway.connectionCount(),
    identifyCount: () => gateway.identifyCount,

    slash: (p) => interactions.slash(p),
    slashInDm: (p) => interactions.slashInDm(p),
    autocomplete: (p) => interactions.autocomplete(p),
    clickButton: (p) => interactions.clickButton(p),
    interactions: () => [...interactions.all],

    messages(channelId) {
      if (!world.channels.has(channelId)) throw new Error(`Discord stand-in: no channel ${channelId}`);
      return (world.channelMessages.get(channelId) ?? [])
        .map((id) => world.messages.get(id))
        .filter(visible)
        .map(snapshot);
    },
    message(messageId) {
      const m = world.messages.get(messageId);
      return m && !m.deleted ? snapshot(m) : undefined;
    },
    waitForMessage(channelId, pred, o = {}) {
      if (!world.channels.has(channelId)) return Promise.reject(new Error(`Discord stand-in: no channel ${channelId}`));
      for (const id of world.channelMessages.get(channelId) ?? []) {
        const m = world.messages.get(id);
        if (visible(m)) {
          const s = snapshot(m);
          if (pred(s)) return Promise.resolve(s);
        }
      }
      const timeoutMs = o.timeoutMs ?? DEFAULT_WAIT_MS;
      return new Promise<StoredMessage>((resolve, reject) => {
        const finish = (err: Error | null, msg?: StoredMessage) => {
          clearTimeout(timer);
          unsubscribe();
          pendingWaits.delete(cancel);
          if (err) reject(err);
          else resolve(msg as StoredMessage);
        };
        const cancel = (err: Error) => finish(err);
        const unsubscribe = world.onMessageChange((m, change) => {
          if (change === 'delete' || m.channelId !== channelId || !visible(m)) return;
          const s = snapshot(m);
          let matched = false;
          try {
            matched = pred(s);
          } catch (err) {
            finish(err instanceof Error ? err : new Error(String(err)));
            return;
          }
          if (matched) finish(null, s);
        });
        const timer = setTimeout(() => {
          const now = standIn.messages(channelId).map((m) => JSON.stringify(m.content || m.embeds[0]?.title || ''));
          finish(
            new Error(
              `Discord stand-in: no matching message in channel ${channelId} within ${timeoutMs} ms; messages there: ${
                now.length ? now.join(', ') : 'none'
              }`,
            ),
          );
        }, timeoutMs);
        pendingWaits.add(cancel);
      });
    },
    postAsUser(p) {
      const ch = world.channels.get(p.channel);
      if (!ch || ch.deleted) throw new Error(`Discord stand-in: no channel ${p.channel}`);
      if (!world.guild(ch.guildId).members.has(p.user))
        throw new Error(`Discord stand-in: ${p.user} is not a member of guild ${ch.guildId}`);
      return snapshot(world.createMessage({ channelId: p.channel, authorId: p.user, body: { content: p.content } }));
    },

    injectRateLimit: (p) => rest.injectRateLimit(p),
    injectError: (p) => rest.injectError(p),
    holdRequests: (p) => rest.holdRequests(p),
    requests: rest.requests,
    waitForRequest: (pred, o = {}) => {
      let last: RecordedRequest | undefined;
      return waitUntil(
        () => rest.requests.find((r) => r.status !== 0 && pred(r)),
        (fn) =>
          rest.onAnswered((r) => {
            last = r;
            fn();
          }),
        o.timeoutMs ?? DEFAULT_WAIT_MS,
        () => `no matching request${last ? `; last was ${last.method} ${last.path} → ${last.status}` : ''}`,
      );
    },
    gatewayLog: gateway.log,

    requestReconnect: () => gateway.requestReconnect(),
    dropConnections: (code) => gateway.dropConnections(code),
    outage: (on) => gateway.outage(on),
    refusedConnections: () => gateway.refusedConnections,
    nextRefusedConnection: () => gateway.nextRefusedConnection(),
    invalidateSessions: () => gateway.invalidateSessions(),

    async close() {
      if (closed) return;
      closed = true;
      for (const cancel of [...pendingWaits]) cancel(new Error('Discord stand-in closed'));
      rest.releaseAll();
      await gateway.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return standIn;
}
