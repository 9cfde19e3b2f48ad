// Issue 2's figure: loading and aggregating a 100,000-item inventory (50 pages of 2,000) from
// the Steam stand-in. The baseline is the same 50 pages fetched and JSON.parsed with nothing
// else, in the same process against the same server, so the ratio shows what the service
// layer (validation, joining, aggregation) costs on top of the transfer itself.
import { request } from 'undici';
import { createLogger } from '../src/logger.js';
import { SteamClient } from '../src/steam/client.js';
import { aggregateInventory } from '../src/steam/inventory.js';
import { parseSteamSession } from '../src/steam/session.js';
import { bigCardInventory, startSteamStandIn } from '../test/standins/steam/index.js';
import { measure, printTable } from './measure.js';

const ITEMS = 100_000;

export async function benchInventory(): Promise<void> {
  const steam = await startSteamStandIn();
  try {
    steam.setInventory(steam.bot.steamid, 753, '6', bigCardInventory({ items: ITEMS, games: 400 }));
    const session = parseSteamSession(steam.bot.cookies, steam.bot.sessionId);
    if (!session.ok) throw new Error(session.reason);
    const client = new SteamClient({
      communityUrl: steam.communityUrl,
      webApiUrl: steam.webApiUrl,
      session: session.value,
      inventoryDelayMs: 0,
      confirmationDelayMs: 0,
      logger: createLogger({ level: 'silent', secrets: [] }),
    });

    const baseline = await measure('baseline: 50 raw pages, JSON.parse only', async () => {
      let start: string | undefined;
      let count = 0;
      for (;;) {
        const url = new URL(`${steam.communityUrl}/inventory/${steam.bot.steamid}/753/6`);
        url.searchParams.set('l', 'english');
        url.searchParams.set('count', '2000');
        if (start) url.searchParams.set('start_assetid', start);
        const res = await request(url, { headers: { cookie: `steamLoginSecure=${session.value.steamLoginSecure}` } });
        const page = (await res.body.json()) as { assets?: unknown[]; more_items?: number; last_assetid?: string };
        count += page.assets?.length ?? 0;
        if (!page.more_items) break;
        start = page.last_assetid;
      }
      return count;
    });

    let pages = 0;
    const load = await measure('InventoryService.load (validate + join)', () =>
      client.inventories.load({
        steamid: steam.bot.steamid,
        appid: 753,
        contextid: '6',
        onProgress: (p) => {
          pages = p.pagesLoaded;
        },
      }),
    );
    const aggregate = await measure('aggregateInventory (group by market_hash_name)', async () =>
      aggregateInventory(load.result.items),
    );
    const total = await measure('load + aggregate together', async () => {
      const inventory = await client.inventories.load({ steamid: steam.bot.steamid, appid: 753, contextid: '6' });
      return aggregateInventory(inventory.items);
    });
    await client.close();

    console.log(
      `\n## Inventory: ${load.result.items.length.toLocaleString('en-US')} items in ${pages} pages, ${aggregate.result.length} groups\n`,
    );
    printTable([baseline.m, load.m, aggregate.m, total.m], baseline.m);
    console.log('\n(CPU includes the stand-in server answering in the same process, in every row alike.)');
  } finally {
    await steam.close();
  }
}
