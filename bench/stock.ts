// The stock engine's figure: computeStock over a 100,000-item card inventory, against a
// baseline measured in the same run — one plain pass over the same items reading each
// description's tradable flag. The ratio is the figure; milliseconds vary with the machine.
//
// The inventory is generated here, deterministically (a seeded PRNG), shaped like a card
// bot's: ~1,500 games of 5–15 card sets, a tenth of them with foils, a few untradable
// copies, gem stacks and sacks, and keys in 440/2 and 730/2. Descriptions are shared per
// class, as the inventory client shares them.
//
// Run: npm run build && node dist/bench/stock.js
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type { EconDescription, EconItem, EconTag } from '../src/steam/types.js';
import { econDescription } from '../test/fixtures/econ.js';
import { offerStockDelta } from '../src/tradebots/delta.js';
import { DEFAULT_KEY_TABLE } from '../src/tradebots/keys.js';
import { computeStock, type Stock } from '../src/tradebots/stock.js';

const ITEMS = 100_000;
const RUNS = 21;

/** mulberry32: small, fast, and the same numbers on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const tag = (category: string, internalName: string): EconTag => ({ category, internalName, name: '' });

function description(appid: number, classid: string, over: Partial<EconDescription>): EconDescription {
  return econDescription({ appid, classid, name: classid, ...over });
}

export interface GeneratedInventory {
  items: EconItem[];
  setSizes: Map<number, number>;
}

export function generateCardInventory(count = ITEMS, seed = 20260101): GeneratedInventory {
  const random = prng(seed);
  const items: EconItem[] = [];
  const setSizes = new Map<number, number>();
  let assetid = 10_000_000_000;
  const push = (d: EconDescription, contextid: string, amount = 1) =>
    items.push({
      appid: d.appid,
      contextid,
      assetid: String(assetid++),
      classid: d.classid,
      instanceid: '0',
      amount,
      isCurrency: false,
      description: d,
    });

  // Non-card stock first: gem stacks, sacks, keys (about 1% of the items).
  const gems = description(753, '667924416', { tags: [tag('item_class', 'item_class_7')], marketable: false });
  const sack = description(753, '667933237', {
    marketHashName: '753-Sack of Gems',
    tags: [tag('item_class', 'item_class_7')],
  });
  for (let i = 0; i < 20; i++) push(gems, '6', 1 + Math.floor(random() * 50_000));
  for (let i = 0; i < 200; i++) push(sack, '6');
  const tf2Key = description(440, '101785959', { marketHashName: 'Mann Co. Supply Crate Key' });
  const csgoKey = description(730, '1544098059', { marketHashName: 'Chroma 2 Case Key' });
  const lockedKey = description(730, '3000000000', { marketHashName: 'Kilowatt Case Key', tradable: false });
  for (let i = 0; i < 400; i++) push(tf2Key, '2');
  for (let i = 0; i < 200; i++) push(csgoKey, '2');
  for (let i = 0; i < 200; i++) push(lockedKey, '2');

  // Cards until the inventory is full.
  let appid = 200_000;
  while (items.length < count) {
    appid += 10 + Math.floor(random() * 500);
    const size = 5 + Math.floor(random() * 11);
    // A few games are left without a known set size, as in real life.
    if (random() > 0.02) setSizes.set(appid, size);
    for (const foil of [false, true]) {
      if (foil && random() > 0.1) continue;
      const depth = foil ? 1 + Math.floor(random() * 2) : 1 + Math.floor(random() * 8);
      for (let c = 0; c < size; c++) {
        const card = description(753, `${appid}${foil ? 9 : 0}${c}`, {
          marketFeeApp: appid,
          tags: [
            tag('droprate', 'droprate_0'),
            tag('Game', `app_${appid}`),
            tag('item_class', 'item_class_2'),
            tag('cardborder', foil ? 'cardborder_1' : 'cardborder_0'),
          ],
        });
        const untradable = random() < 0.03 ? { ...card, tradable: false } : null;
        // Some cards of a set are short, so the minimum matters.
        const copies = Math.max(0, depth - (random() < 0.2 ? 1 : 0));
        for (let k = 0; k < copies && items.length < count; k++) push(untradable && k === 0 ? untradable : card, '6');
      }
    }
  }
  return { items, setSizes };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(fn: () => unknown): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** The baseline: one pass over the items, reading what any per-item work must read. */
function iterateOnce(items: readonly EconItem[]): number {
  let tradable = 0;
  for (const item of items) if (item.description?.tradable) tradable += item.amount;
  return tradable;
}

export async function benchStock(): Promise<void> {
  const { items, setSizes } = generateCardInventory();
  const lookup = (appid: number) => setSizes.get(appid);
  let stock: Stock | null = null;
  let sink = 0;

  // Warm both paths up so the JIT has compiled them before anything is timed.
  for (let i = 0; i < 5; i++) {
    sink += iterateOnce(items);
    stock = computeStock(items, lookup, DEFAULT_KEY_TABLE);
  }

  const baseline: number[] = [];
  const engine: number[] = [];
  // Interleaved, so a slow moment of the machine hits both alike.
  for (let i = 0; i < RUNS; i++) {
    baseline.push(time(() => (sink += iterateOnce(items))));
    engine.push(time(() => (stock = computeStock(items, lookup, DEFAULT_KEY_TABLE))));
  }

  // An offer card in the feed: two cards of one game given, a sack of gems received.
  const before = stock!;
  const gameCards = items.filter((i) => i.description?.marketFeeApp === before.totals.badgeAppids[0]).slice(0, 2);
  const offer = {
    itemsToGive: gameCards.map((i) => ({ ...i, missing: false })),
    itemsToReceive: [{ ...items.find((i) => i.classid === '667933237')!, assetid: '1', missing: false }],
  };
  const delta: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    delta.push(time(() => offerStockDelta(items, offer, lookup, DEFAULT_KEY_TABLE, before)));
  }

  const b = median(baseline);
  const e = median(engine);
  const d = median(delta);
  const s = before;
  console.log(`computeStock over ${items.length.toLocaleString('en-US')} items (median of ${RUNS} runs)`);
  console.log(
    `  stock: ${s.totals.regularSets.toLocaleString('en-US')} sets of ${s.totals.badgeAppids.length.toLocaleString('en-US')} games, ` +
      `${s.totals.foilSets.toLocaleString('en-US')} foil sets, ${s.gems.toLocaleString('en-US')} gems, ` +
      `keys ${JSON.stringify(s.keys)}, set size unknown for ${s.unknownSetSizes.length} games`,
  );
  console.log('| phase | median ms | × baseline |');
  console.log('|---|---|---|');
  console.log(`| baseline: iterate the items once | ${b.toFixed(2)} | 1.00 |`);
  console.log(`| computeStock | ${e.toFixed(2)} | ${(e / b).toFixed(1)} |`);
  console.log(`| offerStockDelta (stock before precomputed) | ${d.toFixed(2)} | ${(d / b).toFixed(1)} |`);
  if (sink < 0) console.log(sink); // keeps the baseline's work from being optimised away
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchStock();
}
