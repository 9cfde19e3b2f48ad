// The one Retry-After parser, for Steam's answers and SteamTradeBots' alike: what it reads as a
// wait, and what it refuses so the caller falls back to its own backoff.
import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/steam/retry.js';
import { parseRetryAfterSeconds } from '../../src/tradebots/budget.js';

const now = Date.parse('2026-11-23T12:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds, 0 included', () => {
    expect(parseRetryAfter('0', now)).toBe(0);
    expect(parseRetryAfter(' 7 ', now)).toBe(7000);
    expect(parseRetryAfter('2.5', now)).toBe(2500);
  });

  it('reads the three HTTP-date forms against now, a past date as no wait', () => {
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:01:00 GMT', now)).toBe(60_000);
    expect(parseRetryAfter('Monday, 23-Nov-26 12:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Mon Nov 23 12:00:05 2026', now)).toBe(5000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:59:00 GMT', now)).toBe(0);
  });

  it('refuses "-1" and other values Date.parse would take for a date in the past', () => {
    // Date.parse('-1') is 2001-01-01: read as a date, "-1" would mean "retry at once".
    expect(Number.isNaN(Date.parse('-1'))).toBe(false);
    expect(parseRetryAfter('-1', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter('1 2 3', now)).toBeNull();
    expect(parseRetryAfter('2026', now)).toBe(2_026_000);
  });

  it('refuses garbage, an empty value and an absent header', () => {
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('Sun, 99 Foo 2025', now)).toBeNull();
    expect(parseRetryAfter('1e3', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter([], now)).toBeNull();
  });

  it('is the parser SteamTradeBots answers go through, rounded up to whole seconds', () => {
    for (const header of ['-1', '0', '2.5', 'Mon, 23 Nov 2026 12:01:00 GMT', 'soon']) {
      const ms = parseRetryAfter(header, now);
      expect(parseRetryAfterSeconds({ header, now })).toBe(ms === null ? null : Math.ceil(ms / 1000));
    }
  });
});
