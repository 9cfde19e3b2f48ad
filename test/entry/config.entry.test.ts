// Configuration through the real entry point (dist/src/index.js, what `npm start` runs): a
// missing or malformed variable stops startup with exit code 1 and exactly one readable line
// naming it — no stack trace, no secret — before anything is contacted. `.env` is read, the
// real environment wins over it, and a store, a rates file or a Discord that cannot be used
// stops startup with one line too.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDiscordStandIn } from '../standins/discord/index.js';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/index.js');
const STEAM_ID = '76561198012345678';
const OTHER_ID = '76561198087654321';

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

describe('a bad variable stops startup with one line naming it', () => {
  const cases: Array<[string, Record<string, string | undefined>, string, RegExp]> = [
    [
      'missing DISCORD_TOKEN',
      { DISCORD_TOKEN: undefined },
      'DISCORD_TOKEN',
      /expected the bot token.*; it is not set$/,
    ],
    ['DISCORD_TOKEN too short', { DISCORD_TOKEN: 'abc' }, 'DISCORD_TOKEN', /expected the bot token/],
    ['missing STEAM_ID', { STEAM_ID: undefined }, 'STEAM_ID', /SteamID64.*; it is not set$/],
    ['STEAM_ID not a SteamID64', { STEAM_ID: '12345' }, 'STEAM_ID', /expected .*SteamID64.*; got "12345"$/],
    ['STEAM_ID a profile URL', { STEAM_ID: 'https://steamcommunity.com/id/x' }, 'STEAM_ID', /SteamID64/],
    ['missing STEAM_COOKIES', { STEAM_COOKIES: undefined }, 'STEAM_COOKIES', /steamLoginSecure.*; it is not set$/],
    [
      'cookies without steamLoginSecure',
      { STEAM_COOKIES: 'sessionid=0123456789abcdef01234567' },
      'STEAM_COOKIES',
      /expected the steamLoginSecure cookie copied from the browser; the value given is not accepted$/,
    ],
    [
      'a steamLoginSecure of another account than STEAM_ID',
      { STEAM_ID: OTHER_ID },
      'STEAM_COOKIES',
      new RegExp(`belongs to ${STEAM_ID}, not STEAM_ID ${OTHER_ID}$`),
    ],
    [
      'a steamLoginSecure that is no JWT',
      { STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7Cnot-a-token` },
      'STEAM_COOKIES',
      /not a readable JWT/,
    ],
    ['missing STEAM_SESSION_ID', { STEAM_SESSION_ID: undefined }, 'STEAM_SESSION_ID', /sessionid.*it is not set$/],
    ['STEAM_SESSION_ID not hex', { STEAM_SESSION_ID: 'zz' }, 'STEAM_SESSION_ID', /24 hexadecimal/],
    ['STEAM_API_KEY too short', { STEAM_API_KEY: 'abc' }, 'STEAM_API_KEY', /32-character/],
    [
      'STEAM_IDENTITY_SECRET not base64',
      { STEAM_IDENTITY_SECRET: 'not a secret' },
      'STEAM_IDENTITY_SECRET',
      /identity_secret.*28 base64 characters/,
    ],
    ['POLL_INTERVAL_SECONDS 0', { POLL_INTERVAL_SECONDS: '0' }, 'POLL_INTERVAL_SECONDS', /positive number.*got "0"$/],
    ['POLL_INTERVAL_SECONDS abc', { POLL_INTERVAL_SECONDS: 'abc' }, 'POLL_INTERVAL_SECONDS', /positive.*got "abc"$/],
    ['POLL_INTERVAL_SECONDS negative', { POLL_INTERVAL_SECONDS: '-1' }, 'POLL_INTERVAL_SECONDS', /got "-1"$/],
    ['DISCORD_API_URL not a URL', { DISCORD_API_URL: 'discord' }, 'DISCORD_API_URL', /http\(s\) URL.*got "discord"$/],
    ['DISCORD_API_URL ws://', { DISCORD_API_URL: 'ws://127.0.0.1/api' }, 'DISCORD_API_URL', /http\(s\) URL/],
    ['HTTP_PORT not a number', { HTTP_PORT: 'metrics' }, 'HTTP_PORT', /TCP port number.*got "metrics"$/],
    ['HTTP_PORT too large', { HTTP_PORT: '70000' }, 'HTTP_PORT', /TCP port number.*got "70000"$/],
    ['HTTP_HOST a URL', { HTTP_HOST: 'http://0.0.0.0' }, 'HTTP_HOST', /address to listen on.*got "http:\/\/0.0.0.0"$/],
    ['STEAM_COMMUNITY_URL ftp://', { STEAM_COMMUNITY_URL: 'ftp://x' }, 'STEAM_COMMUNITY_URL', /got "ftp:\/\/x"$/],
    ['STEAM_WEB_API_URL not a URL', { STEAM_WEB_API_URL: 'steam' }, 'STEAM_WEB_API_URL', /http\(s\) URL/],
    ['STEAMTRADEBOTS_API_URL not a URL', { STEAMTRADEBOTS_API_URL: '::' }, 'STEAMTRADEBOTS_API_URL', /http\(s\)/],
    ['DISCORD_GUILD_ID not a snowflake', { DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID', /server id/],
    [
      'missing DISCORD_GUILD_ID',
      { DISCORD_GUILD_ID: undefined },
      'DISCORD_GUILD_ID',
      /home server.*Developer Mode.*Copy Server ID; it is not set$/,
    ],
    ['STORE_URL of an unknown kind', { STORE_URL: 'mysql://db/x' }, 'STORE_URL', /sqlite:\/\/path.*mysql/],
    ['STORE_URL without a scheme', { STORE_URL: 'data/x.sqlite' }, 'STORE_URL', /expected sqlite:\/\/path/],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /expected one of .*info.*got "loud"$/],
    ['STEAM_INVENTORY_DELAY_MS negative', { STEAM_INVENTORY_DELAY_MS: '-5' }, 'STEAM_INVENTORY_DELAY_MS', /whole/],
    ['STEAM_REFRESH_TOKEN not a JWT', { STEAM_REFRESH_TOKEN: 'refresh' }, 'STEAM_REFRESH_TOKEN', /refresh token/],
    [
      'STEAM_REFRESH_TOKEN an access token',
      { STEAM_REFRESH_TOKEN: ACCESS_TOKEN },
      'STEAM_REFRESH_TOKEN',
      /it is an access token, not a refresh token$/,
    ],
    [
      'STEAM_REFRESH_TOKEN of another account',
      { STEAM_REFRESH_TOKEN: jwt({ sub: OTHER_ID, aud: ['web', 'mobile', 'renew', 'derive'], exp: 4_102_444_800 }) },
      'STEAM_REFRESH_TOKEN',
      new RegExp(`belongs to ${OTHER_ID}, not STEAM_ID ${STEAM_ID}$`),
    ],
    [
      'STEAM_REFRESH_TOKEN of the browser kind (not renewable since 2025-04-30)',
      { STEAM_REFRESH_TOKEN: jwt({ sub: STEAM_ID, aud: ['web', 'renew', 'derive'], exp: 4_102_444_800 }) },
      'STEAM_REFRESH_TOKEN',
      /not of the MobileApp kind.*npm run login/,
    ],
    [
      'STEAM_PASSWORD without STEAM_SHARED_SECRET',
      { STEAM_ACCOUNT_NAME: 'bot', STEAM_PASSWORD: 'hunter22' },
      'STEAM_SHARED_SECRET',
      /expected with STEAM_ACCOUNT_NAME and STEAM_PASSWORD.*; it is not set$/,
    ],
    ['STEAM_SHARED_SECRET not base64', { STEAM_SHARED_SECRET: 'nope' }, 'STEAM_SHARED_SECRET', /shared_secret/],
  ];
  for (const [what, change, variable, expected] of cases) {
    it(what, async () => {
      expectRefusal(await run({ ...GOOD, ...change }), variable, expected);
    });
  }

  it('several bad variables: one line each, every one named', async () => {
    const result = await run({ ...GOOD, DISCORD_TOKEN: undefined, POLL_INTERVAL_SECONDS: '0', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^tradedesk: DISCORD_TOKEN: expected the bot token.*; it is not set$/),
      'tradedesk: POLL_INTERVAL_SECONDS: expected a positive number of seconds; got "0"',
      expect.stringMatching(/^tradedesk: LOG_LEVEL: expected one of .*; got "loud"$/),
    ]);
  });

  it('secret values are never echoed, even malformed ones', async () => {
    const marker = 'XyZzY-secret-material';
    const results = await Promise.all([
      run({ ...GOOD, STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7C${marker}` }),
      run({ ...GOOD, STEAM_COOKIES: `sessionid=${marker}` }),
      // 20+ characters without a space would pass as a token; this one has a space.
      run({ ...GOOD, DISCORD_TOKEN: `${marker} x` }),
      run({ ...GOOD, STEAM_API_KEY: marker }),
      run({ ...GOOD, STEAM_SESSION_ID: marker }),
      run({ ...GOOD, STEAM_IDENTITY_SECRET: marker }),
      run({ ...GOOD, STEAMTRADEBOTS_API_KEY: `${marker} with spaces` }),
      run({ ...GOOD, STEAM_REFRESH_TOKEN: `${marker} with spaces` }),
      run({ ...GOOD, STEAM_SHARED_SECRET: marker }),
    ]);
    const variables = [
      'STEAM_COOKIES',
      'STEAM_COOKIES',
      'DISCORD_TOKEN',
      'STEAM_API_KEY',
      'STEAM_SESSION_ID',
      'STEAM_IDENTITY_SECRET',
      'STEAMTRADEBOTS_API_KEY',
      'STEAM_REFRESH_TOKEN',
      'STEAM_SHARED_SECRET',
    ];
    results.forEach((result, i) => {
      const line = expectRefusal(result, variables[i]!, /expected /);
      expect(line).not.toContain(marker);
      expect(line).not.toContain('XyZzY');
      // Said in words, not by a censored echo.
      expect(line).not.toContain('[REDACTED]');
    });
    for (const result of results.slice(2)) expect(result.stderr).toContain('; the value given is not accepted\n');
  });
});

describe('HTTP_PORT', () => {
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

describe('the rates and set-size files', () => {
  const withKey = (file: string) => ({
    ...GOOD,
    STEAMTRADEBOTS_API_KEY: 'tb-key-0123456789',
    STEAMTRADEBOTS_RATES_FILE: file,
  });

  it('publishing configured without a rates file: one line saying how to make one', async () => {
    const line = expectRefusal(await run(withKey(join(cwd, 'absent.json'))), 'STEAMTRADEBOTS_RATES_FILE', /absent/);
    expect(line).toContain('file not found');
    expect(line).toContain('copy rates.example.json, or write {}');
    expect(line).not.toContain('tb-key-0123456789');
  });

  it('a rates file that is not JSON', async () => {
    const file = join(cwd, 'broken.json');
    writeFileSync(file, '{ "buy_gems_set": 400,');
    expectRefusal(await run(withKey(file)), 'STEAMTRADEBOTS_RATES_FILE', /broken\.json: not valid JSON/);
  });

  it('a rates file with a bad field names the field', async () => {
    const file = join(cwd, 'negative.json');
    writeFileSync(file, JSON.stringify({ buy_gems_set: -5 }));
    expectRefusal(await run(withKey(file)), 'STEAMTRADEBOTS_RATES_FILE', /negative\.json.*buy_gems_set/);
  });

  it('a rates file that exists is checked even without STEAMTRADEBOTS_API_KEY', async () => {
    const file = join(cwd, 'list.json');
    writeFileSync(file, '[1, 2]');
    const result = await run({ ...GOOD, STEAMTRADEBOTS_RATES_FILE: file });
    expectRefusal(result, 'STEAMTRADEBOTS_RATES_FILE', /list\.json: expected a JSON object/);
  });

  it('a set-size file that is named but missing', async () => {
    const result = await run({ ...GOOD, STEAMTRADEBOTS_SET_SIZES_FILE: join(cwd, 'sizes-absent.json') });
    expectRefusal(result, 'STEAMTRADEBOTS_SET_SIZES_FILE', /sizes-absent\.json/);
  });
});

describe('.env', () => {
  it('is read from the working directory; a variable of the real environment wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-dotenv-'));
    try {
      const lines = Object.entries({ ...GOOD, LOG_LEVEL: 'chatty' }).map(([k, v]) => `${k}=${v}`);
      writeFileSync(join(dir, '.env'), `# tradedesk settings\n${lines.join('\n')}\n`);
      // Only .env: its bad LOG_LEVEL is what stops startup, so the file was read.
      expectRefusal(await run({}, dir), 'LOG_LEVEL', /got "chatty"$/);
      // The environment's LOG_LEVEL wins over the file's: the rest of .env is good, so startup
      // goes on to Discord.
      const fixed = await run({ LOG_LEVEL: 'warn' }, dir);
      expectRefusal(fixed, 'DISCORD_API_URL', /cannot reach Discord/);
      // And a bad value in the environment wins over a good one in the file.
      expectRefusal(await run({ LOG_LEVEL: 'warn', STEAM_ID: 'from-env' }, dir), 'STEAM_ID', /got "from-env"$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('is optional: without one, the environment alone is enough', async () => {
    // cwd has no .env; the configuration passes and startup gets as far as Discord.
    const result = await run(GOOD);
    expectRefusal(
      result,
      'DISCORD_API_URL',
      new RegExp(`cannot reach Discord at http://127\\.0\\.0\\.1:${deadPort}/api`),
    );
  });
});

describe('Discord at startup', () => {
  it('unreachable: one line naming DISCORD_API_URL; even at trace level no fatal log, no stack', async () => {
    const result = await run({ ...GOOD, LOG_LEVEL: 'trace' });
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

describe('a store that cannot be opened', () => {
  it('Redis that is not there: one line naming STORE_URL, the password hidden', async () => {
    const result = await run({ ...GOOD, STORE_URL: `redis://:hunter2-store-pw@127.0.0.1:${deadPort}` });
    const line = expectRefusal(result, 'STORE_URL', /cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1/);
    expect(line).not.toContain('hunter2-store-pw');
  });

  it('PostgreSQL that is not there: one line naming STORE_URL, the password hidden', async () => {
    const url = `postgresql://tradedesk:hunter2-store-pw@127.0.0.1:${deadPort}/tradedesk`;
    const line = expectRefusal(await run({ ...GOOD, STORE_URL: url }), 'STORE_URL', /cannot connect to PostgreSQL/);
    expect(line).toContain('tradedesk:***@127.0.0.1');
    expect(line).not.toContain('hunter2-store-pw');
  });

  it('an SQLite file whose folder cannot be created', async () => {
    const blocker = join(cwd, 'not-a-dir');
    writeFileSync(blocker, 'a file where a folder should be');
    const result = await run({ ...GOOD, STORE_URL: `sqlite://${blocker}/sub/tradedesk.sqlite` });
    expectRefusal(result, 'STORE_URL', /cannot create the folder for .*not-a-dir/);
  });

  it('an SQLite path that is a folder', async () => {
    const folder = join(cwd, 'is-a-dir.sqlite');
    mkdirSync(folder);
    expectRefusal(await run({ ...GOOD, STORE_URL: `sqlite://${folder}` }), 'STORE_URL', /is-a-dir\.sqlite/);
  });
});
