// SteamTradeBots' stored records: what the site last accepted, the request budget, the refused-key
// alert (per API key, by a hash of it), and the card set sizes learned from badge pages. Zod keeps a
// record written by another version from being trusted blindly.
import { z } from 'zod';
import type { LockOutcome, Store } from './index.js';

export const TRADEBOTS_NAMESPACE = 'tradebots';
export const SET_SIZE_NAMESPACE = 'card-set-size';
/** Games whose badge page showed no set: asked again after a while, not on every recount. */
export const SET_SIZE_UNKNOWN_NAMESPACE = 'card-set-size-unknown';

/** The request times inside the site's window, and a 429's Retry-After as an absolute time. */
export const budgetRecord = z.object({ timestamps: z.array(z.number()), notBefore: z.number().nullable() });
export type BudgetRecord = z.infer<typeof budgetRecord>;
/** Every field the site has accepted, merged, and when it last accepted some. */
export const publishedRecord = z.object({ payload: z.record(z.string(), z.unknown()), at: z.number() });
export type PublishedRecord = z.infer<typeof publishedRecord>;
/** The site refused the key (401/403) and the channel was told: told once, across restarts. */
export const authAlertRecord = z.object({ status: z.number(), at: z.number() });
export type AuthAlertRecord = z.infer<typeof authAlertRecord>;
/** Checked for plausibility (5–15 cards) by the reader, which knows Steam's rule. */
export const setSizeRecord = z.number().int().positive();
export const setSizeUnknownRecord = z.object({ reason: z.string(), at: z.number() });
export type SetSizeUnknownRecord = z.infer<typeof setSizeUnknownRecord>;

const EMPTY_BUDGET: BudgetRecord = { timestamps: [], notBefore: null };
/** A send holds the lock for one request (10 s timeout) and a few store writes. */
const SEND_LOCK_TTL_MS = 60_000;

export type TradeBotsStore = Pick<Store, 'getValue' | 'setValue' | 'deleteValue' | 'withLock'>;

/** The publishing records of one API key. */
export class TradeBotsRecords {
  constructor(
    private readonly store: TradeBotsStore,
    /** Identifies the key (a hash, never the key); null without one. */
    private readonly keyId: string | null,
  ) {}

  private key(kind: string): string {
    return `${kind}:${this.keyId ?? 'none'}`;
  }

  async published(): Promise<PublishedRecord | null> {
    return (await this.store.getValue(TRADEBOTS_NAMESPACE, this.key('published'), publishedRecord)) ?? null;
  }

  async setPublished(record: PublishedRecord): Promise<void> {
    await this.store.setValue(TRADEBOTS_NAMESPACE, this.key('published'), record);
  }

  async budget(): Promise<BudgetRecord> {
    return (await this.store.getValue(TRADEBOTS_NAMESPACE, this.key('budget'), budgetRecord)) ?? EMPTY_BUDGET;
  }

  async setBudget(record: BudgetRecord): Promise<void> {
    await this.store.setValue(TRADEBOTS_NAMESPACE, this.key('budget'), record);
  }

  async authAlert(): Promise<AuthAlertRecord | null> {
    return (await this.store.getValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'), authAlertRecord)) ?? null;
  }

  async setAuthAlert(record: AuthAlertRecord): Promise<void> {
    await this.store.setValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'), record);
  }

  async deleteAuthAlert(): Promise<void> {
    await this.store.deleteValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'));
  }

  /** Two processes on one store (a rolling restart) must not both read the budget and both spend it. */
  withSendLock<T>(waitMs: number, work: () => Promise<T>): Promise<LockOutcome<T>> {
    return this.store.withLock(`${TRADEBOTS_NAMESPACE}:${this.key('send')}`, { ttlMs: SEND_LOCK_TTL_MS, waitMs }, work);
  }
}

/** Card set sizes by game, kept for good (they never change), and games known to have none for a while. */
export class SetSizeRecords {
  constructor(private readonly store: Pick<Store, 'getValue' | 'setValue'>) {}

  async size(appid: number): Promise<number | null> {
    return (await this.store.getValue(SET_SIZE_NAMESPACE, String(appid), setSizeRecord)) ?? null;
  }

  async setSize(appid: number, size: number): Promise<void> {
    await this.store.setValue(SET_SIZE_NAMESPACE, String(appid), size);
  }

  async unknown(appid: number): Promise<SetSizeUnknownRecord | null> {
    return (await this.store.getValue(SET_SIZE_UNKNOWN_NAMESPACE, String(appid), setSizeUnknownRecord)) ?? null;
  }

  async setUnknown(appid: number, record: SetSizeUnknownRecord, ttlMs: number): Promise<void> {
    await this.store.setValue(SET_SIZE_UNKNOWN_NAMESPACE, String(appid), record, ttlMs);
  }
}
