// decide(): what an automatic pass sends, and when, from what the site has, what is true now,
// what it refused last, and the request budget.
import { describe, expect, it } from 'vitest';
import { decide, withoutTimestamp } from '../../src/tradebots/decide.js';
import type { SteamTradeBotsUpdate } from '../../src/tradebots/payload.js';

const free = { allowed: true, waitMs: 0 };
const spent = { allowed: false, waitMs: 42_000 };
const published: SteamTradeBotsUpdate = { status: 'online', stock_gems: 100, last_update_timestamp: 1000 };

describe('decide', () => {
  it('sends everything the first time', () => {
    expect(decide(null, published, null, free)).toEqual({ kind: 'send', diff: published });
  });

  it('sends only the changed fields, with the new timestamp', () => {
    const next = { ...published, stock_gems: 120, last_update_timestamp: 2000 };
    expect(decide(published, next, null, free)).toEqual({
      kind: 'send',
      diff: { stock_gems: 120, last_update_timestamp: 2000 },
    });
  });

  it('is up to date when only the timestamp moved, whatever the budget', () => {
    const next = { ...published, last_update_timestamp: 2000 };
    expect(decide(published, next, null, free)).toEqual({ kind: 'upToDate' });
    expect(decide(published, next, null, spent)).toEqual({ kind: 'upToDate' });
  });

  it('does not send again the changes the site refused, but sends different ones', () => {
    const next = { ...published, stock_gems: -1, last_update_timestamp: 2000 };
    const rejected = withoutTimestamp({ stock_gems: -1, last_update_timestamp: 1500 });
    expect(decide(published, next, rejected, free)).toEqual({ kind: 'sameRejection' });
    expect(decide(published, { ...next, stock_gems: 5 }, rejected, free)).toMatchObject({ kind: 'send' });
  });

  it('waits for the budget with the changes it will send', () => {
    const next = { ...published, status: 'offline' as const, last_update_timestamp: 2000 };
    expect(decide(published, next, null, spent)).toEqual({
      kind: 'wait',
      waitMs: 42_000,
      diff: { status: 'offline', last_update_timestamp: 2000 },
    });
  });
});
