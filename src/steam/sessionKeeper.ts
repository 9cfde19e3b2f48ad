// Keeps the bot's Steam session alive by itself (docs/steam.md#sessions): it renews before the access
// token's `exp` (or when Steam refuses it), one renewal at a time across processes, with the
// tokens TokenRenewal gets; when only a person can help it says exactly what to do (once, through
// SessionWatch) and keeps trying at a calm pace, watching the store for a token `npm run login` kept.
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { steamSessionRecord, type StoredSteamSession } from '../store/steamSession.js';
import { SteamError } from './errors.js';
import { backoffDelay } from './retry.js';
import { realSleep, type Sleep } from './scheduler.js';
import { decodeJwtClaims } from './session.js';
import {
  NoSteamSessionError,
  renewalDueAt,
  sessionFromAccessToken,
  tokenId,
  type RenewalRecord,
  type SessionFacts,
  type KeeperEvents,
  type SessionHeldBy,
  type SessionKeeperOptions,
} from './sessionFacts.js';
import { TokenRenewal } from './tokenRenewal.js';

/** While a person is needed, the store is checked this often for a token `npm run login` kept. */
const STORE_RECHECK_MS = 60_000;
/** One renewal per burst of expired answers. */
const RENEWAL_COOLDOWN_MS = 30_000;

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
  /** The CSRF double-submit value; any 24 hex characters do (docs/steam.md#community-requests). */
  private readonly sessionId = randomBytes(12).toString('hex');
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly renewal: TokenRenewal;

  constructor(private readonly options: SessionKeeperOptions) {
    super();
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.renewal = new TokenRenewal({
      ...options,
      record: steamSessionRecord(options.store, options.steamid),
      sleep: this.sleep,
      now: this.now,
    });
    this.heldBy = options.envRefreshToken ? 'refreshToken' : options.credentials ? 'credentials' : 'cookies';
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
    const stored = await this.renewal.readStored();
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

  /** No renewal starts from now on; one under way goes on (see settled()). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /**
   * Resolves once a renewal under way has finished: Steam has retired the old refresh token by
   * then, so the store must stay open until the new one is written and the lock let go.
   */
  async settled(): Promise<void> {
    await this.renewing;
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
    return renewalDueAt(this.options.http.currentSession, this.now());
  }

  private schedule(at: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    // setTimeout holds at most ~24.8 days; a later date is simply re-checked then.
    const delay = Math.min(Math.max(0, at - this.now()), 2_000_000_000);
    this.timer = setTimeout(() => void this.renew(), delay);
    this.timer.unref();
  }

  /** Uses an access token if it is this account's and has more than the renewal margin left. */
  private adopt(accessToken: string): boolean {
    const session = sessionFromAccessToken(this.options.steamid, accessToken, this.sessionId, this.now());
    if (!session) return false;
    this.options.addSecret(accessToken);
    this.options.addSecret(session.steamLoginSecure);
    this.options.http.setSession(session);
    return true;
  }

  /**
   * Two processes sharing the store renew one at a time; the second finds the first one's token.
   * A lock that cannot be had (a store fault, or held past the wait) does not stop the renewal:
   * without tokens nothing else works.
   */
  private async renewUnderLock(): Promise<boolean> {
    const turn = await this.options.store
      .withLock(`steam-session:${this.options.steamid}`, { ttlMs: 60_000, waitMs: 10_000 }, () => this.renewOnce())
      .catch(() => ({ acquired: false as const }));
    return turn.acquired ? turn.value : this.renewOnce();
  }

  private async renewOnce(): Promise<boolean> {
    const previousPerson = this.personNeeded;
    try {
      const found = await this.renewal.renew(this.refreshToken, this.options.http.currentSession.accessToken);
      switch (found.kind) {
        case 'person':
          return this.needPerson(found.text, found.retryMs);
        case 'fromStore':
          this.adopt(found.stored.accessToken);
          this.useRefreshToken(found.stored.refreshToken, found.stored.origin);
          this.succeeded('access token renewed by another process on this store', previousPerson);
          return true;
        case 'generated':
          this.useRefreshToken(found.refreshToken, found.origin);
          if (!this.adopt(found.accessToken)) {
            throw new Error('Steam answered GenerateAccessTokenForApp with an access token for another account');
          }
          this.succeeded(found.outcome, previousPerson);
          return true;
        case 'signedIn':
          this.useRefreshToken(found.refreshToken, 'signIn');
          if (!found.accessToken || !this.adopt(found.accessToken)) {
            // Steam handed out a refresh token only (it did so in 2023): make the access token from it.
            this.lastRenewal = { at: this.now(), ok: true, outcome: 'signed in with the account password' };
            return await this.renewOnce();
          }
          this.succeeded('signed in with the account password', previousPerson);
          return true;
      }
    } catch (error) {
      return this.failed(error);
    }
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
        const stored = await this.renewal.readStored().catch(() => null);
        if ((stored && stored.refreshToken !== known) || this.now() >= retryAt) {
          if (stored) this.renewal.forgive(stored.refreshToken);
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
