// A Steam session that renews itself, end to end: the real bot process with only a refresh token (no
// cookies) against the Steam stand-in's IAuthenticationService, with access tokens that live seconds.
// Offers keep being posted across renewals, a restart after the refresh token was renewed still works
// with the original STEAM_REFRESH_TOKEN set, a revoked token signs in again with credentials (or gives
// one alert without them), and `npm run login` is driven through a pseudo-terminal.
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { gems, tf2Key } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000301';
const LOGIN_ENTRY = resolve(import.meta.dirname, '../../dist/src/login.js');
const GENERATE = '/IAuthenticationService/GenerateAccessTokenForApp/v1/';
/**
 * Seconds: a renewal every 2 s (a third of the lifetime, 1 s, before exp). A multiple of 3, so that
 * margin is whole seconds like the JWT's iat and exp and renewals stay evenly spaced.
 */
const ACCESS_LIFETIME_S = 3;

let h: Harness | undefined;

afterEach(async () => {
  await h?.close();
  h = undefined;
});

const NO_COOKIES = { STEAM_COOKIES: '', STEAM_SESSION_ID: '' };

async function refreshTokenBot(extra: (steam: Harness['steam']) => Record<string, string> = () => ({})) {
  let original = '';
  h = await startHarness({
    prepare: (steam) => {
      steam.auth.options.accessTokenLifetimeSeconds = ACCESS_LIFETIME_S;
      steam.auth.options.pollIntervalSeconds = 0.2;
      original = steam.auth.issueRefreshToken();
      steam.addUser({ steamid: PARTNER, personaName: 'Rochelle', tradeToken: 'QwEr5678', friends: true });
      return { ...NO_COOKIES, STEAM_REFRESH_TOKEN: original, ...extra(steam) };
    },
  });
  return { h, original };
}

/** A received offer; resolves once its card is in the channel. */
async function offerIsPosted(harness: Harness): Promise<void> {
  const item = tf2Key();
  const gift = gems(10);
  harness.steam.setInventory(PARTNER, 440, '2', [item]);
  harness.steam.setInventory(PARTNER, 753, '6', [gift]);
  const id = harness.steam.addOffer({ partner: PARTNER, receive: [item.assetid!, gift.assetid!], message: 'gift' });
  await harness.discord.waitForMessage(
    harness.channelId,
    (m) => (m.embeds[0] as { title?: string } | undefined)?.title?.includes(`#${id}`) ?? false,
    { timeoutMs: 20_000 },
  );
}

const renewals = (harness: Harness) => harness.steam.count((r) => r.path === GENERATE && r.status === 200);

/** Resolves once `n` more renewals than now have been answered. */
async function renewalsPass(harness: Harness, n: number): Promise<void> {
  const target = renewals(harness) + n;
  while (renewals(harness) < target) {
    await harness.steam.waitForRequest((r) => r.path === GENERATE, { timeoutMs: 20_000 });
  }
}

const alerts = (harness: Harness) =>
  harness.discord.messages(harness.channelId).filter((m: StoredMessage) => /⚠️|⏳|✅ The bot’s Steam/.test(m.content));

function expectNoSecrets(harness: Harness, extra: string[] = []): void {
  const output = harness.bot.allOutput();
  expect(output).not.toMatch(/ey[\w-]{10,}\.ey[\w-]{10,}\.[\w-]{10,}/);
  for (const secret of [harness.steam.auth.options.password, harness.steam.auth.options.sharedSecret, ...extra]) {
    expect(output).not.toContain(secret);
  }
  for (const m of harness.discord.messages(harness.channelId)) {
    expect(JSON.stringify(m)).not.toMatch(/ey[\w-]{10,}\.ey[\w-]{10,}\./);
  }
}

describe('a bot with only a refresh token', () => {
  it('renews by itself through several access-token lifetimes, posting offers throughout, with no alert', async () => {
    const { h, original } = await refreshTokenBot();
    const started = Date.now();
    // More than three lifetimes: an offer posted in each, and the renewals between them. Renewals are
    // 2 s apart (a whole second after iat, plus however late the bot was), so six take more than 9 s.
    for (let lifetime = 0; lifetime < 3; lifetime += 1) {
      await offerIsPosted(h);
      await renewalsPass(h, 2);
    }
    const ranMs = Date.now() - started;
    expect(ranMs).toBeGreaterThan(3 * ACCESS_LIFETIME_S * 1000);
    expect(alerts(h)).toEqual([]);
    // Every renewal is one GenerateAccessTokenForApp and nothing else on the auth service.
    const authCalls = h.steam.requests.filter((r) => r.path.startsWith('/IAuthenticationService/'));
    expect(new Set(authCalls.map((r) => r.path))).toEqual(new Set([GENERATE]));
    expect(h.steam.auth.issued.signIns).toBe(0);
    // The bot's trade-offer calls used access tokens the stand-in made (none was refused for good).
    expect(h.bot.logs.some((l) => l.msg === 'Steam session renewed')).toBe(true);
    console.info(
      `refresh-token bot ran ${(ranMs / 1000).toFixed(1)} s without a person: ${renewals(h)} renewals, ` +
        `${h.discord.messages(h.channelId).length} messages, ${(ranMs / 1000 / ACCESS_LIFETIME_S).toFixed(1)} access-token lifetimes`,
    );

    // A restart after Steam renewed (and retired) the original refresh token, which is still set.
    expect(h.steam.auth.issued.refreshTokens).toBeGreaterThan(1);
    await h.restartBot();
    await renewalsPass(h, 2);
    await offerIsPosted(h);
    expect(alerts(h)).toEqual([]);
    // The original was never sent again: the stored token won.
    const sentOriginal = h.steam.requests.filter((r) => r.path === GENERATE && r.status !== 200);
    expect(sentOriginal).toEqual([]);
    expectNoSecrets(h, [original]);
  }, 180_000);

  it('a revoked refresh token without credentials: exactly one alert saying what to do', async () => {
    // Polls four times a second, so the failed polls after the access token ran out come quickly.
    const { h } = await refreshTokenBot(() => ({ POLL_INTERVAL_SECONDS: '0.25' }));
    await offerIsPosted(h);
    h.steam.auth.revokeRefreshTokens();
    const alert = await h.discord.waitForMessage(h.channelId, (m) => m.content.includes('cannot renew'), {
      timeoutMs: 20_000,
    });
    expect(alert.content).toMatch(/npm run login/);
    // The access token runs out and polls fail for a while: still one alert.
    await h.bot.waitForLog((l) => /Steam session expired|needs a person/.test(String(l.msg)), 20_000);
    await h.bot.waitForLog((l) => l.msg === 'poll failed', 20_000);
    const polls = h.steam.count((r) => r.path.includes('GetTradeOffersSummary'));
    await h.steam.waitForRequest(
      (r) =>
        r.path.includes('GetTradeOffersSummary') &&
        h.steam.count((x) => x.path.includes('GetTradeOffersSummary')) > polls + 3,
      { timeoutMs: 30_000 },
    );
    expect(alerts(h)).toHaveLength(1);
    expectNoSecrets(h);
  }, 120_000);

  it('a revoked refresh token with credentials: signs in again by itself, no alert', async () => {
    const { h } = await refreshTokenBot((steam) => ({
      STEAM_ACCOUNT_NAME: steam.auth.options.accountName,
      STEAM_PASSWORD: steam.auth.options.password,
      STEAM_SHARED_SECRET: steam.auth.options.sharedSecret,
    }));
    await offerIsPosted(h);
    h.steam.auth.revokeRefreshTokens();
    await h.steam.waitForRequest((r) => r.path.endsWith('/PollAuthSessionStatus/v1/'), { timeoutMs: 20_000 });
    await renewalsPass(h, 1);
    await offerIsPosted(h);
    expect(h.steam.auth.issued.signIns).toBe(1);
    expect(alerts(h)).toEqual([]);
    expectNoSecrets(h);
  }, 120_000);
});

describe('a refresh token that nothing renews', () => {
  it('warns once, 14 days before it expires (Steam never renewed it and there are no credentials)', async () => {
    // The feed channel is configured first (a warning with nowhere to go is not sent), then the bot
    // runs on a refresh token that expires in 14 days less an hour: the warning is due at once.
    h = await startHarness();
    h.steam.auth.options.renewRefreshTokens = false;
    const token = h.steam.auth.issueRefreshToken({ lifetimeSeconds: 14 * 86_400 - 3600 });
    await h.restartBot({ ...NO_COOKIES, STEAM_REFRESH_TOKEN: token });
    const warning = await h.discord.waitForMessage(h.channelId, (m) => m.content.startsWith('⏳'), {
      timeoutMs: 20_000,
    });
    expect(warning.content).toMatch(/refresh token expires <t:\d+:R>.*npm run login.*STEAM_SHARED_SECRET/);
    // A restart does not repeat it.
    const bot = await h.restartBot({ ...NO_COOKIES, STEAM_REFRESH_TOKEN: token });
    // The first bot may be stopped between posting the warning and releasing the alert lock; the
    // second then finds the lock held for its 30 s instead of the record, and says so.
    await bot.waitForLog(
      (l) =>
        l.msg === 'refresh-token expiry warning already sent' ||
        l.msg === 'session alert left to the holder of the alert lock',
      20_000,
    );
    expect(h.discord.messages(h.channelId).filter((m) => m.content.startsWith('⏳'))).toHaveLength(1);
  }, 90_000);
});

/** `npm run login` on a pseudo-terminal; answers each prompt as it appears. */
function runLogin(
  env: Record<string, string>,
  cwd: string,
  answers: Array<[RegExp, () => string]>,
): Promise<{ code: number | null; output: string }> {
  const child = spawn('script', ['-qfec', `exec ${process.execPath} ${LOGIN_ENTRY}`, '/dev/null'], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  const pending = [...answers];
  const onOutput = (chunk: string) => {
    output += chunk;
    const next = pending[0];
    // What came since the last answer, without readline's cursor movements.
    // eslint-disable-next-line no-control-regex
    const latest = output.slice(output.lastIndexOf('\u0000') + 1).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
    if (next && next[0].test(latest)) {
      pending.shift();
      output += '\u0000'; // marks the answered prompt so the next pattern looks past it
      child.stdin.write(`${next[1]()}\r`);
    }
  };
  child.stdout.setEncoding('utf8').on('data', onOutput);
  child.stderr.setEncoding('utf8').on('data', onOutput);
  return new Promise((done) => child.once('exit', (code) => done({ code, output })));
}

describe('npm run login', () => {
  it('asks, signs in as the mobile app, keeps the refresh token; the bot then runs from the store alone', async () => {
    h = await startHarness({ start: false });
    const harness = h;
    const { auth } = harness.steam;
    auth.options.pollIntervalSeconds = 0.2;
    const env = {
      STORE_URL: harness.env.STORE_URL!,
      STEAM_WEB_API_URL: harness.steam.webApiUrl,
      STEAM_ID: harness.steam.bot.steamid,
    };
    const code = () => auth.codeAt(Math.floor(Date.now() / 1000));

    // A wrong password: one clear line, nothing kept.
    const wrong = await runLogin(env, harness.dataDir, [
      [/account name.*: /, () => auth.options.accountName],
      [/Password \(not shown\): /, () => 'not-the-password'],
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.output).toMatch(/npm run login: Steam refused the account name or password \(InvalidPassword, 5\)/);
    expect(wrong.output).not.toContain('not-the-password');

    const ok = await runLogin(env, harness.dataDir, [
      [/account name.*: /, () => auth.options.accountName],
      [/Password \(not shown\): /, () => auth.options.password],
      [/Steam Guard code from the mobile app: /, code],
    ]);
    expect(ok.code).toBe(0);
    const lines = ok.output.replace(/\r/g, '').split('\n');
    const result = lines.filter((l) => l.startsWith('signed in as'));
    expect(result).toEqual([
      expect.stringMatching(
        new RegExp(
          `^signed in as ${auth.options.accountName}; refresh token kept in sqlite \\(.*\\); valid until \\d{4}-\\d\\d-\\d\\d$`,
        ),
      ),
    ]);
    // The password was never echoed; no token was printed.
    expect(ok.output).not.toContain(auth.options.password);
    expect(ok.output).not.toMatch(/ey[\w-]{10,}\.ey[\w-]{10,}\./);
    expect(auth.issued.signIns).toBe(1);

    // The bot with neither cookies nor STEAM_REFRESH_TOKEN: what the store keeps is enough (the access
    // token from the sign-in is still fresh, so it is used as it is).
    await harness.restartBot({ ...NO_COOKIES });
    const seen = harness.steam.requests.length;
    const summary = await harness.steam.waitForRequest(
      (r) => r.path.includes('GetTradeOffersSummary') && harness.steam.requests.indexOf(r) >= seen,
      { timeoutMs: 20_000 },
    );
    expect(summary.status).toBe(200);
    expect(summary.query.access_token).not.toBe(harness.steam.bot.accessToken);
  }, 120_000);

  it('no way to reach Steam at all: startup stops with one line naming all three', async () => {
    h = await startHarness({ start: false });
    const bot = (await import('./harness.js')).spawnBot(
      { ...h.env, ...NO_COOKIES, STORE_URL: `sqlite://${join(h.dataDir, 'empty.sqlite')}` },
      h.dataDir,
    );
    expect(await bot.exited).toBe(1);
    expect(bot.stderr.join('')).toMatch(
      /^tradedesk: .*STEAM_REFRESH_TOKEN.*STEAM_ACCOUNT_NAME \+ STEAM_PASSWORD \+ STEAM_SHARED_SECRET.*STEAM_COOKIES \+ STEAM_SESSION_ID\.\n$/,
    );
  }, 60_000);
});
