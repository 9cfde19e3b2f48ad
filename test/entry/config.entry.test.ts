// Configuration through the real entry point (dist/src/index.js, what `npm start` runs): a
// missing or malformed variable stops startup with exit code 1 and exactly one readable line
// naming it — no stack trace, no secret — before anything is contacted. `.env` is read, the
// real environment wins over it, and a store, a rates file or a Discord that cannot be used
// stops startup with one line too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStandIn } from '../standins/discord/index.js';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/index.js');
const STEAM_ID = '76561198012345678';

function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'EdDSA' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

const ACCESS_TOKEN = jwt({ iss: 'steam', sub: STEAM_ID, aud: ['web:community'], exp: 4_102_444_800 });
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.discord-token-secret-value';
const SECRETS = [DISCORD_TOKEN, ACCESS_TOKEN, '0123456789ABCDEF0123456789ABCDEF'];

/** A port nothing listens on: taken from the OS, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

let cwd: string;
let GOOD: Record<string, string>;
let deadPort: number;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(env: Record<string, string | undefined>, dir = cwd): Promise<Run> {
  const clean = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  const child = spawn(process.execPath, [ENTRY], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...clean },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  return new Promise((done) => child.once('close', (code) => done({ code, stdout, stderr })));
}

/**
 * One run with the good configuration at trace level, from cwd (which has no .env): it gets past the
 * configuration to Discord, where nothing listens. Two tests read it; a full start costs a second of CPU.
 */
let discordUnreachable: Promise<Run> | undefined;
const runToUnreachableDiscord = (): Promise<Run> => (discordUnreachable ??= run({ ...GOOD, LOG_LEVEL: 'trace' }));

/**
 * A startup refusal: exit 1, exactly one line on stderr naming the variable, no stack, no
 * secret, and (at the default LOG_LEVEL) nothing logged on stdout.
 */
function expectRefusal(result: Run, variable: string, expected: RegExp, stdout = ''): string {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe(stdout);
  const lines = result.stderr.split('\n');
  expect(lines.at(-1)).toBe('');
  expect(lines).toHaveLength(2);
  const line = lines[0]!;
  expect(line.startsWith(`tradedesk: ${variable}: `), line).toBe(true);
  expect(line).toMatch(expected);
  expect(line).not.toMatch(/\bat .*:\d+:\d+/);
  for (const secret of SECRETS) expect(line).not.toContain(secret);
  return line;
}

beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'tradedesk-config-'));
  deadPort = await closedPort();
  GOOD = {
    DISCORD_TOKEN,
    DISCORD_GUILD_ID: '1100000000000000001',
    STEAM_ID,
    STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7C${ACCESS_TOKEN}; sessionid=0123456789abcdef01234567`,
    STEAM_SESSION_ID: '0123456789abcdef01234567',
    STEAM_API_KEY: '0123456789ABCDEF0123456789ABCDEF',
    // Nothing listens here: a configuration that passes fails later, at Discord, with its own line.
    DISCORD_API_URL: `http://127.0.0.1:${deadPort}/api`,
    STORE_URL: `sqlite://${join(cwd, 'data', 'test.sqlite')}`,
  };
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

// Every variable's own refusal is tested in-process against the parser (test/config/config.test.ts);
// here, what only the real process shows: exit code 1, the "tradedesk: " prefix, one line per problem
// on stderr, nothing on stdout. The runs are independent processes, so they run side by side.
describe.concurrent('a bad variable stops startup with one line naming it', () => {
  it('missing DISCORD_TOKEN', async () => {
    expectRefusal(
      await run({ ...GOOD, DISCORD_TOKEN: undefined }),
      'DISCORD_TOKEN',
      /expected the bot token.*; it is not set$/,
    );
  });

  it('several bad variables: one line each, every one named', async () => {
    const result = await run({ ...GOOD, DISCORD_TOKEN: undefined, POLL_INTERVAL_SECONDS: '0', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^tradedesk: DISCORD_TOKEN: expected the bot token.*; it is not set$/),
      'tradedesk: POLL_INTERVAL_SECONDS: expected a positive number of seconds; got "0"',
      expect.stringMatching(/^tradedesk: LOG_LEVEL: expected one of .*; got "loud"$/),
    ]);
  });

  it('a malformed secret is not echoed', async () => {
    const marker = 'XyZzY-secret-material';
    const line = expectRefusal(await run({ ...GOOD, DISCORD_TOKEN: `${marker} x` }), 'DISCORD_TOKEN', /expected /);
    expect(line).not.toContain('XyZzY');
    expect(line.endsWith('; the value given is not accepted')).toBe(true);
  });
});

describe.concurrent('HTTP_PORT', () => {
  it('a port already in use stops startup with one line, before Discord is contacted', async () => {
    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    const { port } = taken.address() as { port: number };
    try {
      expectRefusal(
        await run({ ...GOOD, HTTP_PORT: String(port) }),
        'HTTP_PORT',
        new RegExp(
          `^tradedesk: HTTP_PORT: port ${port} on 127\\.0\\.0\\.1 is already in use .*choose another HTTP_PORT$`,
        ),
      );
    } finally {
      await new Promise<void>((done) => taken.close(() => done()));
    }
  });
});

describe.concurrent('the rates file', () => {
  // The file checks themselves are tested in-process (test/config/config.test.ts).
  it('publishing configured without a rates file: one line saying how to make one', async () => {
    const result = await run({
      ...GOOD,
      STEAMTRADEBOTS_API_KEY: 'tb-key-0123456789',
      STEAMTRADEBOTS_RATES_FILE: join(cwd, 'absent.json'),
    });
    const line = expectRefusal(result, 'STEAMTRADEBOTS_RATES_FILE', /absent/);
    expect(line).toContain('file not found');
    expect(line).toContain('copy rates.example.json, or write {}');
    expect(line).not.toContain('tb-key-0123456789');
  });
});

describe.concurrent('.env', () => {
  // Which value wins is tested in-process (test/config/config.test.ts); here, that the entry point
  // reads .env from its working directory, and needs none.
  it('is read from the working directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-dotenv-'));
    try {
      const lines = Object.entries({ ...GOOD, LOG_LEVEL: 'chatty' }).map(([k, v]) => `${k}=${v}`);
      writeFileSync(join(dir, '.env'), `# tradedesk settings\n${lines.join('\n')}\n`);
      // Only .env: its bad LOG_LEVEL is what stops startup, so the file was read.
      expectRefusal(await run({}, dir), 'LOG_LEVEL', /got "chatty"$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is optional: without one, the environment alone is enough', async () => {
    // cwd has no .env; the configuration passes and startup gets as far as Discord. (Nothing on stdout at
    // the default LOG_LEVEL is checked by the other refusals after the configuration: store, rates, Discord token.)
    const result = await runToUnreachableDiscord();
    expectRefusal(
      result,
      'DISCORD_API_URL',
      new RegExp(`cannot reach Discord at http://127\\.0\\.0\\.1:${deadPort}/api`),
      result.stdout,
    );
  });
});

describe.concurrent('Discord at startup', () => {
  it('unreachable: one line naming DISCORD_API_URL; even at trace level no fatal log, no stack', async () => {
    const result = await runToUnreachableDiscord();
    expectRefusal(result, 'DISCORD_API_URL', /ECONNREFUSED/, result.stdout);
    const logs = result.stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(logs.filter((l) => l.level >= 50)).toEqual([]);
    expect(result.stdout).not.toContain('    at ');
    for (const secret of SECRETS) expect(result.stdout).not.toContain(secret);
  });

  it('refusing the token: one line naming DISCORD_TOKEN, the token not shown', async () => {
    const discord = await startDiscordStandIn({ token: 'the-token-the-stand-in-accepts-0123456789' });
    try {
      const result = await run({ ...GOOD, DISCORD_API_URL: discord.apiUrl });
      const line = expectRefusal(result, 'DISCORD_TOKEN', /Discord refused the bot token/);
      expect(line).not.toContain(DISCORD_TOKEN);
      expect(discord.requests.some((r) => r.path === '/gateway/bot')).toBe(true);
    } finally {
      await discord.close();
    }
  });
});

describe.concurrent('a store that cannot be opened', () => {
  // PostgreSQL and SQLite refusals are tested in-process (test/config/config.test.ts); one through the process.
  it('Redis that is not there: one line naming STORE_URL, the password hidden', async () => {
    const result = await run({ ...GOOD, STORE_URL: `redis://:hunter2-store-pw@127.0.0.1:${deadPort}` });
    const line = expectRefusal(result, 'STORE_URL', /cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/);
    expect(line).not.toContain('hunter2-store-pw');
  });
});
