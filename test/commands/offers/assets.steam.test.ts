// InventoryCache + locateAssets against a real local HTTP server standing in for the
// Steam Community site: which requests are made, in which order, and that a minute's cache
// spares the second lookup.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InventoryCache, locateAssets } from '../../../src/commands/offers/assets.js';
import { SteamClient } from '../../../src/steam/client.js';
import { PrivateInventoryError } from '../../../src/steam/errors.js';

const BOT = '76561198000000099';
const PARTNER = '76561198000000001';
const PRIVATE = '76561198000000002';

const appContextData = {
  '753': {
    appid: 753,
    name: 'Steam',
    asset_count: 2,
    trade_permissions: 'FULL',
    rgContexts: { '6': { asset_count: 2, id: '6', name: 'Community' } },
  },
  '440': {
    appid: 440,
    name: 'Team Fortress 2',
    asset_count: 1,
    trade_permissions: 'FULL',
    rgContexts: { '2': { asset_count: 1, id: '2', name: 'Backpack' } },
  },
  '999': {
    appid: 999,
    name: 'Empty Game',
    asset_count: 0,
    rgContexts: { '1': { asset_count: 0, id: '1', name: 'Nothing' } },
  },
};

function inventory(appid: number, contextid: string, assets: Array<[string, string]>) {
  return {
    assets: assets.map(([assetid, classid]) => ({ appid, contextid, assetid, classid, instanceid: '0', amount: '1' })),
    descriptions: assets.map(([, classid]) => ({
      appid,
      classid,
      instanceid: '0',
      name: `Item ${classid}`,
      market_hash_name: `Item ${classid}`,
      tradable: 1,
      marketable: 1,
    })),
    total_inventory_count: assets.length,
    success: 1,
  };
}

const inventories: Record<string, unknown> = {
  '753/6': inventory(753, '6', [
    ['1001', '11'],
    ['1002', '12'],
  ]),
  '440/2': inventory(440, '2', [['2001', '21']]),
};

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    requests.push(`${req.method} ${path}`);
    const profile = /^\/profiles\/(\d+)\/inventory\/$/.exec(path);
    if (profile) {
      res.setHeader('content-type', 'text/html');
      if (profile[1] === PRIVATE) {
        res.end('<html><div class="profile_private_info">This profile is private.</div></html>');
        return;
      }
      res.end(`<html><script>\n\t\tvar g_rgAppContextData = ${JSON.stringify(appContextData)};\n\t</script></html>`);
      return;
    }
    const inv = /^\/inventory\/(\d+)\/(\d+)\/(\d+)$/.exec(path);
    if (inv && inventories[`${inv[2]}/${inv[3]}`]) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(inventories[`${inv[2]}/${inv[3]}`]));
      return;
    }
    res.statusCode = 404;
    res.end('null');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function steamClient(): SteamClient {
  return new SteamClient({
    communityUrl: base,
    webApiUrl: base,
    session: {
      steamid: BOT,
      accessToken: 'header.payload.signature',
      expiresAt: new Date(Date.now() + 86_400_000),
      steamLoginSecure: `${BOT}%7C%7Cheader.payload.signature`,
      sessionId: 'abcdef0123456789abcdef01',
    },
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: pino({ level: 'silent' }),
    maxRetries: 0,
  });
}

describe('locateAssets through the Steam client', () => {
  it('reads the contexts, loads only what it needs, and reuses it within a minute', async () => {
    const steam = steamClient();
    let now = 0;
    const cache = new InventoryCache(steam, () => now);
    requests.length = 0;

    const first = await locateAssets(cache, PARTNER, ['1002'], async () => undefined);
    expect([...first.found.values()].map((i) => [i.appid, i.contextid, i.assetid, i.description?.name])).toEqual([
      [753, '6', '1002', 'Item 12'],
    ]);
    expect(requests).toEqual([`GET /profiles/${PARTNER}/inventory/`, `GET /inventory/${PARTNER}/753/6`]);

    requests.length = 0;
    const second = await locateAssets(cache, PARTNER, ['2001', '1001', '5'], async () => undefined);
    expect([...second.found.keys()]).toEqual(['2001', '1001']);
    expect(second.missing).toEqual(['5']);
    expect(second.searched.map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '440/2']);
    // The contexts and 753/6 came from the cache; the empty app was never asked for.
    expect(requests).toEqual([`GET /inventory/${PARTNER}/440/2`]);

    now += 60_000;
    requests.length = 0;
    await locateAssets(cache, PARTNER, ['1001'], async () => undefined);
    expect(requests).toEqual([`GET /profiles/${PARTNER}/inventory/`, `GET /inventory/${PARTNER}/753/6`]);
    await steam.close();
  });

  it('reports a private profile as such', async () => {
    const steam = steamClient();
    await expect(locateAssets(new InventoryCache(steam), PRIVATE, ['1'], async () => undefined)).rejects.toBeInstanceOf(
      PrivateInventoryError,
    );
    await steam.close();
  });
});
