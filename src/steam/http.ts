// Every request tradedesk makes to Steam goes through here: the scheduler (concurrency,
// spacing, host pauses), retries that honour Retry-After, and the recognition of an expired
// session. undici's own retry interceptor is not used because /status must show each wait,
// commands need a smaller wait budget than the poller, and a POST that may have gone through
// (accept, send) must never be sent twice.
import { Agent, request } from 'undici';
import type { Logger } from '../logger.js';
import {
  ApiKeyRejectedError,
  SessionExpiredError,
  SteamBusyError,
  SteamHttpError,
  SteamUnreachableError,
} from './errors.js';
import { checkWebApiEResult, looksLikeSignInPage, parseJson } from './answers.js';
import {
  DEFAULT_MAX_BODY_BYTES,
  steamResponse,
  type SteamHost,
  type SteamRequest,
  type SteamResponse,
} from './request.js';
import { requestBody, requestHeaders } from './requestHeaders.js';
import { isNetworkError, readCapped } from './responseBody.js';
import { backoffDelay, parseRetryAfter } from './retry.js';
import { RequestScheduler, realSleep, type Sleep } from './scheduler.js';
import type { SteamSession } from './session.js';
import { noTelemetry, steamEndpointLabel, type Telemetry } from '../telemetry.js';
import type { z } from 'zod';

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

export class SteamHttp {
  readonly scheduler: RequestScheduler;
  private readonly dispatcher: Agent;
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
    if (!this.dispatcher.closed && !this.dispatcher.destroyed) await this.dispatcher.close();
  }

  /**
   * Lets go at once: requests under way fail where they stand. For a shutdown whose wait ran out,
   * so a Steam that never answers cannot hold the process past it.
   */
  async abandon(): Promise<void> {
    if (!this.dispatcher.destroyed) await this.dispatcher.destroy();
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
    const url = this.buildUrl(req);
    const started = performance.now();
    const res = await request(url, {
      method: req.method,
      headers: requestHeaders(req, this.session, this.options.communityUrl),
      body: requestBody(req),
      dispatcher: this.dispatcher,
    });
    this.telemetry.steamRequest(req.host, steamEndpointLabel(req.path), res.statusCode);
    const bytes = await readCapped(
      res.body,
      endpoint,
      req.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES,
      res.headers,
      req.bodyBuffer,
    );
    // The whole URL helps when reading a trace; its key / access_token are taken out by the
    // logger's redaction like every other credential.
    this.options.logger.trace(
      { method: req.method, url: String(url), status: res.statusCode, ms: Math.round(performance.now() - started) },
      'steam request',
    );
    return steamResponse(res.statusCode, res.headers, endpoint, bytes, req.binary === true);
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
