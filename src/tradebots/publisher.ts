// Keeps the bot's SteamTradeBots.com listing true (docs/steam.md#steamtradebots-api):
// - what the site last accepted and the request-budget times live in the store, so a
//   restart neither resends everything nor starts with an allowance the site does not grant;
// - automatic updates after a completed trade, a rates-file change, a Steam session change
//   and a periodic check send only the fields that changed (diffPayload);
// - never more than 10 requests per 5 minutes per key: an update over budget is deferred to
//   the moment the window frees, never dropped; a 429's Retry-After is honoured;
// - status: online while the Steam session works and the bot runs, offline while the session
//   is expired and on shutdown (best effort, within the budget, with a short timeout);
// - 401/403 is told once in the channel and shown in /status; automatic publishing then rests
//   until /tradebots publish gets through (or the bot restarts).
import { isDeepStrictEqual } from 'node:util';
import type { TradeBotsStatus, Health } from '../health.js';
import type { Logger } from '../logger.js';
import { SessionExpiredError } from '../steam/errors.js';
import { TradeBotsRecords, type TradeBotsStore } from '../store/tradeBotsRecords.js';
import type { Telemetry } from '../telemetry.js';
import type { AlertTradeBots } from './alerts.js';
import type { UpdateResult } from './api.js';
import type { ConfigFileProblem } from './configFile.js';
import { decide } from './decide.js';
import { buildPayload, type BotStatus, type SteamTradeBotsUpdate } from './payload.js';
import type { RatesSource } from './ratesSource.js';
import { PassScheduler } from './scheduler.js';
import { Sender, type UpdateSender } from './sender.js';
import type { StockService } from './stockService.js';

import {
  PUBLISHER_DEFAULTS,
  STOCK_CHANGING_STATES,
  type AutomaticOutcome,
  type Preview,
  type PublisherOptions,
  type PublishOutcome,
  type SessionSource,
} from './publishing.js';

export type { UpdateSender } from './sender.js';

export class Publisher {
  private readonly options: Required<PublisherOptions>;
  private readonly sender: Sender | null;
  private readonly scheduler: PassScheduler<AutomaticOutcome>;
  private stopped = false;
  private started = false;
  private lastInvalidRatesProblem: ConfigFileProblem | null = null;
  /** Something was reported this run; "up to date" then only replaces "waiting for Steam". */
  private reported = false;
  private waitingForSteam = false;

  constructor(
    private readonly deps: {
      /** Null without STEAMTRADEBOTS_API_KEY: preview works, nothing is sent. */
      api: UpdateSender | null;
      /** Identifies the key in the store (a hash, never the key). */
      keyId: string | null;
      stock: StockService;
      rates: RatesSource;
      store: TradeBotsStore;
      health: Pick<Health, 'tradeBots'>;
      /** Tells the offer channel(s). */
      alert: AlertTradeBots;
      session: SessionSource;
      logger: Logger;
      now?: () => number;
      options?: PublisherOptions;
      telemetry?: Telemetry;
    },
  ) {
    this.options = { ...PUBLISHER_DEFAULTS, ...deps.options };
    const now = () => this.now();
    this.sender = deps.api
      ? new Sender({
          api: deps.api,
          records: new TradeBotsRecords(deps.store, deps.keyId),
          windowMs: this.options.windowMs,
          limit: this.options.limit,
          report: (status) => this.report(status),
          alert: deps.alert,
          logger: deps.logger,
          now,
          ...(deps.telemetry ? { telemetry: deps.telemetry } : {}),
        })
      : null;
    this.scheduler = new PassScheduler({
      options: this.options,
      pass: () => this.automatic(),
      onPassError: (error) => {
        this.deps.logger.error({ err: error }, 'SteamTradeBots update failed');
        this.report({ kind: 'passFailed', error, at: this.now() });
      },
      enabled: () => !this.stopped && this.configured,
      now,
    });
  }

  get configured(): boolean {
    return this.deps.api !== null;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private report(status: TradeBotsStatus): void {
    this.reported = true;
    this.waitingForSteam = status.kind === 'waitingForSteam';
    this.deps.health.tradeBots = status;
  }

  /** online while the Steam session works and the bot runs; offline otherwise. */
  status(): BotStatus {
    if (this.stopped) return 'offline';
    return this.deps.session.session.state === 'expired' ? 'offline' : 'online';
  }

  // --- lifecycle ---------------------------------------------------------------------------

  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    const { session, rates } = this.deps;
    rates.on('change', this.onRatesChange);
    rates.on('invalid', this.onRatesInvalid);
    rates.watch();
    this.deps.stock.on('setSizesLearned', this.onSetSizesLearned);
    if (!this.configured) {
      this.report({ kind: 'notConfigured', at: this.now() });
      return;
    }
    session.on('session', this.onSession);
    if (this.sender) void this.restoreAuthState(this.sender);
    this.scheduler.start();
  }

  /**
   * Stops the timers, lets a send under way finish, then tells the site the bot is offline
   * (only when there is budget for it, and no longer than shutdownTimeoutMs).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const { session, rates, api } = this.deps;
    rates.off('change', this.onRatesChange);
    rates.off('invalid', this.onRatesInvalid);
    rates.close();
    this.deps.stock.off('setSizesLearned', this.onSetSizesLearned);
    session.off('session', this.onSession);
    this.scheduler.stop();
    if (!api || !this.sender) return;
    await this.sender.sayOffline(this.options.shutdownTimeoutMs);
    await api.close().catch(() => undefined);
  }

  private readonly onSession = (): void => this.scheduler.plan();
  private readonly onSetSizesLearned = (): void => this.scheduler.plan();
  private readonly onRatesChange = (): void => {
    this.lastInvalidRatesProblem = null;
    this.scheduler.plan();
  };
  private readonly onRatesInvalid = (problem: ConfigFileProblem): void => {
    if (isDeepStrictEqual(problem, this.lastInvalidRatesProblem)) return;
    this.lastInvalidRatesProblem = problem;
    void this.deps
      .alert({ kind: 'ratesFileInvalid', problem })
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not post the rates-file alert'));
  };

  /** Called for every offer whose state the poller saw change. */
  offerChanged(state: number): void {
    if (!STOCK_CHANGING_STATES.has(state)) return;
    this.deps.stock.invalidate();
    this.scheduler.plan();
  }

  private async restoreAuthState(sender: Sender): Promise<void> {
    const alerted = await sender.refusedBeforeRestart();
    if (alerted && !this.reported) {
      this.report({ kind: 'refusedKey', httpStatus: alerted.status, beforeRestart: true, at: alerted.at });
    }
  }

  // --- automatic passes --------------------------------------------------------------------

  /**
   * One automatic pass now: count, diff, and send what changed if the budget allows
   * (otherwise plan the pass for when it does). A pass asked for while one runs runs after it.
   */
  runOnce(): Promise<AutomaticOutcome> {
    return this.scheduler.runOnce();
  }

  private async automatic(): Promise<AutomaticOutcome> {
    const { logger } = this.deps;
    const sender = this.sender;
    if (!sender) return 'notConfigured';
    if (this.stopped) return 'stopped';
    if (sender.resting) return 'resting';
    let update: SteamTradeBotsUpdate;
    try {
      update = await this.currentUpdate();
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        update = { status: 'offline', last_update_timestamp: Math.floor(this.now() / 1000) };
      } else {
        logger.warn({ err: error }, 'could not count the stock for SteamTradeBots');
        this.report({ kind: 'waitingForSteam', at: this.now() });
        this.scheduler.retryLater();
        return 'failedToCount';
      }
    }
    return sender.exclusive(async () => {
      if (this.stopped) return 'stopped';
      const published = await sender.published();
      const budget = await sender.budget();
      const decision = decide(published, update, sender.rejected, budget);
      switch (decision.kind) {
        case 'upToDate':
          if (!this.reported || this.waitingForSteam) this.report({ kind: 'upToDate', at: this.now() });
          return 'upToDate';
        case 'sameRejection':
          return 'sameRejection';
        case 'wait': {
          const fields = Object.keys(decision.diff);
          this.report({ kind: 'waitingForBudget', fields: fields.length, waitMs: decision.waitMs, at: this.now() });
          logger.info({ waitMs: decision.waitMs, fields }, 'SteamTradeBots update deferred');
          this.scheduler.plan(decision.waitMs);
          return 'deferred';
        }
        case 'send': {
          const result = await sender.send(decision.diff, published, budget.timestamps, { automatic: true });
          this.afterAutomaticSend(result);
          return result.kind;
        }
      }
    });
  }

  /** When the next automatic pass runs after an answer. */
  private afterAutomaticSend(result: UpdateResult): void {
    if (result.kind === 'ok') this.scheduler.succeeded();
    else if (result.kind === 'rateLimited') this.scheduler.plan((result.retryAfterSeconds ?? 60) * 1000);
    else if (result.kind !== 'invalid' && result.kind !== 'unauthorized' && !this.stopped) this.scheduler.retryLater();
  }

  // --- what would be sent ------------------------------------------------------------------

  /** The automatic update's source: the full payload, or just "offline" while the session is expired. */
  private async currentUpdate(): Promise<SteamTradeBotsUpdate> {
    const status = this.status();
    if (status === 'offline') return { status, last_update_timestamp: Math.floor(this.now() / 1000) };
    return (await this.fullPayload()).payload;
  }

  private async fullPayload(): Promise<{ payload: SteamTradeBotsUpdate; unknownSetSizes: number[] }> {
    const snapshot = await this.deps.stock.snapshot();
    const rates = this.deps.rates.current;
    const payload = buildPayload({
      stock: snapshot.stock,
      rates: rates.rates,
      status: this.status(),
      now: Math.max(snapshot.loadedAt, rates.present ? rates.loadedAt : 0),
    });
    return { payload, unknownSetSizes: snapshot.stock.unknownSetSizes };
  }

  async preview(): Promise<Preview> {
    const { payload, unknownSetSizes } = await this.fullPayload();
    const { path, current } = this.deps.rates;
    const sent = this.sender
      ? await this.sender.pending(payload)
      : { pending: null, lastPublishedAt: null, budget: null };
    return {
      configured: this.sender !== null,
      payload,
      unknownSetSizes,
      ...sent,
      ratesFile: { path, present: current.present },
    };
  }

  /** /tradebots publish: the full payload now, through the same budget as everything else. */
  async publishNow(): Promise<PublishOutcome> {
    const sender = this.sender;
    if (!sender) return { kind: 'notConfigured' };
    if (this.stopped) return { kind: 'stopped' };
    const { payload } = await this.fullPayload();
    const outcome = await sender.publish(payload, () => this.stopped);
    if (outcome.kind === 'answered' && outcome.result.kind === 'ok') this.scheduler.succeeded();
    return outcome;
  }

  /** Requests the budget still allows now (read from the store: processes share it); null when not configured. */
  async budgetLeft(): Promise<number | null> {
    return this.sender ? this.sender.budgetLeft() : null;
  }
}
