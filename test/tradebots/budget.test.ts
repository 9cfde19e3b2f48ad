import { describe, expect, it } from 'vitest';
import { checkBudget, parseRetryAfterSeconds, recordRequest } from '../../src/tradebots/budget.js';

const MIN = 60_000;
const T = 1_750_000_000_000;

describe('checkBudget', () => {
  it('allows the first request', () => {
    expect(checkBudget([], T)).toEqual({ allowed: true, waitMs: 0, timestamps: [] });
  });

  it('allows a tenth request inside the window and refuses an eleventh', () => {
    const nine = Array.from({ length: 9 }, (_, i) => T - 4 * MIN + i * 1000);
    expect(checkBudget(nine, T)).toEqual({ allowed: true, waitMs: 0, timestamps: nine });
    const ten = [...nine, T - 1000];
    // The oldest (T - 4 min) leaves the window at T + 1 min.
    expect(checkBudget(ten, T)).toEqual({ allowed: false, waitMs: MIN, timestamps: ten });
  });

  it('drops requests older than the window and sorts what is kept', () => {
    const old = [T - 5 * MIN, T - 6 * MIN];
    const recent = [T - 1000, T - 2 * MIN];
    expect(checkBudget([...recent, ...old], T)).toEqual({
      allowed: true,
      waitMs: 0,
      timestamps: [T - 2 * MIN, T - 1000],
    });
  });

  it('waits for enough requests to leave when more than the limit are on record', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => T - 4 * MIN + i * 10_000);
    // Three must leave: the third oldest, at T - 4 min + 20 s, leaves at T + 1 min 20 s.
    expect(checkBudget(twelve, T).waitMs).toBe(MIN + 20_000);
  });

  it('keeps requests stamped after now (clock went back)', () => {
    const future = Array.from({ length: 10 }, () => T + MIN);
    expect(checkBudget(future, T)).toEqual({ allowed: false, waitMs: 6 * MIN, timestamps: future });
  });

  it('honours a Retry-After time and other limits', () => {
    expect(checkBudget([], T, { notBefore: T + 30_000 })).toEqual({ allowed: false, waitMs: 30_000, timestamps: [] });
    expect(checkBudget([], T, { notBefore: T - 1 })).toEqual({ allowed: true, waitMs: 0, timestamps: [] });
    expect(checkBudget([T - 1000, T - 500], T, { limit: 2, windowMs: 10_000 })).toEqual({
      allowed: false,
      waitMs: 9000,
      timestamps: [T - 1000, T - 500],
    });
  });
});

describe('recordRequest', () => {
  it('adds now and forgets what left the window', () => {
    expect(recordRequest([T - 6 * MIN, T - MIN], T)).toEqual([T - MIN, T]);
  });
});

describe('parseRetryAfterSeconds', () => {
  const now = Date.UTC(2025, 5, 1, 12, 0, 0);

  it('reads delay-seconds', () => {
    expect(parseRetryAfterSeconds({ header: '120' })).toBe(120);
    expect(parseRetryAfterSeconds({ header: ' 0 ' })).toBe(0);
    expect(parseRetryAfterSeconds({ header: '1.5' })).toBe(2);
  });

  it('reads an HTTP-date against now', () => {
    expect(parseRetryAfterSeconds({ header: 'Sun, 01 Jun 2025 12:01:30 GMT', now })).toBe(90);
    expect(parseRetryAfterSeconds({ header: 'Sun, 01 Jun 2025 11:00:00 GMT', now })).toBe(0);
    expect(parseRetryAfterSeconds({ header: 'Sun, 01 Jun 2025 12:00:00 GMT', now: new Date(now - 500) })).toBe(1);
  });

  it("reads the site's errors.retry_after_seconds", () => {
    const body = {
      success: false,
      message: 'Rate limit exceeded. Please try again later.',
      errors: { retry_after_seconds: 60 },
    };
    expect(parseRetryAfterSeconds({ body })).toBe(60);
    expect(parseRetryAfterSeconds({ body: { errors: { retry_after_seconds: '45' } } })).toBe(45);
  });

  it('takes the longer wait when both say something', () => {
    expect(parseRetryAfterSeconds({ header: '30', body: { errors: { retry_after_seconds: 60 } } })).toBe(60);
    expect(parseRetryAfterSeconds({ header: '90', body: { errors: { retry_after_seconds: 60 } } })).toBe(90);
  });

  it('is null when nothing usable was said', () => {
    expect(parseRetryAfterSeconds({})).toBe(null);
    expect(parseRetryAfterSeconds({ header: null, body: null })).toBe(null);
    expect(parseRetryAfterSeconds({ header: 'soon' })).toBe(null);
    expect(parseRetryAfterSeconds({ header: '-5' })).toBe(null);
    expect(parseRetryAfterSeconds({ header: 'Sun, 99 Foo 2025' })).toBe(null);
    expect(parseRetryAfterSeconds({ body: { errors: { retry_after_seconds: -1 } } })).toBe(null);
    expect(parseRetryAfterSeconds({ body: { errors: 'x' } })).toBe(null);
    expect(parseRetryAfterSeconds({ body: '<html>' })).toBe(null);
  });

  it('falls back to the body when the header is unusable', () => {
    expect(parseRetryAfterSeconds({ header: 'soon', body: { errors: { retry_after_seconds: 60 } } })).toBe(60);
  });
});
