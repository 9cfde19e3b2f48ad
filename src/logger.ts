// pino, JSON by default and readable on a terminal. Secrets are removed from the finished
// line rather than only from known fields: a cookie or key can hide inside an error message
// or a URL (`?key=`, `api_key=`, `access_token=`) of a library we do not control.
import pino, { type DestinationStream, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger } from 'pino';

const CENSOR = '[REDACTED]';

/** Query parameters and cookies that carry credentials, whatever their value. */
const CREDENTIAL_PATTERNS: RegExp[] = [
  /\b((?:api_)?key|access_token|token|trade_offer_access_token)=([^&\s"'\\;]+)/gi,
  /\b(steamLoginSecure|sessionid|steamRefresh_steam)=([^;&\s"'\\]+)/gi,
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
  for (const pattern of CREDENTIAL_PATTERNS) {
    out = out.replace(pattern, (_match, name: string) => `${name}=${CENSOR}`);
  }
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
        ],
        censor: CENSOR,
      },
      hooks: { streamWrite: (line) => redactSecrets(line, secrets) },
    },
    destination,
  );
}
