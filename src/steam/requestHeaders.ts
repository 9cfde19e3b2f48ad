// What each request to Steam looks like on the wire, by the client it must resemble.
import { FormData } from 'undici';
import type { SteamRequest } from './request.js';
import { sessionCookieHeader, type SteamSession } from './session.js';

// Steam's 2025–26 header checks (docs/steam.md#request-headers) turn away requests that do not look
// like a real client. Community pages get what a browser sends when it opens a page (ASF's
// "SteamWafWorkarounds" set: Accept, Accept-Language, Accept-Encoding, Sec-Fetch-*); community
// POSTs what a page's own script sends; mobileconf what the Steam mobile app (okhttp) sends,
// as node-steamcommunity 3.50.3 does since its 429s in 2026-07. Accept-Encoding names only
// what readCapped decodes with node:zlib on every Node we run on (zstd needs Node 22.15+).
const BROWSER_USER_AGENT =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const ACCEPT_ENCODING = 'gzip, deflate, br';
const ACCEPT_LANGUAGE = 'en-US,en;q=0.9';
const BROWSER_PAGE_HEADERS = {
  'user-agent': BROWSER_USER_AGENT,
  accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8',
  'accept-language': ACCEPT_LANGUAGE,
  'accept-encoding': ACCEPT_ENCODING,
  'sec-fetch-dest': 'document',
  'sec-fetch-mode': 'navigate',
  'sec-fetch-site': 'none',
  'sec-fetch-user': '?1',
  'upgrade-insecure-requests': '1',
};
const BROWSER_SCRIPT_HEADERS = {
  'user-agent': BROWSER_USER_AGENT,
  accept: 'application/json, text/javascript, */*; q=0.01',
  'accept-language': ACCEPT_LANGUAGE,
  'accept-encoding': ACCEPT_ENCODING,
  'sec-fetch-dest': 'empty',
  'sec-fetch-mode': 'cors',
  'sec-fetch-site': 'same-origin',
  'x-requested-with': 'XMLHttpRequest',
};
const MOBILE_APP_HEADERS = {
  'user-agent': 'okhttp/4.9.2',
  accept: 'application/json, text/plain, */*',
  'accept-language': ACCEPT_LANGUAGE,
  'accept-encoding': ACCEPT_ENCODING,
};
const WEB_API_HEADERS = {
  'user-agent': BROWSER_USER_AGENT,
  accept: 'application/json, text/javascript, text/html;q=0.9, */*;q=0.8',
  'accept-language': ACCEPT_LANGUAGE,
  'accept-encoding': ACCEPT_ENCODING,
};

/** Which client a request should look like. Pure. */
export function headerProfile(req: Pick<SteamRequest, 'host' | 'method' | 'path'>): Record<string, string> {
  if (req.host === 'webapi') return WEB_API_HEADERS;
  if (req.path.startsWith('/mobileconf/')) return MOBILE_APP_HEADERS;
  return req.method === 'GET' ? BROWSER_PAGE_HEADERS : BROWSER_SCRIPT_HEADERS;
}

/** Every header of a request: its client's profile, the session's cookies, Origin on community POSTs. Pure. */
export function requestHeaders(req: SteamRequest, session: SteamSession, communityUrl: string): Record<string, string> {
  const headers: Record<string, string> = { ...headerProfile(req) };
  if (req.host === 'community') {
    if (req.auth === 'cookies') headers.cookie = sessionCookieHeader(session);
    if (req.method === 'POST') {
      // Since 2025-02-12 community POSTs without Origin get 403 (docs/steam.md#community-requests).
      headers.origin = new URL(communityUrl).origin;
    }
  }
  if (req.form) headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
  return { ...headers, ...req.headers };
}

/** The body Steam expects for this request: multipart, a form, or empty for a bare POST. */
export function requestBody(req: SteamRequest): FormData | string | null {
  if (req.multipart) {
    const data = new FormData();
    for (const [key, value] of Object.entries(req.multipart)) data.append(key, value);
    return data;
  }
  if (req.form) {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(req.form)) {
      for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
    }
    return params.toString();
  }
  return req.method === 'POST' ? '' : null;
}
