// Notices when the store's data vanishes under a running bot: the SQLite file deleted or
// replaced, Redis flushed, the PostgreSQL table dropped or emptied. Without this the bot would
// carry on with empty settings and bookmarks, as on a first start, and post every active offer
// again. A marker row is written at the first start; it is checked (and the SQLite file's
// identity with it) before every poll and every lock an action takes. Once the data is gone,
// every store call fails with StoreLostError, so nothing is posted and nothing is traded until
// an operator has looked and restarted tradedesk.
import { statSync } from 'node:fs';
import { z } from 'zod';
import { UserError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { GuildSettings, Store } from './index.js';
import { lockRunner } from './locks.js';

const NAMESPACE = 'store-integrity';
const MARKER_KEY = 'marker';
const markerSchema = z.object({ createdAt: z.number() });
/** PostgreSQL's undefined_table: the keyv table was dropped. */
const PG_UNDEFINED_TABLE = '42P01';
/** Checked this often even when nothing polls (a paused poller, a quiet process). */
const CHECK_EVERY_MS = 60_000;

export interface StoreLoss {
  /** What was seen, e.g. "the SQLite file data/tradedesk.sqlite was deleted". */
  reason: string;
  at: number;
}

export class StoreLostError extends UserError {
  constructor(readonly loss: StoreLoss) {
    super(
      `tradedesk’s store lost its data (${loss.reason}). Nothing is posted or traded until an operator restores ` +
        'the store (or accepts the loss) and restarts tradedesk; `/status` has the details.',
    );
  }
}

/** The settings last read for each server, so the alert still reaches the channel they named. */
export type KnownSettings = ReadonlyMap<string, GuildSettings>;

export interface StoreIntegrityOptions {
  logger: Logger;
  /** Told once, when the loss is first seen. */
  onLost?: (loss: StoreLoss, known: KnownSettings) => void;
  now?: () => number;
  checkEveryMs?: number;
}

interface FileIdentity {
  dev: number;
  ino: number;
}

function identityOf(file: string): FileIdentity | null {
  try {
    const stat = statSync(file);
    return { dev: stat.dev, ino: stat.ino };
  } catch {
    return null;
  }
}

export class StoreIntegrity {
  lost: StoreLoss | null = null;
  /** The guarded store: every call fails with StoreLostError once the data is gone. */
  readonly store: Store;
  private readonly known = new Map<string, GuildSettings>();
  private readonly file: FileIdentity | null;
  private timer: NodeJS.Timeout | null = null;
  private checking: Promise<StoreLoss | null> | null = null;

  private constructor(
    private readonly inner: Store,
    private readonly options: StoreIntegrityOptions,
  ) {
    this.file = inner.file ? identityOf(inner.file) : null;
    this.store = this.guard();
  }

  /**
   * Wraps an open store. An empty one (no marker, no settings, no bookmarks) is logged as
   * "first start, or the store lost its data", since from inside nobody can tell the two apart.
   */
  static async open(inner: Store, options: StoreIntegrityOptions): Promise<StoreIntegrity> {
    const integrity = new StoreIntegrity(inner, options);
    const { logger } = options;
    const store = inner.description;
    // Logged by logFound() once startup went through: a refused startup stays one line on stderr.
    const marker = await inner.getValue(NAMESPACE, MARKER_KEY, markerSchema);
    if (marker) {
      const since = new Date(marker.createdAt).toISOString();
      integrity.found = () => logger.info({ store, since }, 'store holds tradedesk data');
    } else {
      const hasData = (await inner.listGuildIds()).length > 0 || (await inner.getPollBookmarks()).offersSince > 0;
      integrity.found = hasData
        ? () => logger.info({ store }, 'store holds tradedesk data; marking it')
        : () => logger.warn({ store }, 'the store is empty: first start, or the store lost its data');
      await inner.setValue(NAMESPACE, MARKER_KEY, { createdAt: integrity.now() });
    }
    integrity.timer = setInterval(() => void integrity.check(), options.checkEveryMs ?? CHECK_EVERY_MS);
    integrity.timer.unref();
    return integrity;
  }

  private found: () => void = () => undefined;

  /** Logs what open() found: data, or an empty store ("first start, or the store lost its data"). */
  logFound(): void {
    this.found();
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** Looks again (one check at a time); the loss, once seen, stays until restart. */
  check(): Promise<StoreLoss | null> {
    if (this.lost) return Promise.resolve(this.lost);
    this.checking ??= this.look().finally(() => {
      this.checking = null;
    });
    return this.checking;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  private async look(): Promise<StoreLoss | null> {
    const reason = await this.whatIsMissing();
    if (reason === null || this.lost) return this.lost;
    const loss = { reason, at: this.now() };
    this.lost = loss;
    this.options.logger.error(
      { reason, store: this.inner.description },
      'the store lost its data: tradedesk stops posting and trading until it is restarted',
    );
    try {
      this.options.onLost?.(loss, new Map(this.known));
    } catch (error) {
      this.options.logger.error({ err: error }, 'could not report the lost store');
    }
    return loss;
  }

  private async whatIsMissing(): Promise<string | null> {
    const { inner } = this;
    if (inner.file && this.file) {
      const now = identityOf(inner.file);
      if (now === null) return `the SQLite file ${inner.file} was deleted`;
      if (now.dev !== this.file.dev || now.ino !== this.file.ino)
        return `the SQLite file ${inner.file} was replaced by another file`;
    }
    try {
      const marker = await inner.getValue(NAMESPACE, MARKER_KEY, markerSchema);
      if (!marker) {
        return inner.backend === 'redis'
          ? 'Redis no longer holds tradedesk’s keys (flushed, or another server)'
          : 'tradedesk’s rows are gone from the store';
      }
    } catch (error) {
      if ((error as { code?: unknown }).code === PG_UNDEFINED_TABLE) return 'the PostgreSQL table was dropped';
      // Unreachable is not lost: /status and the failing calls say so on their own.
      this.options.logger.debug({ err: error }, 'store check could not read the marker');
    }
    return null;
  }

  private async mustBeIntact(): Promise<void> {
    const loss = await this.check();
    if (loss) throw new StoreLostError(loss);
  }

  private guard(): Store {
    const remember = (guildId: string, settings: GuildSettings) => {
      if (settings.channelId !== null || settings.allowedRoleIds.length > 0 || settings.allowedUserIds.length > 0)
        this.known.set(guildId, settings);
    };
    const guardedAcquire = async (name: string, ttlMs: number) => {
      await this.mustBeIntact();
      return this.inner.acquireLock(name, ttlMs);
    };
    const overrides: Partial<Store> = {
      // A poll and an action both start here: look before either trusts what the store says.
      getPollBookmarks: async () => {
        await this.mustBeIntact();
        return this.inner.getPollBookmarks();
      },
      acquireLock: guardedAcquire,
      withLock: lockRunner(guardedAcquire, this.options.logger),
      getGuildSettings: async (guildId) => {
        this.throwIfLost();
        const settings = await this.inner.getGuildSettings(guildId);
        remember(guildId, settings);
        return settings;
      },
      updateGuildSettings: async (guildId, update) => {
        this.throwIfLost();
        const settings = await this.inner.updateGuildSettings(guildId, update);
        remember(guildId, settings);
        return settings;
      },
      ping: () => this.inner.ping(),
      close: async () => {
        this.stop();
        await this.inner.close();
      },
    };
    // Every other method (today's and any added later) fails once the data is gone.
    return new Proxy(this.inner, {
      get: (target, property, receiver) => {
        if (property in overrides) return overrides[property as keyof Store];
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        // Every method of Store is async: a loss is a rejected promise, as any store failure is.
        return (...args: unknown[]) =>
          this.lost
            ? Promise.reject(new StoreLostError(this.lost))
            : (value as (...a: unknown[]) => unknown).apply(target, args);
      },
    });
  }

  private throwIfLost(): void {
    if (this.lost) throw new StoreLostError(this.lost);
  }
}
