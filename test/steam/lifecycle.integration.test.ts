// The SteamClient facade itself: which account it is, its session state before anything was
// asked, and close() letting requests under way finish.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SteamUnreachableError } from '../../src/steam/errors.js';
import { rejection, requestsTo, startHarness, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
});

afterEach(async () => {
  await h.close();
});

describe('SteamClient', () => {
  it('is the account of its cookies; the session is unknown until an authenticated call answers', async () => {
    expect(h.client.steamid).toBe(h.steam.bot.steamid);
    expect(h.client.session).toEqual({ state: 'unknown' });
    expect(h.client.http.hasApiKey).toBe(true);
    expect(h.makeClient({ apiKey: null }).http.hasApiKey).toBe(false);

    await h.client.offers.getSummary();

    expect(h.client.session).toEqual({ state: 'ok' });
    expect(h.sessionEvents).toEqual([{ state: 'ok' }]);
  });

  it('close() lets a request under way finish, then closes the connections', async () => {
    const client = h.makeClient();
    const summary = client.offers.getSummary();

    await client.close();

    await expect(summary).resolves.toMatchObject({ pendingReceivedCount: 0 });
    expect(requestsTo(h.steam, 'webapi', '/IEconService/GetTradeOffersSummary/v1/').map((r) => r.status)).toEqual([
      200,
    ]);
    // Nothing goes out after close.
    const after = await rejection(client.offers.getSummary());
    expect(after).toBeInstanceOf(SteamUnreachableError);
    expect(requestsTo(h.steam, 'webapi', '/IEconService/GetTradeOffersSummary/v1/')).toHaveLength(1);
  });
});
