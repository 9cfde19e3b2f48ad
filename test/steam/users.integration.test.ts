// UserService against the stand-in's ISteamUser (the only key-authenticated calls): vanity
// URLs, what a `user`/`partner` option resolves to, and the persona-name cache.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiKeyRejectedError, UnknownUserError } from '../../src/steam/errors.js';
import { parseProfileRef, steamId64ToAccountId } from '../../src/steam/ids.js';
import { MissingApiKeyError } from '../../src/steam/users.js';
import { rejection, requestsTo, startHarness, USERS, type Harness } from './harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey', vanity: 'zoey_trades', tradeToken: 'AbCd1234' });
  h.steam.addUser({ steamid: USERS.bill, personaName: 'Bill' });
});

afterEach(async () => {
  await h.close();
});

const RESOLVE = '/ISteamUser/ResolveVanityURL/v1/';
const SUMMARIES = '/ISteamUser/GetPlayerSummaries/v2/';

function ref(input: string) {
  const parsed = parseProfileRef(input);
  if (!parsed.ok) throw new Error(`${input} ${parsed.reason}`);
  return parsed.value;
}

describe('ResolveVanityURL', () => {
  it('resolves a custom URL name with the API key (not the access token)', async () => {
    expect(await h.client.users.resolveVanity('zoey_trades')).toBe(USERS.zoey);
    const [request] = requestsTo(h.steam, 'webapi', RESOLVE);
    expect(request!.query).toEqual({ vanityurl: 'zoey_trades', key: h.steam.bot.apiKey });
  });

  it('an unknown name (success 42, "No match") is UnknownUserError', async () => {
    const error = await rejection(h.client.users.resolveVanity('nobody_here'));
    expect(error).toBeInstanceOf(UnknownUserError);
    expect(error).toMatchObject({ input: 'nobody_here' });
    expect(error.message).toBe('Steam knows no user nobody_here');
  });

  it('without STEAM_API_KEY: MissingApiKeyError and no request', async () => {
    const client = h.makeClient({ apiKey: null });
    const error = await rejection(client.users.resolveVanity('zoey_trades'));
    expect(error).toBeInstanceOf(MissingApiKeyError);
    expect(error.message).toBe('STEAM_API_KEY is needed to resolve custom profile URLs (/id/…)');
    expect(h.steam.requests).toEqual([]);
  });

  it('a refused key (403 "Access is denied") is ApiKeyRejectedError, without the key in the message', async () => {
    const client = h.makeClient({ apiKey: 'F'.repeat(32) });
    const error = await rejection(client.users.resolveVanity('zoey_trades'));
    expect(error).toBeInstanceOf(ApiKeyRejectedError);
    expect(error.message).toBe(`Steam refused STEAM_API_KEY on ${new URL(h.steam.webApiUrl).host}${RESOLVE}`);
    expect(requestsTo(h.steam, 'webapi', RESOLVE).map((r) => r.status)).toEqual([403]);
  });
});

describe('resolve a user or partner option', () => {
  it('profile URLs, trade URLs, SteamID64 and Steam3 ids; only /id/ names ask Steam', async () => {
    const accountid = steamId64ToAccountId(USERS.zoey);
    expect(await h.client.users.resolve(ref('https://steamcommunity.com/id/zoey_trades/'))).toEqual({
      steamid: USERS.zoey,
    });
    expect(await h.client.users.resolve(ref(`https://steamcommunity.com/profiles/${USERS.bill}`))).toEqual({
      steamid: USERS.bill,
    });
    expect(
      await h.client.users.resolve(
        ref(`https://steamcommunity.com/tradeoffer/new/?partner=${accountid}&token=AbCd1234`),
      ),
    ).toEqual({ steamid: USERS.zoey, token: 'AbCd1234' });
    expect(await h.client.users.resolve(ref(USERS.bill))).toEqual({ steamid: USERS.bill });
    expect(await h.client.users.resolve(ref(`[U:1:${accountid}]`))).toEqual({ steamid: USERS.zoey });

    expect(h.steam.requests.map((r) => `${r.path}?vanityurl=${r.query.vanityurl}`)).toEqual([
      `${RESOLVE}?vanityurl=zoey_trades`,
    ]);
  });

  it('a trade URL resolved here can be used to send at once (the token is the one Steam expects)', async () => {
    const { steamid, token } = await h.client.users.resolve(
      ref(`https://steamcommunity.com/tradeoffer/new/?partner=${steamId64ToAccountId(USERS.zoey)}&token=AbCd1234`),
    );
    const holds = await h.client.offers.getHoldDurations(steamid, token);
    expect(holds.bothEscrowSeconds).toBe(0);
  });
});

describe('GetPlayerSummaries', () => {
  it('reads names, profile URLs and avatars, and answers a second call from its cache', async () => {
    const first = await h.client.users.summaries([USERS.zoey, USERS.bill, USERS.zoey]);

    expect([...first.keys()].sort()).toEqual([USERS.zoey, USERS.bill].sort());
    expect(first.get(USERS.zoey)).toEqual({
      steamid: USERS.zoey,
      personaName: 'Zoey',
      profileUrl: `${h.steam.communityUrl}/id/zoey_trades/`,
      avatarUrl: expect.stringMatching(
        /^https:\/\/avatars\.fastly\.steamstatic\.com\/[0-9a-f]{40}_full\.jpg$/,
      ) as unknown,
    });
    expect(first.get(USERS.bill)?.profileUrl).toBe(`${h.steam.communityUrl}/profiles/${USERS.bill}/`);
    const [request] = requestsTo(h.steam, 'webapi', SUMMARIES);
    expect(request!.query).toEqual({ steamids: `${USERS.zoey},${USERS.bill}`, key: h.steam.bot.apiKey });

    const second = await h.client.users.summaries([USERS.bill, USERS.zoey]);
    expect(second).toEqual(first);
    expect(requestsTo(h.steam, 'webapi', SUMMARIES)).toHaveLength(1);
  });

  it('asks only for ids it has not cached, and again after an hour', async () => {
    await h.client.users.summaries([USERS.zoey]);
    h.steam.addUser({ steamid: USERS.louis, personaName: 'Louis' });
    const both = await h.client.users.summaries([USERS.zoey, USERS.louis]);
    expect(both.get(USERS.louis)?.personaName).toBe('Louis');
    expect(requestsTo(h.steam, 'webapi', SUMMARIES).map((r) => r.query.steamids)).toEqual([USERS.zoey, USERS.louis]);

    h.steam.addUser({ steamid: USERS.zoey, personaName: 'Zoey (new name)' });
    h.clock.ms += 60 * 60 * 1000;
    const later = await h.client.users.summaries([USERS.zoey]);
    expect(later.get(USERS.zoey)?.personaName).toBe('Zoey (new name)');
    expect(requestsTo(h.steam, 'webapi', SUMMARIES)).toHaveLength(3);
  });

  it('asks for at most 100 ids per call', async () => {
    const ids = Array.from({ length: 150 }, (_, i) => String(76561198000001000n + BigInt(i)));
    for (const steamid of ids) h.steam.addUser({ steamid, personaName: `T${steamid.slice(-3)}` });

    const names = await h.client.users.summaries(ids);

    expect(names.size).toBe(150);
    expect(requestsTo(h.steam, 'webapi', SUMMARIES).map((r) => r.query.steamids!.split(',').length)).toEqual([100, 50]);
  });

  it('an unknown SteamID is simply not in the answer', async () => {
    const names = await h.client.users.summaries([USERS.ghost, USERS.bill]);
    expect([...names.keys()]).toEqual([USERS.bill]);
  });

  it('without a key, with a refused key or with Steam down: no names, no error', async () => {
    const noKey = h.makeClient({ apiKey: null });
    expect((await noKey.users.summaries([USERS.zoey])).size).toBe(0);
    expect(h.steam.requests).toEqual([]);

    const badKey = h.makeClient({ apiKey: 'F'.repeat(32) });
    expect((await badKey.users.summaries([USERS.zoey])).size).toBe(0);
    expect(h.logs.some((line) => line.includes('STEAM_API_KEY was refused; persona names are not shown'))).toBe(true);

    h.steam.inject({ host: 'webapi', path: SUMMARIES, status: 503, times: 10 });
    expect((await h.client.users.summaries([USERS.zoey])).size).toBe(0);
    // The feed's wait budget for names is 5 s: backoff 750 ms, 1.5 s, then 3 s would pass it.
    expect(requestsTo(h.steam, 'webapi', SUMMARIES).filter((r) => r.status === 503)).toHaveLength(3);
    expect(h.logs.some((line) => line.includes('Could not load persona names'))).toBe(true);
  });
});
