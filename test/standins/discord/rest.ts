/**
 * Discord REST API v10 (the part a bot uses): gateway discovery, users, application, application
 * commands, interaction callbacks and webhooks, channel messages, guild reads. Discord's JSON error shapes,
 * rate-limit headers on every answer, injectable 429s and errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { ApiError, Errors, invalidFormBody } from './errors.js';
import type { Gateway } from './gateway.js';
import type { Interactions } from './interactions.js';
import { Perm } from './permissions.js';
import { MessageFlag, type Obj, type World } from './state.js';
import type { RecordedRequest } from './types.js';
import { isObj } from './validate.js';

interface Result {
  status: number;
  body?: unknown;
}

interface Ctx {
  m: RegExpExecArray;
  body: unknown;
  query: URLSearchParams;
}

interface Route {
  method: string;
  re: RegExp;
  /** Needs `Authorization: Bot <token>` (interaction callback and webhook routes do not). */
  auth: boolean;
  /** Route template, used for the bucket hash. */
  template: string;
  fn: (ctx: Ctx) => Result | Promise<Result>;
}

interface Hold {
  method: string;
  path: RegExp;
  left: number;
  gate: Promise<void>;
  open: () => void;
  onReached: (r: RecordedRequest) => void;
}

interface Injection {
  method: string;
  path: RegExp;
  times: number;
  answer: (bucket: string) => { status: number; headers: Record<string, string>; body: Obj };
}

const ok = (body: unknown): Result => ({ status: 200, body });
const noContent: Result = { status: 204 };
const S = '(\\d+)';
const TOKEN = '([^/]+)';

export class Rest {
  readonly requests: RecordedRequest[] = [];
  private readonly answeredListeners = new Set<(r: RecordedRequest) => void>();
  private readonly injections: Injection[] = [];
  private readonly holds: Hold[] = [];
  private readonly routes: Route[];

  constructor(
    private readonly world: World,
    private readonly interactions: Interactions,
    private readonly gateway: Gateway,
    private readonly opts: { token: string; gatewayUrl: () => string },
  ) {
    this.routes = this.buildRoutes();
  }

  /** Called after each request has been answered (its status is set). */
  onAnswered(fn: (r: RecordedRequest) => void): () => void {
    this.answeredListeners.add(fn);
    return () => this.answeredListeners.delete(fn);
  }

  injectRateLimit(p: {
    method: string;
    path: RegExp;
    retryAfterSeconds: number;
    times?: number;
    global?: boolean;
  }): void {
    const retry = p.retryAfterSeconds;
    this.injections.push({
      method: p.method.toUpperCase(),
      path: p.path,
      times: p.times ?? 1,
      answer: (bucket) => {
        const headers: Record<string, string> = {
          'retry-after': String(retry),
          'x-ratelimit-limit': '5',
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': ((Date.now() + retry * 1000) / 1000).toFixed(3),
          'x-ratelimit-reset-after': retry.toFixed(3),
          'x-ratelimit-bucket': bucket,
          'x-ratelimit-scope': p.global ? 'global' : 'user',
        };
        if (p.global) headers['x-ratelimit-global'] = 'true';
        return {
          status: 429,
          headers,
          body: { message: 'You are being rate limited.', retry_after: retry, global: p.global === true },
        };
      },
    });
  }

  injectError(p: {
    method: string;
    path: RegExp;
    status: number;
    code?: number;
    message?: string;
    times?: number;
  }): void {
    this.injections.push({
      method: p.method.toUpperCase(),
      path: p.path,
      times: p.times ?? 1,
      answer: () => ({
        status: p.status,
        headers: {},
        body: { message: p.message ?? `${p.status}: injected by the stand-in`, code: p.code ?? 0 },
      }),
    });
  }

  /**
   * Matching requests (`times`, default 1) are received but not answered until `release()`: a slow
   * Discord, or a test acting while the bot waits for an answer. `reached` resolves when one arrives.
   */
  holdRequests(p: { method: string; path: RegExp; times?: number }): {
    reached: Promise<RecordedRequest>;
    release: () => void;
  } {
    let open: () => void = () => {};
    const gate = new Promise<void>((resolve) => (open = resolve));
    let onReached: (r: RecordedRequest) => void = () => {};
    const reached = new Promise<RecordedRequest>((resolve) => (onReached = resolve));
    this.holds.push({ method: p.method.toUpperCase(), path: p.path, left: p.times ?? 1, gate, open, onReached });
    return { reached, release: () => open() };
  }

  /** Releases every hold (the stand-in is closing). */
  releaseAll(): void {
    for (const h of this.holds) h.open();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const raw = await readBody(req);
    const pm = /^\/api(?:\/v(\d+))?(\/.*)$/.exec(url.pathname);
    const path = safeDecode(pm?.[2] ?? url.pathname);
    const record: RecordedRequest = {
      method,
      path,
      query: url.search,
      body: undefined,
      status: 0,
      at: Date.now(),
    };
    this.requests.push(record);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      record.status = status;
      const h: Record<string, string> = { via: '1.1 discord-standin', ...headers };
      if (status === 204 || body === undefined) {
        res.writeHead(status, h);
        res.end();
      } else {
        const text = JSON.stringify(body);
        h['content-type'] = 'application/json';
        h['content-length'] = String(Buffer.byteLength(text));
        res.writeHead(status, h);
        res.end(text);
      }
      for (const fn of [...this.answeredListeners]) fn(record);
    };
    let bucket: string | null = null;
    try {
      if (!pm) throw Errors.notFound();
      const version = pm[1];
      if (version !== undefined && version !== '10' && version !== '9') throw Errors.notFound();
      const body = await parseBody(raw, req.headers['content-type']);
      record.body = body;
      const hold = this.holds.find((h) => h.left > 0 && (h.method === method || h.method === '*') && h.path.test(path));
      if (hold) {
        hold.left -= 1;
        hold.onReached(record);
        await hold.gate;
      }
      const candidates = this.routes.filter((r) => r.re.test(path));
      if (candidates.length === 0) throw Errors.notFound();
      const route = candidates.find((r) => r.method === method);
      if (!route) throw Errors.methodNotAllowed();
      bucket = createHash('sha1').update(`${route.method} ${route.template}`).digest('hex').slice(0, 16);
      const injection = this.injections.find(
        (i) => i.times > 0 && (i.method === method || i.method === '*') && i.path.test(path),
      );
      if (injection) {
        injection.times -= 1;
        const a = injection.answer(bucket ?? '');
        send(a.status, a.body, a.headers);
        return;
      }
      if (route.auth && req.headers.authorization !== `Bot ${this.opts.token}`) throw Errors.unauthorized();
      const m = route.re.exec(path) as RegExpExecArray;
      const result = await route.fn({ m, body, query: url.searchParams });
      send(result.status, result.body, rateLimitHeaders(bucket));
    } catch (err) {
      if (err instanceof ApiError) {
        send(err.status, err.body, bucket ? rateLimitHeaders(bucket) : {});
        return;
      }
      console.error('[discord stand-in] internal error answering', method, path, err);
      send(500, { message: '500: Internal Server Error', code: 0 });
    }
  }

  private buildRoutes(): Route[] {
    const w = this.world;
    const ix = this.interactions;
    const routes: Route[] = [];
    const add = (method: string, template: string, auth: boolean, fn: Route['fn']) => {
      const re = new RegExp(
        `^${template
          .replace(/\{token\}/g, TOKEN)
          .replace(/\{message\}/g, '(@original|\\d+)')
          .replace(/\{\w+\}/g, S)}$`,
      );
      routes.push({ method, re, auth, template, fn });
    };
    const g = (m: RegExpExecArray, i: number): string => m[i] ?? '';
    /** A guild the bot is in; Discord answers 403 Missing Access for one it is not in, 404 for none. */
    const requireGuild = (id: string) => {
      const guild = w.guilds.get(id);
      if (!guild) throw Errors.unknownGuild();
      if (!w.botIn(id)) throw Errors.missingAccess();
      return guild;
    };

    // gateway, users, application
    add('GET', '/gateway', false, () => ok({ url: this.opts.gatewayUrl() }));
    add('GET', '/gateway/bot', true, () =>
      ok({
        url: this.opts.gatewayUrl(),
        shards: 1,
        session_start_limit: {
          total: 1000,
          remaining: 1000 - this.gateway.identifyCount,
          reset_after: 86_400_000,
          max_concurrency: 1,
        },
      }),
    );
    add('GET', '/users/@me', true, () =>
      ok({ ...w.userJsonById(w.botUserId), verified: true, mfa_enabled: false, email: null, locale: 'en-US' }),
    );
    add('GET', '/users/{user}', true, ({ m }) => {
      const u = w.users.get(g(m, 1));
      if (!u) throw Errors.unknownUser();
      return ok(w.userJson(u));
    });
    add('GET', '/users/@me/guilds', true, () =>
      ok(
        w.botGuilds().map((guild) => ({
          id: guild.id,
          name: guild.name,
          icon: null,
          banner: null,
          owner: false,
          permissions: w.permissionsOf(w.botUserId, undefined, guild.id).toString(),
          features: [],
        })),
      ),
    );
    // Leave Guild: 204, then GUILD_DELETE (no `unavailable`); 404 Unknown Guild when not a member.
    add('DELETE', '/users/@me/guilds/{guild}', true, ({ m }) => (w.removeBotMember(g(m, 1)), noContent));
    add('GET', '/applications/@me', true, () => ok(w.applicationJson()));
    add('PATCH', '/applications/@me', true, () => ok(w.applicationJson()));
    add('GET', '/oauth2/applications/@me', true, () => ok(w.applicationJson()));

    // application commands
    const requireApp = (id: string) => {
      if (id !== w.applicationId) throw Errors.missingAccess();
    };
    const scopeRoutes = (prefix: string, scopeOf: (m: RegExpExecArray) => string, cmdIndex: number) => {
      add('GET', `${prefix}/commands`, true, ({ m }) => (requireApp(g(m, 1)), ok(w.getCommands(scopeOf(m)))));
      add(
        'PUT',
        `${prefix}/commands`,
        true,
        ({ m, body }) => (requireApp(g(m, 1)), ok(w.putCommands(scopeOf(m), body))),
      );
      add('POST', `${prefix}/commands`, true, ({ m, body }) => {
        requireApp(g(m, 1));
        const r = w.postCommand(scopeOf(m), body);
        return { status: r.created ? 201 : 200, body: r.command };
      });
      add('GET', `${prefix}/commands/{command}`, true, ({ m }) => {
        requireApp(g(m, 1));
        const c = w.getCommands(scopeOf(m)).find((x) => x['id'] === g(m, cmdIndex));
        if (!c) throw Errors.unknownCommand();
        return ok(c);
      });
      add(
        'PATCH',
        `${prefix}/commands/{command}`,
        true,
        ({ m, body }) => (requireApp(g(m, 1)), ok(w.patchCommand(scopeOf(m), g(m, cmdIndex), body))),
      );
      add(
        'DELETE',
        `${prefix}/commands/{command}`,
        true,
        ({ m }) => (requireApp(g(m, 1)), w.deleteCommand(scopeOf(m), g(m, cmdIndex)), noContent),
      );
    };
    scopeRoutes('/applications/{app}', () => 'global', 2);
    scopeRoutes('/applications/{app}/guilds/{guild}', (m) => g(m, 2), 3);

    // interactions
    add('POST', '/interactions/{interaction}/{token}/callback', false, ({ m, body, query }) => {
      const r = ix.callback(g(m, 1), g(m, 2), body, query.get('with_response') === 'true');
      return r.body === undefined ? { status: r.status } : { status: r.status, body: r.body };
    });
    add('POST', '/webhooks/{app}/{token}', false, ({ m, body, query }) => {
      const msg = ix.webhookPost(g(m, 1), g(m, 2), body);
      return query.get('wait') === 'true' ? ok(msg) : noContent;
    });
    add('GET', '/webhooks/{app}/{token}/messages/{message}', false, ({ m }) =>
      ok(ix.webhookGet(g(m, 1), g(m, 2), g(m, 3))),
    );
    add('PATCH', '/webhooks/{app}/{token}/messages/{message}', false, ({ m, body }) =>
      ok(ix.webhookEdit(g(m, 1), g(m, 2), g(m, 3), body)),
    );
    add(
      'DELETE',
      '/webhooks/{app}/{token}/messages/{message}',
      false,
      ({ m }) => (ix.webhookDelete(g(m, 1), g(m, 2), g(m, 3)), noContent),
    );

    // channels and messages
    add('GET', '/channels/{channel}', true, ({ m }) => ok(w.channelJson(w.requireChannel(g(m, 1)))));
    add('GET', '/channels/{channel}/messages', true, ({ m, query }) => {
      const ch = w.requireChannel(g(m, 1), Perm.ReadMessageHistory);
      const limit = Math.min(100, Math.max(1, Number(query.get('limit') ?? 50) || 50));
      let list = (w.channelMessages.get(ch.id) ?? [])
        .map((id) => w.messages.get(id))
        .filter((x): x is NonNullable<typeof x> => !!x && !x.deleted && !x.ephemeral);
      const before = query.get('before');
      const after = query.get('after');
      const around = query.get('around');
      if (before) list = list.filter((x) => BigInt(x.id) < BigInt(before));
      if (after) list = list.filter((x) => BigInt(x.id) > BigInt(after));
      let picked = after ? list.slice(0, limit) : list.slice(-limit);
      if (around) {
        const i = list.findIndex((x) => BigInt(x.id) >= BigInt(around));
        const start = Math.max(0, (i < 0 ? list.length : i) - Math.floor(limit / 2));
        picked = list.slice(start, start + limit);
      }
      return ok(picked.reverse().map((x) => structuredClone(x.json)));
    });
    add('POST', '/channels/{channel}/messages', true, ({ m, body }) => {
      const ch = w.requireChannel(g(m, 1), Perm.SendMessages);
      const b = isObj(body) ? body : {};
      if (isObj(b['message_reference'])) w.requireChannel(ch.id, Perm.ReadMessageHistory);
      const flags = typeof b['flags'] === 'number' ? b['flags'] : 0;
      if ((flags & MessageFlag.Ephemeral) !== 0)
        throw invalidFormBody([{ path: ['flags'], code: 'MESSAGE_FLAGS_INVALID', message: 'Invalid flags' }]);
      return ok(structuredClone(w.createMessage({ channelId: ch.id, authorId: w.botUserId, body: b }).json));
    });
    add('GET', '/channels/{channel}/messages/{message}', true, ({ m }) => {
      const ch = w.requireChannel(g(m, 1), Perm.ReadMessageHistory);
      return ok(structuredClone(w.requireChannelMessage(ch.id, g(m, 2)).json));
    });
    add('PATCH', '/channels/{channel}/messages/{message}', true, ({ m, body }) => {
      const ch = w.requireChannel(g(m, 1));
      const msg = w.requireChannelMessage(ch.id, g(m, 2));
      const author = msg.json['author'] as Obj;
      // Its own message needs no more than seeing the channel: Discord lets an author edit after
      // Send Messages was taken away (Manage Messages only matters for someone else's message).
      if (author['id'] !== w.botUserId) throw Errors.cannotEditOthers();
      return ok(structuredClone(w.editMessage(msg, isObj(body) ? body : {}).json));
    });
    add('DELETE', '/channels/{channel}/messages/{message}', true, ({ m }) => {
      const ch = w.requireChannel(g(m, 1));
      const msg = w.requireChannelMessage(ch.id, g(m, 2));
      if ((msg.json['author'] as Obj)['id'] !== w.botUserId) w.requireChannel(ch.id, Perm.ManageMessages);
      w.deleteMessage(msg);
      return noContent;
    });
    add(
      'POST',
      '/channels/{channel}/typing',
      true,
      ({ m }) => (w.requireChannel(g(m, 1), Perm.SendMessages), noContent),
    );

    // guild reads
    add('GET', '/guilds/{guild}', true, ({ m, query }) => {
      const guild = requireGuild(g(m, 1));
      const j = w.guildJson(guild);
      if (query.get('with_counts') === 'true') {
        j['approximate_member_count'] = guild.members.size;
        j['approximate_presence_count'] = 0;
      }
      return ok(j);
    });
    add('GET', '/guilds/{guild}/channels', true, ({ m }) =>
      ok(w.liveChannels(requireGuild(g(m, 1)).id).map((c) => w.channelJson(c))),
    );
    add('GET', '/guilds/{guild}/roles', true, ({ m }) =>
      ok([...requireGuild(g(m, 1)).roles.values()].map((r) => w.roleJson(r))),
    );
    add('GET', '/guilds/{guild}/roles/{role}', true, ({ m }) => {
      const r = requireGuild(g(m, 1)).roles.get(g(m, 2));
      if (!r) throw Errors.unknownRole();
      return ok(w.roleJson(r));
    });
    add('GET', '/guilds/{guild}/members', true, ({ m, query }) => {
      const guild = requireGuild(g(m, 1));
      const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 1) || 1));
      const after = query.get('after') ?? '0';
      const list = [...guild.members.values()]
        .filter((x) => BigInt(x.userId) > BigInt(after))
        .sort((a, b) => (BigInt(a.userId) < BigInt(b.userId) ? -1 : 1))
        .slice(0, limit);
      return ok(list.map((x) => w.memberJson(x)));
    });
    add('GET', '/guilds/{guild}/members/search', true, ({ m, query }) => {
      const guild = requireGuild(g(m, 1));
      const q = (query.get('query') ?? '').toLowerCase();
      const limit = Math.min(1000, Math.max(1, Number(query.get('limit') ?? 1) || 1));
      const list = [...guild.members.values()].filter((x) =>
        (w.users.get(x.userId)?.username ?? '').toLowerCase().startsWith(q),
      );
      return ok(list.slice(0, limit).map((x) => w.memberJson(x)));
    });
    add('GET', '/guilds/{guild}/members/{user}', true, ({ m }) => {
      const mem = requireGuild(g(m, 1)).members.get(g(m, 2));
      if (!mem) throw Errors.unknownMember();
      return ok(w.memberJson(mem));
    });
    return routes;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function rateLimitHeaders(bucket: string): Record<string, string> {
  // Plenty left, so discord.js never waits unless a 429 is injected.
  return {
    'x-ratelimit-bucket': bucket,
    'x-ratelimit-limit': '50',
    'x-ratelimit-remaining': '49',
    'x-ratelimit-reset': ((Date.now() + 1000) / 1000).toFixed(3),
    'x-ratelimit-reset-after': '1.000',
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** JSON, or multipart/form-data with `payload_json` + `files[n]` (what discord.js sends with attachments). */
async function parseBody(raw: Buffer, contentType: string | undefined): Promise<unknown> {
  if (raw.length === 0) return undefined;
  const ct = contentType ?? '';
  if (ct.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': ct } }).formData();
    const payload = form.get('payload_json');
    const body: Obj = typeof payload === 'string' ? (JSON.parse(payload) as Obj) : {};
    const given = Array.isArray(body['attachments']) ? (body['attachments'] as Obj[]) : [];
    const attachments: Obj[] = [];
    let n = 0;
    for (const [key, value] of form.entries()) {
      if (typeof value === 'string') continue;
      const file = value as Blob & { name?: string };
      const declared = given.find((a) => `files[${String(a['id'])}]` === key);
      attachments.push({
        id: String(n++),
        filename: file.name ?? key,
        size: file.size,
        content_type: file.type || 'application/octet-stream',
        ...(declared?.['description'] !== undefined ? { description: declared['description'] } : {}),
      });
    }
    body['attachments'] = attachments;
    return body;
  }
  try {
    return JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new ApiError(400, 50109, 'The request body contains invalid JSON.');
  }
}
