/**
 * Discord gateway v10 over a real WebSocket: HELLO, IDENTIFY → READY (+ GUILD_CREATE), heartbeats,
 * RESUME with replay of missed events, REQUEST_GUILD_MEMBERS, dispatches filtered by intents.
 * Plain JSON text frames; `compress=zlib-stream` is honoured too (discord.js asks for it only when the
 * optional zlib-sync package is installed).
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { Intent, type Obj, type World } from './state.js';

const Op = {
  Dispatch: 0,
  Heartbeat: 1,
  Identify: 2,
  PresenceUpdate: 3,
  VoiceStateUpdate: 4,
  Resume: 6,
  Reconnect: 7,
  RequestGuildMembers: 8,
  InvalidSession: 9,
  Hello: 10,
  HeartbeatAck: 11,
  RequestSoundboardSounds: 31,
} as const;

const PRIVILEGED_INTENTS = Intent.GuildMembers | (1 << 8) /* GuildPresences */ | Intent.MessageContent;
const MAX_BUFFERED_EVENTS = 1000;

export interface GatewayLogEntry {
  dir: 'in' | 'out';
  op: number;
  t?: string | null;
  s?: number | null;
  /** Payload data; tokens are replaced by '[redacted]'. */
  d?: unknown;
  at: number;
}

interface DispatchPayload {
  op: 0;
  s: number;
  t: string;
  d: Obj;
}

interface Session {
  id: string;
  intents: number;
  seq: number;
  events: DispatchPayload[];
  conn: Conn | null;
  alive: boolean;
  createdAt: number;
}

interface Conn {
  ws: WebSocket;
  session: Session | null;
  ready: boolean;
  deflate: zlib.Deflate | null;
  sendChain: Promise<void>;
  closed: boolean;
}

export interface GatewayOptions {
  token: string;
  heartbeatIntervalMs: number;
  /** Mask of privileged intents the application is allowed (Discord developer portal switches). */
  allowedPrivilegedIntents: number;
  url: () => string;
}

export class Gateway {
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
  private readonly conns = new Set<Conn>();
  private readonly sessions = new Map<string, Session>();
  private readyWaiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private closing = false;
  /** + While set, connection attempts are refused as during a Discord outage (see outage()). */
  private down = false;
  refusedConnections = 0;
  private refusedWaiters: Array<() => void> = [];
  identifyCount = 0;
  readonly log: GatewayLogEntry[] = [];

  constructor(
    private readonly world: World,
    private readonly opts: GatewayOptions,
  ) {
    world.dispatch = (t, d, intent, shape) => this.dispatch(t, d, intent, shape);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    if (this.down) {
      // What a client sees of a gateway outage: the edge in front of it answers the upgrade with
      // a 5xx instead of 101 Switching Protocols.
      this.refusedConnections += 1;
      for (const resolve of this.refusedWaiters.splice(0)) resolve();
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url.searchParams));
  }

  private onConnection(ws: WebSocket, params: URLSearchParams): void {
    const conn: Conn = { ws, session: null, ready: false, deflate: null, sendChain: Promise.resolve(), closed: false };
    this.conns.add(conn);
    ws.on('close', (code) => this.onClose(conn, code));
    ws.on('error', () => {});
    const v = params.get('v');
    const encoding = params.get('encoding') ?? 'json';
    const compress = params.get('compress');
    if (v !== null && v !== '10' && v !== '9') {
      ws.close(4012, 'Invalid API version');
      return;
    }
    if (encoding !== 'json') {
      ws.close(4002, 'Only encoding=json is supported by this stand-in');
      return;
    }
    if (compress === 'zlib-stream') {
      conn.deflate = zlib.createDeflate({ chunkSize: 65535 });
      conn.deflate.on('error', () => {});
    } else if (compress !== null) {
      ws.close(4002, `compress=${compress} is not supported by this stand-in`);
      return;
    }
    ws.on('message', (data, isBinary) => this.onMessage(conn, data, isBinary));
    this.send(conn, {
      op: Op.Hello,
      d: { heartbeat_interval: this.opts.heartbeatIntervalMs, _trace: ['["standin-gateway"]'] },
      s: null,
      t: null,
    });
  }

  private send(conn: Conn, payload: { op: number; d: unknown; s: number | null; t: string | null }): void {
    if (conn.closed || conn.ws.readyState !== WebSocket.OPEN) return;
    this.log.push({ dir: 'out', op: payload.op, t: payload.t, s: payload.s, d: payload.d, at: Date.now() });
    const text = JSON.stringify(payload);
    const deflate = conn.deflate;
    if (!deflate) {
      conn.ws.send(text);
      return;
    }
    conn.sendChain = conn.sendChain.then(
      () =>
        new Promise<void>((resolve) => {
          if (conn.closed) return resolve();
          const chunks: Buffer[] = [];
          const onData = (c: Buffer) => chunks.push(c);
          deflate.on('data', onData);
          deflate.write(text);
          deflate.flush(zlib.constants.Z_SYNC_FLUSH, () => {
            deflate.off('data', onData);
            if (conn.ws.readyState === WebSocket.OPEN) conn.ws.send(Buffer.concat(chunks));
            resolve();
          });
        }),
    );
  }

  private onMessage(conn: Conn, data: RawData, isBinary: boolean): void {
    let payload: { op?: unknown; d?: unknown };
    try {
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      payload = JSON.parse(text) as { op?: unknown; d?: unknown };
    } catch {
      conn.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    const op = payload.op;
    const d = payload.d;
    this.log.push({ dir: 'in', op: typeof op === 'number' ? op : -1, d: redact(d), at: Date.now() });
    switch (op) {
      case Op.Heartbeat:
        this.send(conn, { op: Op.HeartbeatAck, d: null, s: null, t: null });
        return;
      case Op.Identify:
        this.identify(conn, d);
        return;
      case Op.Resume:
        this.resume(conn, d);
        return;
    }
    if (!conn.session) {
      conn.ws.close(4003, 'Not authenticated.');
      return;
    }
    switch (op) {
      case Op.PresenceUpdate:
      case Op.VoiceStateUpdate:
        return;
      case Op.RequestGuildMembers:
        this.requestGuildMembers(conn, d);
        return;
      case Op.RequestSoundboardSounds:
        return;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
  }

  private identify(conn: Conn, d: unknown): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    const data = (typeof d === 'object' && d !== null ? d : {}) as Obj;
    const token = typeof data['token'] === 'string' ? data['token'].replace(/^Bot\s+/i, '') : '';
    if (token !== this.opts.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const intents = data['intents'];
    if (typeof intents !== 'number' || !Number.isInteger(intents) || intents < 0 || intents >= 1 << 26) {
      conn.ws.close(4013, 'Invalid intent(s).');
      return;
    }
    if ((intents & PRIVILEGED_INTENTS & ~this.opts.allowedPrivilegedIntents) !== 0) {
      conn.ws.close(4014, 'Disallowed intent(s).');
      return;
    }
    const shard = data['shard'];
    if (shard !== undefined && (!Array.isArray(shard) || shard[0] !== 0 || shard[1] !== 1)) {
      conn.ws.close(4010, 'Invalid shard.');
      return;
    }
    this.identifyCount++;
    const session: Session = {
      id: randomBytes(16).toString('hex'),
      intents,
      seq: 0,
      events: [],
      conn,
      alive: true,
      createdAt: Date.now(),
    };
    this.sessions.set(session.id, session);
    conn.session = session;
    const w = this.world;
    this.sendDispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...w.userJsonById(w.botUserId), verified: true, mfa_enabled: false, email: null },
      guilds: w.botGuilds().map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.opts.url(),
      shard: [0, 1],
      application: { id: w.applicationId, flags: 0 },
      private_channels: [],
      relationships: [],
      presences: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["standin-gateway"]'],
    });
    if ((intents & Intent.Guilds) !== 0)
      for (const g of w.botGuilds()) this.sendDispatch(session, 'GUILD_CREATE', w.guildCreateJson(g));
    this.markReady(conn);
  }

  private resume(conn: Conn, d: unknown): void {
    if (conn.session) {
      conn.ws.close(4005, 'Already authenticated.');
      return;
    }
    const data = (typeof d === 'object' && d !== null ? d : {}) as Obj;
    const token = typeof data['token'] === 'string' ? data['token'].replace(/^Bot\s+/i, '') : '';
    if (token !== this.opts.token) {
      conn.ws.close(4004, 'Authentication failed.');
      return;
    }
    const session = this.sessions.get(String(data['session_id']));
    const seq = typeof data['seq'] === 'number' ? data['seq'] : -1;
    if (!session || !session.alive || seq > session.seq) {
      this.send(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    const oldest = session.events[0]?.s ?? session.seq + 1;
    if (seq + 1 < oldest) {
      // Events the client missed are no longer buffered: it has to identify again.
      session.alive = false;
      this.send(conn, { op: Op.InvalidSession, d: false, s: null, t: null });
      return;
    }
    if (session.conn && session.conn !== conn) {
      const old = session.conn;
      old.session = null;
      old.ws.close(4009, 'Session taken over by a resume.');
    }
    session.conn = conn;
    conn.session = session;
    for (const ev of session.events) if (ev.s > seq) this.send(conn, ev);
    this.sendDispatch(session, 'RESUMED', { _trace: ['["standin-gateway"]'] });
    this.markReady(conn);
  }

  private requestGuildMembers(conn: Conn, d: unknown): void {
    const session = conn.session;
    if (!session) return;
    const data = (typeof d === 'object' && d !== null ? d : {}) as Obj;
    const guild = this.world.guilds.get(String(data['guild_id']));
    if (!guild || !this.world.botIn(guild.id)) return;
    const userIds = Array.isArray(data['user_ids'])
      ? (data['user_ids'] as unknown[]).map(String)
      : typeof data['user_ids'] === 'string'
        ? [data['user_ids']]
        : null;
    const query = typeof data['query'] === 'string' ? data['query'].toLowerCase() : '';
    const limit = typeof data['limit'] === 'number' && data['limit'] > 0 ? data['limit'] : Infinity;
    const w = this.world;
    let members = [...guild.members.values()];
    const notFound: string[] = [];
    if (userIds) {
      notFound.push(...userIds.filter((id) => !guild.members.has(id)));
      members = members.filter((m) => userIds.includes(m.userId));
    } else {
      if (query === '' && (session.intents & Intent.GuildMembers) === 0) {
        conn.ws.close(4013, 'Requesting all members requires the GUILD_MEMBERS intent.');
        return;
      }
      members = members.filter((m) => (w.users.get(m.userId)?.username ?? '').toLowerCase().startsWith(query));
      members = members.slice(0, limit);
    }
    const chunk: Obj = {
      guild_id: guild.id,
      members: members.map((m) => w.memberJson(m)),
      chunk_index: 0,
      chunk_count: 1,
      not_found: notFound,
    };
    if (data['nonce'] !== undefined) chunk['nonce'] = data['nonce'];
    this.sendDispatch(session, 'GUILD_MEMBERS_CHUNK', chunk);
  }

  private sendDispatch(session: Session, t: string, d: Obj): void {
    session.seq += 1;
    const payload: DispatchPayload = { op: 0, s: session.seq, t, d };
    session.events.push(payload);
    if (session.events.length > MAX_BUFFERED_EVENTS) session.events.shift();
    if (session.conn) this.send(session.conn, payload);
  }

  private markReady(conn: Conn): void {
    conn.ready = true;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.resolve();
  }

  private onClose(conn: Conn, code: number): void {
    conn.closed = true;
    conn.ready = false;
    this.conns.delete(conn);
    conn.deflate?.close();
    const session = conn.session;
    if (!session || session.conn !== conn) return;
    session.conn = null;
    // A client closing normally ends its session; anything else leaves it resumable.
    if (code === 1000 || code === 1001) session.alive = false;
  }

  /** Sends a dispatch to every live session whose intents cover it (null: always). */
  dispatch(t: string, d: Obj, intent: number | null, shape?: (d: Obj, intents: number) => Obj): void {
    for (const s of this.sessions.values()) {
      if (!s.alive) continue;
      if (intent !== null && (s.intents & intent) === 0) continue;
      const copy = structuredClone(d);
      this.sendDispatch(s, t, shape ? shape(copy, s.intents) : copy);
    }
  }

  /**
   * Interactions go to one session only: the newest live one, or (+ `oldest`) the first — two bot
   * processes on one token, as during a rolling restart. Returns false when no bot is there.
   */
  dispatchInteraction(d: Obj, deliverTo: 'newest' | 'oldest' = 'newest'): boolean {
    const s = this.pickSession(deliverTo);
    if (!s) return false;
    this.sendDispatch(s, 'INTERACTION_CREATE', d);
    return true;
  }

  /** The newest (or oldest) live session with an open connection; else such a live one (it may resume). */
  private pickSession(which: 'newest' | 'oldest'): Session | undefined {
    const better = (a: Session, b: Session) =>
      which === 'newest' ? a.createdAt >= b.createdAt : a.createdAt < b.createdAt;
    let connected: Session | undefined;
    let any: Session | undefined;
    for (const s of this.sessions.values()) {
      if (!s.alive) continue;
      if (!any || better(s, any)) any = s;
      if (s.conn && (!connected || better(s, connected))) connected = s;
    }
    return connected ?? any;
  }

  hasReadyConnection(): boolean {
    return [...this.conns].some((c) => c.ready);
  }

  waitForReady(timeoutMs: number): Promise<void> {
    if (this.hasReadyConnection()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (err: Error) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      const timer = setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== waiter);
        reject(new Error(`Discord stand-in: no client identified within ${timeoutMs} ms`));
      }, timeoutMs);
      this.readyWaiters.push(waiter);
    });
  }

  connectionCount(): number {
    return this.conns.size;
  }

  /** Sends op 7 RECONNECT to every connection (discord.js then reconnects and resumes). */
  requestReconnect(): void {
    for (const c of this.conns) this.send(c, { op: Op.Reconnect, d: null, s: null, t: null });
  }

  /** Closes every connection with `code` (4000: unknown error → clients resume). Sessions stay resumable. */
  dropConnections(code = 4000, reason = 'Stand-in dropped the connection'): void {
    for (const c of this.conns) c.ws.close(code, reason);
  }

  /**
   * + A gateway outage: every connection is closed (1001 going away, resumable) and new ones are
   * refused until outage(false). Sessions stay resumable, as after a real incident.
   */
  outage(on: boolean): void {
    this.down = on;
    if (on) for (const c of this.conns) c.ws.close(1001, 'Discord is having trouble');
  }

  /** + Resolves at the next connection attempt refused by an outage. */
  nextRefusedConnection(): Promise<void> {
    return new Promise((resolve) => this.refusedWaiters.push(resolve));
  }

  /** Sends op 9 INVALID_SESSION (not resumable) and forgets the sessions. */
  invalidateSessions(): void {
    for (const s of this.sessions.values()) {
      s.alive = false;
      if (s.conn) this.send(s.conn, { op: Op.InvalidSession, d: false, s: null, t: null });
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    for (const s of this.sessions.values()) s.alive = false;
    const pending = [...this.conns].map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.ws.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => c.ws.terminate(), 1000);
          c.ws.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          c.ws.close(1001, 'Stand-in shutting down');
        }),
    );
    await Promise.all(pending);
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w.reject(new Error('Discord stand-in closed'));
  }
}

function redact(d: unknown): unknown {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return d;
  const o = { ...(d as Obj) };
  if ('token' in o) o['token'] = '[redacted]';
  return o;
}
