// What the parts of the bot tell the outside world as they work: one small object passed in,
// whose methods the poller, the Steam layer, the feed and the actions call at the points that
// already exist. Without HTTP_PORT it is the no-op below and prom-client is never loaded
// (src/ops/metrics.ts is the real one). Every argument comes from a fixed set: no offer ids,
// SteamIDs or anything secret can become a label.

/** How a poll ended. `skipped`: another process on the same store had its turn. */
export type PollOutcome = 'unchanged' | 'fetched' | 'skipped' | 'session_expired' | 'steam_busy' | 'failed';
export type SteamHostLabel = 'community' | 'webapi';
export type OfferCardChange = 'posted' | 'edited';
export type ActionKind = 'accept' | 'decline' | 'cancel' | 'send';
/**
 * `refused`: nothing reached Steam (not allowed, offer no longer active, another click first);
 * `failed`: Steam was asked and the action did not happen, or its answer was lost.
 */
export type ActionResult = 'accepted' | 'declined' | 'canceled' | 'sent' | 'refused' | 'failed';
export type ConfirmationResult = 'confirmed' | 'not_found' | 'failed';
/** The kinds of answer src/tradebots/api.ts tells apart. */
export type TradeBotsSendResult =
  'ok' | 'invalid' | 'unauthorized' | 'methodNotAllowed' | 'rateLimited' | 'serverError' | 'unexpected' | 'unreachable';

export interface Telemetry {
  poll(outcome: PollOutcome): void;
  /** One HTTP exchange with Steam; `endpoint` is a path template from steamEndpointLabel(). */
  steamRequest(host: SteamHostLabel, endpoint: string, status: number | 'network_error'): void;
  /** Time held back before trying Steam again: Retry-After, our backoff after a 5xx, or a network error. */
  steamWait(host: SteamHostLabel, cause: 'rate_limited' | 'server_error' | 'network_error', waitMs: number): void;
  inventoryPage(owner: 'bot' | 'other'): void;
  offerCard(change: OfferCardChange): void;
  action(kind: ActionKind, result: ActionResult): void;
  confirmation(result: ConfirmationResult): void;
  tradeBotsSend(result: TradeBotsSendResult): void;
}

const ignore = (): void => undefined;

export const noTelemetry: Telemetry = {
  poll: ignore,
  steamRequest: ignore,
  steamWait: ignore,
  inventoryPage: ignore,
  offerCard: ignore,
  action: ignore,
  confirmation: ignore,
  tradeBotsSend: ignore,
};

const STEAMID64 = /^7656119\d{10}$/;

/**
 * The path of a Steam request as a label: SteamIDs and other numbers (offer, app, context ids)
 * become placeholders, so `/inventory/7656119…/730/2` and every other inventory count as one.
 * Anything that still is not a plain path of words is `other`.
 */
export function steamEndpointLabel(path: string): string {
  const label = path
    .split('/')
    .map((segment) => (STEAMID64.test(segment) ? '{steamid}' : /^\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
  return /^[A-Za-z0-9_/{}.-]{1,80}$/.test(label) ? label : 'other';
}
