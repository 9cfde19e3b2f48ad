// Starts the Steam and Discord stand-ins in the test process and the real bot (the same
// entry point as `npm start`, from dist/) as a child process pointed at them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDiscordStandIn, type DiscordStandIn } from '../standins/discord/index.js';
import { startSteamStandIn, type SteamStandIn } from '../standins/steam/index.js';
import { npmStart, ROOT } from '../ops/launch.js';

// Started as `npm start` starts it: its environment settings and node flags too.
const LAUNCH = npmStart();
const ENTRY = join(ROOT, LAUNCH.entry);

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

export class BotProcess {
  readonly stdout: string[] = [];
  readonly stderr: string[] = [];
  readonly logs: LogLine[] = [];
  readonly exited: Promise<number | null>;
  private readonly waiters: Array<{ pred: (l: LogLine) => boolean; resolve: (l: LogLine) => void }> = [];

  constructor(readonly child: ChildProcess) {
    let buffer = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      buffer += chunk;
      let newline: number;
      while ((newline = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        this.stdout.push(line);
        try {
          const parsed = JSON.parse(line) as LogLine;
          this.logs.push(parsed);
          for (const waiter of [...this.waiters]) {
            if (waiter.pred(parsed)) {
              this.waiters.splice(this.waiters.indexOf(waiter), 1);
              waiter.resolve(parsed);
            }
          }
        } catch {
          // Not a log line; kept in stdout for secret checks.
        }
      }
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => this.stderr.push(chunk));
    this.exited = new Promise((resolveExit) => child.once('exit', (code) => resolveExit(code)));
  }

  /** Resolves on the first log line (past or future) matching pred. */
  waitForLog(pred: (l: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    const past = this.logs.find(pred);
    if (past) return Promise.resolve(past);
    return new Promise((resolveLog, reject) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `timed out waiting for a log line; last lines:\n${this.stdout.slice(-15).join('\n')}\n${this.stderr.join('')}`,
          ),
        );
      }, timeoutMs);
      const waiter = {
        pred,
        resolve: (l: LogLine) => {
          clearTimeout(timer);
          resolveLog(l);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then((code) => {
        if (this.waiters.includes(waiter)) {
          clearTimeout(timer);
          reject(
            new Error(
              `bot exited (${code}) while waiting; stderr:\n${this.stderr.join('')}\n${this.stdout.slice(-15).join('\n')}`,
            ),
          );
        }
      });
    });
  }

  /** Waits for the next log line matching pred that comes after now. */
  waitForNextLog(pred: (l: LogLine) => boolean, timeoutMs = 20_000): Promise<LogLine> {
    const seen = this.logs.length;
    return this.waitForLog((l) => this.logs.indexOf(l) >= seen && pred(l), timeoutMs);
  }

  allOutput(): string {
    return `${this.stdout.join('\n')}\n${this.stderr.join('')}`;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export interface Harness {
  steam: SteamStandIn;
  discord: DiscordStandIn;
  dataDir: string;
  env: Record<string, string>;
  bot: BotProcess;
  /** Feed channel, configured through /config channel by an admin. */
  channelId: string;
  adminId: string;
  traderId: string;
  traderRoleId: string;
  outsiderId: string;
  startBot(extraEnv?: Record<string, string>): Promise<BotProcess>;
  restartBot(extraEnv?: Record<string, string>): Promise<BotProcess>;
  close(): Promise<void>;
}

export function spawnBot(env: Record<string, string>, cwd: string): BotProcess {
  const child = spawn(process.execPath, [...LAUNCH.nodeArgs, ENTRY], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...LAUNCH.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new BotProcess(child);
}

/**
 * A running bot with an admin, an allowed trader (by role), and an outsider, and the feed
 * channel configured by the admin through the real /config channel command.
 */
export async function startHarness(
  options: {
    env?: Record<string, string>;
    configure?: boolean;
    /** false: the stand-ins only; the test starts the bot itself (nothing is configured). */
    start?: boolean;
    /**
     * Sets the stand-ins (and files in the bot's working directory) up before the bot starts; the env
     * it returns goes over the defaults (and `env`).
     */
    prepare?: (steam: SteamStandIn, dataDir: string) => Record<string, string>;
  } = {},
): Promise<Harness> {
  const steam = await startSteamStandIn();
  const discord = await startDiscordStandIn();
  const dataDir = mkdtempSync(join(tmpdir(), 'tradedesk-e2e-'));
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
    STORE_URL: `sqlite://${join(dataDir, 'tradedesk.sqlite')}`,
    POLL_INTERVAL_SECONDS: '1',
    STEAM_INVENTORY_DELAY_MS: '0',
    STEAM_CONFIRMATION_DELAY_MS: '0',
    LOG_LEVEL: 'debug',
    ...options.env,
    ...options.prepare?.(steam, dataDir),
  };
  const channelId = discord.addTextChannel('trade-offers');
  const traderRoleId = discord.addRole({ name: 'Traders' });
  const adminId = discord.addMember({ username: 'admin', admin: true });
  const traderId = discord.addMember({ username: 'trader', roles: [traderRoleId] });
  const outsiderId = discord.addMember({ username: 'outsider' });

  const harness: Harness = {
    steam,
    discord,
    dataDir,
    env,
    bot: undefined as unknown as BotProcess,
    channelId,
    adminId,
    traderId,
    traderRoleId,
    outsiderId,
    async startBot(extraEnv = {}) {
      const bot = spawnBot({ ...env, ...extraEnv }, dataDir);
      harness.bot = bot;
      await bot.waitForLog((l) => l.msg === 'tradedesk is running');
      return bot;
    },
    async restartBot(extraEnv = {}) {
      await harness.bot?.stop();
      return harness.startBot(extraEnv);
    },
    async close() {
      await harness.bot?.stop();
      await discord.close();
      await steam.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  if (options.start === false) return harness;
  await harness.startBot();
  if (options.configure !== false) {
    const set = await discord.slash({
      user: adminId,
      channel: channelId,
      command: 'config',
      subcommand: 'channel',
      options: { channel: channelId },
    });
    await set.waitForResponse((r) => r.kind === 'reply');
    const allow = await discord.slash({
      user: adminId,
      channel: channelId,
      command: 'config',
      subcommand: 'allow',
      options: { role: traderRoleId },
    });
    await allow.waitForResponse((r) => r.kind === 'reply');
  }
  return harness;
}
