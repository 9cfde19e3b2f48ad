// Issue 13's figure: what loading and grouping an inventory costs tradedesk, next to the floor
// (fetch + JSON.parse + count by market_hash_name) and DoctorMcKay's steamcommunity
// getUserInventoryContents, the library a user would pick instead. The page server and each
// side run in processes of their own (inventoryPages.ts, inventorySide.ts), so one side's
// garbage or JIT never lands on another; the sides take turns, round after round, and the
// table shows each side's median round. Sizes: 10,000, 100,000 and 300,000 items of 753/6.
//
// Run one size: npm run build && node dist/bench/run.js inventory 100000
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { median } from './measure.js';
import type { Side, SideResult } from './inventorySide.js';

const SIZES = [10_000, 100_000, 300_000];
const ROUNDS = 3;
const SIDES: Side[] = ['floor', 'steamcommunity', 'tradedesk'];
const DIR = import.meta.dirname;

function firstLine(child: ReturnType<typeof spawn>): Promise<string> {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${child.spawnargs.join(' ')} exited ${code}: ${stderr}`)));
  });
}

async function runSide(side: Side, url: string): Promise<SideResult> {
  const child = spawn(process.execPath, [join(DIR, 'inventorySide.js'), side, url], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const line = await firstLine(child);
  await new Promise((resolve) => (child.exitCode === null ? child.once('exit', resolve) : resolve(null)));
  return JSON.parse(line) as SideResult;
}

async function benchSize(items: number): Promise<Record<Side, SideResult[]>> {
  const server = spawn(process.execPath, [join(DIR, 'inventoryPages.js'), String(items)], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const url = await firstLine(server);
  const results: Record<Side, SideResult[]> = { floor: [], steamcommunity: [], tradedesk: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) {
      // Each round starts with a different side, so no side always runs first or last.
      for (let i = 0; i < SIDES.length; i++) {
        const side = SIDES[(i + round) % SIDES.length]!;
        results[side].push(await runSide(side, url));
      }
    }
  } finally {
    server.stdin!.end();
    server.kill();
  }
  return results;
}

export async function benchInventory(args: string[] = []): Promise<void> {
  const sizes = args.length ? args.map(Number) : SIZES;
  console.log(
    `\n## Inventory: load + group by market_hash_name, 753/6, ~3 descriptions per 10 items, pages of 2,000 ` +
      `(steamcommunity asks 1,000), median of ${ROUNDS} rounds, each side in its own process\n`,
  );
  console.log('| items | side | CPU s | × floor | peak RSS MB | × floor | max event-loop delay ms | wall s | groups |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const items of sizes) {
    const results = await benchSize(items);
    const floorCpu = median(results.floor.map((r) => r.cpuMs));
    const floorRss = median(results.floor.map((r) => r.peakRssMb));
    for (const side of SIDES) {
      const rounds = results[side];
      const cpu = median(rounds.map((r) => r.cpuMs));
      const rss = median(rounds.map((r) => r.peakRssMb));
      const groups = new Set(rounds.map((r) => `${r.items}/${r.groups}`));
      console.log(
        `| ${items.toLocaleString('en-US')} | ${side} | ${(cpu / 1000).toFixed(2)} | ${(cpu / floorCpu).toFixed(2)} | ` +
          `${rss.toFixed(0)} | ${(rss / floorRss).toFixed(2)} | ${median(rounds.map((r) => r.maxDelayMs)).toFixed(0)} | ` +
          `${(median(rounds.map((r) => r.wallMs)) / 1000).toFixed(2)} | ${[...groups].join(' ')} |`,
      );
    }
  }
  console.log('\n(groups: items/groups each side found; they must agree.)');
}
