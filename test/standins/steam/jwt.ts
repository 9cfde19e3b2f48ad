// steamLoginSecure cookies and access tokens: JWTs shaped like Steam's (EdDSA header, web:community audience,
// ~24 h lifetime), signed with a per-stand-in Ed25519 key so only tokens this stand-in issued are accepted.
import { generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export interface TokenClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  oat: number;
  rt_exp: number;
  per: number;
  ip_subject: string;
  ip_confirmer: string;
}

const b64url = (data: Buffer | string) => Buffer.from(data).toString('base64url');

export class TokenIssuer {
  private readonly keys: { privateKey: KeyObject; publicKey: KeyObject };
  private serial = 0;
  /** Tokens with a serial at or below this are treated as expired (expireSession). */
  private revokedUpTo = -1;
  /** Refresh tokens (by jti) Steam has retired: renewed, or revoked. */
  private readonly retired = new Set<string>();

  constructor(private readonly steamid: string) {
    this.keys = generateKeyPairSync('ed25519');
  }

  /**
   * A JWT like Steam's. `aud` ["web:community"] is a browser access token; MobileApp access tokens carry
   * ["web","mobile"] and MobileApp refresh tokens ["web","mobile","renew","derive"] (docs/steam.md#access-tokens, #token-kinds).
   */
  issue(nowSeconds: number, exp: number, aud: string[] = ['web:community']): string {
    this.serial += 1;
    const claims: TokenClaims = {
      iss: `r:${randomBytes(8).toString('hex').toUpperCase()}`,
      sub: this.steamid,
      aud,
      exp,
      nbf: Math.min(nowSeconds, exp) - 60,
      iat: Math.min(nowSeconds, exp),
      // The serial rides in jti so revocation does not need a token table.
      jti: `${randomBytes(4).toString('hex').toUpperCase()}_${this.serial.toString(16).padStart(8, '0')}`,
      oat: Math.min(nowSeconds, exp),
      rt_exp: nowSeconds + 200 * 86400,
      per: 0,
      ip_subject: '127.0.0.1',
      ip_confirmer: '127.0.0.1',
    };
    const signingInput = `${b64url(JSON.stringify({ typ: 'JWT', alg: 'EdDSA' }))}.${b64url(JSON.stringify(claims))}`;
    const signature = sign(null, Buffer.from(signingInput), this.keys.privateKey);
    return `${signingInput}.${b64url(signature)}`;
  }

  /** Every token issued so far stops working (a later issue() works again). */
  revokeIssued(): void {
    this.revokedUpTo = this.serial;
  }

  unrevoke(): void {
    this.revokedUpTo = -1;
  }

  /** Claims of an access token this issuer made, still valid at nowSeconds; null otherwise (refresh tokens too). */
  check(token: string, nowSeconds: number): TokenClaims | null {
    const claims = this.verify(token, nowSeconds);
    return claims && !claims.aud.includes('derive') ? claims : null;
  }

  /** Claims of a refresh token this issuer made, neither expired nor retired; null otherwise. */
  checkRefresh(token: string, nowSeconds: number): TokenClaims | null {
    const claims = this.verify(token, nowSeconds);
    return claims && claims.aud.includes('derive') && !this.retired.has(claims.jti) ? claims : null;
  }

  /** The refresh token stops working (Steam retires it when it issues a new one). */
  retire(token: string): void {
    const claims = this.verify(token, Number.NEGATIVE_INFINITY);
    if (claims) this.retired.add(claims.jti);
  }

  private verify(token: string, nowSeconds: number): TokenClaims | null {
    const parts = token.split('.');
    if (parts.length !== 3) return null;
    const [header, payload, signature] = parts as [string, string, string];
    let ok = false;
    try {
      ok = verify(null, Buffer.from(`${header}.${payload}`), this.keys.publicKey, Buffer.from(signature, 'base64url'));
    } catch {
      return null;
    }
    if (!ok) return null;
    let claims: TokenClaims;
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as TokenClaims;
    } catch {
      return null;
    }
    const serial = parseInt(claims.jti.split('_')[1] ?? '', 16);
    if (!Number.isFinite(serial) || serial <= this.revokedUpTo) return null;
    if (claims.sub !== this.steamid || claims.exp <= nowSeconds) return null;
    return claims;
  }
}

/** `steamLoginSecure=<steamid>%7C%7C<JWT>`, exactly as a browser's cookie value is copied. */
export function cookieString(steamid: string, jwt: string): string {
  return `steamLoginSecure=${steamid}%7C%7C${jwt}`;
}

export function parseCookieHeader(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name && !(name in cookies)) cookies[name] = part.slice(eq + 1).trim();
  }
  return cookies;
}

/** The JWT inside a steamLoginSecure value (URL-encoded `steamid||jwt`), with its steamid. */
export function splitLoginSecure(value: string): { steamid: string; token: string } | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return null;
  }
  const sep = decoded.indexOf('||');
  if (sep < 0) return null;
  return { steamid: decoded.slice(0, sep), token: decoded.slice(sep + 2) };
}
