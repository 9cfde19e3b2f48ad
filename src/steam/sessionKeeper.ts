// Keeps the bot's Steam session alive by itself (steam-protocol.md §9): from a MobileApp refresh token
// it makes its own access tokens (GenerateAccessTokenForApp), builds steamLoginSecure and a sessionid
// from them, and renews before `exp`. It asks Steam to renew the refresh token too; a renewed one is
// written to the store before anything uses it, because Steam retires the old one at once. When no
// refresh token works it signs in with the account's credentials, and when only a person can help it
// says exactly what to do (once, through SessionWatch) and keeps trying at a calm pace.
import { createHash, randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { AuthenticationService } from './auth.js';
import { EResult } from './enums.js';
import { SteamError } from './errors.js';
import type { SteamHttp } from './http.js';
import { backoffDelay } from './retry.js';
import { realSleep, type Sleep } from './scheduler.js';
import { decodeJwtClaims, loginSecureFor, type SteamSession } from './session.js';
import type { SignInError } from './signIn.js';
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

interface KeeperEvents {
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

/** What the store keeps: the refresh token (and the latest access token, so processes sharing the store agree). */
export const storedSteamSession = z.object({
  steamid: z.string(),
  refreshToken: z.string(),
  accessToken: z.string().optional(),
  origin: z.enum(['login', 'renewal', 'signIn', 'environment']),
  savedAt: z.number(),
});
export type StoredSteamSession = z.infer<typeof storedSteamSession>;
export const STORED_SESSION_NAMESPACE = 'steam-session';

/** Renew this long before `exp`: 10 minutes, or a third of the token's life for tokens shorter than 30 minutes. */
export function renewalMargin(issuedAt: number, expiresAt: number): number {
  return Math.min(10 * 60_000, Math.max(0, expiresAt - issuedAt) / 3);
}

/** Answers that mean this refresh token will never work again (revoked, expired, retired by a renewal). */
const DEAD_TOKEN_RESULTS = new Set<number>([
  EResult.AccessDenied,
  EResult.Expired,
  EResult.Revoked,
  EResult.InvalidParam,
  EResult.InvalidPassword,
]);

/** Calm retries: a person may take a while, and Steam rate-limits sign-ins (84). */
const PERSON_RETRY_MS = 15 * 60_000;
const RATE_LIMIT_RETRY_MS = 30 * 60_000;
/** While a person is needed, the store is checked this often for a token `npm run login` kept. */
const STORE_RECHECK_MS = 60_000;
/** One renewal per burst of expired answers. */
const RENEWAL_COOLDOWN_MS = 30_000;

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

const tokenId = (token: string) => createHash('sha256').update(token).digest('hex').slice(0, 16);

export class SessionKeeper extends EventEmitter<KeeperEvents> {
  private refreshToken: string | null = null;
  private refreshOrigin: StoredSteamSession['origin'] = 'environment';
  private heldBy: SessionHeldBy;
  private lastRenewal: RenewalRecord | null = null;
  private personNeeded: string | null = null;
  private renewing: Promise<boolean> | null = null;
  private lastFailureAt = -Infinity;
  private failures = 0;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  /** Refresh tokens Steam refused for good (by hash), so they are not sent again. */
  private readonly deadTokens = new Set<string>();
  /** A renewed refresh token the store could not take yet; written again before the next renewal. */
  private unsaved: StoredSteamSession | null = null;
  /** The CSRF double-submit value; any 24 hex characters do (§4.1). */
  private readonly sessionId = randomBytes(12).toString('hex');
  /** Loaded on the first renewal: cookie-only setups never load protobufjs. */
  private auth: Promise<typeof import('./auth.js')> | null = null;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(private readonly options: SessionKeeperOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.heldBy = options.envRefreshToken ? 'refreshToken' : options.credentials ? 'credentials' : 'cookies';
  }

  /** A placeholder until the first access token: requests made with it fail and wait for the renewal. */
  static placeholderSession(steamid: string, now: number): SteamSession {
    return {
      steamid,
      accessToken: '',
      expiresAt: new Date(now),
      steamLoginSecure: '',
      sessionId: randomBytes(12).toString('hex'),
    };
  }

  /** True when a refresh token or credentials can make new access tokens without a person. */
  get canRenew(): boolean {
    if (this.personNeeded) return false;
    return this.refreshToken !== null || this.options.credentials !== undefined;
  }

  /** Identifies the refresh token in use, for alert records (never the token itself). */
  get alertKey(): string {
    return this.refreshToken ? `rt:${tokenId(this.refreshToken)}` : `none:${this.options.steamid}`;
  }

  get hasCredentials(): boolean {
    return this.options.credentials !== undefined;
  }

  /** True when the session can be renewed at all (refresh token or credentials configured or stored). */
  get renews(): boolean {
    return this.heldBy !== 'cookies';
  }

  facts(): SessionFacts {
    const session = this.options.http.currentSession;
    const refreshExp = this.refreshToken ? decodeJwtClaims(this.refreshToken)?.exp : undefined;
    return {
      heldBy: this.heldBy,
      accessExpiresAt: session.accessToken ? session.expiresAt : null,
      refreshExpiresAt: refreshExp ? new Date(refreshExp * 1000) : null,
      lastRenewal: this.lastRenewal,
      personNeeded: this.personNeeded,
      canRenew: this.canRenew,
    };
  }

  /**
   * Reads the store, then renews in the background (startup does not wait on Steam). Throws
   * NoSteamSessionError when there is no way at all to reach Steam.
   */
  async start(): Promise<void> {
    const stored = await this.readStored();
    if (stored) {
      this.useRefreshToken(stored.refreshToken, stored.origin);
    } else if (this.options.envRefreshToken) {
      this.refreshToken = this.options.envRefreshToken;
      this.options.addSecret(this.refreshToken);
    }
    if (!this.refreshToken && !this.options.credentials && !this.options.cookies) throw new NoSteamSessionError();
    if (this.heldBy === 'cookies') {
      this.options.logger.debug('Steam session from STEAM_COOKIES (no refresh token: it cannot be renewed)');
      return;
    }
    const adopted = stored?.accessToken ? this.adopt(stored.accessToken) : false;
    const cookies = this.options.cookies;
    if (!adopted && cookies && cookies.expiresAt.getTime() > this.now()) this.options.http.setSession(cookies);
    this.schedule(this.renewalDue());
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Renews now. Given the access token a request failed with: nothing to do when a newer one is
   * already in place, and at most one renewal per burst of failures.
   */
  renew(failedAccessToken?: string): Promise<boolean> {
    if (this.heldBy === 'cookies' || this.stopped) return Promise.resolve(false);
    const current = this.options.http.currentSession;
    if (
      failedAccessToken !== undefined &&
      current.accessToken !== failedAccessToken &&
      current.expiresAt.getTime() > this.now()
    ) {
      return Promise.resolve(true);
    }
    if (this.renewing) return this.renewing;
    if (failedAccessToken !== undefined && this.now() - this.lastFailureAt < RENEWAL_COOLDOWN_MS) {
      return Promise.resolve(false);
    }
    const renewing = this.renewUnderLock().finally(() => {
      this.renewing = null;
    });
    this.renewing = renewing;
    return renewing;
  }

  private renewalDue(): number {
    const session = this.options.http.currentSession;
    if (!session.accessToken) return this.now();
    const claims = decodeJwtClaims(session.accessToken);
    const expiresAt = session.expiresAt.getTime();
    const issuedAt = claims?.iat !== undefined ? claims.iat * 1000 : expiresAt - 24 * 3600_000;
    return expiresAt - renewalMargin(issuedAt, expiresAt);
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // setTimeout holds at most ~24.8 days; a later date is simply re-checked then.
    const delay = Math.min(Math.max(0, at - this.now()), 2_000_000_000);
    this.timer = setTimeout(() => void this.renew(), delay);
    this.timer.unref();
  }

  private async readStored(): Promise<StoredSteamSession | null> {
    const stored = await this.options.store.getValue(
      STORED_SESSION_NAMESPACE,
      this.options.steamid,
      storedSteamSession,
    );
    if (!stored || stored.steamid !== this.options.steamid) return null;
    this.options.addSecret(stored.refreshToken);
    if (stored.accessToken) this.options.addSecret(stored.accessToken);
    return stored;
  }

  private async save(record: StoredSteamSession): Promise<void> {
    this.unsaved = record;
    await this.options.store.setValue(STORED_SESSION_NAMESPACE, this.options.steamid, record);
    this.unsaved = null;
  }

  /** Uses an access token if it is this account's and has more than the renewal margin left. */
  private adopt(accessToken: string): boolean {
    const claims = decodeJwtClaims(accessToken);
    if (!claims || claims.sub !== this.options.steamid) return false;
    const expiresAt = claims.exp * 1000;
    const issuedAt = claims.iat !== undefined ? claims.iat * 1000 : expiresAt - 24 * 3600_000;
    if (expiresAt - renewalMargin(issuedAt, expiresAt) <= this.now()) return false;
    this.options.addSecret(accessToken);
    const steamLoginSecure = loginSecureFor(this.options.steamid, accessToken);
    this.options.addSecret(steamLoginSecure);
    this.options.http.setSession({
      steamid: this.options.steamid,
      accessToken,
      expiresAt: new Date(expiresAt),
      steamLoginSecure,
      sessionId: this.sessionId,
    });
    return true;
  }

  /** Two processes sharing the store renew one at a time; the second finds the first one's token. */
  private async renewUnderLock(): Promise<boolean> {
    const lockName = `steam-session:${this.options.steamid}`;
    let lock = await this.options.store.acquireLock(lockName, 60_000).catch(() => null);
    for (let tries = 0; !lock && tries < 40 && !this.stopped; tries += 1) {
      await this.sleep(250);
      lock = await this.options.store.acquireLock(lockName, 60_000).catch(() => null);
    }
    try {
      return await this.renewOnce();
    } finally {
      await lock?.release().catch(() => undefined);
    }
  }

  private async renewOnce(): Promise<boolean> {
    const { logger } = this.options;
    const previousPerson = this.personNeeded;
    try {
      if (this.unsaved) await this.save(this.unsaved);
      const stored = await this.readStored();
      const current = this.options.http.currentSession.accessToken;
      if (stored?.accessToken && stored.accessToken !== current && this.adopt(stored.accessToken)) {
        this.useRefreshToken(stored.refreshToken, stored.origin);
        this.succeeded('access token renewed by another process on this store', previousPerson);
        return true;
      }
      const candidates = [stored?.refreshToken, this.refreshToken, this.options.envRefreshToken].filter(
        (token, index, all): token is string =>
          typeof token === 'string' && all.indexOf(token) === index && !this.deadTokens.has(tokenId(token)),
      );
      this.auth ??= import('./auth.js');
      const { AuthenticationService, SteamAuthError } = await this.auth;
      const auth: AuthenticationService = new AuthenticationService(this.options.http);
      for (const token of candidates) {
        let generated;
        try {
          generated = await auth.generateAccessTokenForApp(token, this.options.steamid, true);
        } catch (error) {
          if (error instanceof SteamAuthError && DEAD_TOKEN_RESULTS.has(error.eresult)) {
            logger.warn({ eresult: error.eresult }, 'Steam refused a refresh token; it cannot be used again');
            this.deadTokens.add(tokenId(token));
            continue;
          }
          throw error;
        }
        this.options.addSecret(generated.accessToken);
        const origin = token === stored?.refreshToken ? stored.origin : 'environment';
        if (generated.refreshToken) {
          this.options.addSecret(generated.refreshToken);
          // Steam has retired `token` already: the new one goes to the store before anything else.
          await this.saveRenewed({
            steamid: this.options.steamid,
            refreshToken: generated.refreshToken,
            accessToken: generated.accessToken,
            origin: 'renewal',
            savedAt: this.now(),
          });
          this.useRefreshToken(generated.refreshToken, 'renewal');
        } else {
          this.useRefreshToken(token, origin);
          await this.options.store
            .setValue(STORED_SESSION_NAMESPACE, this.options.steamid, {
              steamid: this.options.steamid,
              refreshToken: token,
              accessToken: generated.accessToken,
              origin,
              savedAt: this.now(),
            } satisfies StoredSteamSession)
            .catch((error: unknown) => logger.warn({ err: error }, 'could not keep the access token in the store'));
        }
        if (!this.adopt(generated.accessToken)) {
          throw new Error('Steam answered GenerateAccessTokenForApp with an access token for another account');
        }
        this.succeeded(generated.refreshToken ? 'new access and refresh token' : 'new access token', previousPerson);
        return true;
      }
      if (this.options.credentials) return await this.signInAgain(previousPerson);
      return this.needPerson(
        this.refreshToken
          ? 'Steam no longer accepts the bot’s refresh token (revoked, expired or replaced). Run `npm run login` in a terminal where the bot runs (or set a new STEAM_REFRESH_TOKEN and restart); to let the bot sign in again by itself, also set STEAM_ACCOUNT_NAME, STEAM_PASSWORD and STEAM_SHARED_SECRET.'
          : 'The bot has no refresh token. Run `npm run login` in a terminal where the bot runs.',
        PERSON_RETRY_MS,
      );
    } catch (error) {
      return this.failed(error);
    }
  }

  private async saveRenewed(record: StoredSteamSession): Promise<void> {
    try {
      await this.save(record);
    } catch (error) {
      // The old token is already dead at Steam: keep the new one in memory and write it again before the next renewal.
      this.options.logger.error(
        { err: error },
        'could not keep the renewed Steam refresh token in the store; it is held in memory and will be written again',
      );
    }
  }

  private async signInAgain(previousPerson: string | null): Promise<boolean> {
    const credentials = this.options.credentials!;
    const { signIn, SignInError } = await import('./signIn.js');
    try {
      const signed = await signIn(this.options.http, {
        accountName: credentials.accountName,
        password: credentials.password,
        sharedSecret: credentials.sharedSecret,
        sleep: this.sleep,
        now: this.now,
        clock: this.options.clock,
      });
      this.options.addSecret(signed.refreshToken);
      if (signed.accessToken) this.options.addSecret(signed.accessToken);
      if (signed.steamid !== this.options.steamid) {
        return this.needPerson(
          `STEAM_ACCOUNT_NAME signs in to ${signed.steamid}, not STEAM_ID ${this.options.steamid}: fix one of them and restart.`,
          PERSON_RETRY_MS,
        );
      }
      await this.saveRenewed({
        steamid: signed.steamid,
        refreshToken: signed.refreshToken,
        ...(signed.accessToken ? { accessToken: signed.accessToken } : {}),
        origin: 'signIn',
        savedAt: this.now(),
      });
      this.useRefreshToken(signed.refreshToken, 'signIn');
      if (!signed.accessToken || !this.adopt(signed.accessToken)) {
        // Steam handed out a refresh token only (it did so in 2023): make the access token from it.
        this.lastRenewal = { at: this.now(), ok: true, outcome: 'signed in with the account password' };
        return await this.renewOnce();
      }
      this.succeeded('signed in with the account password', previousPerson);
      return true;
    } catch (error) {
      if (error instanceof SignInError) return this.signInRefused(error);
      throw error;
    }
  }

  private signInRefused(error: SignInError): false {
    const retryMs = error.need === 'rateLimited' ? RATE_LIMIT_RETRY_MS : PERSON_RETRY_MS;
    return this.needPerson(error.message, retryMs);
  }

  private useRefreshToken(token: string, origin: StoredSteamSession['origin']): void {
    const changed = token !== this.refreshToken;
    this.refreshToken = token;
    this.refreshOrigin = origin;
    this.heldBy = origin === 'signIn' ? 'credentials' : 'refreshToken';
    if (changed) this.emit('refreshTokenChanged');
  }

  private succeeded(outcome: string, previousPerson: string | null): void {
    this.failures = 0;
    this.personNeeded = null;
    this.lastRenewal = { at: this.now(), ok: true, outcome };
    this.options.logger.info(
      { outcome, accessExpiresAt: this.options.http.currentSession.expiresAt.toISOString(), via: this.refreshOrigin },
      'Steam session renewed',
    );
    this.schedule(this.renewalDue());
    if (previousPerson) this.emit('recovered');
  }

  private needPerson(text: string, retryMs: number): false {
    const first = this.personNeeded !== text;
    this.personNeeded = text;
    this.lastFailureAt = this.now();
    this.lastRenewal = { at: this.now(), ok: false, outcome: text };
    this.options.logger.warn({ retryInMs: retryMs }, `Steam session cannot be renewed without a person: ${text}`);
    // Until then, look for a token `npm run login` may have kept in the store every minute.
    this.scheduleStoreRecheck(this.now() + retryMs);
    if (first) this.emit('personNeeded', text);
    return false;
  }

  private scheduleStoreRecheck(retryAt: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    const known = this.refreshToken;
    this.timer = setTimeout(() => {
      void (async () => {
        const stored = await this.readStored().catch(() => null);
        if ((stored && stored.refreshToken !== known) || this.now() >= retryAt) {
          if (stored) this.deadTokens.delete(tokenId(stored.refreshToken));
          await this.renew();
        } else {
          this.scheduleStoreRecheck(retryAt);
        }
      })();
    }, STORE_RECHECK_MS);
    this.timer.unref();
  }

  private failed(error: unknown): false {
    this.failures += 1;
    this.lastFailureAt = this.now();
    const what = error instanceof SteamError || error instanceof Error ? error.message : String(error);
    this.lastRenewal = { at: this.now(), ok: false, outcome: what };
    const retryMs = backoffDelay(this.failures - 1, 5_000, 5 * 60_000, this.options.random);
    this.options.logger.warn({ err: error, retryInMs: retryMs }, 'Steam session renewal failed; retrying');
    this.schedule(this.now() + retryMs);
    return false;
  }
}
