import { describe, expect, it } from 'vitest';
import { evaluateHealth, type HealthInput } from '../../src/ops/healthz.js';
import { steamEndpointLabel } from '../../src/telemetry.js';

const NOW = Date.parse('2026-12-01T12:00:00Z');
const INTERVAL = 30_000;

function input(change: Partial<HealthInput> = {}): HealthInput {
  return {
    now: NOW,
    stopping: false,
    discordConnected: true,
    store: { backend: 'redis', answers: true },
    session: { state: 'ok', expiresAt: NOW + 3_600_000, renewable: false },
    poll: { intervalMs: INTERVAL, lastAt: NOW - 1000, lastError: null, failingSince: null, byOtherProcess: false },
    ...change,
  };
}

describe('evaluateHealth', () => {
  it('is 200 with every part reported while everything works', () => {
    expect(evaluateHealth(input())).toEqual({
      status: 200,
      body: {
        status: 'ok',
        problems: [],
        discord: { connected: true },
        store: { backend: 'redis', answers: true },
        steamSession: { state: 'ok', expiresAt: '2026-12-01T13:00:00.000Z', renewable: false },
        lastPoll: {
          at: '2026-12-01T11:59:59.000Z',
          ok: true,
          error: null,
          failingSince: null,
          byOtherProcess: false,
        },
      },
    });
  });

  it('is 503 naming each broken part', () => {
    const result = evaluateHealth(input({ discordConnected: false, store: { backend: 'redis', answers: false } }));
    expect(result.status).toBe(503);
    expect(result.body.problems).toEqual(['discord: not connected to the gateway', 'store: redis does not answer']);
  });

  it('tolerates failed polls for 3 intervals, then is 503 with the last error', () => {
    const failing = (ms: number) =>
      evaluateHealth(
        input({ poll: { ...input().poll, lastError: 'Steam is busy (HTTP 503)', failingSince: NOW - ms } }),
      );
    expect(failing(3 * INTERVAL).status).toBe(200);
    expect(failing(3 * INTERVAL).body.lastPoll).toMatchObject({ ok: false, error: 'Steam is busy (HTTP 503)' });
    const down = failing(3 * INTERVAL + 1000);
    expect(down.status).toBe(503);
    expect(down.body.problems).toEqual(['polling: failing for 91 s (Steam is busy (HTTP 503))']);
  });

  it('an expired session is 503 only when nothing can renew it, and is said once', () => {
    const expired = (renewable: boolean) =>
      input({
        session: { state: 'expired', expiresAt: NOW + 1000, renewable },
        poll: { ...input().poll, lastError: 'the Steam session has expired', failingSince: NOW - 10 * INTERVAL },
      });
    const renewable = evaluateHealth(expired(true));
    expect(renewable.status).toBe(200);
    expect(renewable.body.steamSession).toMatchObject({ state: 'expired', renewable: true });
    const stuck = evaluateHealth(expired(false));
    expect(stuck.status).toBe(503);
    expect(stuck.body.problems).toEqual([
      'steam session: expired, and nothing can renew it (paste fresh cookies, or sign in with npm run login)',
    ]);
  });

  it('a token past its exp counts as expired before any request finds out', () => {
    const result = evaluateHealth(input({ session: { state: 'ok', expiresAt: NOW - 1, renewable: false } }));
    expect(result.status).toBe(503);
    expect(result.body.steamSession.state).toBe('expired');
  });

  it('is 503 while shutting down', () => {
    expect(evaluateHealth(input({ stopping: true })).body.problems).toEqual(['tradedesk is shutting down']);
  });
});

describe('steamEndpointLabel', () => {
  it('turns SteamIDs and other ids into placeholders, and anything odd into other', () => {
    expect(steamEndpointLabel('/inventory/76561198000000001/730/2')).toBe('/inventory/{steamid}/{id}/{id}');
    expect(steamEndpointLabel('/tradeoffer/7412345678/accept')).toBe('/tradeoffer/{id}/accept');
    expect(steamEndpointLabel('/profiles/76561198000000001/gamecards/440/')).toBe(
      '/profiles/{steamid}/gamecards/{id}/',
    );
    expect(steamEndpointLabel('/IEconService/GetTradeOffers/v1/')).toBe('/IEconService/GetTradeOffers/v1/');
    expect(steamEndpointLabel('/id/some name?x=1')).toBe('other');
  });
});
