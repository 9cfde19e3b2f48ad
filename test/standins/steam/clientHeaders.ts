// Steam's 2026 request filter (docs/steam.md#request-headers), as far as it is known: mobileconf answered
// 429 to every request until clients sent the mobile app's User-Agent (node-steamcommunity 3.50.3:
// `okhttp/4.9.2`), and community pages (inventory, getlist, HTML) were turned away unless the
// request carried what a browser sends (ASF's "SteamWafWorkarounds": Accept, Accept-Language,
// Accept-Encoding, Sec-Fetch-*). The exact rule is not public; the stand-in models the worst
// plausible one: any of these missing on a community GET → HTTP 429 with body `null`.
import type { Ctx, Reply } from './server.js';
import { json } from './server.js';

/** What the stand-in expects on a community GET page or inventory request. */
export const BROWSER_GET_HEADERS: Readonly<Record<string, string>> = {
  'user-agent':
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'accept-language': 'en-US,en;q=0.9',
  'accept-encoding': 'gzip, deflate, br',
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'none',
};

/** What the Steam mobile app sends to mobileconf. */
export const MOBILE_APP_HEADERS: Readonly<Record<string, string>> = { 'user-agent': 'okhttp/4.9.2' };

const header = (ctx: Ctx, name: string) => {
  const value = ctx.headers[name];
  return Array.isArray(value) ? value.join(', ') : (value ?? '');
};

/** Why a community request would be filtered, or null when it looks like the real client. */
export function clientHeaderProblem(ctx: Ctx): string | null {
  if (ctx.path.startsWith('/mobileconf/')) {
    return /^okhttp\//.test(header(ctx, 'user-agent')) ? null : 'mobileconf needs the mobile app User-Agent';
  }
  if (ctx.method !== 'GET') return null;
  if (!/Mozilla\/5\.0/.test(header(ctx, 'user-agent'))) return 'no browser User-Agent';
  for (const name of ['accept', 'accept-language', 'sec-fetch-dest', 'sec-fetch-mode', 'sec-fetch-site']) {
    if (!header(ctx, name)) return `no ${name}`;
  }
  if (!/\bgzip\b/.test(header(ctx, 'accept-encoding')) || !/\bbr\b/.test(header(ctx, 'accept-encoding'))) {
    return 'accept-encoding without gzip and br';
  }
  return null;
}

/** The filter's answer: 429 with `null`, as Steam's rate limiter answers (docs/steam.md#inventory-errors). */
export function filteredByClientHeaders(ctx: Ctx): Reply | null {
  const problem = clientHeaderProblem(ctx);
  if (!problem) return null;
  ctx.record.filteredBecause = problem;
  return json(429, null);
}
