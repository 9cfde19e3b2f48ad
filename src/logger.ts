// pino, JSON by default and readable on a terminal. Secrets are removed from the finished
// line rather than only from known fields: a cookie or key can hide inside an error message
// or a URL (`?key=`, `api_key=`, `access_token=`) of a library we do not control.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

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

export interface LoggerOptions {
  level: string;
  secrets: readonly string[];
  /** Human-readable lines instead of JSON; default: when stdout is a terminal. */
  pretty?: boolean;
  destination?: DestinationStream;
}

export function createLogger(options: LoggerOptions): Logger {
  const secrets = [...options.secrets].sort((a, b) => b.length - a.length);
  const usePretty = options.pretty ?? process.stdout.isTTY === true;
  const destination =
    options.destination ??
    (usePretty
      ? pretty({ colorize: true, translateTime: 'SYS:HH:MM:ss', sync: true })
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
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
    },
    destination,
  );
}
