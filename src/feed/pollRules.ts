// The poller's rules, apart from its timing and Steam calls: how far back it looks, how much it
// remembers, how often it retries one offer, and what it keeps of the summary.
import { describeError } from '../format/errors.js';
import { ETradeOfferState, isOfferActive } from '../steam/enums.js';
import { SessionExpiredError, SteamBusyError, SteamEResultError } from '../steam/errors.js';
import type { PollOutcome } from '../telemetry.js';
import type { TradeOffersSummary } from '../steam/types.js';
import type { PollBookmarks } from '../store/index.js';

/** tradeoffer-manager's 30-minute buffer against backdated time_updated (docs/steam.md#polling). */
export const BACKDATE_BUFFER_S = 30 * 60;
/** A sweep reaches this far behind the previous sweep. */
export const SWEEP_OVERLAP_S = 5 * 60;
export const MIN_SWEEP_INTERVAL_MS = 120_000;
/**
 * Last seen states kept in the bookmarks: a busy trade bot sees thousands of offers, and the
 * bookmarks are rewritten on every change. Finished offers beyond this many are forgotten,
 * oldest (lowest id) first; offers that can still change are always kept.
 */
export const MAX_REMEMBERED_OFFERS = 5000;
/**
 * An offer whose card or alert throws (Discord refuses the embed, the store cannot keep its record)
 * is tried this many polls in a row, then recorded as handled and logged: it must not keep the
 * feed fetching on every poll for ever.
 */
export const MAX_OFFER_ATTEMPTS = 3;
/** In-memory guards (alerts made, failures counted) forget their oldest entries past this. */
export const MEMORY_LIMIT = 10_000;

export interface PollResult {
  fetched: boolean;
  posted: number;
  changed: number;
  glitched: number;
  /** Offers that could not be shown (channel missing, no permission, Discord error): tried again next poll. */
  retry: number;
}

/** Pure: the summary counts stored alongside the time_last_visit they were asked with. */
export function summaryFingerprint(summary: TradeOffersSummary, timeLastVisit: number): Record<string, number> {
  return { ...summary, timeLastVisit };
}

/** Map.set that drops the oldest entry once the map holds MEMORY_LIMIT. */
export function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > MEMORY_LIMIT) map.delete(map.keys().next().value!);
}

/** Forgets the oldest finished offers once more than `max` are remembered. Mutates `states`. */
export function pruneOfferStates(states: Record<string, number>, max: number): void {
  const ids = Object.keys(states);
  if (ids.length <= max) return;
  const finished = ids
    .filter((id) => !isOfferActive(states[id]!) && states[id] !== ETradeOfferState.InEscrow)
    .sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
  for (const id of finished.slice(0, ids.length - max)) delete states[id];
}

/** How far back a poll asks for offers: now on the first run, behind the last sweep on a sweep, else behind the bookmark. */
export function historicalCutoff(
  bookmarks: PollBookmarks,
  poll: { firstRun: boolean; sweepDue: boolean; nowS: number },
): number {
  if (poll.firstRun) return poll.nowS;
  if (poll.sweepDue) return Math.max(1, Math.floor(bookmarks.lastFullSweepAt / 1000) - SWEEP_OVERLAP_S);
  return Math.max(1, bookmarks.offersSince - BACKDATE_BUFFER_S);
}

/**
 * How a failed poll is shown, counted and logged. Steam's own trouble (busy, x-eresult 16/20…)
 * and an expired session are expected: the next poll tries again.
 */
export function pollFailure(error: unknown): { text: string; outcome: PollOutcome; expected: boolean } {
  const expired = error instanceof SessionExpiredError;
  return {
    text: expired ? 'the Steam session has expired' : describeError(error).replace(/\.$/, ''),
    outcome: expired ? 'session_expired' : error instanceof SteamBusyError ? 'steam_busy' : 'failed',
    expected: expired || error instanceof SteamBusyError || error instanceof SteamEResultError,
  };
}
