// All of tradedesk's storage: keyv over SQLite (the embedded default), Redis or PostgreSQL,
// with typed accessors validated by zod on every read. keyv has no set-if-absent, so the lock
// that keeps two clicks (or two processes) from acting on one offer is in locks.ts.
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Keyv from 'keyv';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import {
  inTurn,
  lockRunner,
  redisLocks,
  sqlLocks,
  type LockBackend,
  type LockOptions,
  type LockOutcome,
  type StoreLock,
} from './locks.js';
import { decodeRecord, encodeRecord, StoredRecordError, type RecordKind } from './records.js';
import {
  guildSettingsRecord,
  pollBookmarksRecord,
  postedOfferRecord,
  type GuildSettings,
  type PollBookmarks,
  type PostedOffer,
} from './schemas.js';

export type { GuildSettings, PollBookmarks, PostedAsset, PostedOffer } from './schemas.js';
export { lockRunner, type LockOptions, type LockOutcome, type StoreLock } from './locks.js';
export { StoredRecordError } from './records.js';

export type StoreBackend = 'sqlite' | 'redis' | 'postgres';

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export interface Store {
  readonly backend: StoreBackend;
  /** e.g. "sqlite (data/tradedesk.sqlite)"; passwords removed. */
  readonly description: string;
  /** The SQLite file's absolute path (null for Redis and PostgreSQL): integrity.ts watches it. */
  readonly file: string | null;
  getGuildSettings(guildId: string): Promise<GuildSettings>;
  updateGuildSettings(guildId: string, update: (s: GuildSettings) => GuildSettings): Promise<GuildSettings>;
  listGuildIds(): Promise<string[]>;
  getPostedOffer(offerId: string): Promise<PostedOffer | undefined>;
  setPostedOffer(p: PostedOffer): Promise<void>;
  getPollBookmarks(): Promise<PollBookmarks>;
  setPollBookmarks(b: PollBookmarks): Promise<void>;
  getValue<T>(namespace: string, key: string, schema: z.ZodType<T>): Promise<T | undefined>;
  setValue<T>(namespace: string, key: string, value: T, ttlMs?: number): Promise<void>;
  deleteValue(namespace: string, key: string): Promise<void>;
  /** Atomic across processes sharing the store; null while someone else holds it. withLock is built on it. */
  acquireLock(name: string, ttlMs: number): Promise<StoreLock | null>;
  /**
   * Runs work while holding the lock `name` across processes sharing the store: waits up to
   * waitMs for it, renews it every renewMs while the work runs, releases it when the work ends.
   * { acquired: false } when someone else kept it; the work's own error is thrown as it is.
   */
  withLock<T>(name: string, options: LockOptions, work: () => Promise<T>): Promise<LockOutcome<T>>;
  /**
   * Deletes rows whose TTL has passed and returns how many. keyv deletes an expired row only when
   * it is read, and a posted offer that ended is never read again, so SQLite and PostgreSQL would
   * keep every one forever; Redis expires keys itself (0 there). Runs at open and every 6 hours.
   */
  sweepExpired(): Promise<number>;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

const CONNECT_TIMEOUT_MS = 5000;
/**
 * A posted card is looked up while its offer can still change: 14 days active at most, then up
 * to 15 days in escrow, and every change writes the record again. Redis drops it after this;
 * SQLite and PostgreSQL stop returning it.
 */
const POSTED_OFFER_TTL_MS = 90 * 24 * 3600_000;
const SWEEP_EVERY_MS = 6 * 3600_000;
/** keyv's own table (in schema public on PostgreSQL) and our namespace in it; the table may be shared. */
const DEFAULT_KEYV_TABLE = 'keyv';
const KEY_PATTERN = 'tradedesk:%';

/** The URL without its password, for logs, /status and error messages. */
export function describeStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

interface Opened {
  backend: StoreBackend;
  description: string;
  file: string | null;
  keyv: Keyv;
  locks: LockBackend;
  /** Deletes our rows whose keyv expiry is before `now`; keyv stores {"value":…,"expires":ms}. */
  deleteExpired: (now: number) => Promise<number>;
  close: () => Promise<void>;
}

async function openBackend(url: string, logger: Logger, table: string): Promise<Opened> {
  const KEYV_TABLE = table;
  const scheme = /^([a-z]+):\/\//.exec(url)?.[1];
  const shown = describeStoreUrl(url);
  if (scheme === 'sqlite') {
    const raw = url.slice('sqlite://'.length);
    const path = isAbsolute(raw) ? raw : resolve(raw);
    try {
      mkdirSync(dirname(path), { recursive: true });
    } catch (error) {
      throw new StoreUnavailableError(
        `STORE_URL: cannot create the folder for ${raw} (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    // Each backend's driver is loaded only when STORE_URL names it: the Redis and PostgreSQL
    // clients cost ~30 MB of memory and a few hundred ms of start to a bot that uses neither.
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    const adapter = new KeyvSqlite({ uri: `sqlite://${path}`, busyTimeout: 5000, table });
    adapter.on('error', (error: unknown) => logger.debug({ err: error }, 'sqlite adapter error'));
    const keyv = new Keyv({ store: adapter, namespace: 'tradedesk', throwOnErrors: true });
    const query = (sql: string, ...params: unknown[]) =>
      adapter.query(sql, ...params) as Promise<Array<Record<string, unknown>>>;
    return {
      backend: 'sqlite',
      description: `sqlite (${raw})`,
      file: path,
      keyv,
      locks: sqlLocks('sqlite', (sql, params) => query(sql, ...params)),
      // CASE first, so a row that is not JSON (another keyv user's serializer) is skipped, not an error.
      deleteExpired: async (now) =>
        (
          await query(
            `DELETE FROM ${KEYV_TABLE} WHERE key LIKE ?
             AND (CASE WHEN json_valid(value) THEN json_extract(value, '$.expires') END) < ? RETURNING key`,
            KEY_PATTERN,
            now,
          )
        ).length,
      close: async () => {
        await adapter.close();
      },
    };
  }
  if (scheme === 'redis' || scheme === 'rediss') {
    let connected = false;
    const { default: KeyvRedis, createClient } = await import('@keyv/redis');
    const client = createClient({
      url,
      // Fail at once at startup instead of reconnecting forever; later drops are retried.
      socket: {
        connectTimeout: CONNECT_TIMEOUT_MS,
        reconnectStrategy: (retries: number) => (connected ? Math.min(200 * 2 ** retries, 5000) : false),
      },
    });
    client.on('error', (error: unknown) => {
      if (connected) logger.warn({ err: error }, 'redis error');
    });
    try {
      await withTimeout(client.connect(), CONNECT_TIMEOUT_MS, 'Redis');
      connected = true;
    } catch (error) {
      try {
        client.destroy();
      } catch {
        // Already closed by the failed connect.
      }
      throw new StoreUnavailableError(`STORE_URL: cannot connect to Redis at ${shown} (${(error as Error).message})`);
    }
    const adapter = new KeyvRedis(client as never, { throwOnConnectError: true });
    const keyv = new Keyv({ store: adapter, namespace: 'tradedesk', useKeyPrefix: false, throwOnErrors: true });
    return {
      backend: 'redis',
      description: `redis (${shown})`,
      file: null,
      keyv,
      locks: redisLocks(client as never),
      deleteExpired: () => Promise.resolve(0),
      close: async () => {
        await client.close?.();
      },
    };
  }
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const { default: KeyvPostgres } = await import('@keyv/postgres');
    const adapter = new KeyvPostgres({ uri: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, max: 5, table } as never);
    let connectError: unknown = null;
    let connected = false;
    adapter.on('error', (error: unknown) => {
      connectError = error;
      // Before the first query works, the startup message says it all (one line, no stack).
      if (connected) logger.warn({ err: error }, 'postgres error');
    });
    const keyv = new Keyv({ store: adapter, namespace: 'tradedesk', throwOnErrors: true });
    const query = (sql: string, params: unknown[]) =>
      adapter.query(sql, params as never) as Promise<Array<Record<string, unknown>>>;
    try {
      await withTimeout(query('SELECT 1', []), CONNECT_TIMEOUT_MS, 'PostgreSQL');
    } catch (error) {
      await adapter.disconnect().catch(() => undefined);
      const reason = (connectError as Error | null)?.message ?? (error as Error).message;
      throw new StoreUnavailableError(`STORE_URL: cannot connect to PostgreSQL at ${shown} (${reason})`);
    }
    connected = true;
    return {
      backend: 'postgres',
      description: `postgresql (${shown})`,
      file: null,
      keyv,
      locks: sqlLocks('postgres', query),
      // keyv writes "expires" last, so the number before the closing brace is the top-level one.
      deleteExpired: async (now) =>
        (
          await query(
            `DELETE FROM public.${KEYV_TABLE} WHERE key LIKE $1
             AND (CASE WHEN value ~ '"expires":[0-9]+}$' THEN substring(value from '"expires":([0-9]+)}$')::bigint END) < $2
             RETURNING key`,
            [KEY_PATTERN, now],
          )
        ).length,
      close: () => adapter.disconnect(),
    };
  }
  throw new StoreUnavailableError(
    `STORE_URL: expected sqlite://path, redis://host:port or postgresql://user:password@host/db; got ${shown}`,
  );
}

const DEFAULT_SETTINGS: GuildSettings = { channelId: null, allowedRoleIds: [], allowedUserIds: [] };
const DEFAULT_BOOKMARKS: PollBookmarks = { offersSince: 0, lastFullSweepAt: 0, lastSummary: null, offerStates: {} };
const idList = z.array(z.string());

export async function openStore(
  url: string,
  opts: {
    logger: Logger;
    /** keyv's table on SQLite and PostgreSQL; tests that drop it use one of their own. */
    table?: string;
  },
): Promise<Store> {
  const logger = opts.logger.child({ part: 'store' });
  const table = opts.table ?? DEFAULT_KEYV_TABLE;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(table))
    throw new StoreUnavailableError(`store table: "${table}" is not a plain name`);
  const opened = await openBackend(url, logger, table);
  const { keyv } = opened;
  // While opening, a failure is told once by StoreUnavailableError (the STORE_URL line), not also logged.
  let opening = true;
  keyv.on('error', (error: unknown) => {
    if (opening) logger.debug({ err: error }, 'store error while opening');
    else logger.warn({ err: error }, 'store error');
  });

  try {
    await withTimeout(keyv.set('health:open', Date.now()), CONNECT_TIMEOUT_MS, 'the store');
    await opened.locks.init();
    opening = false;
  } catch (error) {
    await opened.close().catch(() => undefined);
    if (error instanceof StoreUnavailableError) throw error;
    throw new StoreUnavailableError(
      `STORE_URL: cannot open ${opened.description} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }

  async function read<T>(key: string, schema: z.ZodType<T>): Promise<T | undefined> {
    const raw: unknown = await keyv.get(key);
    if (raw === undefined || raw === null) return undefined;
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      logger.warn({ key, problem: parsed.error.issues[0]?.message }, 'ignoring a stored value of the wrong shape');
      return undefined;
    }
    return parsed.data;
  }

  /**
   * A versioned record: absent → undefined; older → migrated and written back (keeping its TTL
   * class); unreadable → StoredRecordError, so nothing carries on as if it had never been stored.
   */
  async function readRecord<T>(key: string, kind: RecordKind<T>, ttlMs?: number): Promise<T | undefined> {
    const raw: unknown = await keyv.get(key);
    if (raw === undefined || raw === null) return undefined;
    let decoded;
    try {
      decoded = decodeRecord(kind, key, raw);
    } catch (error) {
      if (error instanceof StoredRecordError) logger.error({ key, problem: error.problem }, 'unreadable stored record');
      throw error;
    }
    if (decoded.migratedFrom !== null) {
      await keyv.set(key, encodeRecord(kind, decoded.value), ttlMs);
      logger.info({ key, what: kind.what, from: decoded.migratedFrom, to: kind.version }, 'migrated a stored record');
    }
    return decoded.value;
  }

  async function writeRecord<T>(key: string, kind: RecordKind<T>, value: T, ttlMs?: number): Promise<void> {
    await keyv.set(key, encodeRecord(kind, value), ttlMs);
  }

  // Read-modify-write of one key, serialised within this process (settings, indexes).
  const chains = new Map<string, Promise<unknown>>();
  const serialised = <T>(key: string, work: () => Promise<T>): Promise<T> => inTurn(chains, key, work);
  const withLock = lockRunner((name, ttlMs) => opened.locks.acquire(name, ttlMs), logger);

  async function addToIndex(index: string, id: string): Promise<void> {
    await serialised(index, async () => {
      const ids = (await read(index, idList)) ?? [];
      if (!ids.includes(id)) await keyv.set(index, [...ids, id]);
    });
  }

  const store: Store = {
    backend: opened.backend,
    description: opened.description,
    file: opened.file,

    async getGuildSettings(guildId) {
      return (await readRecord(`guild:${guildId}`, guildSettingsRecord)) ?? { ...DEFAULT_SETTINGS };
    },
    async updateGuildSettings(guildId, update) {
      const next = await serialised(`guild:${guildId}`, async () => {
        const current = (await readRecord(`guild:${guildId}`, guildSettingsRecord)) ?? { ...DEFAULT_SETTINGS };
        const updated = update(current);
        await writeRecord(`guild:${guildId}`, guildSettingsRecord, updated);
        return updated;
      });
      await addToIndex('index:guilds', guildId);
      return next;
    },
    async listGuildIds() {
      return (await read('index:guilds', idList)) ?? [];
    },

    async getPostedOffer(offerId) {
      return readRecord(`posted:${offerId}`, postedOfferRecord, POSTED_OFFER_TTL_MS);
    },
    async setPostedOffer(posted) {
      await writeRecord(`posted:${posted.offerId}`, postedOfferRecord, posted, POSTED_OFFER_TTL_MS);
    },

    async getPollBookmarks() {
      return (await readRecord('poll:bookmarks', pollBookmarksRecord)) ?? structuredClone(DEFAULT_BOOKMARKS);
    },
    async setPollBookmarks(bookmarks) {
      await writeRecord('poll:bookmarks', pollBookmarksRecord, bookmarks);
    },

    getValue(namespace, key, schema) {
      return read(`value:${namespace}:${key}`, schema);
    },
    async setValue(namespace, key, value, ttlMs) {
      await keyv.set(`value:${namespace}:${key}`, value, ttlMs);
    },
    async deleteValue(namespace, key) {
      await keyv.delete(`value:${namespace}:${key}`);
    },

    acquireLock(name, ttlMs) {
      return opened.locks.acquire(name, ttlMs);
    },
    withLock,

    sweepExpired() {
      return opened.deleteExpired(Date.now());
    },

    async ping() {
      try {
        await withTimeout(keyv.set('health:ping', Date.now()), 3000, 'the store');
        return true;
      } catch {
        return false;
      }
    },
    async close() {
      clearInterval(sweepTimer);
      await sweeping;
      await Promise.allSettled([...chains.values()]);
      await opened.close();
    },
  };

  let sweeping: Promise<void> = Promise.resolve();
  const sweep = () => {
    sweeping = store.sweepExpired().then(
      (deleted) => {
        if (deleted > 0) logger.info({ deleted }, 'deleted expired store rows');
      },
      (error: unknown) => logger.warn({ err: error }, 'could not delete expired store rows'),
    );
  };
  sweep();
  const sweepTimer = setInterval(sweep, SWEEP_EVERY_MS).unref();
  return store;
}
