// Parsing of the identifiers people paste into Discord: SteamID64s, 32-bit account ids,
// Steam2/Steam3 ids, profile URLs, trade URLs and asset id lists. Pure functions, no I/O:
// a bad value is refused here, before anything is sent to Steam.
import type { TradeUrl } from './types.js';

/** SteamID64 of individual account 0 (universe Public, type Individual, instance Desktop). */
const STEAMID64_BASE = 76561197960265728n;
const MAX_ACCOUNT_ID = 0xffffffffn;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

export function isSteamId64(value: string): boolean {
  if (!/^\d{17}$/.test(value)) return false;
  const accountid = BigInt(value) - STEAMID64_BASE;
  return accountid >= 1n && accountid <= MAX_ACCOUNT_ID;
}

export function accountIdToSteamId64(accountid: number | bigint): string {
  return (STEAMID64_BASE + BigInt(accountid)).toString();
}

export function steamId64ToAccountId(steamid: string): number {
  return Number(BigInt(steamid) - STEAMID64_BASE);
}

/** What a `user`/`partner` option can hold once parsed. A vanity name still has to be resolved. */
export type ProfileRef =
  { kind: 'steamid'; steamid: string } | { kind: 'vanity'; vanity: string } | { kind: 'tradeUrl'; tradeUrl: TradeUrl };

const COMMUNITY_HOSTS = new Set(['steamcommunity.com', 'www.steamcommunity.com']);

function parseCommunityUrl(input: string): URL | null {
  let text = input.trim();
  if (/^(www\.)?steamcommunity\.com\//i.test(text)) text = `https://${text}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
  if (!COMMUNITY_HOSTS.has(url.hostname.toLowerCase())) return null;
  return url;
}

/** `https://steamcommunity.com/tradeoffer/new/?partner=<accountid>&token=<token>` */
export function parseTradeUrl(input: string): Parsed<TradeUrl> {
  const url = parseCommunityUrl(input);
  if (!url || !/^\/tradeoffer\/new\/?$/.test(url.pathname)) {
    return fail('is not a trade URL (https://steamcommunity.com/tradeoffer/new/?partner=…&token=…)');
  }
  const partner = url.searchParams.get('partner') ?? '';
  const token = url.searchParams.get('token') ?? '';
  if (!/^\d{1,10}$/.test(partner) || BigInt(partner) < 1n || BigInt(partner) > MAX_ACCOUNT_ID) {
    return fail('has no valid partner id');
  }
  // Trade tokens are 8 characters today; accept a little more in case Steam lengthens them.
  if (!/^[A-Za-z0-9_-]{6,16}$/.test(token)) {
    return fail('has no valid token (the part after &token=)');
  }
  return ok({ accountid: Number(partner), steamid: accountIdToSteamId64(BigInt(partner)), token });
}

/** Accepts a SteamID64, [U:1:n], STEAM_X:Y:Z, a /profiles/ or /id/ URL, or a trade URL. */
export function parseProfileRef(input: string): Parsed<ProfileRef> {
  const text = input.trim();
  if (text === '') return fail('is empty');
  if (/^\d+$/.test(text)) {
    return isSteamId64(text) ? ok({ kind: 'steamid', steamid: text }) : fail('is not a valid SteamID64 (17 digits)');
  }
  const steam3 = /^\[U:1:(\d{1,10})\]$/.exec(text);
  if (steam3?.[1]) {
    const accountid = BigInt(steam3[1]);
    if (accountid < 1n || accountid > MAX_ACCOUNT_ID) return fail('is not a valid Steam3 id');
    return ok({ kind: 'steamid', steamid: accountIdToSteamId64(accountid) });
  }
  const steam2 = /^STEAM_[0-5]:([01]):(\d{1,10})$/i.exec(text);
  if (steam2?.[1] && steam2[2]) {
    const accountid = BigInt(steam2[2]) * 2n + BigInt(steam2[1]);
    if (accountid < 1n || accountid > MAX_ACCOUNT_ID) return fail('is not a valid Steam2 id');
    return ok({ kind: 'steamid', steamid: accountIdToSteamId64(accountid) });
  }
  const url = parseCommunityUrl(text);
  if (!url) return fail('is not a SteamID64, profile URL or trade URL');
  if (url.pathname.startsWith('/tradeoffer/')) {
    const trade = parseTradeUrl(text);
    return trade.ok ? ok({ kind: 'tradeUrl', tradeUrl: trade.value }) : trade;
  }
  const profile = /^\/profiles\/(\d+)\/?/.exec(url.pathname);
  if (profile?.[1]) {
    return isSteamId64(profile[1])
      ? ok({ kind: 'steamid', steamid: profile[1] })
      : fail('is a profile URL without a valid SteamID64');
  }
  const vanity = /^\/id\/([^/]+)\/?/.exec(url.pathname);
  if (vanity?.[1]) {
    const name = decodeURIComponent(vanity[1]);
    return isVanityName(name)
      ? ok({ kind: 'vanity', vanity: name })
      : fail('has a custom URL name Steam would not accept');
  }
  return fail('is a Steam Community URL, but not a profile or trade URL');
}

/** Steam custom URL names: 2–32 of letters, digits, underscore and dash. */
export function isVanityName(name: string): boolean {
  return /^[A-Za-z0-9_-]{2,32}$/.test(name);
}

/** Asset ids are unsigned 64-bit integers, written in decimal. */
const MAX_ASSET_ID = 0xffffffffffffffffn;

/** "123, 456,789" → ["123","456","789"]. Refuses empties, non-numbers and repeats, naming the first bad entry. */
export function parseAssetIdList(input: string): Parsed<string[]> {
  const parts = input.split(',').map((part) => part.trim());
  // A trailing comma is how lists get pasted ("1, 2,"); an empty entry inside is a typo.
  if (parts.length > 1 && parts.at(-1) === '') parts.pop();
  if (parts.length === 1 && parts[0] === '') return ok([]);
  const seen = new Set<string>();
  for (const part of parts) {
    if (part === '') return fail('has an empty entry between commas');
    if (!/^\d{1,20}$/.test(part) || BigInt(part) === 0n || BigInt(part) > MAX_ASSET_ID) {
      return fail(`has "${part.slice(0, 30)}", which is not an asset id (a number like 26106175069)`);
    }
    const normalized = BigInt(part).toString();
    if (seen.has(normalized)) return fail(`lists asset ${normalized} twice`);
    seen.add(normalized);
  }
  return ok([...seen]);
}

/** Trade offer ids are unsigned 64-bit integers too. */
export function isTradeOfferId(value: string): boolean {
  return /^\d{1,20}$/.test(value) && BigInt(value) > 0n && BigInt(value) <= MAX_ASSET_ID;
}

/** Discord snowflakes: 17–20 digits. */
export function isSnowflake(value: string): boolean {
  return /^\d{17,20}$/.test(value);
}
