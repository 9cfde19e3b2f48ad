// Watches GetTradeOffersSummary and fetches offers only when it changed, plus a periodic
// sweep, because Steam can backdate time_updated and its counts can stay equal across a
// change (one offer in, one out). Last seen states live in the store, so a restart neither
// reposts nor misses what changed while the bot was down.
import { isDeepStrictEqual } from 'node:util';

import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import type { SteamClient } from '../steam/client.js';
import { ETradeOfferState } from '../steam/enums.js';
import { SteamBusyError } from '../steam/errors.js';
import { isGlitchedOffer } from '../steam/tradeOffers.js';
import type { TradeOffer } from '../steam/types.js';
import type { SentOfferAlerts } from '../store/alerts.js';
import type { PollBookmarks, Store } from '../store/index.js';
import type { Feed } from './feed.js';
import type { Telemetry } from '../telemetry.js';
import {
  MAX_OFFER_ATTEMPTS,
  MAX_REMEMBERED_OFFERS,
  historicalCutoff,
  MIN_SWEEP_INTERVAL_MS,
  pollFailure,
  pruneOfferStates,
  remember,
  summaryFingerprint,
  type PollResult,
} from './pollRules.js';

/**
 * Two processes on one store (a rolling restart, a second host) take turns: a poll runs under
 * this lock, so they never both see an offer as new and post it twice. The lock is short and
 * renewed while a long poll runs, so a process killed mid-poll holds up the next one (its own
 * restart included) for a minute at most.
 */
const POLL_LOCK_TTL_MS = 60_000;
const POLL_LOCK_RENEW_MS = 20_000;
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private current: Promise<unknown> | null = null;
  private stopped = false;
  /** Said once per process: turns alternate, and a line per skipped turn would flood the log. */
  private toldOfOtherProcess = false;
  private readonly sweepIntervalMs: number;
  private readonly lockRenewMs: number;
  /** Offer id → the state last alerted by this process: an alert is made at most once. */
  private readonly alerted = new Map<string, number>();
  /** Offer id → polls in a row on which showing it threw. */
  private readonly failures = new Map<string, number>();

  constructor(
    private readonly deps: {
      steam: SteamClient;
      store: Store;
      /** The marks that a sent offer's change was alerted (store/alerts.ts). */
      sentOfferAlerts: SentOfferAlerts;
      feed: Feed;
      health: Health;
      logger: Logger;
      intervalMs: number;
      now?: () => number;
      /** Told of every offer whose state changed (SteamTradeBots: a completed trade changes the stock). */
      onOfferChanged?: (offer: TradeOffer, previousState: number | undefined) => void;
      telemetry?: Telemetry;
      /** How often a long poll renews its store lock (tests shorten it). */
      lockRenewMs?: number;
      /** The renewal's timer functions (a test counts the live ones). */
      timers?: Pick<typeof globalThis, 'setInterval' | 'clearInterval'>;
    },
  ) {
    this.sweepIntervalMs = Math.max(MIN_SWEEP_INTERVAL_MS, deps.intervalMs * 10);
    this.lockRenewMs = deps.lockRenewMs ?? POLL_LOCK_RENEW_MS;
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
    const { store, health, logger } = this.deps;
    health.lastPollAt = this.now();
    try {
      const turn = await store.withLock(
        'poller',
        {
          ttlMs: POLL_LOCK_TTL_MS,
          renewMs: this.lockRenewMs,
          ...(this.deps.timers ? { timers: this.deps.timers } : {}),
        },
        () => this.pollHoldingLock(),
      );
      if (turn.acquired) return turn.value;
      if (!this.toldOfOtherProcess)
        logger.info('another tradedesk process is polling this Steam account; the two take turns');
      this.toldOfOtherProcess = true;
      health.lastPollByOtherProcess = true;
      logger.debug('poll skipped: another process is polling');
      this.deps.telemetry?.poll('skipped');
      return null;
    } catch (error) {
      const failure = pollFailure(error);
      health.lastPollError = failure.text;
      health.pollFailingSince ??= this.now();
      this.deps.telemetry?.poll(failure.outcome);
      if (failure.expected) logger.warn({ err: error }, 'poll failed');
      else logger.error({ err: error }, 'poll failed');
      throw error;
    }
  }

  /** One poll, run while this process holds the poller lock. */
  private async pollHoldingLock(): Promise<PollResult> {
    const { steam, store, health, logger } = this.deps;
    health.lastPollByOtherProcess = false;
    const bookmarks = await store.getPollBookmarks();
    const nowS = Math.floor(this.now() / 1000);
    const firstRun = bookmarks.offersSince === 0;
    const sweepDue = this.now() - bookmarks.lastFullSweepAt >= this.sweepIntervalMs;
    // Our own time_last_visit keeps the counts from shifting when someone opens the
    // trade-offers page in a browser (docs/steam.md#offers-summary). One second past the last change we applied: an
    // offer that changes again (accepted, then reversed) counts in updated_* anew, where at
    // offersSince itself it was counted already and its next change would wait for the sweep.
    const timeLastVisit = bookmarks.offersSince ? bookmarks.offersSince + 1 : nowS;
    const summary = summaryFingerprint(await steam.offers.getSummary(timeLastVisit, 10_000), timeLastVisit);
    const changed = !isDeepStrictEqual(summary, bookmarks.lastSummary);
    let result: PollResult = { fetched: false, posted: 0, changed: 0, glitched: 0, retry: 0 };
    if (changed || sweepDue || firstRun) {
      const cutoff = historicalCutoff(bookmarks, { firstRun, sweepDue, nowS });
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
  }

  /**
   * Diffs offers against the last known states; posts, edits and alerts. Mutates `next`. Each offer
   * is handled on its own: one that cannot be shown is tried again next poll (a few times at most)
   * and never holds back the others.
   */
  private async apply(offers: TradeOffer[], next: PollBookmarks, nowS: number): Promise<PollResult> {
    const { logger } = this.deps;
    const result: PollResult = { fetched: true, posted: 0, changed: 0, glitched: 0, retry: 0 };
    let newest = next.offersSince;
    for (const offer of offers) {
      const previous = next.offerStates[offer.id];
      if (previous === offer.state) continue;
      let outcome: 'posted' | 'changed' | 'recorded' | 'glitched' | 'retry';
      try {
        outcome = await this.show(offer, previous);
        this.failures.delete(offer.id);
      } catch (error) {
        const attempts = (this.failures.get(offer.id) ?? 0) + 1;
        if (attempts < MAX_OFFER_ATTEMPTS) {
          logger.error({ err: error, offerId: offer.id, attempts }, 'could not show an offer change; trying again');
          remember(this.failures, offer.id, attempts);
          result.retry += 1;
          continue;
        }
        logger.error(
          { err: error, offerId: offer.id, attempts },
          'could not show an offer change; giving up on this change so the others go on',
        );
        this.failures.delete(offer.id);
        outcome = 'recorded';
      }
      if (outcome === 'glitched' || outcome === 'retry') {
        result[outcome] += 1;
        continue;
      }
      if (outcome === 'posted') result.posted += 1;
      if (outcome === 'changed') result.changed += 1;
      next.offerStates[offer.id] = offer.state;
      this.deps.onOfferChanged?.(offer, previous);
      // A time_updated in the future (Steam's clock, or a bad value) must not carry the bookmark past now.
      newest = Math.max(newest, Math.min(nowS, Math.floor(offer.updated.getTime() / 1000)));
    }
    next.offersSince =
      result.glitched + result.retry > 0 ? next.offersSince || nowS : Math.max(newest, next.offersSince || nowS);
    pruneOfferStates(next.offerStates, MAX_REMEMBERED_OFFERS);
    return result;
  }

  /**
   * What one changed offer means in the channel. Only a received offer about to be posted for the
   * first time waits while Steam sends it half-loaded; a known offer's card shows its new state at
   * once, its items named from the card's record and the class cache.
   */
  private async show(
    offer: TradeOffer,
    previous: number | undefined,
  ): Promise<'posted' | 'changed' | 'recorded' | 'glitched' | 'retry'> {
    const { feed } = this.deps;
    if (!offer.isOurOffer) {
      if (previous === undefined && offer.state === ETradeOfferState.Active) {
        if (isGlitchedOffer(offer, true)) return 'glitched';
        return (await feed.postOffer(offer)) ? 'posted' : 'retry';
      }
      // A known offer, or one first seen finished (its card may exist from before the states were kept).
      if (!(await feed.refreshOffer(offer))) return 'retry';
      return previous === undefined ? 'recorded' : 'changed';
    }
    if (previous === undefined) return 'recorded';
    await this.alertOnce(offer, previous);
    return 'changed';
  }

  /**
   * A sent offer's change is alerted at most once, even when the bookmarks cannot be written and
   * the next poll sees the same change again: this process remembers it, and the store keeps a
   * marker, written before the alert, that a restart reads.
   */
  private async alertOnce(offer: TradeOffer, previous: number): Promise<void> {
    const { sentOfferAlerts: alerts, feed, logger } = this.deps;
    if (this.alerted.get(offer.id) === offer.state) return;
    const marker = await alerts
      .alertedState(offer.id)
      .catch((error: unknown) =>
        logger.warn({ err: error, offerId: offer.id }, 'could not read a sent-offer alert mark'),
      );
    remember(this.alerted, offer.id, offer.state);
    if (marker === offer.state) return;
    await alerts
      .markAlerted(offer.id, offer.state)
      .catch((error: unknown) => logger.warn({ err: error, offerId: offer.id }, 'could not mark a sent-offer alert'));
    await feed.alertSentOffer(offer, previous);
  }
}
