// What SteamTradeBots publishing needs of the store: namespaced values validated on the way
// out. The keyv store (src/store) provides it; the structural type keeps this feature's
// records (set sizes, the request budget, the last accepted payload) independent of the rest.
import type { z } from 'zod';

export interface HeldLock {
  release(): Promise<void>;
}

export interface ValueStore {
  getValue<T>(namespace: string, key: string, schema: z.ZodType<T>): Promise<T | null | undefined>;
  setValue(namespace: string, key: string, value: unknown, ttlMs?: number): Promise<unknown>;
  deleteValue(namespace: string, key: string): Promise<unknown>;
  /** A lock across processes sharing the store; null while someone else holds it. */
  acquireLock(name: string, ttlMs: number): Promise<HeldLock | null>;
}
