// One attempt at new tokens for the bot's session, in the order that costs Steam least: an access
// token another process on this store already made; the refresh tokens known (stored, in use,
// from the environment), asking Steam to renew the refresh token too; signing in again with the
// account's credentials. A renewed refresh token is written to the store before it is used,
// because Steam retires the old one the moment it hands out the new one.
import type { Logger } from '../logger.js';
import type { SteamSessionRecord, StoredSteamSession } from '../store/steamSession.js';
import type { AuthenticationService } from './auth.js';
import type { SteamHttp } from './http.js';
import type { Sleep } from './scheduler.js';
import { DEAD_TOKEN_RESULTS, sessionFromAccessToken, tokenId, type SteamCredentials } from './sessionFacts.js';
import type { SignInError } from './signIn.js';
import type { SteamClock } from './steamTime.js';

/** Calm retries: a person may take a while, and Steam rate-limits sign-ins (84). */
const PERSON_RETRY_MS = 15 * 60_000;
const RATE_LIMIT_RETRY_MS = 30 * 60_000;

type Origin = StoredSteamSession['origin'];

/** What an attempt found; the keeper adopts the tokens (or tells a person). */
export type Renewal =
  /** Another process sharing the store renewed already: use its tokens. */
  | { kind: 'fromStore'; stored: StoredSteamSession & { accessToken: string } }
  | { kind: 'generated'; refreshToken: string; origin: Origin; accessToken: string; outcome: string }
  /** Signed in with the password; Steam may hand out a refresh token only. */
  | { kind: 'signedIn'; refreshToken: string; accessToken: string | null }
  | { kind: 'person'; text: string; retryMs: number };

export interface TokenRenewalDeps {
  http: SteamHttp;
  record: SteamSessionRecord;
  steamid: string;
  envRefreshToken?: string | undefined;
  credentials?: SteamCredentials | undefined;
  logger: Logger;
  addSecret: (secret: string) => void;
  sleep: Sleep;
  now: () => number;
  clock?: SteamClock | undefined;
}

export class TokenRenewal {
  /** Refresh tokens Steam refused for good (by hash), so they are not sent again. */
  private readonly deadTokens = new Set<string>();
  /** A renewed refresh token the store did not take yet (Steam has retired the old one). */
  private unsaved: StoredSteamSession | null = null;
  private auth: Promise<typeof import('./auth.js')> | null = null;

  constructor(private readonly deps: TokenRenewalDeps) {}

  /** This account's stored session (its tokens registered as secrets first), or null. */
  async readStored(): Promise<StoredSteamSession | null> {
    const stored = await this.deps.record.read();
    if (!stored || stored.steamid !== this.deps.steamid) return null;
    this.deps.addSecret(stored.refreshToken);
    if (stored.accessToken) this.deps.addSecret(stored.accessToken);
    return stored;
  }

  /** A token a person put in the store (`npm run login`) gets another chance. */
  forgive(refreshToken: string): void {
    this.deadTokens.delete(tokenId(refreshToken));
  }

  /** One attempt. `inUse` is the refresh token the keeper holds now, `accessToken` the one in use. */
  async renew(inUse: string | null, accessToken: string): Promise<Renewal> {
    if (this.unsaved) await this.save(this.unsaved);
    const stored = await this.readStored();
    if (
      stored?.accessToken &&
      stored.accessToken !== accessToken &&
      sessionFromAccessToken(this.deps.steamid, stored.accessToken, '', this.deps.now())
    ) {
      return { kind: 'fromStore', stored: { ...stored, accessToken: stored.accessToken } };
    }
    const generated = await this.fromRefreshTokens([stored?.refreshToken, inUse, this.deps.envRefreshToken], stored);
    if (generated) return generated;
    if (this.deps.credentials) return this.signIn(this.deps.credentials);
    return {
      kind: 'person',
      text: inUse
        ? 'Steam no longer accepts the bot’s refresh token (revoked, expired or replaced). Run `npm run login` in a terminal where the bot runs (or set a new STEAM_REFRESH_TOKEN and restart); to let the bot sign in again by itself, also set STEAM_ACCOUNT_NAME, STEAM_PASSWORD and STEAM_SHARED_SECRET.'
        : 'The bot has no refresh token. Run `npm run login` in a terminal where the bot runs.',
      retryMs: PERSON_RETRY_MS,
    };
  }

  private async fromRefreshTokens(
    known: Array<string | null | undefined>,
    stored: StoredSteamSession | null,
  ): Promise<Renewal | null> {
    const { logger, steamid, now } = this.deps;
    const candidates = known.filter(
      (token, index, all): token is string =>
        typeof token === 'string' && all.indexOf(token) === index && !this.deadTokens.has(tokenId(token)),
    );
    this.auth ??= import('./auth.js');
    const { AuthenticationService, SteamAuthError } = await this.auth;
    const auth: AuthenticationService = new AuthenticationService(this.deps.http);
    for (const token of candidates) {
      let generated;
      try {
        generated = await auth.generateAccessTokenForApp(token, steamid, true);
      } catch (error) {
        if (error instanceof SteamAuthError && DEAD_TOKEN_RESULTS.has(error.eresult)) {
          logger.warn({ eresult: error.eresult }, 'Steam refused a refresh token; it cannot be used again');
          this.deadTokens.add(tokenId(token));
          continue;
        }
        throw error;
      }
      this.deps.addSecret(generated.accessToken);
      if (generated.refreshToken) {
        this.deps.addSecret(generated.refreshToken);
        // Steam has retired `token` already: the new one goes to the store before anything else.
        await this.saveRenewed({
          steamid,
          refreshToken: generated.refreshToken,
          accessToken: generated.accessToken,
          origin: 'renewal',
          savedAt: now(),
        });
        return {
          kind: 'generated',
          refreshToken: generated.refreshToken,
          origin: 'renewal',
          accessToken: generated.accessToken,
          outcome: 'new access and refresh token',
        };
      }
      const origin = token === stored?.refreshToken ? stored.origin : 'environment';
      await this.deps.record
        .write({ steamid, refreshToken: token, accessToken: generated.accessToken, origin, savedAt: now() })
        .catch((error: unknown) => logger.warn({ err: error }, 'could not keep the access token in the store'));
      return {
        kind: 'generated',
        refreshToken: token,
        origin,
        accessToken: generated.accessToken,
        outcome: 'new access token',
      };
    }
    return null;
  }

  private async signIn(credentials: SteamCredentials): Promise<Renewal> {
    const { signIn, SignInError } = await import('./signIn.js');
    let signed;
    try {
      signed = await signIn(this.deps.http, {
        accountName: credentials.accountName,
        password: credentials.password,
        sharedSecret: credentials.sharedSecret,
        sleep: this.deps.sleep,
        now: this.deps.now,
        clock: this.deps.clock,
      });
    } catch (error) {
      if (error instanceof SignInError) return refused(error);
      throw error;
    }
    this.deps.addSecret(signed.refreshToken);
    if (signed.accessToken) this.deps.addSecret(signed.accessToken);
    if (signed.steamid !== this.deps.steamid) {
      return {
        kind: 'person',
        text: `STEAM_ACCOUNT_NAME signs in to ${signed.steamid}, not STEAM_ID ${this.deps.steamid}: fix one of them and restart.`,
        retryMs: PERSON_RETRY_MS,
      };
    }
    await this.saveRenewed({
      steamid: signed.steamid,
      refreshToken: signed.refreshToken,
      ...(signed.accessToken ? { accessToken: signed.accessToken } : {}),
      origin: 'signIn',
      savedAt: this.deps.now(),
    });
    return { kind: 'signedIn', refreshToken: signed.refreshToken, accessToken: signed.accessToken ?? null };
  }

  private async save(record: StoredSteamSession): Promise<void> {
    this.unsaved = record;
    await this.deps.record.write(record);
    this.unsaved = null;
  }

  private async saveRenewed(record: StoredSteamSession): Promise<void> {
    try {
      await this.save(record);
    } catch (error) {
      // The old token is already dead at Steam: keep the new one in memory and write it again before the next renewal.
      this.deps.logger.error(
        { err: error },
        'could not keep the renewed Steam refresh token in the store; it is held in memory and will be written again',
      );
    }
  }
}

function refused(error: SignInError): Renewal {
  return {
    kind: 'person',
    text: error.message,
    retryMs: error.need === 'rateLimited' ? RATE_LIMIT_RETRY_MS : PERSON_RETRY_MS,
  };
}
