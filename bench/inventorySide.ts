// One side of the inventory bench, in a process of its own:
//   node dist/bench/inventorySide.js <floor|steamcommunity|tradedesk> <page server URL>
// loads the page server's 753/6 inventory, groups it by market_hash_name, and prints one JSON
// line: CPU (user + system) spent on the load, the process's peak RSS, the longest the event
// loop was held up (perf_hooks.monitorEventLoopDelay) and what it found, so the three sides can
// be checked to agree.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRequire } from 'node:module';
import { request } from 'undici';
import { BENCH_STEAMID } from './inventoryPages.js';

export type Side = 'floor' | 'steamcommunity' | 'tradedesk';

export interface SideResult {
  side: Side;
  items: number;
  groups: number;
  cpuMs: number;
  wallMs: number;
  peakRssMb: number;
  maxDelayMs: number;
}

interface Counted {
  items: number;
  groups: number;
}

/** The floor: fetch each page, JSON.parse it, count by market_hash_name. Nothing else. */
async function floor(base: string): Promise<Counted> {
  const counts = new Map<string, number>();
  let items = 0;
  let start: string | undefined;
  for (;;) {
    const url = `${base}/inventory/${BENCH_STEAMID}/753/6?l=english&count=2000${start ? `&start_assetid=${start}` : ''}`;
    const res = await request(url);
    const page = JSON.parse(await res.body.text()) as {
      assets?: Array<{ classid: string; instanceid?: string; amount?: string }>;
      descriptions?: Array<{ classid: string; instanceid?: string; market_hash_name?: string }>;
      more_items?: number;
      last_assetid?: string;
    };
    const names = new Map<string, string>();
    for (const d of page.descriptions ?? []) names.set(`${d.classid}_${d.instanceid ?? '0'}`, d.market_hash_name ?? '');
    for (const a of page.assets ?? []) {
      const name = names.get(`${a.classid}_${a.instanceid ?? '0'}`) ?? '';
      counts.set(name, (counts.get(name) ?? 0) + Number(a.amount ?? 1));
      items++;
    }
    if (!page.more_items) break;
    start = page.last_assetid;
  }
  return { items, groups: counts.size };
}

/** DoctorMcKay's steamcommunity, pointed at the page server through its onPreHttpRequest hook. */
async function steamcommunity(base: string): Promise<Counted> {
  const require = createRequire(import.meta.url);
  type Item = { market_hash_name: string; amount: number | string };
  const SteamCommunity = require('steamcommunity') as new () => {
    onPreHttpRequest: (id: number, source: string, options: { url: string; uri: string }) => boolean;
    getUserInventoryContents(
      steamid: string,
      appid: number,
      contextid: number,
      tradableOnly: boolean,
      language: string,
      callback: (err: Error | null, inventory: Item[], currency: Item[]) => void,
    ): void;
  };
  const community = new SteamCommunity();
  community.onPreHttpRequest = (_id, _source, options) => {
    options.url = options.uri = options.url.replace('https://steamcommunity.com', base);
    return false;
  };
  const inventory = await new Promise<Item[]>((resolve, reject) =>
    community.getUserInventoryContents(BENCH_STEAMID, 753, 6, false, 'english', (err, items) =>
      err ? reject(err) : resolve(items),
    ),
  );
  const counts = new Map<string, number>();
  for (const item of inventory) {
    counts.set(item.market_hash_name, (counts.get(item.market_hash_name) ?? 0) + Number(item.amount));
  }
  return { items: inventory.length, groups: counts.size };
}

/** tradedesk: InventoryService.load through the Steam layer, then aggregateInventory. */
async function tradedesk(base: string): Promise<Counted> {
  const [{ SteamClient }, { aggregateInventory }, { createLogger }] = await Promise.all([
    import('../src/steam/client.js'),
    import('../src/steam/inventoryGroups.js'),
    import('../src/logger.js'),
  ]);
  const client = new SteamClient({
    communityUrl: base,
    webApiUrl: base,
    // A public inventory is read without cookies; the session only has to exist.
    session: {
      steamid: '76561198000000001',
      accessToken: 'bench',
      expiresAt: new Date(Date.now() + 86_400_000),
      steamLoginSecure: 'bench',
      sessionId: 'bench',
    },
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: createLogger({ level: 'silent', secrets: [] }),
  });
  const inventory = await client.inventories.load({ steamid: BENCH_STEAMID, appid: 753, contextid: '6' });
  const groups = aggregateInventory(inventory.items);
  await client.close();
  return { items: inventory.items.length, groups: groups.length };
}

const sides: Record<Side, (base: string) => Promise<Counted>> = { floor, steamcommunity, tradedesk };

async function main(): Promise<void> {
  const side = process.argv[2] as Side;
  const base = process.argv[3];
  const run = sides[side];
  if (!run || !base) throw new Error('usage: inventorySide.js <floor|steamcommunity|tradedesk> <url>');
  // Load the side's modules first (a bot has them loaded long before an inventory is asked for).
  if (side === 'steamcommunity') createRequire(import.meta.url)('steamcommunity');
  if (side === 'tradedesk') {
    await Promise.all([import('../src/steam/client.js'), import('../src/logger.js')]);
  }
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const cpu = process.cpuUsage();
  const wall = performance.now();
  const counted = await run(base);
  const wallMs = performance.now() - wall;
  const used = process.cpuUsage(cpu);
  delay.disable();
  const result: SideResult = {
    side,
    ...counted,
    cpuMs: (used.user + used.system) / 1000,
    wallMs,
    // maxRSS is in kilobytes: the process's high-water mark, which is what the machine must have.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    maxDelayMs: delay.max / 1e6,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
