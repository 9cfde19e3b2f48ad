// SteamTradeBots.com allows 10 update requests per bot per 5-minute window (docs/steam.md#steamtradebots-api).
// The budget is a sliding window over the times of the requests already sent, kept by
// the caller in the store so a restart does not start with a fresh allowance the site does
// not know about.
import { parseRetryAfter } from '../steam/retry.js';

export const STEAMTRADEBOTS_REQUEST_LIMIT = 10;
export const STEAMTRADEBOTS_WINDOW_MS = 5 * 60 * 1000;

export interface BudgetOptions {
  limit?: number;
  windowMs?: number;
  /** A 429's Retry-After, as an absolute time (ms): nothing may be sent before it. */
  notBefore?: number | null;
}

export interface BudgetDecision {
  allowed: boolean;
  /** How long to wait before the next request may be sent; 0 when allowed. */
  waitMs: number;
  /** The request times still inside the window, ascending: what to store back. */
  timestamps: number[];
}

/** Whether one more request may be sent at `now`, given the times (ms) of earlier requests. */
export function checkBudget(
  previous: readonly number[],
  now: number,
  { limit = STEAMTRADEBOTS_REQUEST_LIMIT, windowMs = STEAMTRADEBOTS_WINDOW_MS, notBefore = null }: BudgetOptions = {},
): BudgetDecision {
  // A request at t uses the window until t + windowMs. Times after `now` (the clock went
  // back) are kept: the site saw those requests whatever our clock says now.
  const timestamps = previous.filter((t) => Number.isFinite(t) && t > now - windowMs).sort((a, b) => a - b);
  let waitMs = 0;
  const max = Math.max(1, Math.floor(limit));
  if (timestamps.length >= max) {
    // The request that must leave the window before one more fits.
    const freeing = timestamps[timestamps.length - max]!;
    // Positive: every kept time is later than now - windowMs.
    waitMs = freeing + windowMs - now;
  }
  if (notBefore !== null && notBefore > now) waitMs = Math.max(waitMs, notBefore - now);
  return { allowed: waitMs === 0, waitMs, timestamps };
}

/** The window after sending a request at `now`: the list to store. */
export function recordRequest(
  previous: readonly number[],
  now: number,
  windowMs: number = STEAMTRADEBOTS_WINDOW_MS,
): number[] {
  return [...previous.filter((t) => Number.isFinite(t) && t > now - windowMs), now].sort((a, b) => a - b);
}

export interface RetryAfterInput {
  /** The Retry-After header: delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
  header?: string | null | undefined;
  /** The parsed JSON body; the site puts the delay in errors.retry_after_seconds. */
  body?: unknown;
  /** For an HTTP-date header. */
  now?: Date | number;
}

/**
 * Seconds to wait after the site's 429, or null when it said nothing usable. When both
 * the header and the body say something, the longer wait wins: waiting too little costs
 * another 429, waiting a little more costs nothing.
 */
export function parseRetryAfterSeconds({ header, body, now = Date.now() }: RetryAfterInput): number | null {
  const headerMs = parseRetryAfter(header, typeof now === 'number' ? now : now.getTime());
  const fromHeader = headerMs === null ? null : Math.ceil(headerMs / 1000);
  const fromBody = bodySeconds(body);
  if (fromHeader === null) return fromBody;
  if (fromBody === null) return fromHeader;
  return Math.max(fromHeader, fromBody);
}

function bodySeconds(body: unknown): number | null {
  if (body === null || typeof body !== 'object') return null;
  const errors = (body as { errors?: unknown }).errors;
  if (errors === null || typeof errors !== 'object') return null;
  const raw = (errors as { retry_after_seconds?: unknown }).retry_after_seconds;
  const value = typeof raw === 'string' && /^\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) return null;
  return Math.ceil(value);
}
