// The configuration parser (src/config.ts) and the startup checks that follow it, in-process: every
// variable's refusal is one problem line naming it, no stack, no secret. What only the real process can
// show (exit code 1, the "tradedesk: " prefix on stderr, nothing on stdout, .env read from the working
// directory, Discord, a port in use) stays in test/entry/config.entry.test.ts.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { tradeBotsStartupLine } from '../../src/format/configFileProblem.js';
import { openStore, StoreUnavailableError } from '../../src/store/index.js';
import { loadTradeBotsFiles, TradeBotsStartupError } from '../../src/tradebots/service.js';

const STEAM_ID = '76561198012345678';
const OTHER_ID = '76561198087654321';

function jwt(claims: Record<string, unknown>): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ typ: 'JWT', alg: 'EdDSA' })}.${part(claims)}.${Buffer.from('signature').toString('base64url')}`;
}

const ACCESS_TOKEN = jwt({ iss: 'steam', sub: STEAM_ID, aud: ['web:community'], exp: 4_102_444_800 });
const DISCORD_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.discord-token-secret-value';
const SECRETS = [DISCORD_TOKEN, ACCESS_TOKEN, '0123456789ABCDEF0123456789ABCDEF'];

let cwd: string;
let GOOD: Record<string, string>;

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'tradedesk-config-'));
  GOOD = {
    DISCORD_TOKEN,
    DISCORD_GUILD_ID: '1100000000000000001',
    STEAM_ID,
    STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7C${ACCESS_TOKEN}; sessionid=0123456789abcdef01234567`,
    STEAM_SESSION_ID: '0123456789abcdef01234567',
    STEAM_API_KEY: '0123456789ABCDEF0123456789ABCDEF',
    DISCORD_API_URL: 'http://127.0.0.1:1/api',
    STORE_URL: `sqlite://${join(cwd, 'data', 'test.sqlite')}`,
  };
});

afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** The problems loadConfig refuses `env` with (it must refuse). */
function refusal(env: Record<string, string | undefined>): string[] {
  const clean = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined));
  let error: unknown = null;
  try {
    loadConfig(clean);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ConfigError);
  return (error as ConfigError).problems;
}

/** One problem, naming `variable` first, readable: no stack, no secret. */
function expectOneProblem(problems: string[], variable: string, expected: RegExp): string {
  expect(problems).toHaveLength(1);
  const line = problems[0]!;
  expect(line).not.toContain('\n');
  expect(line.startsWith(`${variable}: `), line).toBe(true);
  expect(line).toMatch(expected);
  expect(line).not.toMatch(/\bat .*:\d+:\d+/);
  for (const secret of SECRETS) expect(line).not.toContain(secret);
  return line;
}

describe('a bad variable is refused with one line naming it', () => {
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
    ['SHUTDOWN_WAIT_SECONDS 0', { SHUTDOWN_WAIT_SECONDS: '0' }, 'SHUTDOWN_WAIT_SECONDS', /positive number.*got "0"$/],
    ['SHUTDOWN_WAIT_SECONDS 10s', { SHUTDOWN_WAIT_SECONDS: '10s' }, 'SHUTDOWN_WAIT_SECONDS', /got "10s"$/],
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
    it(what, () => {
      expectOneProblem(refusal({ ...GOOD, ...change }), variable, expected);
    });
  }

  it('the good configuration passes', () => {
    const config = loadConfig(GOOD);
    expect(config.STEAM_ID).toBe(STEAM_ID);
    expect(config.session?.steamid).toBe(STEAM_ID);
    expect(config.SHUTDOWN_WAIT_SECONDS).toBe(20);
    expect(loadConfig({ ...GOOD, SHUTDOWN_WAIT_SECONDS: '1.5' }).SHUTDOWN_WAIT_SECONDS).toBe(1.5);
  });

  it('several bad variables: one line each, every one named', () => {
    expect(refusal({ ...GOOD, DISCORD_TOKEN: undefined, POLL_INTERVAL_SECONDS: '0', LOG_LEVEL: 'loud' })).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN: expected the bot token.*; it is not set$/),
      'POLL_INTERVAL_SECONDS: expected a positive number of seconds; got "0"',
      expect.stringMatching(/^LOG_LEVEL: expected one of .*; got "loud"$/),
    ]);
  });

  it('secret values are never echoed, even malformed ones', () => {
    const marker = 'XyZzY-secret-material';
    const cases: Array<[string, Record<string, string>]> = [
      ['STEAM_COOKIES', { STEAM_COOKIES: `steamLoginSecure=${STEAM_ID}%7C%7C${marker}` }],
      ['STEAM_COOKIES', { STEAM_COOKIES: `sessionid=${marker}` }],
      // 20+ characters without a space would pass as a token; this one has a space.
      ['DISCORD_TOKEN', { DISCORD_TOKEN: `${marker} x` }],
      ['STEAM_API_KEY', { STEAM_API_KEY: marker }],
      ['STEAM_SESSION_ID', { STEAM_SESSION_ID: marker }],
      ['STEAM_IDENTITY_SECRET', { STEAM_IDENTITY_SECRET: marker }],
      ['STEAMTRADEBOTS_API_KEY', { STEAMTRADEBOTS_API_KEY: `${marker} with spaces` }],
      ['STEAM_REFRESH_TOKEN', { STEAM_REFRESH_TOKEN: `${marker} with spaces` }],
      ['STEAM_SHARED_SECRET', { STEAM_SHARED_SECRET: marker }],
    ];
    cases.forEach(([variable, change], i) => {
      const line = expectOneProblem(refusal({ ...GOOD, ...change }), variable, /expected /);
      expect(line).not.toContain(marker);
      expect(line).not.toContain('XyZzY');
      // Said in words, not by a censored echo.
      expect(line).not.toContain('[REDACTED]');
      if (i >= 2) expect(line.endsWith('; the value given is not accepted')).toBe(true);
    });
  });
});

describe('.env', () => {
  // loadConfig reads .env into process.env only when given process.env itself, as the entry point does.
  let saved: Record<string, string | undefined>;
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'tradedesk-dotenv-'));
    const lines = Object.entries({ ...GOOD, LOG_LEVEL: 'chatty' }).map(([k, v]) => `${k}=${v}`);
    writeFileSync(join(dir, '.env'), `# tradedesk settings\n${lines.join('\n')}\n`);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** What these tests set or .env loads: put back as it was after each. */
  const keys = () => ['LOG_LEVEL', ...Object.keys(GOOD)];
  afterEach(() => {
    for (const key of keys()) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  const withEnv = (values: Record<string, string>) => {
    saved = Object.fromEntries(keys().map((key) => [key, process.env[key]]));
    for (const key of keys()) delete process.env[key];
    Object.assign(process.env, values);
  };
  const loadFromDotEnv = () => {
    try {
      return loadConfig(process.env, join(dir, '.env'));
    } catch (error) {
      if (error instanceof ConfigError) return error;
      throw error;
    }
  };

  it('is read; its bad LOG_LEVEL is what is refused', () => {
    withEnv({});
    const result = loadFromDotEnv();
    expect(result).toBeInstanceOf(ConfigError);
    expectOneProblem((result as ConfigError).problems, 'LOG_LEVEL', /got "chatty"$/);
  });

  it('a variable of the real environment wins over it: the rest of .env is good, so the configuration passes', () => {
    withEnv({ LOG_LEVEL: 'warn' });
    const result = loadFromDotEnv();
    expect(result).not.toBeInstanceOf(ConfigError);
    expect(result).toMatchObject({ LOG_LEVEL: 'warn', STEAM_ID, DISCORD_TOKEN });
  });

  it('a bad value in the environment wins over a good one in the file', () => {
    withEnv({ LOG_LEVEL: 'warn', STEAM_ID: 'from-env' });
    const result = loadFromDotEnv();
    expect(result).toBeInstanceOf(ConfigError);
    expectOneProblem((result as ConfigError).problems, 'STEAM_ID', /got "from-env"$/);
  });

  it('is optional: without one, the environment alone is enough', () => {
    withEnv(GOOD);
    expect(loadConfig(process.env, join(dir, 'absent', '.env'))).toMatchObject({ STEAM_ID, LOG_LEVEL: 'info' });
  });
});

describe('the rates and set-size files', () => {
  const refused = async (config: Parameters<typeof loadTradeBotsFiles>[0]): Promise<string> => {
    const error = await loadTradeBotsFiles(config).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TradeBotsStartupError);
    return tradeBotsStartupLine(error as TradeBotsStartupError);
  };
  const withKey = (file: string) => ({
    STEAMTRADEBOTS_API_KEY: 'tb-key-0123456789',
    STEAMTRADEBOTS_RATES_FILE: file,
    STEAMTRADEBOTS_SET_SIZES_FILE: undefined,
  });

  it('publishing configured without a rates file: one line saying how to make one', async () => {
    const line = await refused(withKey(join(cwd, 'absent.json')));
    expect(line).toMatch(/^STEAMTRADEBOTS_RATES_FILE: .*absent/);
    expect(line).toContain('file not found');
    expect(line).toContain('copy rates.example.json, or write {}');
    expect(line).not.toContain('tb-key-0123456789');
    expect(line).not.toContain('\n');
  });

  it('a rates file that is not JSON', async () => {
    const file = join(cwd, 'broken.json');
    writeFileSync(file, '{ "buy_gems_set": 400,');
    expect(await refused(withKey(file))).toMatch(/^STEAMTRADEBOTS_RATES_FILE: .*broken\.json: not valid JSON/);
  });

  it('a rates file with a bad field names the field', async () => {
    const file = join(cwd, 'negative.json');
    writeFileSync(file, JSON.stringify({ buy_gems_set: -5 }));
    expect(await refused(withKey(file))).toMatch(/^STEAMTRADEBOTS_RATES_FILE: .*negative\.json.*buy_gems_set/);
  });

  it('a rates file that exists is checked even without STEAMTRADEBOTS_API_KEY', async () => {
    const file = join(cwd, 'list.json');
    writeFileSync(file, '[1, 2]');
    const line = await refused({
      STEAMTRADEBOTS_API_KEY: undefined,
      STEAMTRADEBOTS_RATES_FILE: file,
      STEAMTRADEBOTS_SET_SIZES_FILE: undefined,
    });
    expect(line).toMatch(/^STEAMTRADEBOTS_RATES_FILE: .*list\.json: expected a JSON object/);
  });

  it('a set-size file that is named but missing', async () => {
    const line = await refused({
      STEAMTRADEBOTS_API_KEY: undefined,
      STEAMTRADEBOTS_RATES_FILE: join(cwd, 'no-rates.json'),
      STEAMTRADEBOTS_SET_SIZES_FILE: join(cwd, 'sizes-absent.json'),
    });
    expect(line).toMatch(/^STEAMTRADEBOTS_SET_SIZES_FILE: .*sizes-absent\.json/);
  });
});

describe('a store that cannot be opened', () => {
  const logger = pino({ level: 'silent' });
  const refused = async (url: string): Promise<string> => {
    const error = await openStore(url, { logger }).then(
      (store) => store.close().then(() => null),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StoreUnavailableError);
    return (error as Error).message;
  };

  it('PostgreSQL that is not there: one line naming STORE_URL, the password hidden', async () => {
    const line = await refused('postgresql://tradedesk:hunter2-store-pw@127.0.0.1:1/tradedesk');
    expect(line).toMatch(/^STORE_URL: cannot connect to PostgreSQL/);
    expect(line).toContain('tradedesk:***@127.0.0.1');
    expect(line).not.toContain('hunter2-store-pw');
  });

  it('an SQLite file whose folder cannot be created', async () => {
    const blocker = join(cwd, 'not-a-dir');
    writeFileSync(blocker, 'a file where a folder should be');
    expect(await refused(`sqlite://${blocker}/sub/tradedesk.sqlite`)).toMatch(
      /^STORE_URL: cannot create the folder for .*not-a-dir/,
    );
  });

  it('an SQLite path that is a folder', async () => {
    const folder = join(cwd, 'is-a-dir.sqlite');
    mkdirSync(folder);
    expect(await refused(`sqlite://${folder}`)).toMatch(/^STORE_URL: .*is-a-dir\.sqlite/);
  });
});
