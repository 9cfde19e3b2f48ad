// Typed Steam errors that carry facts, never secrets: endpoints are kept as host + path,
// without the query string where keys and tokens travel.
import type { z } from 'zod';
import { eresultName } from './enums.js';

export abstract class SteamError extends Error {
  /** e.g. "steamcommunity.com/tradeoffer/123/accept". */
  abstract readonly endpoint: string;
}

/** 429 or 5xx that retries could not get past. Commands say "Steam is busy". */
export class SteamBusyError extends SteamError {
  override readonly name = 'SteamBusyError';
  constructor(
    readonly endpoint: string,
    readonly status: number,
    /** How long Steam asked us to wait (Retry-After), or our own backoff estimate. */
    readonly retryAfterMs: number | null,
  ) {
    super(`Steam is busy (HTTP ${status} from ${endpoint})`);
  }
}

/** The borrowed web session (steamLoginSecure / access token) no longer works. */
export class SessionExpiredError extends SteamError {
  override readonly name = 'SessionExpiredError';
  constructor(
    readonly endpoint: string,
    readonly detail: string,
  ) {
    super(`The Steam session has expired (${detail} from ${endpoint})`);
  }
}

export class PrivateInventoryError extends SteamError {
  override readonly name = 'PrivateInventoryError';
  constructor(
    readonly endpoint: string,
    readonly steamid: string,
    readonly what: 'inventory' | 'profile' = 'inventory',
  ) {
    super(`The ${what} of ${steamid} is private`);
  }
}

export class UnknownUserError extends SteamError {
  override readonly name = 'UnknownUserError';
  constructor(
    readonly endpoint: string,
    readonly input: string,
  ) {
    super(`Steam knows no user ${input}`);
  }
}

/** A response that does not have the shape we validated for. Logged with the endpoint. */
export class SteamShapeError extends SteamError {
  override readonly name = 'SteamShapeError';
  constructor(
    readonly endpoint: string,
    readonly issues: z.core.$ZodIssue[] | string,
  ) {
    super(`Steam answered ${endpoint} with an unexpected response shape`);
  }

  /** Short, secret-free description of what was wrong, for logs. */
  describeIssues(): string {
    if (typeof this.issues === 'string') return this.issues;
    return this.issues
      .slice(0, 5)
      .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
      .join('; ');
  }
}

/** Why a trade action failed, as far as Steam's strError and known texts tell. */
export type SteamErrorCause =
  | 'TradeBan'
  | 'NewDevice'
  | 'TargetCannotTrade'
  | 'OfferLimitExceeded'
  | 'ItemServerUnavailable'
  /** mobileconf answered `{success:false}` to allowing a confirmation (how a missing trade-protection acknowledgement shows, docs/steam.md#trade-protection). */
  | 'ConfirmationRefused';

/** Steam refused an action with an EResult (strError "… (N)", x-eresult, or a result field). */
export class SteamEResultError extends SteamError {
  override readonly name = 'SteamEResultError';
  constructor(
    readonly endpoint: string,
    readonly eresult: number,
    /** Steam's own text without the trailing "(N)", safe to show. */
    readonly steamMessage: string,
    override readonly cause?: SteamErrorCause,
  ) {
    super(`${steamMessage || 'Steam refused the request'} (${eresultName(eresult)}, ${eresult})`);
  }
}

/** The Web API key was refused (401/403 on a key-only call). */
export class ApiKeyRejectedError extends SteamError {
  override readonly name = 'ApiKeyRejectedError';
  constructor(readonly endpoint: string) {
    super(`Steam refused STEAM_API_KEY on ${endpoint}`);
  }
}

/** Any other HTTP failure worth naming (404 on a removed endpoint, an unexpected redirect…). */
export class SteamHttpError extends SteamError {
  override readonly name = 'SteamHttpError';
  constructor(
    readonly endpoint: string,
    readonly method: string,
    readonly status: number,
  ) {
    super(`Steam answered HTTP ${status} to ${method} ${endpoint}`);
  }
}

/** A network failure (connection refused, reset, timeout) that retries could not get past. */
export class SteamUnreachableError extends SteamError {
  override readonly name = 'SteamUnreachableError';
  constructor(
    readonly endpoint: string,
    readonly code: string,
  ) {
    super(`Could not reach Steam (${code} on ${endpoint})`);
  }
}

/** An answer larger than tradedesk will read; nothing of it was used. */
export class SteamBodyTooLargeError extends SteamError {
  override readonly name = 'SteamBodyTooLargeError';
  constructor(
    readonly endpoint: string,
    readonly limitBytes: number,
  ) {
    super(`Steam sent more than ${Math.round(limitBytes / (1024 * 1024))} MB for ${endpoint}; the answer was not read`);
  }
}

/**
 * A send whose answer was lost or unclear, and the offer does not show among the bot's recent
 * sent offers: Steam may or may not have created it. Nothing was sent a second time.
 */
export class SendOutcomeUnknownError extends SteamError {
  override readonly name = 'SendOutcomeUnknownError';
  readonly endpoint = 'steamcommunity.com/tradeoffer/new/send';
  constructor(
    /** Steam's unclear answer, in safe words. */
    readonly steamSaid: string,
    /** Why the sent offers could not be read, or null when they were read and it is not there. */
    readonly lookupProblem: string | null,
  ) {
    super(`The answer to a trade offer send was unclear (${steamSaid}) and the offer was not found`);
  }
}
