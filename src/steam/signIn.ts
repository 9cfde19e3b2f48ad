// Signing the bot account in as the Steam mobile app does (docs/steam.md#signing-in): password, then
// the Steam Guard code (computed from the authenticator's shared_secret at Steam's time, or typed by
// a person), then polling until Steam hands out a MobileApp refresh token. Used by `npm run login`
// (a person at a terminal) and by the bot itself when no refresh token works (nobody to ask).
import steamTotp from 'steam-totp';
import { AuthenticationService, SteamAuthError, type AuthSessionStart } from './auth.js';
import { EAuthSessionGuardType } from './authMessages.js';
import { EResult } from './enums.js';
import type { SteamHttp } from './http.js';
import type { Sleep } from './scheduler.js';
import { decodeJwtClaims } from './session.js';
import { SteamClock } from './steamTime.js';

/** What only a person can do; the text says exactly what. */
export type PersonNeeded =
  | 'emailCode'
  | 'deviceConfirmation'
  | 'deviceCodeWithoutSecret'
  | 'noAuthenticator'
  | 'rateLimited'
  | 'wrongPassword'
  | 'wrongCode';

/** Signing in cannot go on without a person (or a changed setting). Its message is one clear line. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    readonly need: PersonNeeded,
    message: string,
  ) {
    super(message);
  }
}

export interface SignedIn {
  steamid: string;
  accountName: string;
  refreshToken: string;
  accessToken: string | null;
  /** From the refresh token's `exp`. */
  refreshExpiresAt: Date;
}

export interface SignInOptions {
  accountName: string;
  password: string;
  sharedSecret?: string | undefined;
  /** A person to ask for a code; without one (the bot on its own) a needed code is a SignInError. */
  askCode?: ((kind: 'email' | 'device', hint: string | null) => Promise<string>) | undefined;
  /** Told when Steam waits for an approval in the mobile app (only with a person present). */
  onWaitingForConfirmation?: (() => void) | undefined;
  sleep: Sleep;
  now?: () => number;
  /** Steam's clock for Steam Guard codes; the bot passes the one its confirmations use. */
  clock?: SteamClock | undefined;
  /** How long to poll for the tokens after the code (or a confirmation in the app). */
  pollTimeoutMs?: number;
}

const ATTEMPTS_PER_CODE = 3;

export async function signIn(http: SteamHttp, options: SignInOptions): Promise<SignedIn> {
  const auth = new AuthenticationService(http);
  const now = options.now ?? Date.now;
  const clock = options.clock ?? new SteamClock(http, now);
  let session: AuthSessionStart;
  try {
    session = await auth.beginAuthSessionViaCredentials(options.accountName, options.password);
  } catch (error) {
    throw explain(error) ?? error;
  }
  const allowed = new Set(session.allowedConfirmations.map((c) => c.type));
  const hintOf = (type: number) => session.allowedConfirmations.find((c) => c.type === type)?.message ?? null;
  let waitingForApp = false;

  if (allowed.has(EAuthSessionGuardType.None)) {
    // No Steam Guard on this account: Steam is ready at once.
  } else if (allowed.has(EAuthSessionGuardType.DeviceCode)) {
    if (options.sharedSecret) {
      const secret = options.sharedSecret;
      await submitCode(auth, session, EAuthSessionGuardType.DeviceCode, async (attempt) => {
        // A second attempt waits for the next 30-second code window instead of repeating the same code.
        if (attempt > 0) await options.sleep(30_000 - (now() % 30_000) + 1000);
        const steamTime = await clock.seconds();
        // steam-totp adds its offset to the system clock; `now` may be another clock (tests), so give the difference.
        return steamTotp.getAuthCode(secret, steamTime - Math.floor(Date.now() / 1000));
      });
    } else if (options.askCode) {
      const ask = options.askCode;
      await submitCode(auth, session, EAuthSessionGuardType.DeviceCode, () => ask('device', null));
    } else {
      throw new SignInError(
        'deviceCodeWithoutSecret',
        'Steam wants a Steam Guard code from the mobile authenticator: set STEAM_SHARED_SECRET (shared_secret from the maFile), or run `npm run login` and type the code.',
      );
    }
  } else if (allowed.has(EAuthSessionGuardType.EmailCode)) {
    if (options.sharedSecret) {
      throw new SignInError(
        'noAuthenticator',
        'Steam asks for an email code, not a mobile authenticator code: this account has no Steam Guard Mobile Authenticator, so STEAM_SHARED_SECRET cannot sign it in. Add the authenticator (or remove STEAM_SHARED_SECRET) and run `npm run login`.',
      );
    }
    if (!options.askCode) {
      throw new SignInError(
        'emailCode',
        `Steam sent a Steam Guard code by email${hintOf(EAuthSessionGuardType.EmailCode) ? ` (to …@${hintOf(EAuthSessionGuardType.EmailCode)})` : ''}: run \`npm run login\` in a terminal and type it.`,
      );
    }
    const ask = options.askCode;
    await submitCode(auth, session, EAuthSessionGuardType.EmailCode, () =>
      ask('email', hintOf(EAuthSessionGuardType.EmailCode)),
    );
  } else if (
    allowed.has(EAuthSessionGuardType.DeviceConfirmation) ||
    allowed.has(EAuthSessionGuardType.EmailConfirmation)
  ) {
    if (!options.askCode) {
      throw new SignInError(
        'deviceConfirmation',
        'Steam wants the sign-in approved in the Steam mobile app: run `npm run login` in a terminal and approve it there.',
      );
    }
    waitingForApp = true;
    options.onWaitingForConfirmation?.();
  } else {
    throw new SignInError(
      'noAuthenticator',
      `Steam asks for a kind of confirmation tradedesk does not know (${[...allowed].join(', ') || 'none'}).`,
    );
  }

  // A person approving in the app gets minutes; after a code Steam answers within seconds.
  const deadline = now() + (options.pollTimeoutMs ?? (waitingForApp ? 5 * 60_000 : 60_000));
  for (;;) {
    let tokens;
    try {
      tokens = await auth.pollAuthSessionStatus(session);
    } catch (error) {
      throw explain(error) ?? error;
    }
    if (tokens) {
      const claims = decodeJwtClaims(tokens.refreshToken);
      if (!claims) throw new Error('Steam answered the sign-in with a refresh token that is not a readable JWT');
      return {
        steamid: session.steamid,
        accountName: tokens.accountName ?? options.accountName,
        refreshToken: tokens.refreshToken,
        accessToken: tokens.accessToken,
        refreshExpiresAt: new Date(claims.exp * 1000),
      };
    }
    if (now() >= deadline) {
      throw new SignInError(
        waitingForApp ? 'deviceConfirmation' : 'wrongCode',
        waitingForApp
          ? 'The sign-in was not approved in the Steam mobile app in time; run `npm run login` again.'
          : 'Steam accepted the code but did not finish the sign-in in time; try again.',
      );
    }
    await options.sleep(session.intervalSeconds * 1000);
  }
}

async function submitCode(
  auth: AuthenticationService,
  session: AuthSessionStart,
  codeType: number,
  code: (attempt: number) => Promise<string>,
): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await auth.updateAuthSessionWithSteamGuardCode(session, (await code(attempt)).trim(), codeType);
      return;
    } catch (error) {
      const wrong =
        error instanceof SteamAuthError &&
        (error.eresult === EResult.TwoFactorCodeMismatch || error.eresult === EResult.InvalidLoginAuthCode);
      if (!wrong) throw explain(error) ?? error;
      if (attempt + 1 >= ATTEMPTS_PER_CODE) {
        throw new SignInError(
          'wrongCode',
          codeType === EAuthSessionGuardType.DeviceCode
            ? 'Steam refused the Steam Guard code: check that STEAM_SHARED_SECRET (or the code typed) belongs to this account’s mobile authenticator.'
            : 'Steam refused the email code three times; run `npm run login` again for a new one.',
        );
      }
    }
  }
}

/** The refusals a person must act on, as one line each; null for anything else. */
function explain(error: unknown): SignInError | null {
  if (!(error instanceof SteamAuthError)) return null;
  switch (error.eresult) {
    case EResult.InvalidPassword:
      return new SignInError(
        'wrongPassword',
        'Steam refused the account name or password (InvalidPassword, 5): check STEAM_ACCOUNT_NAME and STEAM_PASSWORD.',
      );
    case EResult.RateLimitExceeded:
    case EResult.AccountLoginDeniedThrottle:
      return new SignInError(
        'rateLimited',
        `Steam is refusing sign-ins from here for a while (RateLimitExceeded, ${error.eresult}): wait at least 30 minutes before trying again.`,
      );
    case EResult.AccountLoginDeniedNeedTwoFactor:
      return new SignInError(
        'noAuthenticator',
        'Steam wants a mobile authenticator code for this account but none can be made: set STEAM_SHARED_SECRET from the maFile.',
      );
    default:
      return null;
  }
}
