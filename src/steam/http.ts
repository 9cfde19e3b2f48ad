// Every request tradedesk makes to Steam goes through here: the scheduler (concurrency,
// spacing, host pauses), retries that honour Retry-After, and the recognition of an expired
// session. undici's own retry interceptor is not used because /status must show each wait,
// commands need a smaller wait budget than the poller, and a POST that may have gone through
// (accept, send) must never be sent twice.
import { pipeline, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, FormData, request, type Dispatcher } from 'undici';
import type { Logger } from '../logger.js';
import { EResult } from './enums.js';
import {
  ApiKeyRejectedError,
  SessionExpiredError,
  SteamBodyTooLargeError,
  SteamBusyError,
  SteamEResultError,
  SteamHttpError,
  SteamShapeError,
  SteamUnreachableError,
} from './errors.js';
import { backoffDelay, parseRetryAfter } from './retry.js';
import { RequestScheduler, realSleep, type Sleep } from './scheduler.js';
import { sessionCookieHeader, type SteamSession } from './session.js';
import { noTelemetry, steamEndpointLabel, type Telemetry } from '../telemetry.js';
import type { z } from 'zod';

export type SteamHost = 'community' | 'webapi';
export type AuthMode = 'none' | 'cookies' | 'accessToken' | 'apiKey';

export interface SteamRequest {
  host: SteamHost;
  method: 'GET' | 'POST';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  form?: Record<string, string | string[]>;
  /** A multipart/form-data body (IAuthenticationService's input_protobuf_encoded, as Steam's own clients send it). */
  multipart?: Record<string, string>;
  /** Keep the raw body (protobuf answers) in `body` instead of decoding it as text. */
  binary?: boolean;
  headers?: Record<string, string>;
  auth: AuthMode;
  /** A lane with its own spacing (community inventory pages, mobile confirmations). */
  lane?: 'inventory' | 'mobileconf';
  /**
   * What a 403 means on this endpoint. Community endpoints use 403 both for "private" and
   * for "not logged in"; only the caller knows which one applies.
   */
  on403?: 'expired' | 'return';
  /** Statuses handed back instead of thrown (e.g. 500 with a JSON strError, 400 for a page cap). */
  acceptStatuses?: number[];
  /** Total time this call may spend waiting for retries; beyond it, SteamBusyError. */
  maxWaitMs?: number;
  /** Don't follow or interpret redirects: hand 3xx back (the badge page redirects for unknown apps). */
  returnRedirects?: boolean;
  /** Largest answer body read, in bytes (after decompression); default DEFAULT_MAX_BODY_BYTES. */
  maxBodyBytes?: number;
  /**
   * Recognises a dead session in a successful answer (mobileconf's `{"needauth":true}`):
   * returns what to call it, or null. Checked before the session is reported alive.
   */
  expiredWhen?: (res: SteamResponse) => string | null;
}

export interface SteamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The raw body, only for `binary` requests. */
  body?: Buffer;
  endpoint: string;
}

export interface SteamHttpOptions {
  communityUrl: string;
  webApiUrl: string;
  session: SteamSession;
  apiKey?: string | undefined;
  inventoryDelayMs: number;
  confirmationDelayMs: number;
  logger: Logger;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  /** Retries after the first attempt. */
  maxRetries?: number;
  defaultMaxWaitMs?: number;
  /** Called when an authenticated request proves the session dead or alive again. */
  onSessionState?: (state: 'expired' | 'ok', endpoint: string) => void;
  telemetry?: Telemetry | undefined;
  /**
   * Renews the session when an answer says it expired (a refresh token is held). Given the access
   * token the failed request carried; resolves true once a newer session is in place. The request
   * is then sent once more before the session is called expired.
   */
  renewSession?: (failedAccessToken: string) => Promise<boolean>;
}

/**
 * No Steam answer tradedesk reads comes near this (a 2,000-item inventory page with its
 * descriptions is a few MB); a larger body is refused while streaming, before it fills memory.
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

// Steam's 2025–26 header checks (steam-protocol.md §5.7) turn away requests that do not look
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

export class SteamHttp {
  readonly scheduler: RequestScheduler;
  private readonly dispatcher: Dispatcher;
  private readonly sleep: Sleep;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly inFlight = new Set<Promise<unknown>>();
  private session: SteamSession;
  private renewSession: SteamHttpOptions['renewSession'];

  constructor(private readonly options: SteamHttpOptions) {
    this.session = options.session;
    this.renewSession = options.renewSession;
    this.sleep = options.sleep ?? realSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.dispatcher = new Agent({
      connections: 8,
      headersTimeout: 20_000,
      bodyTimeout: 30_000,
      keepAliveTimeout: 10_000,
    });
    // Keyed by the host name requests are scheduled under (the URL's host, which /status shows).
    this.scheduler = new RequestScheduler(
      {
        [new URL(options.communityUrl).host]: { maxConcurrent: 2 },
        [new URL(options.webApiUrl).host]: { maxConcurrent: 4 },
      },
      { inventory: { spacingMs: options.inventoryDelayMs }, mobileconf: { spacingMs: options.confirmationDelayMs } },
      this.sleep,
      this.now,
    );
  }

  get logger(): Logger {
    return this.options.logger;
  }

  get currentSession(): SteamSession {
    return this.session;
  }

  get telemetry(): Telemetry {
    return this.options.telemetry ?? noTelemetry;
  }

  get communityUrl(): string {
    return this.options.communityUrl;
  }

  get hasApiKey(): boolean {
    return this.options.apiKey !== undefined;
  }

  /** Swaps in new cookies (after a renewal, or a human pasted fresh ones). */
  setSession(session: SteamSession): void {
    this.session = session;
  }

  /** Who renews the session when an answer says it expired (the session keeper, when a refresh token is held). */
  setRenewal(renew: SteamHttpOptions['renewSession']): void {
    this.renewSession = renew;
  }

  async send(req: SteamRequest): Promise<SteamResponse> {
    const promise = this.sendRenewing(req);
    this.inFlight.add(promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(promise);
    }
  }

  /** GET/POST and parse JSON against a schema. */
  async json<S extends z.ZodType>(
    req: SteamRequest,
    schema: S,
  ): Promise<{ data: z.infer<S>; response: SteamResponse }> {
    const response = await this.send(req);
    return { data: parseJson(response, schema, this.options.logger), response };
  }

  /** Waits for requests already under way (graceful shutdown), then closes the connection pool. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
    await this.dispatcher.close();
  }

  private baseUrl(host: SteamHost): string {
    return host === 'community' ? this.options.communityUrl : this.options.webApiUrl;
  }

  private endpointOf(req: SteamRequest): string {
    return `${new URL(this.baseUrl(req.host)).host}${req.path}`;
  }

  private buildUrl(req: SteamRequest): string {
    const url = new URL(this.baseUrl(req.host) + req.path);
    for (const [key, value] of Object.entries(req.query ?? {})) {
      if (value !== undefined) url.searchParams.set(key, String(value));
    }
    if (req.auth === 'accessToken') url.searchParams.set('access_token', this.session.accessToken);
    if (req.auth === 'apiKey') {
      if (!this.options.apiKey) throw new ApiKeyRejectedError(this.endpointOf(req));
      url.searchParams.set('key', this.options.apiKey);
    }
    return url.toString();
  }

  private buildHeaders(req: SteamRequest): Record<string, string> {
    const headers: Record<string, string> = { ...headerProfile(req) };
    if (req.host === 'community') {
      if (req.auth === 'cookies') headers.cookie = sessionCookieHeader(this.session);
      if (req.method === 'POST') {
        // Since 2025-02-12 community POSTs without Origin get 403 (§4.1).
        headers.origin = new URL(this.options.communityUrl).origin;
      }
    }
    if (req.form) headers['content-type'] = 'application/x-www-form-urlencoded; charset=UTF-8';
    return { ...headers, ...req.headers };
  }

  /**
   * An expired answer first gets one renewal and one more try. Steam did nothing with a request it
   * answered "not logged in" to, so sending it again is safe even for a POST.
   */
  private async sendRenewing(req: SteamRequest): Promise<SteamResponse> {
    const renew = this.renewSession;
    const authenticated = req.auth === 'cookies' || req.auth === 'accessToken';
    if (!renew || !authenticated) return this.sendWithRetries(req, true);
    const token = this.session.accessToken;
    try {
      return await this.sendWithRetries(req, false);
    } catch (error) {
      if (!(error instanceof SessionExpiredError)) throw error;
      if (await renew(token).catch(() => false)) return this.sendWithRetries(req, true);
      this.options.onSessionState?.('expired', error.endpoint);
      throw error;
    }
  }

  private async sendWithRetries(req: SteamRequest, reportExpiry: boolean): Promise<SteamResponse> {
    const endpoint = this.endpointOf(req);
    const host = new URL(this.baseUrl(req.host)).host;
    const maxRetries = this.options.maxRetries ?? 3;
    const maxWaitMs = req.maxWaitMs ?? this.options.defaultMaxWaitMs ?? 60_000;
    // Only a GET can be repeated blindly; a POST is retried only when Steam says it did not
    // look at it (429).
    const idempotent = req.method === 'GET';
    let waited = 0;
    for (let attempt = 0; ; attempt += 1) {
      let response: SteamResponse;
      try {
        response = await this.scheduler.run(host, req.lane, () => this.attempt(req, endpoint));
      } catch (error) {
        if (!isNetworkError(error)) throw error;
        this.telemetry.steamRequest(req.host, steamEndpointLabel(req.path), 'network_error');
        const code = (error as { code?: string }).code ?? 'network error';
        const wait = backoffDelay(attempt, 1000, 30_000, this.random);
        if (!idempotent || attempt >= maxRetries || waited + wait > maxWaitMs) {
          throw new SteamUnreachableError(endpoint, code);
        }
        this.telemetry.steamWait(req.host, 'network_error', wait);
        this.options.logger.warn({ endpoint, code, waitMs: wait }, 'Steam unreachable, retrying');
        waited += wait;
        await this.sleep(wait);
        continue;
      }

      const { status } = response;
      const retryable = status === 429 || (status >= 500 && !req.acceptStatuses?.includes(status));
      if (!retryable) return checkWebApiEResult(req, this.interpret(req, response, reportExpiry));

      const retryAfter = parseRetryAfter(response.headers['retry-after'], this.now());
      const wait = retryAfter ?? backoffDelay(attempt, 1000, 60_000, this.random);
      if ((status !== 429 && !idempotent) || attempt >= maxRetries || waited + wait > maxWaitMs) {
        throw new SteamBusyError(endpoint, status, wait);
      }
      this.scheduler.pause({ host, endpoint, status, waitMs: wait, fromRetryAfter: retryAfter !== null });
      this.telemetry.steamWait(req.host, status === 429 ? 'rate_limited' : 'server_error', wait);
      this.options.logger.warn({ endpoint, status, waitMs: wait, attempt }, 'Steam is busy, backing off');
      waited += wait;
    }
  }

  private async attempt(req: SteamRequest, endpoint: string): Promise<SteamResponse> {
    const body = req.multipart
      ? toFormData(req.multipart)
      : req.form
        ? encodeForm(req.form)
        : req.method === 'POST'
          ? ''
          : null;
    const url = this.buildUrl(req);
    const started = performance.now();
    const res = await request(url, {
      method: req.method,
      headers: this.buildHeaders(req),
      body,
      dispatcher: this.dispatcher,
    });
    this.telemetry.steamRequest(req.host, steamEndpointLabel(req.path), res.statusCode);
    const bytes = await readCapped(res.body, endpoint, req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, res.headers);
    const raw = req.binary ? bytes : undefined;
    const text = raw ? '' : bytes.toString('utf8');
    // The whole URL helps when reading a trace; its key / access_token are taken out by the
    // logger's redaction like every other credential.
    this.options.logger.trace(
      { method: req.method, url: String(url), status: res.statusCode, ms: Math.round(performance.now() - started) },
      'steam request',
    );
    return { status: res.statusCode, headers: res.headers, text, endpoint, ...(raw ? { body: raw } : {}) };
  }

  /** Turns login redirects, 401/403 and sign-in pages into typed errors. */
  private interpret(req: SteamRequest, res: SteamResponse, reportExpiry: boolean): SteamResponse {
    const expired = (endpoint: string, detail: string): never => {
      if (reportExpiry) this.options.onSessionState?.('expired', endpoint);
      throw new SessionExpiredError(endpoint, detail);
    };
    const { status, endpoint } = res;
    const authenticated = req.auth === 'cookies' || req.auth === 'accessToken';
    if (status >= 300 && status < 400) {
      const location = String(res.headers.location ?? '');
      if (authenticated && /\/login|lostauth/i.test(location)) return expired(endpoint, 'redirect to login');
      if (req.returnRedirects) return res;
      throw new SteamHttpError(endpoint, req.method, status);
    }
    if (status === 401 || status === 403) {
      if (/Family View/i.test(res.text)) throw new SteamHttpError(endpoint, req.method, status);
      if (req.auth === 'apiKey') throw new ApiKeyRejectedError(endpoint);
      if (status === 401 && authenticated) return expired(endpoint, 'HTTP 401');
      if (req.auth === 'accessToken') return expired(endpoint, `HTTP ${status}`);
      if (req.on403 === 'expired' && authenticated) return expired(endpoint, 'HTTP 403');
      if (req.on403 === 'return' || req.acceptStatuses?.includes(status)) return res;
      throw new SteamHttpError(endpoint, req.method, status);
    }
    if (authenticated && looksLikeSignInPage(res)) return expired(endpoint, 'sign-in page');
    const expiredDetail = authenticated ? (req.expiredWhen?.(res) ?? null) : null;
    if (expiredDetail) return expired(endpoint, expiredDetail);
    if (status >= 400 && !req.acceptStatuses?.includes(status)) {
      throw new SteamHttpError(endpoint, req.method, status);
    }
    if (authenticated && status < 300) this.options.onSessionState?.('ok', endpoint);
    return res;
  }
}

/** node:zlib's decoder for a Content-Encoding we asked for; null for none; undefined for one we did not. */
function decoderFor(contentEncoding: string | string[] | undefined): Transform | null | undefined {
  const encoding = String(contentEncoding ?? '')
    .trim()
    .toLowerCase();
  if (encoding === '' || encoding === 'identity') return null;
  if (encoding === 'gzip' || encoding === 'x-gzip') return createGunzip();
  if (encoding === 'br') return createBrotliDecompress();
  if (encoding === 'deflate') return createInflate();
  return undefined;
}

/**
 * Reads a body up to `limit` bytes (after decompression) and stops (destroying the stream, so
 * the connection is dropped instead of drained) as soon as Content-Length or the bytes read
 * say it is larger. A gzip, deflate or br body is decoded with node:zlib: undici's
 * DecompressInterceptor would do it, but it is experimental and prints an ExperimentalWarning
 * on stderr.
 */
async function readCapped(
  body: Dispatcher.ResponseData['body'],
  endpoint: string,
  limit: number,
  headers: Record<string, string | string[] | undefined>,
): Promise<Buffer> {
  const declared = Number(headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    body.destroy();
    throw new SteamBodyTooLargeError(endpoint, limit);
  }
  const decoder = decoderFor(headers['content-encoding']);
  if (decoder === undefined) {
    body.destroy();
    throw new SteamShapeError(endpoint, `content-encoding ${String(headers['content-encoding'])}`);
  }
  const source: AsyncIterable<Buffer> = decoder ? pipeline(body, decoder, () => undefined) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of source) {
      size += chunk.length;
      if (size > limit) {
        body.destroy();
        decoder?.destroy();
        throw new SteamBodyTooLargeError(endpoint, limit);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    // A connection lost mid-body is retried like any other; only bad bytes are a shape error.
    if (!decoder || error instanceof SteamBodyTooLargeError || isNetworkError(error)) throw error;
    throw new SteamShapeError(endpoint, `a ${String(headers['content-encoding'])} body that does not decompress`);
  }
  return Buffer.concat(chunks);
}

/**
 * Web API answers carry their EResult in `x-eresult` (steam-protocol.md §3.3): anything but 1 is a failed
 * call, even with HTTP 200 and a body like `{"response":{}}` that would otherwise read as "no offers".
 * Steam also sends a false 2 (Fail) on answers that worked; like tradeoffer-manager, a 2 with content
 * is taken as OK. No header at all (older endpoints, redirects handed back) says nothing either way.
 */
export function checkWebApiEResult(req: Pick<SteamRequest, 'host' | 'binary'>, res: SteamResponse): SteamResponse {
  // Protobuf answers (IAuthenticationService) are read with their x-eresult by their caller.
  if (req.host !== 'webapi' || req.binary || res.status >= 300) return res;
  const header = res.headers['x-eresult'];
  if (header === undefined) return res;
  const eresult = Number(Array.isArray(header) ? header[0] : header);
  if (eresult === EResult.OK) return res;
  if (eresult === EResult.Fail && hasContent(res.text)) return res;
  throw new SteamEResultError(res.endpoint, Number.isInteger(eresult) ? eresult : EResult.Fail, '');
}

/** tradeoffer-manager's test for a real answer behind a false Fail: more than one key, or a non-empty response. */
function hasContent(text: string): boolean {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const response = (body as { response?: unknown }).response;
  return (
    Object.keys(body).length > 1 ||
    (typeof response === 'object' && response !== null && Object.keys(response).length > 0)
  );
}

function looksLikeSignInPage(res: SteamResponse): boolean {
  const type = String(res.headers['content-type'] ?? '');
  if (!type.includes('html')) return false;
  return /g_steamID = false;|<title>Sign In<\/title>/.test(res.text);
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^(E[A-Z]+|UND_ERR_.*)$/.test(code);
}

function toFormData(fields: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields)) data.append(key, value);
  return data;
}

function encodeForm(form: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(form)) {
    for (const item of Array.isArray(value) ? value : [value]) params.append(key, item);
  }
  return params.toString();
}

/** JSON.parse + zod; anything else becomes a SteamShapeError that is logged once, here. */
export function parseJson<S extends z.ZodType>(response: SteamResponse, schema: S, logger: Logger): z.infer<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.text);
  } catch {
    const error = new SteamShapeError(response.endpoint, `not JSON (HTTP ${response.status})`);
    logger.warn(
      { endpoint: response.endpoint, status: response.status, problem: error.describeIssues() },
      error.message,
    );
    throw error;
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const error = new SteamShapeError(response.endpoint, result.error.issues);
    logger.warn(
      { endpoint: response.endpoint, status: response.status, problem: error.describeIssues() },
      error.message,
    );
    throw error;
  }
  return result.data;
}
