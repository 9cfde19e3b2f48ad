// The bot's Steam session as the store keeps it: the refresh token, and the latest access token
// so that processes sharing one store agree on it. Steam retires a refresh token the moment it
// hands out a renewed one, so this record is written before the new token is used.
import { z } from 'zod';
import type { Store } from './index.js';

export const storedSteamSession = z.object({
  steamid: z.string(),
  refreshToken: z.string(),
  accessToken: z.string().optional(),
  origin: z.enum(['login', 'renewal', 'signIn', 'environment']),
  savedAt: z.number(),
});
export type StoredSteamSession = z.infer<typeof storedSteamSession>;

export const STEAM_SESSION_NAMESPACE = 'steam-session';

export interface SteamSessionRecord {
  read(): Promise<StoredSteamSession | null>;
  write(record: StoredSteamSession): Promise<void>;
}

/** The record of one account (keyed by its SteamID64). */
export function steamSessionRecord(store: Pick<Store, 'getValue' | 'setValue'>, steamid: string): SteamSessionRecord {
  return {
    read: async () => (await store.getValue(STEAM_SESSION_NAMESPACE, steamid, storedSteamSession)) ?? null,
    write: (record) => store.setValue(STEAM_SESSION_NAMESPACE, steamid, record),
  };
}
