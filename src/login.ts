// `npm run login`: signs the bot account in to Steam once, at a terminal, as the Steam mobile app
// does (docs/steam.md#signing-in), and keeps the MobileApp refresh token in the store. From then on
// the bot makes its own access tokens from it. Asks for the account name, the password (not echoed)
// and, unless STEAM_SHARED_SECRET computes it, the Steam Guard code. Prints one line on success and
// one line on any failure; never a token, the password or the shared secret.
import { createInterface } from 'node:readline/promises';
import { ConfigError, loadLoginConfig, type LoginConfig } from './config.js';
import { createLogger, redactSecrets, SecretList } from './logger.js';

const secrets = new SecretList();

function fail(message: string): never {
  process.stderr.write(`npm run login: ${redactSecrets(message, secrets.values())}\n`);
  process.exit(1);
}

/** One line from the terminal; with `hidden`, nothing typed is shown (the password). */
async function ask(question: string, hidden = false): Promise<string> {
  if (!hidden) {
    const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    try {
      return (await rl.question(question)).trim();
    } finally {
      rl.close();
    }
  }
  const stdin = process.stdin;
  // Raw mode before the prompt: nothing typed after it appears is echoed.
  stdin.setRawMode(true);
  process.stdout.write(question);
  stdin.resume();
  stdin.setEncoding('utf8');
  return new Promise((resolve) => {
    let typed = '';
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\u0003') {
          process.stdout.write('\n');
          process.exit(130);
        } else if (char === '\r' || char === '\n') {
          stdin.setRawMode(false);
          stdin.pause();
          stdin.off('data', onData);
          process.stdout.write('\n');
          resolve(typed);
          return;
        } else if (char === '\u007f' || char === '\b') {
          typed = typed.slice(0, -1);
        } else {
          typed += char;
        }
      }
    };
    stdin.on('data', onData);
  });
}

async function main(): Promise<void> {
  if (!process.stdin.isTTY) fail('run it in a terminal: it asks for the password and does not read it from a pipe.');
  let config: LoginConfig;
  try {
    config = loadLoginConfig();
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
  if (config.STEAM_SHARED_SECRET) secrets.add(config.STEAM_SHARED_SECRET);
  // Nothing but the result is printed: logs go nowhere.
  const logger = createLogger({ level: 'silent', secrets, pretty: false });
  const [{ openStore, StoreUnavailableError }, { SteamHttp }, { signIn, SignInError }, keeper, { steamSessionRecord }] =
    await Promise.all([
      import('./store/index.js'),
      import('./steam/http.js'),
      import('./steam/signIn.js'),
      import('./steam/sessionFacts.js'),
      import('./store/steamSession.js'),
    ]);

  const accountName =
    (await ask(`Steam account name${config.STEAM_ACCOUNT_NAME ? ` [${config.STEAM_ACCOUNT_NAME}]` : ''}: `)) ||
    config.STEAM_ACCOUNT_NAME;
  if (!accountName) fail('no account name given.');
  const password = await ask('Password (not shown): ', true);
  if (!password) fail('no password given.');
  secrets.add(password);

  let store;
  try {
    store = await openStore(config.STORE_URL, { logger });
  } catch (error) {
    if (error instanceof StoreUnavailableError) fail(error.message);
    throw error;
  }
  const http = new SteamHttp({
    communityUrl: config.STEAM_COMMUNITY_URL,
    webApiUrl: config.STEAM_WEB_API_URL,
    session: keeper.placeholderSession(config.STEAM_ID ?? '0', Date.now()),
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger,
  });
  try {
    const signed = await signIn(http, {
      accountName,
      password,
      sharedSecret: config.STEAM_SHARED_SECRET,
      askCode: (kind, hint) =>
        ask(
          kind === 'email'
            ? `Steam Guard code from the email${hint ? ` sent to …@${hint}` : ''}: `
            : 'Steam Guard code from the mobile app: ',
        ),
      onWaitingForConfirmation: () => process.stdout.write('Approve this sign-in in the Steam mobile app…\n'),
      sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    });
    secrets.add(signed.refreshToken);
    if (signed.accessToken) secrets.add(signed.accessToken);
    if (config.STEAM_ID && signed.steamid !== config.STEAM_ID) {
      fail(`${accountName} is Steam account ${signed.steamid}, not STEAM_ID ${config.STEAM_ID}; nothing was kept.`);
    }
    await steamSessionRecord(store, signed.steamid).write({
      steamid: signed.steamid,
      refreshToken: signed.refreshToken,
      ...(signed.accessToken ? { accessToken: signed.accessToken } : {}),
      origin: 'login',
      savedAt: Date.now(),
    });
    process.stdout.write(
      `signed in as ${signed.accountName}; refresh token kept in ${store.description}; valid until ${signed.refreshExpiresAt.toISOString().slice(0, 10)}\n`,
    );
  } catch (error) {
    if (error instanceof SignInError) fail(error.message);
    fail(`signing in failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await http.close().catch(() => undefined);
    await store.close().catch(() => undefined);
  }
  process.exit(0);
}

void main();
