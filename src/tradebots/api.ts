// The SteamTradeBots.com Bot API client (docs/steam.md#steamtradebots-api): one POST of a JSON body to
// {base}/bot/update.php?api_key=KEY, and a typed result for every documented answer.
//
// The key travels in the query string, so the URL never leaves this file: results, errors
// and log lines name the endpoint as host + path only.
import { Agent, request, type Dispatcher } from 'undici';
import { z } from 'zod';
import { parseRetryAfterSeconds } from './budget.js';
import type { SteamTradeBotsUpdate } from './payload.js';

const answer = z.looseObject({
  success: z.boolean(),
  message: z.string().optional(),
  errors: z.record(z.string(), z.unknown()).optional(),
});

export type UpdateResult =
  | { kind: 'ok'; status: 200; message: string }
  /** 400: the site names each field it refused. */
  | { kind: 'invalid'; status: 400; message: string; fieldErrors: Record<string, string> }
  /** 401 (key missing) or 403 (key refused, or the bot is inactive/unverified). */
  | { kind: 'unauthorized'; status: 401 | 403; message: string }
  | { kind: 'methodNotAllowed'; status: 405; message: string }
  /** 429: retryAfterSeconds from Retry-After or errors.retry_after_seconds, the longer of the two. */
  | { kind: 'rateLimited'; status: 429; message: string; retryAfterSeconds: number | null }
  | { kind: 'serverError'; status: number; message: string }
  /** Any other status, or a documented status whose body is not the documented shape. */
  | { kind: 'unexpected'; status: number; message: string }
  /** No answer at all (connection refused, timeout). */
  | { kind: 'unreachable'; status: null; message: string };

export interface TradeBotsApiOptions {
  /** STEAMTRADEBOTS_API_URL, e.g. https://steamtradebots.com/api/v1 (no trailing slash). */
  baseUrl: string;
  apiKey: string;
  /** Per request, unless the call gives its own. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 20_000;
const MESSAGE_MAX = 300;

export class TradeBotsApi {
  private readonly dispatcher: Dispatcher;
  /** host + path, for logs and messages: never the query, which carries the key. */
  readonly endpoint: string;

  constructor(private readonly options: TradeBotsApiOptions) {
    this.dispatcher = new Agent({ connections: 2, keepAliveTimeout: 10_000 });
    const url = new URL(`${options.baseUrl}/bot/update.php`);
    this.endpoint = `${url.host}${url.pathname}`;
  }

  async update(body: SteamTradeBotsUpdate, options: { timeoutMs?: number } = {}): Promise<UpdateResult> {
    const url = new URL(`${this.options.baseUrl}/bot/update.php`);
    url.searchParams.set('api_key', this.options.apiKey);
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    let status: number;
    let text: string;
    let retryAfterHeader: string | null;
    try {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify(body),
        dispatcher: this.dispatcher,
        signal: AbortSignal.timeout(timeoutMs),
      });
      status = res.statusCode;
      text = await res.body.text();
      const header = res.headers['retry-after'];
      retryAfterHeader = Array.isArray(header) ? (header[0] ?? null) : (header ?? null);
    } catch (error) {
      // undici's messages can include the URL; only the code is kept.
      const code = (error as { code?: unknown; name?: unknown }).code ?? (error as { name?: unknown }).name;
      return {
        kind: 'unreachable',
        status: null,
        message: `${this.endpoint} could not be reached (${typeof code === 'string' ? code : 'network error'})`,
      };
    }
    const result = interpretAnswer(status, text, retryAfterHeader);
    // The site should never echo the key; if it ever does, it goes no further than here.
    const key = this.options.apiKey;
    if (key.length >= 6 && JSON.stringify(result).includes(key)) {
      return JSON.parse(JSON.stringify(result).split(key).join('[REDACTED]')) as UpdateResult;
    }
    return result;
  }

  async close(): Promise<void> {
    await this.dispatcher.close();
  }
}

/** Pure: the typed result of one answer of the site. */
export function interpretAnswer(status: number, text: string, retryAfterHeader: string | null = null): UpdateResult {
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // Not JSON: proxies and crashed PHP answer with HTML. Handled per status below.
  }
  const parsed = answer.safeParse(json);
  const body = parsed.success ? parsed.data : null;
  const message = clip(body?.message ?? '');

  if (status === 200) {
    if (body?.success === true) return { kind: 'ok', status, message: message || 'Bot data updated successfully.' };
    return { kind: 'unexpected', status, message: `HTTP 200 without "success": true${message ? `: ${message}` : ''}` };
  }
  if (status === 400) {
    const fieldErrors: Record<string, string> = {};
    for (const [field, error] of Object.entries(body?.errors ?? {})) {
      fieldErrors[field] = clip(typeof error === 'string' ? error : JSON.stringify(error));
    }
    return { kind: 'invalid', status, message: message || 'Invalid data provided.', fieldErrors };
  }
  if (status === 401 || status === 403) {
    return {
      kind: 'unauthorized',
      status,
      message:
        message || (status === 401 ? 'Authentication failed.' : 'Authentication failed or bot is inactive/unverified.'),
    };
  }
  if (status === 405) return { kind: 'methodNotAllowed', status, message: message || 'Invalid request method.' };
  if (status === 429) {
    return {
      kind: 'rateLimited',
      status,
      message: message || 'Rate limit exceeded.',
      retryAfterSeconds: parseRetryAfterSeconds({ header: retryAfterHeader, body: json }),
    };
  }
  if (status >= 500) return { kind: 'serverError', status, message: message || `HTTP ${status}` };
  return { kind: 'unexpected', status, message: message || `HTTP ${status}` };
}

function clip(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MESSAGE_MAX ? `${oneLine.slice(0, MESSAGE_MAX - 1)}…` : oneLine;
}
