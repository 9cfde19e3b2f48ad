// Retry timing as pure functions, so tests check the waits that were asked for instead of
// measuring wall-clock time.

/**
 * Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3). Steam usually sends
 * none on 429 (docs/steam.md#retry-after); SteamTradeBots sends seconds. The one parser for both.
 * Returns milliseconds (0 for a date already past), or null when absent or unreadable: then the
 * caller waits its own backoff. Only a value shaped like an HTTP-date is read as one, because
 * Date.parse alone takes "-1" or "1 2 3" for a date in the past and would make a wait of 0 ms.
 */
export function parseRetryAfter(header: string | readonly string[] | null | undefined, nowMs: number): number | null {
  const value = typeof header === 'string' ? header : header?.[0];
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT", RFC 850 "Sunday, 06-Nov-94 08:49:37 GMT", and
  // asctime "Sun Nov  6 08:49:37 1994", which names no zone and means GMT.
  const asctime = /^[A-Za-z]{3} [A-Za-z]{3} +\d{1,2} \d{2}:\d{2}:\d{2} \d{4}$/.test(text);
  if (!asctime && !/^[A-Za-z]{3,9}, \d/.test(text)) return null;
  const date = Date.parse(asctime ? `${text} GMT` : text);
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
