// Configuration through the real entry point (dist/src/index.js, what `npm start` runs): a
// missing or malformed variable stops startup with exit code 1 and a readable message naming
// it — no stack trace, no secret — before anything is contacted. `.env` is read, the real
// environment wins over it, and a store that cannot be opened stops startup too.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/index.js');
const STEAM_ID = '76561198012345678';
const OTHER_ID = '76561198087654321';

function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'EdDSA' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

const ACCESS_TOKEN = jwt({ iss: 'steam', sub: STEAM_ID, aud: ['web:community'], exp: 4_102_444_800 });
const GOOD: Record<string, string> = {
  DISCORD_TOKEN: 'MTIzNDU2Nzg5MDEyMzQ1Njc4.discord-token-secret-value',
  STEAM_ID,
  STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7C${ACCESS_TOKEN}; sessionid=0123456789abcdef01234567`,
  STEAM_SESSION_ID: '0123456789abcdef01234567',
  STEAM_API_KEY: '0123456789ABCDEF0123456789ABCDEF',
  // Nothing listens here: a config that passes would fail later, at Discord, with another message.
  DISCORD_API_URL: 'http://127.0.0.1:9/api',
  STORE_URL: 'sqlite://data/test.sqlite',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let cwd: string;

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

/** A startup refusal: exit 1, the variable named, no stack, nothing on stdout. */
function expectRefusal(result: Run, variable: string, expected: RegExp): void {
  expect(result.code).toBe(1);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^tradedesk: /);
  expect(result.stderr).toContain(`${variable}: `);
  expect(result.stderr).toMatch(expected);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
}

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'tradedesk-config-'));
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

describe('a bad variable stops startup with one message naming it', () => {
  const cases: Array<[string, Record<string, string | undefined>, string, RegExp]> = [
    ['missing DISCORD_TOKEN', { DISCORD_TOKEN: undefined }, 'DISCORD_TOKEN', /expected the bot token.*it is not set/],
    ['STEAM_ID not a SteamID64', { STEAM_ID: '12345' }, 'STEAM_ID', /SteamID64.*got "12345"/],
    ['missing STEAM_ID', { STEAM_ID: undefined }, 'STEAM_ID', /SteamID64.*it is not set/],
    [
      'cookies without steamLoginSecure',
      { STEAM_COOKIES: 'sessionid=0123456789abcdef01234567' },
      'STEAM_COOKIES',
      /expected the steamLoginSecure cookie copied from the browser; the value given is not accepted/,
    ],
    [
      'a cookie of another account',
      { STEAM_ID: OTHER_ID },
      'STEAM_COOKIES',
      new RegExp(`issued for another account|belongs to ${STEAM_ID}, not STEAM_ID ${OTHER_ID}`),
    ],
    [
      'a steamLoginSecure that is no JWT',
      { STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7Cnot-a-token` },
      'STEAM_COOKIES',
      /not a readable JWT/,
    ],
    ['STEAM_SESSION_ID not hex', { STEAM_SESSION_ID: 'zz' }, 'STEAM_SESSION_ID', /24 hexadecimal/],
    ['STEAM_API_KEY too short', { STEAM_API_KEY: 'abc' }, 'STEAM_API_KEY', /32-character/],
    [
      'STEAM_IDENTITY_SECRET not base64',
      { STEAM_IDENTITY_SECRET: 'not a secret' },
      'STEAM_IDENTITY_SECRET',
      /identity_secret/,
    ],
    ['POLL_INTERVAL_SECONDS 0', { POLL_INTERVAL_SECONDS: '0' }, 'POLL_INTERVAL_SECONDS', /positive number.*got "0"/],
    ['POLL_INTERVAL_SECONDS abc', { POLL_INTERVAL_SECONDS: 'abc' }, 'POLL_INTERVAL_SECONDS', /got "abc"/],
    ['DISCORD_API_URL not a URL', { DISCORD_API_URL: 'discord' }, 'DISCORD_API_URL', /got "discord"/],
    ['DISCORD_GUILD_ID not a snowflake', { DISCORD_GUILD_ID: 'my-server' }, 'DISCORD_GUILD_ID', /server id/],
    ['STORE_URL of an unknown kind', { STORE_URL: 'mysql://db/x' }, 'STORE_URL', /sqlite:\/\/path/],
    ['LOG_LEVEL unknown', { LOG_LEVEL: 'loud' }, 'LOG_LEVEL', /expected one of .*info.*got "loud"/],
    [
      'STEAM_INVENTORY_DELAY_MS negative',
      { STEAM_INVENTORY_DELAY_MS: '-5' },
      'STEAM_INVENTORY_DELAY_MS',
      /whole number of milliseconds/,
    ],
  ];
  for (const [what, change, variable, expected] of cases) {
    it(what, async () => {
      const result = await run({ ...GOOD, ...change });
      expectRefusal(result, variable, expected);
    });
  }

  it('secret values are never echoed, even malformed ones', async () => {
    const badCookie = `steamLoginSecure=${STEAM_ID}%7C%7Csecret-cookie-material-XYZ`;
    const results = await Promise.all([
      run({ ...GOOD, STEAM_COOKIES: badCookie }),
      run({ ...GOOD, DISCORD_TOKEN: 'short-token-XYZ' }),
      run({ ...GOOD, STEAM_API_KEY: 'not-a-key-but-secret-XYZ' }),
      run({ ...GOOD, STEAM_IDENTITY_SECRET: 'identity-secret-XYZ' }),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.stderr).not.toContain('XYZ');
      expect(result.stderr).not.toContain('[REDACTED]');
    }
    expect(results[0]!.stderr).toContain('STEAM_COOKIES: expected the steamLoginSecure cookie');
    for (const result of results.slice(1)) expect(result.stderr).toContain('the value given is not accepted');
  });
});

describe('.env', () => {
  it('is read from the working directory; a variable of the real environment wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-dotenv-'));
    try {
      const lines = Object.entries({ ...GOOD, LOG_LEVEL: 'chatty' }).map(([k, v]) => `${k}=${v}`);
      writeFileSync(join(dir, '.env'), `${lines.join('\n')}\n`);
      // Only .env: its bad LOG_LEVEL is what stops startup, so the file was read.
      const fromFile = await run({}, dir);
      expectRefusal(fromFile, 'LOG_LEVEL', /got "chatty"/);
      // The environment's STEAM_ID wins over the file's: now that is the problem named first.
      const overridden = await run({ STEAM_ID: 'from-env' }, dir);
      expect(overridden.stderr).toContain('STEAM_ID: ');
      expect(overridden.stderr).toContain('got "from-env"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a store that cannot be opened', () => {
  it('Redis that is not there: one line naming STORE_URL, the password hidden', async () => {
    const result = await run({ ...GOOD, STORE_URL: 'redis://:hunter2-store-pw@127.0.0.1:1' });
    expectRefusal(result, 'STORE_URL', /cannot (open|connect)/);
    expect(result.stderr).not.toContain('hunter2-store-pw');
  });

  it('PostgreSQL that is not there: one line naming STORE_URL, the password hidden', async () => {
    const result = await run({ ...GOOD, STORE_URL: 'postgresql://tradedesk:hunter2-store-pw@127.0.0.1:1/tradedesk' });
    expectRefusal(result, 'STORE_URL', /cannot (open|connect)/);
    expect(result.stderr).not.toContain('hunter2-store-pw');
  });

  it('an SQLite file that cannot be created', async () => {
    const blocker = join(cwd, 'not-a-dir');
    writeFileSync(blocker, 'a file where a folder should be');
    const result = await run({ ...GOOD, STORE_URL: `sqlite://${blocker}/tradedesk.sqlite` });
    expectRefusal(result, 'STORE_URL', /cannot create the folder for .*not-a-dir/);
  });
});
