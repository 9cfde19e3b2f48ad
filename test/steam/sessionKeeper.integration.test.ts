// The session keeper against the Steam stand-in's IAuthenticationService, on the fake clock: renewal
// from a refresh token (and what it sends), the store before use, a session-expired answer, signing in
// again with credentials, and the cases where only a person can help.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import protobuf from 'protobufjs/light.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger, SecretList } from '../../src/logger.js';
import { SteamClient } from '../../src/steam/client.js';
import { placeholderSession, type SteamCredentials } from '../../src/steam/sessionFacts.js';
import { SessionKeeper } from '../../src/steam/sessionKeeper.js';
import { STEAM_SESSION_NAMESPACE, storedSteamSession } from '../../src/store/steamSession.js';
import { signIn, SignInError } from '../../src/steam/signIn.js';
import { openStore, type Store } from '../../src/store/index.js';
import { startHarness, type Harness } from './harness.js';

// The request as Steam reads it, described here from the .proto (not from src/).
const GenerateForAppRequest = protobuf.Root.fromJSON({
  nested: {
    R: {
      fields: {
        refresh_token: { type: 'string', id: 1 },
        steamid: { type: 'fixed64', id: 2 },
        renewal_type: { type: 'int32', id: 3 },
      },
    },
  },
}).lookupType('R');

const AUTH = /^\/IAuthenticationService\//;
const GENERATE = '/IAuthenticationService/GenerateAccessTokenForApp/v1/';

let h: Harness;
let dir: string;
let store: Store;
let logs: string[];
let secrets: SecretList;
const keepers: SessionKeeper[] = [];
const clients: SteamClient[] = [];

beforeEach(async () => {
  h = await startHarness();
  dir = mkdtempSync(join(tmpdir(), 'tradedesk-keeper-'));
  logs = [];
  secrets = new SecretList([h.steam.auth.options.password, h.steam.auth.options.sharedSecret]);
  store = await openStore(`sqlite://${join(dir, 'store.sqlite')}`, { logger: logger() });
  h.steam.auth.options.pollIntervalSeconds = 1;
});

afterEach(async () => {
  for (const keeper of keepers.splice(0)) keeper.stop();
  await Promise.allSettled(clients.splice(0).map((c) => c.close()));
  await store.close();
  await h.close();
  rmSync(dir, { recursive: true, force: true });
});

function logger() {
  return createLogger({
    level: 'debug',
    secrets,
    pretty: false,
    destination: { write: (line: string) => void logs.push(line) },
  });
}

function keeperFor(opts: { envRefreshToken?: string; credentials?: SteamCredentials } = {}): {
  keeper: SessionKeeper;
  client: SteamClient;
} {
  const client = new SteamClient({
    communityUrl: h.steam.communityUrl,
    webApiUrl: h.steam.webApiUrl,
    session: placeholderSession(h.steam.bot.steamid, h.clock.now()),
    inventoryDelayMs: 0,
    confirmationDelayMs: 0,
    logger: logger(),
    sleep: h.clock.sleep,
    now: h.clock.now,
    random: () => 0,
  });
  const keeper = new SessionKeeper({
    http: client.http,
    store,
    steamid: h.steam.bot.steamid,
    envRefreshToken: opts.envRefreshToken,
    credentials: opts.credentials,
    cookies: null,
    logger: logger(),
    addSecret: (s) => secrets.add(s),
    sleep: h.clock.sleep,
    now: h.clock.now,
    random: () => 0,
  });
  client.http.setRenewal((token) => keeper.renew(token));
  keepers.push(keeper);
  clients.push(client);
  return { keeper, client };
}

const credentials = (): SteamCredentials => ({
  accountName: h.steam.auth.options.accountName,
  password: h.steam.auth.options.password,
  sharedSecret: h.steam.auth.options.sharedSecret,
});

const stored = () => store.getValue(STEAM_SESSION_NAMESPACE, h.steam.bot.steamid, storedSteamSession);

describe('renewing from a refresh token', () => {
  it('makes an access token with GenerateAccessTokenForApp (protobuf, multipart, renewal_type 1) and trades with it', async () => {
    const refreshToken = h.steam.auth.issueRefreshToken();
    const { keeper, client } = keeperFor({ envRefreshToken: refreshToken });
    await keeper.start();
    expect(await keeper.renew()).toBe(true);

    const [request, ...more] = h.steam.requests.filter((r) => r.path === GENERATE);
    expect(more).toHaveLength(0);
    expect(request!.method).toBe('POST');
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const encoded = /name="input_protobuf_encoded"\r\n\r\n([A-Za-z0-9+/=]+)\r\n/.exec(request!.body)?.[1];
    const decoded = GenerateForAppRequest.toObject(GenerateForAppRequest.decode(Buffer.from(encoded!, 'base64')), {
      longs: String,
    });
    expect(decoded).toEqual({ refresh_token: refreshToken, steamid: h.steam.bot.steamid, renewal_type: 1 });
    expect(request!.query.access_token).toBeUndefined();

    // The new session is steamLoginSecure = steamid||access token, and a 24-hex sessionid.
    const session = client.http.currentSession;
    expect(decodeURIComponent(session.steamLoginSecure)).toBe(`${h.steam.bot.steamid}||${session.accessToken}`);
    expect(session.sessionId).toMatch(/^[0-9a-f]{24}$/);
    await client.offers.getSummary();
    expect(keeper.facts()).toMatchObject({ heldBy: 'refreshToken', canRenew: true, lastRenewal: { ok: true } });
  });

  it('keeps a renewed refresh token in the store, and the stored one wins over STEAM_REFRESH_TOKEN afterwards', async () => {
    const original = h.steam.auth.issueRefreshToken();
    const first = keeperFor({ envRefreshToken: original });
    await first.keeper.start();
    await first.keeper.renew();
    const kept = await stored();
    expect(kept?.refreshToken).toBeDefined();
    expect(kept?.refreshToken).not.toBe(original);
    expect(kept?.origin).toBe('renewal');
    first.keeper.stop();

    // Steam retired the original at once; a restart with it still set uses the stored one.
    const before = h.steam.requests.filter((r) => r.path === GENERATE).length;
    h.clock.ms += 24 * 3600_000;
    const second = keeperFor({ envRefreshToken: original });
    await second.keeper.start();
    expect(await second.keeper.renew()).toBe(true);
    const sent = h.steam.requests.filter((r) => r.path === GENERATE).slice(before);
    expect(sent).toHaveLength(1);
    await second.client.offers.getSummary();
  });

  it('a renewal under way when the keeper stops (shutdown) finishes: settled() resolves once the new token is kept and the lock let go', async () => {
    const original = h.steam.auth.issueRefreshToken();
    const { keeper } = keeperFor({ envRefreshToken: original });
    const held = h.steam.hold({ host: 'webapi', path: GENERATE });
    await keeper.start();
    const renewing = keeper.renew();
    await held.reached;
    keeper.stop();
    const settled = keeper.settled();
    held.release();
    await settled;
    // Steam retired the original when it answered: the new one is in the store, where a restart finds it.
    const kept = await stored();
    expect(kept?.refreshToken).toBeDefined();
    expect(kept?.refreshToken).not.toBe(original);
    expect(await renewing).toBe(true);
    // The next process renews at once instead of waiting for the lock to run out.
    const turn = await store.withLock(`steam-session:${h.steam.bot.steamid}`, { ttlMs: 1000, waitMs: 0 }, () =>
      Promise.resolve('free'),
    );
    expect(turn).toEqual({ acquired: true, value: 'free' });
  });

  it('a session-expired answer gets one renewal and the request is sent again', async () => {
    h.steam.auth.options.accessTokenLifetimeSeconds = 60;
    const { keeper, client } = keeperFor({ envRefreshToken: h.steam.auth.issueRefreshToken() });
    await keeper.start();
    await keeper.renew();
    h.clock.ms += 61_000;
    const events: string[] = [];
    client.on('session', (s) => events.push(s.state));
    await client.offers.getSummary();
    expect(h.steam.count((r) => r.path === GENERATE)).toBe(2);
    expect(events).toEqual(['ok']);
  });

  it('renews at once at start when the stored access token has less than its margin left', async () => {
    h.steam.auth.options.accessTokenLifetimeSeconds = 30 * 60;
    const first = keeperFor({ envRefreshToken: h.steam.auth.issueRefreshToken() });
    await first.keeper.start();
    await first.keeper.renew();
    first.keeper.stop();
    // 30-minute token, 10-minute margin: 21 minutes later the stored one is not adopted.
    h.clock.ms += 21 * 60_000;
    const second = keeperFor({});
    await second.keeper.start();
    expect(second.client.http.currentSession.accessToken).toBe('');
    h.clock.ms -= 12 * 60_000;
    const third = keeperFor({});
    await third.keeper.start();
    expect(third.client.http.currentSession.accessToken).not.toBe('');
  });

  it('a revoked refresh token without credentials: renewal refuses, a person is needed once', async () => {
    const { keeper, client } = keeperFor({ envRefreshToken: h.steam.auth.issueRefreshToken() });
    const needed: string[] = [];
    keeper.on('personNeeded', (text) => needed.push(text));
    await keeper.start();
    h.steam.auth.revokeRefreshTokens();
    expect(await keeper.renew()).toBe(false);
    expect(await keeper.renew()).toBe(false);
    expect(needed).toHaveLength(1);
    expect(needed[0]).toMatch(/npm run login/);
    expect(keeper.canRenew).toBe(false);
    // The dead token is not sent again.
    expect(h.steam.count((r) => r.path === GENERATE)).toBe(1);
    await expect(client.offers.getSummary()).rejects.toThrow(/session has expired/);
  });

  it('a revoked refresh token with credentials: signs in again by itself as the mobile app', async () => {
    const { keeper, client } = keeperFor({
      envRefreshToken: h.steam.auth.issueRefreshToken(),
      credentials: credentials(),
    });
    await keeper.start();
    h.steam.auth.revokeRefreshTokens();
    expect(await keeper.renew()).toBe(true);
    const paths = h.steam.requests
      .filter((r) => AUTH.test(r.path) || r.path.includes('QueryTime'))
      .map((r) => r.path.split('/')[2]);
    expect(paths).toEqual([
      'GenerateAccessTokenForApp',
      'GetPasswordRSAPublicKey',
      'BeginAuthSessionViaCredentials',
      'QueryTime',
      'UpdateAuthSessionWithSteamGuardCode',
      'PollAuthSessionStatus',
    ]);
    expect(h.steam.auth.issued.signIns).toBe(1);
    expect((await stored())?.origin).toBe('signIn');
    expect(keeper.facts().heldBy).toBe('credentials');
    await client.offers.getSummary();
  });

  it('credentials alone (no refresh token) sign in on the first renewal', async () => {
    const { keeper, client } = keeperFor({ credentials: credentials() });
    await keeper.start();
    expect(await keeper.renew()).toBe(true);
    await client.offers.getSummary();
  });

  it('no token, no credentials, no cookies: start refuses with one line naming all three ways', async () => {
    const { keeper } = keeperFor({});
    await expect(keeper.start()).rejects.toThrow(
      /STEAM_REFRESH_TOKEN.*npm run login.*STEAM_ACCOUNT_NAME \+ STEAM_PASSWORD \+ STEAM_SHARED_SECRET.*STEAM_COOKIES \+ STEAM_SESSION_ID/,
    );
  });

  it('Steam busy during a renewal: retried later, no person needed', async () => {
    const { keeper } = keeperFor({ envRefreshToken: h.steam.auth.issueRefreshToken() });
    await keeper.start();
    h.steam.inject({ host: 'webapi', path: GENERATE, status: 503, times: 10 });
    expect(await keeper.renew()).toBe(false);
    expect(keeper.facts()).toMatchObject({ personNeeded: null, canRenew: true, lastRenewal: { ok: false } });
  });

  it('no secret in the logs', async () => {
    const { keeper, client } = keeperFor({
      envRefreshToken: h.steam.auth.issueRefreshToken(),
      credentials: credentials(),
    });
    await keeper.start();
    await keeper.renew();
    h.steam.auth.revokeRefreshTokens();
    await keeper.renew();
    await client.offers.getSummary();
    const output = logs.join('\n');
    const kept = await stored();
    for (const secret of [kept!.refreshToken, kept!.accessToken!, credentials().password, credentials().sharedSecret]) {
      expect(output).not.toContain(secret);
    }
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.eyJ/);
  });
});

describe('signing in (what `npm run login` and the bot share)', () => {
  const run = (o: Partial<Parameters<typeof signIn>[1]> = {}) =>
    signIn(keeperFor().client.http, {
      accountName: h.steam.auth.options.accountName,
      password: h.steam.auth.options.password,
      sleep: h.clock.sleep,
      now: h.clock.now,
      ...o,
    });

  it('computes the Steam Guard code from the shared secret with Steam’s time, not the local clock', async () => {
    h.steam.options.serverTimeOffsetSeconds = 95;
    const signed = await run({ sharedSecret: h.steam.auth.options.sharedSecret });
    expect(signed.steamid).toBe(h.steam.bot.steamid);
    expect(signed.refreshExpiresAt.getTime()).toBeGreaterThan(h.clock.now());
  });

  it('asks a person for the code when there is no shared secret, and again after a wrong one', async () => {
    const asked: string[] = [];
    const signed = await run({
      askCode: async (kind) => {
        asked.push(kind);
        return asked.length === 1 ? 'WRONG' : h.steam.auth.codeAt(Math.floor(h.clock.now() / 1000));
      },
    });
    expect(asked).toEqual(['device', 'device']);
    expect(signed.accountName).toBe(h.steam.auth.options.accountName);
  });

  it('email codes: asked with Steam’s hint; without a person it is one clear line', async () => {
    h.steam.auth.options.guard = 'emailCode';
    const hints: Array<string | null> = [];
    await run({ askCode: async (_kind, hint) => (hints.push(hint), h.steam.auth.options.emailCode) });
    expect(hints).toEqual(['example.com']);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).need).toBe('emailCode');
    expect((error as Error).message).toMatch(/email.*npm run login/);
  });

  it.each([
    ['a wrong password (5)', { password: 'nope' }, 'wrongPassword', /InvalidPassword, 5/],
    [
      'a wrong shared secret',
      { sharedSecret: Buffer.alloc(20, 7).toString('base64') },
      'wrongCode',
      /refused the Steam Guard code/,
    ],
  ] as const)('%s is one clear line', async (_what, change, need, text) => {
    const error = await run({ sharedSecret: h.steam.auth.options.sharedSecret, ...change }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect((error as SignInError).need).toBe(need);
    expect((error as Error).message).toMatch(text);
    expect((error as Error).message).not.toContain('\n');
  });

  it('Steam’s rate limit (84) and AccessDenied (15) on BeginAuthSessionViaCredentials', async () => {
    const path = '/IAuthenticationService/BeginAuthSessionViaCredentials/v1/';
    h.steam.inject({ host: 'webapi', path, status: 200, headers: { 'x-eresult': '84' } });
    const limited = await run({ sharedSecret: h.steam.auth.options.sharedSecret }).catch((e: unknown) => e);
    expect((limited as SignInError).need).toBe('rateLimited');
    expect((limited as Error).message).toMatch(/wait at least 30 minutes/);
    h.steam.inject({ host: 'webapi', path, status: 200, headers: { 'x-eresult': '15' } });
    const denied = await run({ sharedSecret: h.steam.auth.options.sharedSecret }).catch((e: unknown) => e);
    expect((denied as Error).message).toMatch(/AccessDenied, 15/);
  });

  it('an account without a mobile authenticator (email codes only) with STEAM_SHARED_SECRET set', async () => {
    h.steam.auth.options.guard = 'emailCode';
    const error = await run({ sharedSecret: h.steam.auth.options.sharedSecret }).catch((e: unknown) => e);
    expect((error as SignInError).need).toBe('noAuthenticator');
  });

  it('an approval in the mobile app: waits for it when a person is there', async () => {
    h.steam.auth.options.guard = 'deviceConfirmation';
    let told = 0;
    const signing = run({
      askCode: () => Promise.reject(new Error('no code should be asked')),
      onWaitingForConfirmation: () => {
        told += 1;
        h.steam.auth.approveSignIn();
      },
    });
    await expect(signing).resolves.toMatchObject({ steamid: h.steam.bot.steamid });
    expect(told).toBe(1);
  });
});
