// The web session the bot borrows from a browser: `steamLoginSecure` (URL-encoded
// `steamid64||JWT`) and `sessionid`. Since 2024 the JWT inside steamLoginSecure is also the
// access token IEconService wants (an API key gets empty offer lists), and its `exp` is the
// only trustworthy expiry: the cookie's own Expires is years away.
import { z } from 'zod';
import { type Parsed } from './ids.js';

export interface SteamSession {
  steamid: string;
  /** The JWT carried inside steamLoginSecure. */
  accessToken: string;
  /** From the JWT's `exp`. */
  expiresAt: Date;
  /** The raw (still URL-encoded) steamLoginSecure value. */
  steamLoginSecure: string;
  sessionId: string;
}

const jwtClaims = z.looseObject({
  sub: z.string().optional(),
  exp: z.number().int().positive(),
  iat: z.number().int().nonnegative().optional(),
  aud: z.union([z.string(), z.array(z.string())]).optional(),
});

/** Finds steamLoginSecure in what people paste: `steamLoginSecure=…` alone or inside a whole Cookie header. */
export function extractSteamLoginSecure(cookies: string): string | null {
  const text = cookies.trim();
  const named = /(?:^|[;\s])steamLoginSecure=([^;\s]+)/.exec(text);
  return named?.[1] ?? null;
}

export function decodeJwtClaims(jwt: string): z.infer<typeof jwtClaims> | null {
  const payload = jwt.split('.')[1];
  if (!payload) return null;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    const claims = jwtClaims.safeParse(json);
    return claims.success ? claims.data : null;
  } catch {
    return null;
  }
}

/**
 * Reasons never contain the cookie itself: they end up in startup errors and in Discord.
 */
export function parseSteamSession(cookies: string, sessionId: string): Parsed<SteamSession> {
  const raw = extractSteamLoginSecure(cookies);
  if (!raw) return { ok: false, reason: 'has no steamLoginSecure cookie' };
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, reason: 'has a steamLoginSecure value that is not URL-encoded text' };
  }
  const separator = decoded.indexOf('||');
  if (separator < 0) {
    return { ok: false, reason: 'has a steamLoginSecure value without the "steamid||token" form (%7C%7C)' };
  }
  const steamid = decoded.slice(0, separator);
  const accessToken = decoded.slice(separator + 2);
  if (!/^\d{17}$/.test(steamid))
    return { ok: false, reason: 'has a steamLoginSecure value that does not start with a SteamID64' };
  const claims = decodeJwtClaims(accessToken);
  if (!claims) return { ok: false, reason: 'has a steamLoginSecure token that is not a readable JWT' };
  if (claims.sub !== undefined && claims.sub !== steamid) {
    return { ok: false, reason: 'has a steamLoginSecure token issued for another account' };
  }
  return {
    ok: true,
    value: { steamid, accessToken, expiresAt: new Date(claims.exp * 1000), steamLoginSecure: raw, sessionId },
  };
}

/** The Cookie header for steamcommunity.com requests. */
export function sessionCookieHeader(session: SteamSession): string {
  return `steamLoginSecure=${session.steamLoginSecure}; sessionid=${session.sessionId}`;
}

/** steamLoginSecure for a MobileApp (or SteamClient) access token: URL-encoded `steamid||token` (docs/steam.md#token-kinds). */
export function loginSecureFor(steamid: string, accessToken: string): string {
  return encodeURIComponent(`${steamid}||${accessToken}`);
}
