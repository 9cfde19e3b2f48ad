// Retry timing as pure functions, so tests check the waits that were asked for instead of
// measuring wall-clock time.

/**
 * Retry-After is either delta-seconds or an HTTP-date (RFC 9110 §10.2.3). Steam usually sends
 * none on 429 (steam-protocol.md §7.1); SteamTradeBots sends seconds.
 * Returns milliseconds, or null when absent or unreadable.
 */
export function parseRetryAfter(header: string | string[] | undefined, nowMs: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const date = Date.parse(text);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - nowMs);
}

/**
 * Exponential backoff with jitter for answers without Retry-After: 1 s, 2 s, 4 s … capped.
 * Jitter keeps several processes behind one IP from retrying in lock-step.
 */
export function backoffDelay(
  attempt: number,
  baseMs: number,
  maxMs: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** attempt);
  return Math.round(exponential * (0.75 + random() * 0.25));
}
