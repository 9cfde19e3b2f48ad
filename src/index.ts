// Entry point of `npm start`. Startup problems end in one readable line on stderr and exit
// code 1 — never a stack trace, never a secret.
// Only config and logger are loaded up front: a bad setting is reported without first
// loading discord.js, keyv and the rest (over a second on a small machine).
// First of all: V8's memory settings, before any library allocates or compiles.
import './v8Settings.js';
import type { RunningApp } from './app.js';
import { ConfigError, loadConfig, type Config } from './config.js';
import { createLogger, redactSecrets, SecretList, type Logger } from './logger.js';

/** Each line of the message (one per problem) on stderr, prefixed, then exit code 1. */
function fail(message: string, secrets: readonly string[] = []): never {
  const lines = redactSecrets(message, secrets).split('\n');
  process.stderr.write(lines.map((line) => `tradedesk: ${line}\n`).join(''));
  process.exit(1);
}

function secretsOf(config: Config): string[] {
  return [
    config.DISCORD_TOKEN,
    config.STEAM_API_KEY,
    config.STEAM_COOKIES,
    config.STEAM_SESSION_ID,
    config.STEAM_IDENTITY_SECRET,
    config.STEAMTRADEBOTS_API_KEY,
    config.STEAM_REFRESH_TOKEN,
    config.STEAM_PASSWORD,
    config.STEAM_SHARED_SECRET,
    config.session?.accessToken,
    config.session?.steamLoginSecure,
    config.session && decodeURIComponent(config.session.steamLoginSecure),
    ...storePassword(config.STORE_URL),
  ].filter((value): value is string => typeof value === 'string' && value.length > 0);
}

/** The password in STORE_URL (redis://:pw@…, postgresql://user:pw@…), as written and decoded. */
function storePassword(storeUrl: string): string[] {
  try {
    const { password } = new URL(storeUrl);
    return password ? [password, decodeURIComponent(password)] : [];
  } catch {
    return [];
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  const secrets = secretsOf(config);
  // Tokens the bot makes while running are added to this list as they arrive.
  const secretList = new SecretList(secrets);
  const logger: Logger = createLogger({ level: config.LOG_LEVEL, secrets: secretList });
  // Node prints warnings to stderr by itself; route them through the (redacting) logger, and
  // keep undici's "DecompressInterceptor is experimental" notice out of the operator's way.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => {
    if (warning.name === 'ExperimentalWarning') logger.debug({ warning: warning.message }, 'node warning');
    else logger.warn({ err: warning }, 'node warning');
  });

  const [
    { startApp },
    { DiscordUnreachableError, NotInHomeServerError },
    { StoreUnavailableError },
    { TradeBotsStartupError },
    { NoSteamSessionError },
    { tradeBotsStartupLine },
  ] = await Promise.all([
    import('./app.js'),
    import('./homeServer.js'),
    import('./store/index.js'),
    import('./tradebots/service.js'),
    import('./steam/sessionFacts.js'),
    import('./format/configFileProblem.js'),
  ]);
  let app: RunningApp;
  try {
    app = await startApp(config, logger, secretList);
  } catch (error) {
    if (error instanceof NoSteamSessionError) fail(error.message, secretList.values());
    if (error instanceof StoreUnavailableError) fail(error.message, secrets);
    if (error instanceof TradeBotsStartupError) fail(tradeBotsStartupLine(error), secrets);
    if (error instanceof DiscordUnreachableError) fail(error.message, secrets);
    // Compared by name: the ops module (and prom-client) is loaded only with HTTP_PORT.
    if (error instanceof Error && error.name === 'OpsServerError') fail(error.message, secrets);
    if (error instanceof NotInHomeServerError) fail(error.message, secrets);
    const code = (error as { code?: unknown }).code;
    if (code === 'TokenInvalid' || (error as { status?: number }).status === 401) {
      fail(
        'DISCORD_TOKEN: Discord refused the bot token; copy it again from the developer portal (Bot → Reset Token).',
        secrets,
      );
    }
    logger.fatal({ err: error }, 'startup failed');
    fail(`startup failed: ${error instanceof Error ? error.message : String(error)}`, secrets);
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      app
        .stop(signal)
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
  // Nothing that escapes a handler may take the bot down with real trades in flight.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));
  process.on('uncaughtException', (error) => logger.error({ err: error }, 'uncaught exception'));
}

void main();
