// `npm run bench`: every benchmark, or the one named on the command line with its arguments
// (e.g. `node dist/bench/run.js inventory 100000`).
import { benchInventory } from './inventory.js';
import { benchFeed } from './feed.js';
import { benchFinishedOffers } from './finishedOffers.js';
import { benchStartup } from './startup.js';
import { benchStock } from './stock.js';

const benches: Record<string, (args: string[]) => Promise<void>> = {
  inventory: benchInventory,
  startup: benchStartup,
  stock: benchStock,
  feed: benchFeed,
  finishedOffers: benchFinishedOffers,
};

const [chosen, ...args] = process.argv.slice(2);
for (const name of chosen ? [chosen] : Object.keys(benches)) {
  const bench = benches[name];
  if (!bench) {
    console.error(`unknown benchmark ${name}; known: ${Object.keys(benches).join(', ')}`);
    process.exit(1);
  }
  await bench(chosen ? args : []);
}
