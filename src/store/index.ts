// All of tradedesk's storage: keyv over SQLite (the embedded default), Redis or PostgreSQL,
// with typed accessors validated by zod on every read. keyv has no set-if-absent, so the lock
// that keeps two clicks (or two processes) from acting on one offer is in locks.ts.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import { inTurn, lockRunner, type LockOptions, type LockOutcome, type StoreLock } from './locks.js';
import {
  CONNECT_TIMEOUT_MS,
  DEFAULT_KEYV_TABLE,
  openBackend,
  StoreUnavailableError,
  withTimeout,
  type StoreBackend,
} from './backends.js';
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
export { describeStoreUrl, StoreUnavailableError, type StoreBackend } from './backends.js';

export interface Store {
  readonly backend: StoreBackend;
  /** e.g. "sqlite (data/tradedesk.sqlite)"; passwords removed. */
  readonly description: string;
  /** The SQLite file's absolute path (null for Redis and PostgreSQL): integrity.ts watches it. */
  readonly file: string | null;
  getGuildSettings(guildId: string): Promise<GuildSettings>;
  updateGuildSettings(guildId: string, update: (s: GuildSettings) => GuildSettings): Promise<GuildSettings>;
  listGuildIds(): Promise<string[]>;
  /** The card of Steam offer `offerId` in server `guildId`'s feed channel. */
  getPostedOffer(guildId: string, offerId: string): Promise<PostedOffer | undefined>;
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

/**
 * A posted card is looked up while its offer can still change: 14 days active at most, then up
 * to 15 days in escrow, and every change writes the record again. Redis drops it after this;
 * SQLite and PostgreSQL stop returning it.
 */
const POSTED_OFFER_TTL_MS = 90 * 24 * 3600_000;
const SWEEP_EVERY_MS = 6 * 3600_000;
const DEFAULT_SETTINGS: GuildSettings = { channelId: null, allowedRoleIds: [], allowedUserIds: [] };
const DEFAULT_BOOKMARKS: PollBookmarks = { offersSince: 0, lastFullSweepAt: 0, lastSummary: null, offerStates: {} };
const idList = z.array(z.string());
/** A card's record is kept per server and offer: the same offer has a card in each server's channel. */
const postedOfferKey = (guildId: string, offerId: string) => `posted:${guildId}:${offerId}`;

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

    async getPostedOffer(guildId, offerId) {
      return readRecord(postedOfferKey(guildId, offerId), postedOfferRecord, POSTED_OFFER_TTL_MS);
    },
    async setPostedOffer(posted) {
      await writeRecord(postedOfferKey(posted.guildId, posted.offerId), postedOfferRecord, posted, POSTED_OFFER_TTL_MS);
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
