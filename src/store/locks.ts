// Locks that hold across processes sharing one store. keyv cannot set-if-absent, so each
// backend uses its own atomic primitive: an upsert that only takes an expired row (SQLite,
// PostgreSQL — SQLite's write lock makes it atomic between processes on one file), and
// SET NX PX with a compare-and-delete release (Redis). Release only removes our own lock.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../logger.js';

export interface StoreLock {
  release(): Promise<void>;
  /** Pushes the expiry to ttlMs from now; false when the lock had already expired and was lost. */
  extend(ttlMs: number): Promise<boolean>;
}

export interface LockBackend {
  init(): Promise<void>;
  acquire(name: string, ttlMs: number): Promise<StoreLock | null>;
}

type Query = (sql: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;

const TABLE = 'tradedesk_locks';

export function sqlLocks(dialect: 'sqlite' | 'postgres', query: Query): LockBackend {
  // Placeholders differ: ? for SQLite, $n for PostgreSQL.
  const p = (n: number) => (dialect === 'sqlite' ? '?' : `$${n}`);
  return {
    async init() {
      await query(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (name VARCHAR(255) PRIMARY KEY, owner VARCHAR(64) NOT NULL, expires BIGINT NOT NULL)`,
        [],
      );
    },
    async acquire(name, ttlMs) {
      const owner = randomUUID();
      const now = Date.now();
      await query(
        `INSERT INTO ${TABLE} (name, owner, expires) VALUES (${p(1)}, ${p(2)}, ${p(3)})
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
         WHERE ${TABLE}.expires < ${p(4)}`,
        [name, owner, now + ttlMs, now],
      );
      const rows = await query(`SELECT owner FROM ${TABLE} WHERE name = ${p(1)}`, [name]);
      if (rows[0]?.owner !== owner) return null;
      return {
        async release() {
          await query(`DELETE FROM ${TABLE} WHERE name = ${p(1)} AND owner = ${p(2)}`, [name, owner]);
        },
        async extend(ttl) {
          const at = Date.now();
          const rows = await query(
            `UPDATE ${TABLE} SET expires = ${p(1)} WHERE name = ${p(2)} AND owner = ${p(3)} AND expires >= ${p(4)} RETURNING name`,
            [at + ttl, name, owner, at],
          );
          return rows.length === 1;
        },
      };
    },
  };
}

interface RedisLike {
  set(key: string, value: string, options: { NX: true; PX: number }): Promise<string | null>;
  eval(script: string, options: { keys: string[]; arguments: string[] }): Promise<unknown>;
}

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const EXTEND =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";

export function redisLocks(client: RedisLike): LockBackend {
  return {
    async init() {},
    async acquire(name, ttlMs) {
      const key = `tradedesk:lock:${name}`;
      const owner = randomUUID();
      const ok = await client.set(key, owner, { NX: true, PX: ttlMs });
      if (ok !== 'OK') return null;
      return {
        async release() {
          await client.eval(RELEASE, { keys: [key], arguments: [owner] });
        },
        async extend(ttl) {
          return Number(await client.eval(EXTEND, { keys: [key], arguments: [owner, String(ttl)] })) === 1;
        },
      };
    },
  };
}

export interface LockOptions {
  /** How long the lock lasts unless renewed: a process that dies holding it holds up the others this long at most. */
  ttlMs: number;
  /**
   * How long to wait while someone else holds it; 0 (the default) tries once. Work of this process
   * under the same name waits its turn in memory first (no store traffic), then the store is asked
   * again with a growing pause, because keyv cannot tell us when another process lets go.
   */
  waitMs?: number;
  /** Long work under a short lock: the expiry is pushed back to ttlMs every renewMs until the work ends. */
  renewMs?: number;
  /** The renewal's timer functions (a test counts the live ones). */
  timers?: Pick<typeof globalThis, 'setInterval' | 'clearInterval'>;
}

export type LockOutcome<T> = { acquired: true; value: T } | { acquired: false };

/** The pauses between asks while another process holds a lock: 50 ms, doubling to 1 s. */
const FIRST_RETRY_MS = 50;
const MAX_RETRY_MS = 1000;

/**
 * Runs one piece of work after the earlier ones queued under the same key in this process. A
 * failed piece does not stop the next.
 */
export function inTurn<T>(queues: Map<string, Promise<unknown>>, key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(work);
  queues.set(key, next);
  // then(f, f), not finally(): a finally() copy of a rejected piece would be a rejection no one handles.
  const forget = () => {
    if (queues.get(key) === next) queues.delete(key);
  };
  next.then(forget, forget);
  return next;
}

type Acquire = (name: string, ttlMs: number) => Promise<StoreLock | null>;
type LockLogger = Pick<Logger, 'warn'>;

/**
 * The one way tradedesk runs work under a store lock: acquire (waiting if asked), renew while the
 * work runs, and release when it ends, whether it returned or threw. The renewal ends with the work:
 * left running, every run would add one more timer extending the lock for ever.
 */
export function lockRunner(acquire: Acquire, logger: LockLogger) {
  const queues = new Map<string, Promise<unknown>>();

  async function attempt<T>(name: string, options: LockOptions, work: () => Promise<T>): Promise<LockOutcome<T>> {
    // Wall-clock time: the wait is real even when tests move the bot's clock.
    const deadline = Date.now() + (options.waitMs ?? 0);
    let pause = FIRST_RETRY_MS;
    let lock = await acquire(name, options.ttlMs);
    while (!lock && Date.now() < deadline) {
      await sleep(Math.min(pause, Math.max(1, deadline - Date.now())));
      pause = Math.min(MAX_RETRY_MS, pause * 2);
      lock = await acquire(name, options.ttlMs);
    }
    if (!lock) return { acquired: false };
    const held = lock;
    const timers = options.timers ?? globalThis;
    const renewal =
      options.renewMs === undefined
        ? null
        : timers.setInterval(() => {
            held.extend(options.ttlMs).then(
              (kept) => kept || logger.warn({ lock: name }, 'a store lock expired while its work was still running'),
              (error: unknown) => logger.warn({ err: error, lock: name }, 'could not renew a store lock'),
            );
          }, options.renewMs);
    renewal?.unref();
    try {
      return { acquired: true, value: await work() };
    } finally {
      if (renewal) timers.clearInterval(renewal);
      await held
        .release()
        .catch((error: unknown) => logger.warn({ err: error, lock: name }, 'could not release a store lock'));
    }
  }

  return function withLock<T>(name: string, options: LockOptions, work: () => Promise<T>): Promise<LockOutcome<T>> {
    if (!options.waitMs) return attempt(name, options, work);
    return inTurn(queues, name, () => attempt(name, options, work));
  };
}
