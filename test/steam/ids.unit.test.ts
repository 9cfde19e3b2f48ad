// The pure parts of the Steam layer that guard what reaches Steam: ids, trade URLs, asset
// lists, the session cookie, retry timing, strError and the mobile confirmation key.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseStrError } from '../../src/steam/community.js';
import { confirmationKey, deviceIdFor } from '../../src/steam/confirmations.js';
import {
  accountIdToSteamId64,
  isSteamId64,
  isTradeOfferId,
  parseAssetIdList,
  parseProfileRef,
  parseTradeUrl,
  steamId64ToAccountId,
} from '../../src/steam/ids.js';
import { backoffDelay, parseRetryAfter } from '../../src/steam/retry.js';
import { decodeJwtClaims, parseSteamSession } from '../../src/steam/session.js';

const STEAMID = '76561198012345678';
const ACCOUNT = 52079950;

describe('SteamID64 and account ids', () => {
  it('accepts individual-account SteamID64s and converts to and from 32-bit account ids', () => {
    expect(isSteamId64(STEAMID)).toBe(true);
    expect(steamId64ToAccountId(STEAMID)).toBe(ACCOUNT);
    expect(accountIdToSteamId64(ACCOUNT)).toBe(STEAMID);
  });

  it.each(['7656119801234567', '765611980123456789', '76561198abc45678', '', '0', '103582791429521412'])(
    'refuses %j',
    (value) => expect(isSteamId64(value)).toBe(false),
  );

  it('trade offer ids are positive 64-bit numbers', () => {
    expect(isTradeOfferId('7412345678')).toBe(true);
    expect(isTradeOfferId('0')).toBe(false);
    expect(isTradeOfferId('18446744073709551616')).toBe(false);
    expect(isTradeOfferId('12ab')).toBe(false);
  });
});

describe('profile references', () => {
  it('reads a SteamID64, /profiles/ and /id/ URLs and trade URLs', () => {
    expect(parseProfileRef(STEAMID)).toEqual({ ok: true, value: { kind: 'steamid', steamid: STEAMID } });
    expect(parseProfileRef(`https://steamcommunity.com/profiles/${STEAMID}/`)).toEqual({
      ok: true,
      value: { kind: 'steamid', steamid: STEAMID },
    });
    expect(parseProfileRef('steamcommunity.com/id/gabe_trades')).toEqual({
      ok: true,
      value: { kind: 'vanity', vanity: 'gabe_trades' },
    });
    expect(parseProfileRef(`https://steamcommunity.com/tradeoffer/new/?partner=${ACCOUNT}&token=AbCd1234`)).toEqual({
      ok: true,
      value: { kind: 'tradeUrl', tradeUrl: { accountid: ACCOUNT, steamid: STEAMID, token: 'AbCd1234' } },
    });
  });

  it('refuses other hosts, other community pages and bad vanity names with a reason', () => {
    for (const input of [
      'https://steamcommunlty.com/profiles/76561198012345678',
      'https://steamcommunity.com/market/listings/730/x',
      'https://steamcommunity.com/id/a/',
      'not a user',
    ]) {
      const parsed = parseProfileRef(input);
      expect(parsed.ok, input).toBe(false);
      if (!parsed.ok) expect(parsed.reason.length).toBeGreaterThan(10);
    }
  });

  it('trade URLs need a partner and a token', () => {
    expect(parseTradeUrl(`https://steamcommunity.com/tradeoffer/new/?partner=${ACCOUNT}`)).toMatchObject({ ok: false });
    expect(parseTradeUrl('https://steamcommunity.com/tradeoffer/new/?partner=abc&token=AbCd1234')).toMatchObject({
      ok: false,
    });
  });
});

describe('asset id lists', () => {
  it('reads comma-separated ids with spaces and a trailing comma', () => {
    expect(parseAssetIdList(' 26106175069, 26106175070,')).toEqual({ ok: true, value: ['26106175069', '26106175070'] });
    expect(parseAssetIdList('')).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['5,,6', 'has an empty entry between commas'],
    ['1,x', 'has "x", which is not an asset id'],
    ['0', 'has "0", which is not an asset id'],
    ['1,01', 'lists asset 1 twice'],
    ['18446744073709551616', 'which is not an asset id'],
  ])('refuses %j: %s', (input, reason) => {
    const parsed = parseAssetIdList(input);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toContain(reason);
  });
});

describe('the steamLoginSecure session', () => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  const token = (claims: object) => `${part({ alg: 'EdDSA', typ: 'JWT' })}.${part(claims)}.c2ln`;
  const SESSION_ID = '0123456789abcdef01234567';

  it('reads the steamid, access token and exp from the cookie, URL-encoded or not', () => {
    const jwt = token({ sub: STEAMID, exp: 1_800_000_000, aud: ['web:community'] });
    for (const cookies of [
      `steamLoginSecure=${STEAMID}%7C%7C${jwt}; sessionid=${SESSION_ID}`,
      `steamLoginSecure=${STEAMID}||${jwt}`,
    ]) {
      const parsed = parseSteamSession(cookies, SESSION_ID);
      expect(parsed.ok, cookies).toBe(true);
      if (parsed.ok) {
        expect(parsed.value).toMatchObject({ steamid: STEAMID, accessToken: jwt, sessionId: SESSION_ID });
        expect(parsed.value.expiresAt.toISOString()).toBe('2027-01-15T08:00:00.000Z');
      }
    }
    expect(decodeJwtClaims('not.a.jwt')).toBe(null);
  });

  it('says what is wrong without repeating the value', () => {
    const other = token({ sub: '76561198087654321', exp: 1_800_000_000 });
    const cases: Array<[string, string]> = [
      ['sessionid=abc', 'has no steamLoginSecure cookie'],
      [`steamLoginSecure=${STEAMID}%7C%7Cgarbage`, 'not a readable JWT'],
      [`steamLoginSecure=${STEAMID}%7C%7C${other}`, 'issued for another account'],
      [`steamLoginSecure=${token({ exp: 1 })}`, '"steamid||token" form'],
    ];
    for (const [cookies, reason] of cases) {
      const parsed = parseSteamSession(cookies, SESSION_ID);
      expect(parsed).toEqual({ ok: false, reason: expect.stringContaining(reason) as string });
    }
  });
});

describe('retry timing', () => {
  const now = Date.parse('2026-11-23T12:00:00Z');

  it('Retry-After in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter(['1.5'], now)).toBe(1500);
    expect(parseRetryAfter('Mon, 23 Nov 2026 12:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 23 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBe(null);
    expect(parseRetryAfter(undefined, now)).toBe(null);
  });

  it('backoff doubles per attempt, is capped, and jitters down by at most a quarter', () => {
    expect([0, 1, 2, 3].map((a) => backoffDelay(a, 1000, 5000, () => 1))).toEqual([1000, 2000, 4000, 5000]);
    expect(backoffDelay(2, 1000, 60_000, () => 0)).toBe(3000);
  });
});

describe('strError', () => {
  it('becomes an EResult and Steam’s words', () => {
    expect(parseStrError('There was an error accepting this trade offer.  Please try again later. (28)')).toEqual({
      eresult: 28,
      message: 'There was an error accepting this trade offer. Please try again later.',
    });
    expect(parseStrError('Something odd happened')).toEqual({ eresult: 2, message: 'Something odd happened' });
    // No text is recognised as "trade protection not acknowledged": Steam is not known to send one (docs/steam.md#trade-protection).
    expect(parseStrError('You must acknowledge the new trade protection rules before trading. (15)')).toEqual({
      eresult: 15,
      message: 'You must acknowledge the new trade protection rules before trading.',
    });
    expect(
      parseStrError('You have sent too many trade offers, or have too many outstanding trade offers'),
    ).toMatchObject({ eresult: 25, cause: 'OfferLimitExceeded' });
  });
});

describe('the mobile confirmation key', () => {
  // The definition (docs/steam.md#confirmation-key): base64(HMAC-SHA1(identity_secret, time as 8 bytes big-endian ‖ tag)).
  function expected(secretBase64: string, time: number, tag: string): string {
    const message = Buffer.alloc(8 + Buffer.byteLength(tag));
    message.writeUInt32BE(Math.floor(time / 2 ** 32), 0);
    message.writeUInt32BE(time % 2 ** 32, 4);
    message.write(tag, 8);
    return createHmac('sha1', Buffer.from(secretBase64, 'base64')).update(message).digest('base64');
  }

  it.each([
    ['HtmNQfQQ5xKc1gPcRANB6DkxbKQ=', 1_795_000_000, 'conf'],
    ['AAAAAAAAAAAAAAAAAAAAAAAAAAA=', 1_700_000_000, 'accept'],
    ['c2VjcmV0LXNlY3JldC1zZWNyZQ==', 1_795_000_123, 'details7412345678'],
  ])('matches the definition for %s at %d, tag %s', (secret, time, tag) => {
    expect(confirmationKey(secret, time, tag)).toBe(expected(secret, time, tag));
  });

  it('accepts the secret as 40 hex characters too', () => {
    const base64 = 'HtmNQfQQ5xKc1gPcRANB6DkxbKQ=';
    const hex = Buffer.from(base64, 'base64').toString('hex');
    expect(confirmationKey(hex, 1_795_000_000, 'conf')).toBe(expected(base64, 1_795_000_000, 'conf'));
  });

  it('the device id is android: plus the SteamID’s SHA-1 laid out as a UUID', () => {
    expect(deviceIdFor(STEAMID)).toMatch(/^android:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(deviceIdFor(STEAMID)).not.toBe(deviceIdFor('76561198087654321'));
  });
});
