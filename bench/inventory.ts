// Issue 2's figure: loading and aggregating a 100,000-item inventory (50 pages of 2,000) from
// the Steam stand-in. The baseline is the same 50 pages fetched and JSON.parsed with nothing
// else, in the same process against the same server, so the ratio shows what the service
// layer (validation, joining, aggregation) costs on top of the transfer itself.
import { request } from 'undici';
import { createLogger } from '../src/logger.js';
import { SteamClient } from '../src/steam/client.js';
import { aggregateInventory } from '../src/steam/inventory.js';
import type { Inventory } from '../src/steam/types.js';
import { parseSteamSession } from '../src/steam/session.js';
import { BROWSER_GET_HEADERS, bigCardInventory, startSteamStandIn } from '../test/standins/steam/index.js';
import { measure, medianOf, printTable, type Measurement } from './measure.js';

const ITEMS = 100_000;
const ROUNDS = 5;

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

    const rawPages = async () => {
      let start: string | undefined;
      let count = 0;
      for (;;) {
        const url = new URL(`${steam.communityUrl}/inventory/${steam.bot.steamid}/753/6`);
        url.searchParams.set('l', 'english');
        url.searchParams.set('count', '2000');
        if (start) url.searchParams.set('start_assetid', start);
        const res = await request(url, {
          headers: { ...BROWSER_GET_HEADERS, cookie: `steamLoginSecure=${session.value.steamLoginSecure}` },
        });
        const page = (await res.body.json()) as { assets?: unknown[]; more_items?: number; last_assetid?: string };
        count += page.assets?.length ?? 0;
        if (!page.more_items) break;
        start = page.last_assetid;
      }
      return count;
    };
    let pages = 0;
    const load = () =>
      client.inventories.load({
        steamid: steam.bot.steamid,
        appid: 753,
        contextid: '6',
        onProgress: (p) => {
          pages = p.pagesLoaded;
        },
      });

    // The phases take turns, round after round, so a slow moment (GC, the other core busy)
    // lands on all of them alike; the table shows each phase's median round.
    const rounds: Record<'baseline' | 'load' | 'aggregate' | 'total', Measurement[]> = {
      baseline: [],
      load: [],
      aggregate: [],
      total: [],
    };
    let inventory: Inventory | null = null;
    let groups = 0;
    for (let round = 0; round < ROUNDS; round++) {
      rounds.baseline.push((await measure('baseline: 50 raw pages, JSON.parse only', rawPages)).m);
      const loaded = await measure('InventoryService.load (validate + join)', load);
      inventory = loaded.result;
      rounds.load.push(loaded.m);
      const items = inventory.items;
      const aggregated = await measure('aggregateInventory (group by market_hash_name)', async () =>
        aggregateInventory(items),
      );
      groups = aggregated.result.length;
      rounds.aggregate.push(aggregated.m);
      rounds.total.push(
        (
          await measure('load + aggregate together', async () => {
            const whole = await client.inventories.load({ steamid: steam.bot.steamid, appid: 753, contextid: '6' });
            return aggregateInventory(whole.items);
          })
        ).m,
      );
    }
    await client.close();

    console.log(
      `\n## Inventory: ${(inventory?.items.length ?? 0).toLocaleString('en-US')} items in ${pages} pages, ${groups} groups (median of ${ROUNDS} rounds)\n`,
    );
    const baseline = medianOf(rounds.baseline);
    printTable([baseline, medianOf(rounds.load), medianOf(rounds.aggregate), medianOf(rounds.total)], baseline);
    console.log('\n(CPU includes the stand-in server answering in the same process, in every row alike.)');
  } finally {
    await steam.close();
  }
}
