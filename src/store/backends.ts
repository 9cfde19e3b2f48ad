// Opening the store's backend named by STORE_URL: keyv over a SQLite file (created with its
// directory), Redis, or PostgreSQL, each with the lock primitive it can make atomic (locks.ts).
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import Keyv from 'keyv';
import type { Logger } from '../logger.js';
import { redisLocks, sqlLocks, type LockBackend } from './locks.js';

export type StoreBackend = 'sqlite' | 'redis' | 'postgres';

export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

export const CONNECT_TIMEOUT_MS = 5000;
/** keyv's own table (in schema public on PostgreSQL) and our namespace in it; the table may be shared. */
export const DEFAULT_KEYV_TABLE = 'keyv';
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

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface Opened {
  backend: StoreBackend;
  description: string;
  file: string | null;
  keyv: Keyv;
  locks: LockBackend;
  /** Deletes our rows whose keyv expiry is before `now`; keyv stores {"value":…,"expires":ms}. */
  deleteExpired: (now: number) => Promise<number>;
  close: () => Promise<void>;
}

export async function openBackend(url: string, logger: Logger, table: string): Promise<Opened> {
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
