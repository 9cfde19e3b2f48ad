// Issue 13's start and idle figures, from outside the real bot process against the Steam and
// Discord stand-ins:
// - start: from spawning `npm start` (and, apart, `node dist/src/index.js`) to the bot being
//   logged in with its slash commands registered (the "slash commands registered …" log line),
//   median of 3;
// - idle memory: VmRSS from /proc/<pid>/status of the bot's node process 60 s after start, with
//   the stock engine having loaded a 12,000-item CS2 inventory (730/2), a 10,000-card Steam
//   inventory (753/6) and TF2 keys (440/2), and /inventory show run on 730 and 753 once; through
//   `npm start` (the real entry point, with the settings its script gives glibc and V8) and
//   through a bare `node dist/src/index.js` (the settings the entry point makes itself only);
// - how many times each inventory page was fetched (the stock engine and /inventory share one
//   cache: each page once), and whether anything reached stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { startDiscordStandIn } from '../test/standins/discord/index.js';
import { bigCardInventory, csgoKey, cs2Skin, gems, startSteamStandIn, tf2Key } from '../test/standins/steam/index.js';
import { median } from './measure.js';

const ROOT = resolve(import.meta.dirname, import.meta.dirname.includes(`${sep}dist${sep}`) ? '../..' : '..');
const IDLE_MS = 60_000;

/** The bot's node process: the child itself, or under `npm start` the node in its process group. */
function botPid(child: ChildProcess): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Field 5 of /proc/<pid>/stat, after the parenthesised command name, is the process group.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const group = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (
        group === child.pid &&
        /(^|\/)node$/.test(cmdline[0] ?? '') &&
        cmdline.some((a) => a.endsWith(join('dist', 'src', 'index.js')))
      ) {
        return Number(entry);
      }
    } catch {
      // A process that ended while being read.
    }
  }
  throw new Error(`no bot node process in process group ${child.pid}`);
}

function procStatus(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN) / 1024;
}

interface Started {
  child: ChildProcess;
  ms: Promise<number>;
  stderr: string[];
  logs: Array<{ msg?: string }>;
  stop(): Promise<void>;
}

function start(command: 'npm' | 'node', env: Record<string, string>, cwd: string): Started {
  const began = performance.now();
  const args = command === 'npm' ? ['start', '--silent', `--prefix=${ROOT}`] : [join(ROOT, 'dist', 'src', 'index.js')];
  // Its own process group, so npm, the shell and node end together.
  const child = spawn(command === 'npm' ? 'npm' : process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const stderr: string[] = [];
  const logs: Array<{ msg?: string }> = [];
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const ms = new Promise<number>((resolveMs, reject) => {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      try {
        const log = JSON.parse(line) as { msg?: string };
        logs.push(log);
        if (log.msg?.startsWith('slash commands registered')) resolveMs(performance.now() - began);
      } catch {
        // npm's own lines.
      }
    });
    child.once('exit', (code) => reject(new Error(`bot exited ${code}: ${stderr.join('')}`)));
    // A renamed log line must end the bench, not hang it.
    setTimeout(() => reject(new Error('no "slash commands registered" log line in 120 s')), 120_000).unref();
  });
  return {
    child,
    ms,
    stderr,
    logs,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    },
  };
}

export async function benchStartup(): Promise<void> {
  const steam = await startSteamStandIn();
  const discord = await startDiscordStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-bench-'));
  try {
    const channelId = discord.addTextChannel('trade-offers');
    const userId = discord.addMember({ username: 'someone' });
    // 1,500 kinds of skin, 8 of each: 12,000 items, 6 pages of 2,000.
    const skins = Array.from({ length: 12_000 }, (_, i) =>
      cs2Skin(`AK-47 | Bench ${String(i % 1500).padStart(4, '0')}`),
    );
    steam.setInventory(steam.bot.steamid, 730, '2', [...skins, csgoKey(), csgoKey()]);
    steam.setInventory(steam.bot.steamid, 753, '6', [...bigCardInventory({ items: 10_000, games: 400 }), gems(5000)]);
    steam.setInventory(
      steam.bot.steamid,
      440,
      '2',
      Array.from({ length: 20 }, () => tf2Key()),
    );
    copyFileSync(join(ROOT, 'rates.example.json'), join(dataDir, 'rates.json'));
    const env: Record<string, string> = {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      DISCORD_GUILD_ID: discord.guild.id,
      STEAM_ID: steam.bot.steamid,
      STEAM_COOKIES: steam.bot.cookies,
      STEAM_SESSION_ID: steam.bot.sessionId,
      STEAM_API_KEY: steam.bot.apiKey,
      STEAM_COMMUNITY_URL: steam.communityUrl,
      STEAM_WEB_API_URL: steam.webApiUrl,
      STEAMTRADEBOTS_API_URL: steam.tradeBotsUrl,
      STEAMTRADEBOTS_API_KEY: steam.bot.tradeBotsApiKey,
      STEAMTRADEBOTS_RATES_FILE: join(dataDir, 'rates.json'),
      STORE_URL: `sqlite://${join(dataDir, 'tradedesk.sqlite')}`,
      // Shorter than Steam's 4 s so the inventories are in well before the 60 s mark.
      STEAM_INVENTORY_DELAY_MS: '500',
      LOG_LEVEL: 'info',
    };

    const times: Record<'npm' | 'node', number[]> = { npm: [], node: [] };
    const stderrSeen: string[] = [];
    for (let round = 0; round < 3; round++) {
      for (const command of ['npm', 'node'] as const) {
        const bot = start(command, env, dataDir);
        times[command].push(await bot.ms);
        await bot.stop();
        stderrSeen.push(...bot.stderr);
      }
    }

    // Idle: each way of starting, left alone for a minute after one look at each inventory. The
    // page count is taken from the first `npm start` run.
    const idle = async (command: 'npm' | 'node') => {
      const mark = steam.requests.length;
      const bot = start(command, env, dataDir);
      const began = performance.now();
      await bot.ms;
      const counted = () => bot.logs.some((l) => l.msg === 'stock counted');
      while (!counted()) await new Promise((r) => setTimeout(r, 100));
      for (const app of [730, 753]) {
        const handle = await discord.slash({
          user: userId,
          channel: channelId,
          command: 'inventory',
          subcommand: 'show',
          options: { app },
        });
        await handle.waitForResponse((r) => (r.kind === 'editOriginal' || r.kind === 'reply') && !!r.embeds?.length, {
          timeoutMs: 60_000,
        });
      }
      const rest = IDLE_MS - (performance.now() - began);
      if (rest > 0) await new Promise((r) => setTimeout(r, rest));
      const pid = botPid(bot.child);
      const measured = {
        rss: procStatus(pid, 'VmRSS'),
        hwm: procStatus(pid, 'VmHWM'),
        requests: steam.requests.slice(mark),
      };
      await bot.stop();
      stderrSeen.push(...bot.stderr);
      return measured;
    };
    // Resident memory differs by a few MB from run to run (when the GC and glibc happen to give
    // memory back): the real entry point three times, the bare one once.
    const idleNpmRuns = [await idle('npm'), await idle('npm'), await idle('npm')];
    const idleNpm = idleNpmRuns[0]!;
    const idleNode = await idle('node');

    const pages = new Map<string, number>();
    for (const r of idleNpm.requests) {
      if (!r.path.startsWith('/inventory/')) continue;
      const key = `${r.path.split('/').slice(3).join('/')} from ${r.query.start_assetid ?? 'start'}`;
      pages.set(key, (pages.get(key) ?? 0) + 1);
    }
    const fetchedTwice = [...pages.values()].filter((n) => n > 1).length;

    console.log('\n## Start and idle memory (real bot process against the stand-ins)\n');
    console.log('| measure | median | min | max |');
    console.log('|---|---|---|---|');
    for (const command of ['npm', 'node'] as const) {
      const values = times[command];
      const label = command === 'npm' ? '`npm start`' : '`node dist/src/index.js`';
      console.log(
        `| ${label} → logged in, commands registered | ${(median(values) / 1000).toFixed(2)} s | ` +
          `${(Math.min(...values) / 1000).toFixed(2)} s | ${(Math.max(...values) / 1000).toFixed(2)} s |`,
      );
    }
    console.log(
      `\nResident memory ${IDLE_MS / 1000} s after start (12,000 CS2 items, 10,000 cards, 20 TF2 keys loaded; ` +
        `/inventory show 730 and 753 run once):`,
    );
    const rss = idleNpmRuns.map((r) => r.rss);
    console.log(
      `- \`npm start\`: median ${median(rss).toFixed(0)} MB of 3 runs (${rss.map((v) => v.toFixed(0)).join(', ')}; ` +
        `peak ${Math.max(...idleNpmRuns.map((r) => r.hwm)).toFixed(0)} MB);`,
    );
    console.log(
      `- \`node dist/src/index.js\` (without the start script's settings): ${idleNode.rss.toFixed(0)} MB ` +
        `(peak ${idleNode.hwm.toFixed(0)} MB).`,
    );
    console.log(
      `Inventory pages fetched more than once in that run (stock engine + /inventory show): ${fetchedTwice} ` +
        `(${[...pages.entries()].map(([k, n]) => `${k} ×${n}`).join(', ')}).`,
    );
    console.log(`stderr over all starts: ${stderrSeen.length ? JSON.stringify(stderrSeen.join('')) : 'empty'}`);
  } finally {
    await discord.close();
    await steam.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
