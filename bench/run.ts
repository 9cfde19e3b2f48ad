// `npm run bench`: every benchmark, or the ones named on the command line.
import { benchInventory } from './inventory.js';
import { benchFeed } from './feed.js';
import { benchFinishedOffers } from './finishedOffers.js';
import { benchStock } from './stock.js';

const benches: Record<string, () => Promise<void>> = {
  inventory: benchInventory,
  stock: benchStock,
  feed: benchFeed,
  finishedOffers: benchFinishedOffers,
};

const chosen = process.argv.slice(2);
for (const name of chosen.length ? chosen : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(1);
  }
  await bench();
}
