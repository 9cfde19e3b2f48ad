// A small time-limited cache of promises: concurrent callers share one load, a failed load is
// forgotten at once, and entries older than the TTL are dropped on the next use.
import { perOwner } from '../perOwner.js';

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

/** One cache per owner object (e.g. per SteamClient, so two apps in one process never share). */
export function cachePerOwner<O extends object, T>(ttlMs: number): (owner: O) => TtlCache<T> {
  return perOwner(() => new TtlCache<T>(ttlMs));
}
