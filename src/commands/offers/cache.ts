// A small time-limited cache of promises: concurrent callers share one load, a failed load is
// forgotten at once, and entries older than the TTL are dropped on the next use. /offers list
// and /offers history keep what they read here, so their page buttons do not ask Steam again;
// app.ts makes one of each per running app (OfferPageCaches) and hands it down in the context.
import type { TradeOfferList } from '../../steam/tradeOffers.js';
import type { Trade } from '../../steam/types.js';

export class TtlCache<T> {
  private readonly entries = new Map<string, { at: number; value: Promise<T> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.now();
    for (const [k, entry] of this.entries) if (now - entry.at >= this.ttlMs) this.entries.delete(k);
    const hit = this.entries.get(key);
    if (hit) return hit.value;
    const value = load();
    const entry = { at: now, value };
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return value;
  }
}

/** Page buttons re-read the list or history; within this time they reuse what was read. */
export const OFFER_PAGES_CACHE_MS = 60_000;

export interface OfferPageCaches {
  /** GetTradeOffers answers by direction, active_only and cutoff. */
  lists: TtlCache<TradeOfferList>;
  /** GetTradeHistory answers by trade count. */
  history: TtlCache<{ trades: Trade[]; total: number | null; unreadable: number }>;
}

export function offerPageCaches(now: () => number = Date.now): OfferPageCaches {
  return { lists: new TtlCache(OFFER_PAGES_CACHE_MS, now), history: new TtlCache(OFFER_PAGES_CACHE_MS, now) };
}
