// What the publisher is given and what it answers: its options, /tradebots preview's and
// /tradebots publish's results, the outcome of an automatic pass.
import { createHash } from 'node:crypto';
import type { SessionState } from '../steam/client.js';
import { ETradeOfferState } from '../steam/enums.js';
import type { UpdateResult } from './api.js';
import { STEAMTRADEBOTS_REQUEST_LIMIT, STEAMTRADEBOTS_WINDOW_MS } from './budget.js';
import type { SteamTradeBotsUpdate } from './payload.js';

export interface SessionSource {
  readonly session: SessionState;
  on(event: 'session', listener: (state: SessionState) => void): unknown;
  off(event: 'session', listener: (state: SessionState) => void): unknown;
}

export interface PublisherOptions {
  /** Coalesces triggers that arrive together (several offers accepted in one poll). */
  debounceMs?: number;
  /** The periodic check: trades made outside tradedesk still reach the listing. */
  periodicMs?: number;
  /** First retry after a 5xx or no answer; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** The offline update on shutdown waits no longer than this. */
  shutdownTimeoutMs?: number;
  limit?: number;
  windowMs?: number;
}

export const PUBLISHER_DEFAULTS: Required<PublisherOptions> = {
  debounceMs: 3000,
  periodicMs: 30 * 60 * 1000,
  retryMs: 60_000,
  maxRetryMs: 15 * 60 * 1000,
  shutdownTimeoutMs: 3000,
  limit: STEAMTRADEBOTS_REQUEST_LIMIT,
  windowMs: STEAMTRADEBOTS_WINDOW_MS,
};

export interface BudgetState {
  used: number;
  limit: number;
  /** 0 when a request may go now. */
  waitMs: number;
}

export interface Preview {
  configured: boolean;
  /** The full update as /tradebots publish would send it now. */
  payload: SteamTradeBotsUpdate;
  unknownSetSizes: number[];
  /** What automatic publishing would send next (only the changed fields); null before any publish. */
  pending: SteamTradeBotsUpdate | null;
  lastPublishedAt: number | null;
  budget: BudgetState | null;
  ratesFile: { path: string; present: boolean };
}

export type PublishOutcome =
  | { kind: 'notConfigured' }
  | { kind: 'stopped' }
  /** Not sent: the budget (or a 429's Retry-After) says when it may go. */
  | { kind: 'deferred'; waitMs: number; cause: 'budget' | 'retryAfter'; payload: SteamTradeBotsUpdate }
  | { kind: 'answered'; result: UpdateResult; payload: SteamTradeBotsUpdate; budget: BudgetState };

export type AutomaticOutcome =
  | 'notConfigured'
  | 'stopped'
  | 'resting'
  | 'upToDate'
  | 'sameRejection'
  | 'deferred'
  | 'failedToCount'
  | UpdateResult['kind'];

export function keyIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

/** Offers in these states moved items in or out of the bot's inventories. */
export const STOCK_CHANGING_STATES = new Set<number>([
  ETradeOfferState.Accepted,
  ETradeOfferState.InEscrow,
  ETradeOfferState.Reverted,
]);
