// The SteamClient facade itself: which account it is, its session state before anything was
// asked, close() letting requests under way finish, and how many requests it has open per host.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
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

describe('requests open at a time', () => {
  /**
   * A Steam that holds every request and answers the ones it holds only once `limit` of them
   * (or all that are left) have arrived: with a client that opens exactly `limit` this always
   * finishes, and the most ever open is the limit. A client that opens more shows a larger
   * maxOpen; one that opens fewer never gets its answers (the test times out — which is how
   * the Web API's limit of 4 was found to be 2: policies were keyed 'webapi' but looked up
   * by URL host).
   */
  async function holdingSteam(limit: number, total: number) {
    const held: ServerResponse[] = [];
    let arrived = 0;
    let maxOpen = 0;
    const server = createServer((req, res) => {
      arrived += 1;
      held.push(res);
      maxOpen = Math.max(maxOpen, held.length);
      if (held.length >= limit || arrived === total) {
        for (const r of held.splice(0)) {
          if (req.url?.startsWith('/IEconService/')) {
            r.writeHead(200, { 'content-type': 'application/json' }).end('{"response":{}}');
          } else {
            r.writeHead(200, { 'content-type': 'text/html' }).end(
              '<script>\n\t\tvar g_rgAppContextData = [];\n</script>',
            );
          }
        }
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      maxOpen: () => maxOpen,
      arrived: () => arrived,
      close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
  }

  it('at most 4 to the Web API and 2 to the community site', async () => {
    const webapi = await holdingSteam(4, 10);
    const community = await holdingSteam(2, 5);
    try {
      const client = h.makeClient({ webApiUrl: webapi.url, communityUrl: community.url });
      await Promise.all([
        ...Array.from({ length: 10 }, () => client.offers.getSummary()),
        ...Array.from({ length: 5 }, (_, i) => client.inventories.contexts(`7656119800000010${i}`)),
      ]);
      expect([webapi.arrived(), webapi.maxOpen()]).toEqual([10, 4]);
      expect([community.arrived(), community.maxOpen()]).toEqual([5, 2]);
      await client.close();
    } finally {
      await webapi.close();
      await community.close();
    }
  });
});
