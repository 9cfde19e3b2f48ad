// What the session keeper knows and says about the bot's Steam session, and the pure rules it
// renews by: when a token is due, which answers kill a refresh token, how an access token
// becomes the cookies a browser would hold (docs/steam.md, sessions).
import { createHash, randomBytes } from 'node:crypto';
import { EResult } from './enums.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { SteamHttp } from './http.js';
import type { Sleep } from './scheduler.js';
import { decodeJwtClaims, loginSecureFor, type SteamSession } from './session.js';
import type { SteamClock } from './steamTime.js';

/** How the session is held, as /status says it. */
export type SessionHeldBy = 'cookies' | 'refreshToken' | 'credentials';

export interface SteamCredentials {
  accountName: string;
  password: string;
  sharedSecret: string;
}

export interface RenewalRecord {
  at: number;
  ok: boolean;
  /** e.g. "new access token", "new access and refresh token", "signed in with the password", or why it failed. */
  outcome: string;
}

export interface SessionFacts {
  heldBy: SessionHeldBy;
  accessExpiresAt: Date | null;
  refreshExpiresAt: Date | null;
  lastRenewal: RenewalRecord | null;
  /** What a person must do, while only a person can help. */
  personNeeded: string | null;
  canRenew: boolean;
}

/** What the session keeper tells the bot about. */
export interface KeeperEvents {
  /** Only a person can help now; the text says what to do. */
  personNeeded: [text: string];
  /** A renewal worked after a person was needed. */
  recovered: [];
  /** A new refresh token is in use (its expiry may have moved). */
  refreshTokenChanged: [];
}

/** The bot has no way at all to reach Steam. */
export class NoSteamSessionError extends Error {
  override readonly name = 'NoSteamSessionError';
  constructor() {
    super(
      'Steam session: nothing to sign in with. Set one of: STEAM_REFRESH_TOKEN (or run `npm run login` once), ' +
        'STEAM_ACCOUNT_NAME + STEAM_PASSWORD + STEAM_SHARED_SECRET, or STEAM_COOKIES + STEAM_SESSION_ID.',
    );
  }
}

/** Renew this long before `exp`: 10 minutes, or a third of the token's life for tokens shorter than 30 minutes. */
export function renewalMargin(issuedAt: number, expiresAt: number): number {
  return Math.min(10 * 60_000, Math.max(0, expiresAt - issuedAt) / 3);
}

/** Answers that mean this refresh token will never work again (revoked, expired, retired by a renewal). */
export const DEAD_TOKEN_RESULTS = new Set<number>([
  EResult.AccessDenied,
  EResult.Expired,
  EResult.Revoked,
  EResult.InvalidParam,
  EResult.InvalidPassword,
]);

/** Identifies a refresh token in logs and alert records without the token itself. */
export const tokenId = (token: string): string => createHash('sha256').update(token).digest('hex').slice(0, 16);

/** A placeholder until the first access token: requests made with it fail and wait for the renewal. */
export function placeholderSession(steamid: string, now: number): SteamSession {
  return {
    steamid,
    accessToken: '',
    expiresAt: new Date(now),
    steamLoginSecure: '',
    sessionId: randomBytes(12).toString('hex'),
  };
}

/** When a session made from this access token is due for renewal (ms). */
export function renewalDueAt(session: SteamSession, now: number): number {
  if (!session.accessToken) return now;
  const claims = decodeJwtClaims(session.accessToken);
  const expiresAt = session.expiresAt.getTime();
  const issuedAt = claims?.iat !== undefined ? claims.iat * 1000 : expiresAt - 24 * 3600_000;
  return expiresAt - renewalMargin(issuedAt, expiresAt);
}

/**
 * The session an access token gives, or null when it is another account's or has no more than
 * the renewal margin left (using it would only trigger a renewal at once).
 */
export function sessionFromAccessToken(
  steamid: string,
  accessToken: string,
  sessionId: string,
  now: number,
): SteamSession | null {
  const claims = decodeJwtClaims(accessToken);
  if (!claims || claims.sub !== steamid) return null;
  const expiresAt = claims.exp * 1000;
  const issuedAt = claims.iat !== undefined ? claims.iat * 1000 : expiresAt - 24 * 3600_000;
  if (expiresAt - renewalMargin(issuedAt, expiresAt) <= now) return null;
  return {
    steamid,
    accessToken,
    expiresAt: new Date(expiresAt),
    steamLoginSecure: loginSecureFor(steamid, accessToken),
    sessionId,
  };
}

/** What the session keeper is built from. */
export interface SessionKeeperOptions {
  http: SteamHttp;
  /** Steam's clock for Steam Guard codes (the one confirmations use). */
  clock?: SteamClock | undefined;
  store: Store;
  steamid: string;
  envRefreshToken?: string | undefined;
  credentials?: SteamCredentials | undefined;
  /** Cookies pasted by hand (used until the first renewal replaces them). */
  cookies: SteamSession | null;
  logger: Logger;
  /** Every token the keeper gets is handed here first, so the logger can censor it. */
  addSecret: (secret: string) => void;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
}
