// A request to Steam and its answer, as the transport (http.ts) and the endpoint classes see them.
import type { BodyBuffer } from './responseBody.js';

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
  /** A body that is not text (protobuf answers): read `body`; `text` is ''. */
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
   * Read the body into this buffer, reused from one answer to the next (an inventory's pages):
   * the answer's `body` and `text` are then good only until the next request with it.
   */
  bodyBuffer?: BodyBuffer;
  /**
   * Recognises a dead session in a successful answer (mobileconf's `{"needauth":true}`):
   * returns what to call it, or null. Checked before the session is reported alive.
   */
  expiredWhen?: (res: SteamResponse) => string | null;
}

export interface SteamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The body as UTF-8 text (decoded when first read); '' for `binary` requests. */
  readonly text: string;
  /** The raw body (after decompression). */
  body?: Buffer;
  endpoint: string;
}

/**
 * No Steam answer tradedesk reads comes near this (a 2,000-item inventory page with its
 * descriptions is a few MB); a larger body is refused while streaming, before it fills memory.
 */
export const DEFAULT_MAX_BODY_BYTES = 32 * 1024 * 1024;

/**
 * Steam's answer as the service layer reads it. The text is decoded only when read: an inventory
 * page is read from its bytes (inventoryPageBytes.ts), and decoding a few MB it never looks at
 * was a good part of a big load's cost.
 */
export function steamResponse(
  status: number,
  headers: SteamResponse['headers'],
  endpoint: string,
  body: Buffer,
  binary: boolean,
): SteamResponse {
  let text: string | undefined = binary ? '' : undefined;
  return {
    status,
    headers,
    get text() {
      return (text ??= body.toString('utf8'));
    },
    endpoint,
    body,
  };
}
