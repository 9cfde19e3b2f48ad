// Watches GetTradeOffersSummary and fetches offers only when it changed, plus a periodic
// sweep, because Steam can backdate time_updated and its counts can stay equal across a
// change (one offer in, one out). Last seen states live in the store, so a restart neither
// reposts nor misses what changed while the bot was down.
import { isDeepStrictEqual } from 'node:util';
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import type { SteamClient } from '../steam/client.js';
import { ETradeOfferState, isOfferActive } from '../steam/enums.js';
import { SessionExpiredError, SteamBusyError } from '../steam/errors.js';
import { isGlitchedOffer } from '../steam/tradeOffers.js';
import type { TradeOffer, TradeOffersSummary } from '../steam/types.js';
import type { PollBookmarks, Store, StoreLock } from '../store/index.js';
import { describeError } from '../format/errors.js';
import type { Feed } from './feed.js';
import type { Telemetry } from '../telemetry.js';

/** tradeoffer-manager's 30-minute buffer against backdated time_updated (steam-protocol.md §7.2). */
const BACKDATE_BUFFER_S = 30 * 60;
/** A sweep reaches this far behind the previous sweep. */
const SWEEP_OVERLAP_S = 5 * 60;
const MIN_SWEEP_INTERVAL_MS = 120_000;
/**
 * Last seen states kept in the bookmarks: a busy trade bot sees thousands of offers, and the
 * bookmarks are rewritten on every change. Finished offers beyond this many are forgotten,
 * oldest (lowest id) first; offers that can still change are always kept.
 */
export const MAX_REMEMBERED_OFFERS = 5000;
/**
 * Two processes on one store (a rolling restart, a second host) take turns: a poll runs under
 * this lock, so they never both see an offer as new and post it twice. The lock is short and
 * renewed while a long poll runs, so a process killed mid-poll holds up the next one (its own
 * restart included) for a minute at most.
 */
const POLL_LOCK_TTL_MS = 60_000;
const POLL_LOCK_RENEW_MS = 20_000;

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

export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopped = false;
  /** Said once per process: turns alternate, and a line per skipped turn would flood the log. */
  private toldOfOtherProcess = false;
  private readonly sweepIntervalMs: number;

  constructor(
    private readonly deps: {
      steam: SteamClient;
      store: Store;
      feed: Feed;
      health: Health;
      logger: Logger;
      intervalMs: number;
      now?: () => number;
      /** Told of every offer whose state changed (SteamTradeBots: a completed trade changes the stock). */
      onOfferChanged?: (offer: TradeOffer, previousState: number | undefined) => void;
      telemetry?: Telemetry;
    },
  ) {
    this.sweepIntervalMs = Math.max(MIN_SWEEP_INTERVAL_MS, deps.intervalMs * 10);
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  /** Stops the timer and waits for a poll under way to finish. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.deps.health.nextPollAt = null;
    await this.current?.catch(() => undefined);
  }

  /** Runs a poll now (after any poll under way); used after actions and by tests. */
  async pollNow(): Promise<PollResult | null> {
    await this.current?.catch(() => undefined);
    const run = this.poll();
    this.current = run;
    return run;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    this.deps.health.nextPollAt = this.now() + delayMs;
    this.timer = setTimeout(() => {
      const run = this.poll().then(
        () => this.schedule(this.deps.intervalMs),
        (error: unknown) => this.schedule(this.delayAfter(error)),
      );
      this.current = run;
    }, delayMs);
  }

  private delayAfter(error: unknown): number {
    if (error instanceof SteamBusyError && error.retryAfterMs)
      return Math.max(this.deps.intervalMs, error.retryAfterMs);
    return this.deps.intervalMs;
  }

  private async poll(): Promise<PollResult | null> {
    const { steam, store, health, logger } = this.deps;
    health.lastPollAt = this.now();
    let lock: StoreLock | null = null;
    let renewal: NodeJS.Timeout | null = null;
    try {
      lock = await store.acquireLock('poller', POLL_LOCK_TTL_MS);
      if (!lock) {
        if (!this.toldOfOtherProcess)
          logger.info('another tradedesk process is polling this Steam account; the two take turns');
        this.toldOfOtherProcess = true;
        health.lastPollByOtherProcess = true;
        logger.debug('poll skipped: another process is polling');
        this.deps.telemetry?.poll('skipped');
        return null;
      }
      health.lastPollByOtherProcess = false;
      const held = lock;
      renewal = setInterval(() => {
        held.extend(POLL_LOCK_TTL_MS).then(
          (kept) => kept || logger.warn('the poller lock expired during a long poll'),
          (error: unknown) => logger.warn({ err: error }, 'could not renew the poller lock'),
        );
      }, POLL_LOCK_RENEW_MS);
      renewal.unref();
      const bookmarks = await store.getPollBookmarks();
      const nowS = Math.floor(this.now() / 1000);
      const firstRun = bookmarks.offersSince === 0;
      const sweepDue = this.now() - bookmarks.lastFullSweepAt >= this.sweepIntervalMs;
      // Our own time_last_visit keeps the counts from shifting when someone opens the
      // trade-offers page in a browser (§3.2).
      const timeLastVisit = bookmarks.offersSince || nowS;
      const summary = summaryFingerprint(await steam.offers.getSummary(timeLastVisit, 10_000), timeLastVisit);
      const changed = !isDeepStrictEqual(summary, bookmarks.lastSummary);
      let result: PollResult = { fetched: false, posted: 0, changed: 0, glitched: 0, retry: 0 };
      if (changed || sweepDue || firstRun) {
        const cutoff = firstRun
          ? nowS
          : sweepDue
            ? Math.max(1, Math.floor(bookmarks.lastFullSweepAt / 1000) - SWEEP_OVERLAP_S)
            : Math.max(1, bookmarks.offersSince - BACKDATE_BUFFER_S);
        const list = await steam.offers.getOffers({
          sent: true,
          received: true,
          activeOnly: true,
          historicalCutoff: cutoff,
          descriptions: true,
          maxWaitMs: 20_000,
        });
        const next: PollBookmarks = {
          ...bookmarks,
          offerStates: { ...bookmarks.offerStates },
          lastSummary: summary,
          lastFullSweepAt: sweepDue || firstRun ? this.now() : bookmarks.lastFullSweepAt,
        };
        result = await this.apply([...list.received, ...list.sent], next, nowS);
        // A half-loaded offer changes nothing in the counts when Steam later fills it in, and a
        // channel that comes back changes nothing on Steam's side; forgetting the summary makes the
        // next poll fetch again instead of waiting for a sweep.
        if (result.glitched > 0 || result.retry > 0) next.lastSummary = null;
        if (sweepDue || firstRun) health.lastFullSweepAt = this.now();
        await store.setPollBookmarks(next);
      }
      health.lastPollError = null;
      health.pollFailingSince = null;
      this.deps.telemetry?.poll(result.fetched ? 'fetched' : 'unchanged');
      logger.debug({ ...result }, 'poll');
      return result;
    } catch (error) {
      health.lastPollError =
        error instanceof SessionExpiredError
          ? 'the Steam session has expired'
          : describeError(error).replace(/\.$/, '');
      health.pollFailingSince ??= this.now();
      this.deps.telemetry?.poll(
        error instanceof SessionExpiredError
          ? 'session_expired'
          : error instanceof SteamBusyError
            ? 'steam_busy'
            : 'failed',
      );
      if (error instanceof SessionExpiredError || error instanceof SteamBusyError) {
        logger.warn({ err: error }, 'poll failed');
      } else {
        logger.error({ err: error }, 'poll failed');
      }
      throw error;
    } finally {
      await lock?.release().catch((error: unknown) => logger.warn({ err: error }, 'could not release the poller lock'));
    }
  }

  /** Diffs offers against the last known states; posts, edits and alerts. Mutates `next`. */
  private async apply(offers: TradeOffer[], next: PollBookmarks, nowS: number): Promise<PollResult> {
    const { feed, logger } = this.deps;
    const result: PollResult = { fetched: true, posted: 0, changed: 0, glitched: 0, retry: 0 };
    let newest = next.offersSince;
    for (const offer of offers) {
      // Half-loaded offers are looked at again next time; offersSince stays put meanwhile.
      if (isGlitchedOffer(offer, true)) {
        result.glitched += 1;
        continue;
      }
      const previous = next.offerStates[offer.id];
      if (previous === offer.state) continue;
      try {
        if (!offer.isOurOffer) {
          if (previous === undefined) {
            if (offer.state === ETradeOfferState.Active) {
              if (!(await feed.postOffer(offer))) {
                result.retry += 1;
                continue;
              }
              result.posted += 1;
            }
          } else {
            if (!(await feed.refreshOffer(offer))) {
              result.retry += 1;
              continue;
            }
            result.changed += 1;
          }
        } else if (previous !== undefined) {
          await feed.alertSentOffer(offer, previous);
          result.changed += 1;
        }
      } catch (error) {
        // One offer that cannot be shown must not hold back the others; it is retried next poll.
        logger.error({ err: error, offerId: offer.id }, 'could not show an offer change');
        result.retry += 1;
        continue;
      }
      next.offerStates[offer.id] = offer.state;
      this.deps.onOfferChanged?.(offer, previous);
      newest = Math.max(newest, Math.floor(offer.updated.getTime() / 1000));
    }
    next.offersSince =
      result.glitched + result.retry > 0 ? next.offersSince || nowS : Math.max(newest, next.offersSince || nowS);
    pruneOfferStates(next.offerStates, MAX_REMEMBERED_OFFERS);
    return result;
  }
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
