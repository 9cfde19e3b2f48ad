// pino, JSON by default and readable on a terminal. Secrets are removed from the finished
// line rather than only from known fields: a cookie or key can hide inside an error message
// or a URL (`?key=`, `api_key=`, `access_token=`) of a library we do not control.
import pino, { type DestinationStream, type Logger } from 'pino';
import { createRequire } from 'node:module';

export type { Logger } from 'pino';

const CENSOR = '[REDACTED]';

/**
 * Credentials recognised by their place rather than their value, each kept up to the part
 * that names it (`$1`) with the rest censored:
 * - query parameters and cookies (`?key=`, `access_token=`, `steamLoginSecure=`);
 * - interaction and webhook tokens in Discord URLs (`/interactions/{id}/{token}/callback`,
 *   `/webhooks/{app}/{token}/messages/@original`): whoever holds one can answer as the bot in
 *   that channel for 15 minutes, and discord.js puts the URL in every DiscordAPIError;
 * - the password in a URL's user info (`redis://:pw@host`, `postgresql://user:pw@host/db`);
 * - JSON fields named like a credential (`"token"`, `"accessToken"`, `"refresh_token"`,
 *   `"password"`, `"identitySecret"`), e.g. a whole interaction payload logged by a library;
 * - `Authorization: Bot …` / `Bearer …` headers.
 */
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\b((?:api_)?key|access_token|token|trade_offer_access_token)=[^&\s"'\\;]+/gi,
  /\b(steamLoginSecure|sessionid|steamRefresh_steam)=[^;&\s"'\\]+/gi,
  /(\/(?:interactions|webhooks)\/\d+\/)[^/\s"'?#\\]+/gi,
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'\\]*:)(?!\*+@)[^\s@/"'\\]+(?=@)/gi,
  /("[A-Za-z_]*(?:token|password|secret)"\s*:\s*")(?:[^"\\]|\\.)*(?=")/gi,
  /\b((?:Bot|Bearer)\s+)[A-Za-z0-9._~+/-]{20,}=*/g,
  // Any JWT (Steam access and refresh tokens), even one not yet known as a secret.
  /\b()ey[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g,
];

/** Replaces every secret value (raw, URL-encoded and JSON-escaped) and every credential parameter. */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    // Short values would match ordinary text; none of the real secrets is this short.
    if (secret.length < 6) continue;
    for (const form of new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])) {
      out = out.split(form).join(CENSOR);
    }
  }
  CREDENTIAL_PATTERNS.forEach((pattern, index) => {
    // The first two keep `name=`; the others keep everything up to the secret.
    out = out.replace(pattern, (_match, kept: string) => (index < 2 ? `${kept}=${CENSOR}` : `${kept}${CENSOR}`));
  });
  return out;
}

/**
 * The secret values to censor. Tokens the bot obtains while running (renewed access and refresh
 * tokens) are added as they arrive; only the newest ones are kept, older ones no longer work.
 */
export class SecretList {
  private readonly fixed: string[];
  private readonly added: string[] = [];
  private sorted: string[];

  constructor(initial: readonly string[] = []) {
    this.fixed = initial.filter((value) => value.length > 0);
    this.sorted = this.sort();
  }

  add(value: string): void {
    if (value.length === 0 || this.fixed.includes(value) || this.added.includes(value)) return;
    this.added.push(value);
    if (this.added.length > 48) this.added.shift();
    this.sorted = this.sort();
  }

  /** Longest first, so a secret containing another is censored whole. */
  values(): readonly string[] {
    return this.sorted;
  }

  private sort(): string[] {
    return [...this.fixed, ...this.added].sort((a, b) => b.length - a.length);
  }
}

export interface LoggerOptions {
  level: string;
  secrets: readonly string[] | SecretList;
  /** Human-readable lines instead of JSON; default: when stdout is a terminal. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = options.secrets instanceof SecretList ? options.secrets : new SecretList(options.secrets);
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const destination =
    options.destination ??
    (usePretty
      ? // Loaded only for a terminal: JSON lines (a service, a container) never need it.
        (createRequire(import.meta.url)('pino-pretty') as typeof import('pino-pretty'))({
          colorize: true,
          translateTime: 'SYS:HH:MM:ss',
          sync: true,
        })
      : pino.destination({ sync: true }));
  return pino(
    {
      level: options.level,
      base: { name: 'tradedesk' },
      redact: {
        paths: [
          'token',
          'cookies',
          'cookie',
          'headers.cookie',
          'headers.authorization',
          '*.headers.cookie',
          '*.headers.authorization',
          'identitySecret',
          'apiKey',
          'password',
          '*.token',
          '*.password',
        ],
        censor: CENSOR,
      },
      hooks: { streamWrite: (line) => redactSecrets(line, secrets.values()) },
    },
    destination,
  );
}
