// Every setting of SPEC.md, read once from the environment (and `.env`), validated with zod.
// A bad value stops startup with one readable message naming the variable: never a stack
// trace, and never the value of a secret.
import { existsSync } from 'node:fs';
import { z } from 'zod';
import { isSnowflake, isSteamId64 } from './steam/ids.js';
import { decodeJwtClaims, parseSteamSession, type SteamSession } from './steam/session.js';
import type { SteamCredentials } from './steam/sessionFacts.js';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Variables whose values must never be echoed, not even in a validation error. */
export const SECRET_VARIABLES = [
  'DISCORD_TOKEN',
  'STEAM_API_KEY',
  'STEAM_COOKIES',
  'STEAM_SESSION_ID',
  'STEAM_IDENTITY_SECRET',
  'STEAMTRADEBOTS_API_KEY',
  'STEAM_REFRESH_TOKEN',
  'STEAM_PASSWORD',
  'STEAM_SHARED_SECRET',
] as const;

/** shared_secret / identity_secret from a maFile: 20 bytes as base64 (steam-totp also takes 40 hex). */
const maFileSecret = (what: string) =>
  z
    .string()
    .refine(
      (value) => /^[A-Za-z0-9+/]{27}=$/.test(value) || /^[0-9A-Fa-f]{40}$/.test(value),
      `expected ${what} from the maFile (28 base64 characters ending in =)`,
    );

const httpUrl = (what: string) =>
  z
    .string()
    .refine((value) => {
      try {
        const url = new URL(value);
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    }, `expected an http(s) URL (${what})`)
    .transform((value) => value.replace(/\/+$/, ''));

const positiveNumber = (what: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, `expected ${what}`)
    .transform(Number)
    .refine((n) => n > 0, `expected ${what}`);

const envSchema = z.object({
  DISCORD_TOKEN: z.string().regex(/^\S{20,}$/, 'expected the bot token from the Discord developer portal'),
  // The home server: the only one the bot answers in, posts to and registers commands in.
  DISCORD_GUILD_ID: z
    .string()
    .refine(
      isSnowflake,
      'expected the bot’s home server id (17–20 digits): in Discord turn on Developer Mode (User Settings → Advanced), then right-click the server icon → Copy Server ID',
    ),
  DISCORD_API_URL: httpUrl('the Discord REST base, e.g. https://discord.com/api').default('https://discord.com/api'),
  STEAM_ID: z.string().refine(isSteamId64, 'expected the bot account’s SteamID64 (17 digits starting with 7656119)'),
  STEAM_API_KEY: z
    .string()
    .regex(/^[0-9A-Fa-f]{32}$/, 'expected a 32-character Steam Web API key from steamcommunity.com/dev/apikey')
    .optional(),
  STEAM_COOKIES: z
    .string()
    .regex(/steamLoginSecure=/, 'expected the steamLoginSecure cookie copied from the browser')
    .optional(),
  STEAM_SESSION_ID: z
    .string()
    .regex(/^[0-9A-Fa-f]{24}$/, 'expected the sessionid cookie (24 hexadecimal characters)')
    .optional(),
  STEAM_REFRESH_TOKEN: z
    .string()
    .regex(/^[\w-]+\.[\w-]+\.[\w-]+$/, 'expected a Steam refresh token (a JWT, as `npm run login` obtains)')
    .optional(),
  STEAM_ACCOUNT_NAME: z.string().regex(/^\S+$/, 'expected the bot account’s login name').optional(),
  STEAM_PASSWORD: z.string().min(1).optional(),
  STEAM_SHARED_SECRET: maFileSecret('shared_secret').optional(),
  STEAM_IDENTITY_SECRET: maFileSecret('identity_secret').optional(),
  STEAM_COMMUNITY_URL: httpUrl('e.g. https://steamcommunity.com').default('https://steamcommunity.com'),
  STEAM_WEB_API_URL: httpUrl('e.g. https://api.steampowered.com').default('https://api.steampowered.com'),
  STEAMTRADEBOTS_API_KEY: z
    .string()
    .regex(/^\S+$/, 'expected the bot API key from the SteamTradeBots dashboard')
    .optional(),
  STEAMTRADEBOTS_API_URL: httpUrl('e.g. https://steamtradebots.com/api/v1').default(
    'https://steamtradebots.com/api/v1',
  ),
  STEAMTRADEBOTS_RATES_FILE: z.string().min(1).default('rates.json'),
  STEAMTRADEBOTS_SET_SIZES_FILE: z.string().min(1).optional(),
  STORE_URL: z
    .string()
    .regex(
      /^(sqlite|redis|rediss|postgres|postgresql):\/\/.+/,
      'expected sqlite://path, redis://host:port or postgresql://user:password@host/db',
    )
    .default('sqlite://data/tradedesk.sqlite'),
  POLL_INTERVAL_SECONDS: positiveNumber('a positive number of seconds').default(30),
  STEAM_INVENTORY_DELAY_MS: z
    .string()
    .regex(/^\d+$/, 'expected a whole number of milliseconds (0 or more)')
    .transform(Number)
    .default(4000),
  STEAM_CONFIRMATION_DELAY_MS: z
    .string()
    .regex(/^\d+$/, 'expected a whole number of milliseconds (0 or more)')
    .transform(Number)
    .default(10_000),
  // Docker's own default gives 10 s between SIGTERM and SIGKILL: the README says to raise it.
  SHUTDOWN_WAIT_SECONDS: positiveNumber('a positive number of seconds').default(20),
  LOG_LEVEL: z.enum(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`).default('info'),
  // 0 asks the system for a free port (tests); the address is logged.
  HTTP_PORT: z
    .string()
    .regex(/^\d{1,5}$/, 'expected a TCP port number (1–65535)')
    .transform(Number)
    .refine((port) => port <= 65_535, 'expected a TCP port number (1–65535)')
    .optional(),
  HTTP_HOST: z
    .string()
    .regex(/^[A-Za-z0-9.:[\]-]+$/, 'expected an address to listen on, e.g. 127.0.0.1, 0.0.0.0 or ::')
    .default('127.0.0.1'),
});

export type Env = z.infer<typeof envSchema>;

export interface Config extends Env {
  /** Cookies pasted by hand, when given. */
  session: SteamSession | null;
  /** STEAM_ACCOUNT_NAME + STEAM_PASSWORD + STEAM_SHARED_SECRET, when all three are set. */
  credentials: SteamCredentials | undefined;
}

/** One line per problem, each starting with the variable's name. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

function describeValue(name: string, value: unknown): string {
  if (value === undefined) return 'it is not set';
  if ((SECRET_VARIABLES as readonly string[]).includes(name)) return 'the value given is not accepted';
  const text = String(value);
  return `got "${text.length > 60 ? `${text.slice(0, 60)}…` : text}"`;
}

/** Reads `.env` (without overriding what the environment already has), then validates. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): Config {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  // An empty line like `STEAM_API_KEY=` in .env means "not set", not "set to nothing".
  const present = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = envSchema.safeParse(present);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '?');
      const message = issue.code === 'invalid_type' ? expectedFor(name) : issue.message;
      problems.push(`${name}: ${message}; ${describeValue(name, present[name])}`);
    }
    throw new ConfigError(problems);
  }
  const config = parsed.data;
  checkRefreshToken(config);
  return { ...config, session: cookieSession(config), credentials: credentialsOf(config) };
}

function cookieSession(config: Env): SteamSession | null {
  if (config.STEAM_COOKIES === undefined && config.STEAM_SESSION_ID === undefined) return null;
  if (config.STEAM_COOKIES === undefined) {
    throw new ConfigError([`STEAM_COOKIES: expected the steamLoginSecure cookie with STEAM_SESSION_ID; it is not set`]);
  }
  if (config.STEAM_SESSION_ID === undefined) {
    throw new ConfigError([
      `STEAM_SESSION_ID: expected the sessionid cookie (24 hexadecimal characters) with STEAM_COOKIES; it is not set`,
    ]);
  }
  const session = parseSteamSession(config.STEAM_COOKIES, config.STEAM_SESSION_ID);
  if (!session.ok) {
    throw new ConfigError([
      `STEAM_COOKIES: expected the steamLoginSecure cookie copied from the browser; it ${session.reason}`,
    ]);
  }
  if (session.value.steamid !== config.STEAM_ID) {
    throw new ConfigError([
      `STEAM_COOKIES: the steamLoginSecure cookie belongs to ${session.value.steamid}, not STEAM_ID ${config.STEAM_ID}`,
    ]);
  }
  return session.value;
}

/** A refresh token the bot can renew: this account's, a refresh (not access) token, of the MobileApp kind. */
function checkRefreshToken(config: Env): void {
  const token = config.STEAM_REFRESH_TOKEN;
  if (token === undefined) return;
  const claims = decodeJwtClaims(token);
  const problem = !claims
    ? 'it is not a readable JWT'
    : claims.sub !== config.STEAM_ID
      ? `it belongs to ${claims.sub ?? 'no account'}, not STEAM_ID ${config.STEAM_ID}`
      : !audience(claims.aud).includes('derive')
        ? 'it is an access token, not a refresh token'
        : !audience(claims.aud).includes('mobile')
          ? 'it is not of the MobileApp kind, which Steam no longer renews over the Web API (run `npm run login` for one that is)'
          : null;
  if (problem) {
    throw new ConfigError([`STEAM_REFRESH_TOKEN: expected a MobileApp refresh token of the bot account; ${problem}`]);
  }
}

const audience = (aud: string | string[] | undefined): string[] => (aud === undefined ? [] : [aud].flat());

function credentialsOf(config: Env): SteamCredentials | undefined {
  const { STEAM_ACCOUNT_NAME: accountName, STEAM_PASSWORD: password, STEAM_SHARED_SECRET: sharedSecret } = config;
  if (accountName === undefined && password === undefined) return undefined;
  if (accountName === undefined || password === undefined || sharedSecret === undefined) {
    const missing = [
      accountName === undefined ? 'STEAM_ACCOUNT_NAME' : null,
      password === undefined ? 'STEAM_PASSWORD' : null,
      sharedSecret === undefined ? 'STEAM_SHARED_SECRET' : null,
    ].filter((name): name is string => name !== null);
    throw new ConfigError([
      `${missing[0]}: expected with ${['STEAM_ACCOUNT_NAME', 'STEAM_PASSWORD', 'STEAM_SHARED_SECRET'].filter((n) => !missing.includes(n)).join(' and ')} (the bot signs in by itself only with all three); it is not set`,
    ]);
  }
  return { accountName, password, sharedSecret };
}

/** The message for a required variable that is missing. */
function expectedFor(name: string): string {
  const field = envSchema.shape[name as keyof typeof envSchema.shape];
  // Each schema's first refinement message already says what is expected; reuse it.
  const probe = field.safeParse('\u0000');
  const message = probe.success ? undefined : probe.error.issues[0]?.message;
  return message ?? 'expected a value';
}

const loginSchema = envSchema
  .pick({
    STEAM_ACCOUNT_NAME: true,
    STEAM_SHARED_SECRET: true,
    STEAM_COMMUNITY_URL: true,
    STEAM_WEB_API_URL: true,
    STORE_URL: true,
  })
  .extend({ STEAM_ID: envSchema.shape.STEAM_ID.optional() });
export type LoginConfig = z.infer<typeof loginSchema>;

/** What `npm run login` needs: the store, Steam's address, and optionally the shared secret and STEAM_ID to check. */
export function loadLoginConfig(env: NodeJS.ProcessEnv = process.env, envFile = '.env'): LoginConfig {
  if (env === process.env && existsSync(envFile)) process.loadEnvFile(envFile);
  const present = Object.fromEntries(
    Object.keys(loginSchema.shape).flatMap((key) => {
      const value = env[key]?.trim();
      return value ? [[key, value]] : [];
    }),
  );
  const parsed = loginSchema.safeParse(present);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? '?');
        return `${name}: ${issue.message}; ${describeValue(name, present[name])}`;
      }),
    );
  }
  return parsed.data;
}
