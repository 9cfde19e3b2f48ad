// The inventory bench's page server, run as its own child process so serving pages costs the
// measured processes nothing: `node dist/bench/inventoryPages.js <items>` prints its base URL
// on stdout and serves one public 753/6 inventory of <items> Steam trading cards at
// /inventory/<steamid>/753/6, paged with count + start_assetid as steamcommunity.com does
// (docs/steam.md#inventories.1; node-steamcommunity asks 1000 a page, tradedesk 2000).
//
// About 3 of every 10 items are a distinct class (30,000 descriptions for 100,000 items), and
// the classes are spread over the whole inventory, so each page lists the descriptions of its
// own assets again, as Steam's answers do (a class seen on page 1 is described again on any
// later page holding one of its copies): ~1,900 descriptions a page of 2,000. Each
// description carries the fields Steam sends for a card (icons, descriptions[], tags,
// owner_actions, market restrictions), ~1 KB of JSON.
import { createServer } from 'node:http';
import { pathToFileURL } from 'node:url';

export const BENCH_STEAMID = '76561198000000777';

interface Asset {
  assetid: string;
  classid: string;
}

function iconOf(seed: number): string {
  // An icon_url is ~120 base64url characters; the exact bytes don't matter, only the size.
  return `-9a81dlWLwJ2UUGcVs_nsVtzdOEdtWwKGZZLQHTxDZ7I56KU0Zwwo4NUX4oFJZEHLbXH5ApeO4YmlhxYQknCRvCo04DEVlxkKgpot621FA${seed.toString(36).padStart(8, '0')}`;
}

function description(index: number): Record<string, unknown> {
  const game = 200_000 + Math.floor(index / 15) * 10;
  const card = (index % 15) + 1;
  const foil = index % 50 === 49;
  const name = `Card ${card}${foil ? ' (Foil)' : ''}`;
  const gameName = `Benchmark Game ${game}`;
  return {
    appid: 753,
    classid: String(1_000_000_000 + index),
    instanceid: '0',
    currency: 0,
    background_color: '',
    icon_url: iconOf(index),
    icon_url_large: iconOf(index + 7_000_000),
    descriptions: [{ type: 'html', value: `${name} is card ${card} of the ${gameName} set.`, name: 'card_info' }],
    tradable: 1,
    owner_actions: [
      { link: `https://steamcommunity.com/my/gamecards/${game}/`, name: 'View badge progress' },
      { link: `javascript:GetGooValue( '%contextid%', '%assetid%', ${game}, 2, 0 )`, name: 'Turn into Gems...' },
    ],
    name,
    name_color: '',
    type: `${gameName} ${foil ? 'Foil ' : ''}Trading Card`,
    market_name: name,
    market_hash_name: `${game}-${name}`,
    market_fee_app: game,
    commodity: 1,
    market_tradable_restriction: 7,
    market_marketable_restriction: 7,
    marketable: 1,
    tags: [
      {
        category: 'droprate',
        internal_name: 'droprate_0',
        localized_category_name: 'Rarity',
        localized_tag_name: 'Common',
      },
      { category: 'Game', internal_name: `app_${game}`, localized_category_name: 'Game', localized_tag_name: gameName },
      {
        category: 'cardborder',
        internal_name: foil ? 'cardborder_1' : 'cardborder_0',
        localized_category_name: 'Card Border',
        localized_tag_name: foil ? 'Foil' : 'Normal',
      },
      {
        category: 'item_class',
        internal_name: 'item_class_2',
        localized_category_name: 'Item Type',
        localized_tag_name: 'Trading Card',
      },
    ],
    sealed: 0,
  };
}

/** Newest first, as Steam lists them; asset ids descend. */
export function benchAssets(items: number): { assets: Asset[]; classes: number } {
  const classes = Math.max(1, Math.round(items * 0.3));
  const assets: Asset[] = new Array<Asset>(items);
  for (let k = 0; k < items; k++) {
    // A multiplicative spread: copies of one class land far apart, on different pages.
    const cls = (k * 7919) % classes;
    assets[k] = { assetid: String(40_000_000_000 - k), classid: String(1_000_000_000 + cls) };
  }
  return { assets, classes };
}

function page(assets: Asset[], from: number, count: number): string {
  const slice = assets.slice(from, from + count);
  const described = new Set<string>();
  const descriptions: unknown[] = [];
  for (const a of slice) {
    if (described.has(a.classid)) continue;
    described.add(a.classid);
    descriptions.push(description(Number(a.classid) - 1_000_000_000));
  }
  const more = from + slice.length < assets.length;
  return JSON.stringify({
    assets: slice.map((a) => ({
      appid: 753,
      contextid: '6',
      assetid: a.assetid,
      classid: a.classid,
      instanceid: '0',
      amount: '1',
    })),
    descriptions,
    ...(more ? { more_items: 1, last_assetid: slice[slice.length - 1]?.assetid } : {}),
    total_inventory_count: assets.length,
    success: 1,
    rwgrsn: -2,
  });
}

export function servePages(items: number): Promise<{ url: string; close: () => void }> {
  const { assets } = benchAssets(items);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const match = /^\/inventory\/(\d+)\/753\/6\/?$/.exec(url.pathname);
    if (!match || match[1] !== BENCH_STEAMID) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('null');
      return;
    }
    const count = Number(url.searchParams.get('count') ?? 2000);
    // Steam's 2025 cap: larger pages are refused with 400 null (docs/steam.md#inventory-errors).
    if (!Number.isInteger(count) || count < 1 || count > 2500) {
      res.writeHead(400, { 'content-type': 'application/json' }).end('null');
      return;
    }
    const start = url.searchParams.get('start_assetid');
    // Ids descend by one from the first, so the cursor's position is arithmetic.
    const from = start === null ? 0 : Number(assets[0]!.assetid) - Number(start) + 1;
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(page(assets, from, count));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
    });
  });
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { url } = await servePages(Number(process.argv[2] ?? 100_000));
  process.stdout.write(`${url}\n`);
  // Ends with its parent: the bench closes stdin when it is done.
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
}
