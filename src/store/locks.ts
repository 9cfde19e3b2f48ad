// Locks that hold across processes sharing one store. keyv cannot set-if-absent, so each
// backend uses its own atomic primitive: an upsert that only takes an expired row (SQLite,
// PostgreSQL — SQLite's write lock makes it atomic between processes on one file), and
// SET NX PX with a compare-and-delete release (Redis). Release only removes our own lock.
import { randomUUID } from 'node:crypto';

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
