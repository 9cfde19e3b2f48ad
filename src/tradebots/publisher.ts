// Keeps the bot's SteamTradeBots.com listing true (steam-protocol.md §8):
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
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { describeError } from '../format/errors.js';
import type { AlertOptions } from '../feed/feed.js';
import type { Health } from '../health.js';
import type { Telemetry } from '../telemetry.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/index.js';
import type { SessionState } from '../steam/client.js';
import { ETradeOfferState } from '../steam/enums.js';
import { SessionExpiredError } from '../steam/errors.js';
import type { UpdateResult } from './api.js';
import { checkBudget, recordRequest, STEAMTRADEBOTS_REQUEST_LIMIT, STEAMTRADEBOTS_WINDOW_MS } from './budget.js';
import {
  buildPayload,
  diffPayload,
  hasChanges,
  jsonEqual,
  type BotStatus,
  type SteamTradeBotsUpdate,
} from './payload.js';
import type { RatesSource } from './ratesSource.js';
import type { StockService } from './stockService.js';

export const TRADEBOTS_NAMESPACE = 'tradebots';
/** A send holds the lock for one request (10 s timeout) and a few store writes. */
const LOCK_TTL_MS = 60_000;
const LOCK_WAIT_MS = 30_000;

export interface UpdateSender {
  update(body: SteamTradeBotsUpdate, options?: { timeoutMs?: number }): Promise<UpdateResult>;
  close(): Promise<void>;
}

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

const DEFAULTS: Required<PublisherOptions> = {
  debounceMs: 3000,
  periodicMs: 30 * 60 * 1000,
  retryMs: 60_000,
  maxRetryMs: 15 * 60 * 1000,
  shutdownTimeoutMs: 3000,
  limit: STEAMTRADEBOTS_REQUEST_LIMIT,
  windowMs: STEAMTRADEBOTS_WINDOW_MS,
};

// Stored records. Zod keeps a record written by another version from being trusted blindly.
const budgetRecord = z.object({ timestamps: z.array(z.number()), notBefore: z.number().nullable() });
type BudgetRecord = z.infer<typeof budgetRecord>;
const publishedRecord = z.object({ payload: z.record(z.string(), z.unknown()), at: z.number() });
const authAlertRecord = z.object({ status: z.number(), at: z.number() });

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

/** Offers in these states moved items in or out of the bot's inventories. */
const STOCK_CHANGING_STATES = new Set<number>([
  ETradeOfferState.Accepted,
  ETradeOfferState.InEscrow,
  ETradeOfferState.Reverted,
]);

export function keyIdOf(apiKey: string): string {
  return createHash('sha256').update(apiKey).digest('hex').slice(0, 16);
}

function withoutTimestamp(update: SteamTradeBotsUpdate): SteamTradeBotsUpdate {
  const copy = { ...update };
  delete copy.last_update_timestamp;
  return copy;
}

export class Publisher {
  private readonly options: Required<PublisherOptions>;
  private stopped = false;
  private started = false;
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private periodic: NodeJS.Timeout | null = null;
  private running: Promise<AutomaticOutcome> | null = null;
  private rerun = false;
  /** After 401/403: automatic publishing rests until a manual publish gets through. */
  private authFailed = false;
  /** The last diff the site refused (400), without its timestamp: not sent again unchanged. */
  private rejected: SteamTradeBotsUpdate | null = null;
  private consecutiveFailures = 0;
  private lastInvalidRatesMessage: string | null = null;

  constructor(
    private readonly deps: {
      /** Null without STEAMTRADEBOTS_API_KEY: preview works, nothing is sent. */
      api: UpdateSender | null;
      /** Identifies the key in the store (a hash, never the key). */
      keyId: string | null;
      stock: StockService;
      rates: RatesSource;
      store: Pick<Store, 'getValue' | 'setValue' | 'deleteValue' | 'withLock'>;
      health: Pick<Health, 'tradeBots'>;
      /** Posts to the offer channel(s). */
      alert: (text: string, options?: AlertOptions) => Promise<void>;
      session: SessionSource;
      logger: Logger;
      now?: () => number;
      options?: PublisherOptions;
      telemetry?: Telemetry;
    },
  ) {
    this.options = { ...DEFAULTS, ...deps.options };
  }

  get configured(): boolean {
    return this.deps.api !== null;
  }

  private now(): number {
    return (this.deps.now ?? Date.now)();
  }

  private key(kind: string): string {
    return `${kind}:${this.deps.keyId ?? 'none'}`;
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
      this.deps.health.tradeBots = {
        state: 'not configured',
        detail: 'STEAMTRADEBOTS_API_KEY is not set',
        at: this.now(),
      };
      return;
    }
    session.on('session', this.onSession);
    void this.restoreAuthState();
    this.periodic = setInterval(() => this.schedule(0), this.options.periodicMs);
    this.periodic.unref();
    this.schedule(0);
  }

  /**
   * Stops the timers, lets a send under way finish, then tells the site the bot is offline
   * (only when there is budget for it, and no longer than shutdownTimeoutMs).
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const { session, rates, api, logger } = this.deps;
    rates.off('change', this.onRatesChange);
    rates.off('invalid', this.onRatesInvalid);
    rates.close();
    this.deps.stock.off('setSizesLearned', this.onSetSizesLearned);
    session.off('session', this.onSession);
    if (this.timer) clearTimeout(this.timer);
    if (this.periodic) clearInterval(this.periodic);
    this.timer = null;
    this.periodic = null;
    if (!api) return;
    try {
      await this.exclusive(async () => {
        if (this.authFailed) return;
        const published = await this.loadPublished();
        if (published?.payload.status === 'offline') return;
        const budget = await this.budgetDecision();
        if (!budget.allowed) {
          logger.info({ waitMs: budget.waitMs }, 'no SteamTradeBots budget left to say offline');
          return;
        }
        const body: SteamTradeBotsUpdate = { status: 'offline', last_update_timestamp: Math.floor(this.now() / 1000) };
        const result = await this.send(body, published?.payload ?? null, budget.timestamps, {
          timeoutMs: this.options.shutdownTimeoutMs,
          automatic: true,
        });
        logger.info({ result: result.kind }, 'told SteamTradeBots the bot is offline');
      }, this.options.shutdownTimeoutMs);
    } catch (error) {
      logger.warn({ err: error }, 'could not tell SteamTradeBots the bot is offline');
    }
    await api.close().catch(() => undefined);
  }

  private readonly onSession = (): void => this.schedule();
  private readonly onSetSizesLearned = (): void => this.schedule();
  private readonly onRatesChange = (): void => {
    this.lastInvalidRatesMessage = null;
    this.schedule();
  };
  private readonly onRatesInvalid = (message: string): void => {
    if (message === this.lastInvalidRatesMessage) return;
    this.lastInvalidRatesMessage = message;
    void this.deps
      .alert(`⚠️ The rates file was changed but not loaded: ${message}. The last good rates stay published.`)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not post the rates-file alert'));
  };

  /** Called for every offer whose state the poller saw change. */
  offerChanged(state: number): void {
    if (!STOCK_CHANGING_STATES.has(state)) return;
    this.deps.stock.invalidate();
    this.schedule();
  }

  private async restoreAuthState(): Promise<void> {
    const alerted = await this.deps.store
      .getValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'), authAlertRecord)
      .catch(() => undefined);
    if (alerted && this.deps.health.tradeBots === null) {
      this.deps.health.tradeBots = {
        state: `refused (HTTP ${alerted.status})`,
        detail: 'the key was refused before the last restart; trying again',
        at: alerted.at,
      };
    }
  }

  // --- scheduling --------------------------------------------------------------------------

  /** Plans an automatic run in delayMs, unless one is planned sooner already. */
  private schedule(delayMs = this.options.debounceMs): void {
    if (this.stopped || !this.configured) return;
    const at = this.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.runOnce().catch((error: unknown) => {
        // A store that fails mid-pass must not end the process; the pass is tried again later.
        this.deps.logger.error({ err: error }, 'SteamTradeBots update failed');
        this.deps.health.tradeBots = { state: 'failed', detail: describeError(error), at: this.now() };
        this.retryLater();
      });
    }, delayMs);
    this.timer.unref();
  }

  /**
   * One automatic pass now: count, diff, and send what changed if the budget allows
   * (otherwise plan the pass for when it does). A pass asked for while one runs runs after it.
   */
  async runOnce(): Promise<AutomaticOutcome> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.automatic().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        this.schedule(0);
      }
    });
    return this.running;
  }

  private async automatic(): Promise<AutomaticOutcome> {
    const { logger, health } = this.deps;
    if (!this.configured) return 'notConfigured';
    if (this.stopped) return 'stopped';
    if (this.authFailed) return 'resting';
    let update: SteamTradeBotsUpdate;
    try {
      update = await this.currentUpdate();
    } catch (error) {
      if (error instanceof SessionExpiredError) {
        update = { status: 'offline', last_update_timestamp: Math.floor(this.now() / 1000) };
      } else {
        logger.warn({ err: error }, 'could not count the stock for SteamTradeBots');
        health.tradeBots = { state: 'waiting for Steam', detail: 'the stock could not be counted', at: this.now() };
        this.retryLater();
        return 'failedToCount';
      }
    }
    return this.exclusive(async () => {
      if (this.stopped) return 'stopped';
      const published = await this.loadPublished();
      const diff = diffPayload(published?.payload ?? null, update);
      if (!hasChanges(diff)) {
        if (health.tradeBots === null || health.tradeBots.state === 'waiting for Steam') {
          health.tradeBots = { state: 'up to date', detail: null, at: this.now() };
        }
        return 'upToDate';
      }
      if (this.rejected && jsonEqual(withoutTimestamp(diff), this.rejected)) return 'sameRejection';
      const budget = await this.budgetDecision();
      if (!budget.allowed) {
        health.tradeBots = {
          state: 'waiting',
          detail: `${Object.keys(diff).length} changed fields go out in ${Math.ceil(budget.waitMs / 1000)} s (request budget)`,
          at: this.now(),
        };
        logger.info({ waitMs: budget.waitMs, fields: Object.keys(diff) }, 'SteamTradeBots update deferred');
        this.schedule(budget.waitMs);
        return 'deferred';
      }
      const result = await this.send(diff, published?.payload ?? null, budget.timestamps, { automatic: true });
      return result.kind;
    });
  }

  private retryLater(): void {
    const delay = Math.min(this.options.maxRetryMs, this.options.retryMs * 2 ** this.consecutiveFailures);
    this.consecutiveFailures++;
    this.schedule(delay);
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
    const rates = this.deps.rates;
    if (!this.configured) {
      return {
        configured: false,
        payload,
        unknownSetSizes,
        pending: null,
        lastPublishedAt: null,
        budget: null,
        ratesFile: { path: rates.path, present: rates.current.present },
      };
    }
    const published = await this.loadPublished();
    const decision = await this.budgetDecision();
    return {
      configured: true,
      payload,
      unknownSetSizes,
      pending: published ? diffPayload(published.payload, payload) : null,
      lastPublishedAt: published?.at ?? null,
      budget: this.budgetState(decision),
      ratesFile: { path: rates.path, present: rates.current.present },
    };
  }

  /** /tradebots publish: the full payload now, through the same budget as everything else. */
  async publishNow(): Promise<PublishOutcome> {
    if (!this.configured) return { kind: 'notConfigured' };
    if (this.stopped) return { kind: 'stopped' };
    const { payload } = await this.fullPayload();
    return this.exclusive(async () => {
      if (this.stopped) return { kind: 'stopped' } as const;
      const budget = await this.budgetDecision();
      if (!budget.allowed) {
        const record = await this.loadBudget();
        const cause =
          record.notBefore !== null && record.notBefore - this.now() >= budget.waitMs ? 'retryAfter' : 'budget';
        return { kind: 'deferred', waitMs: budget.waitMs, cause, payload } as const;
      }
      const published = await this.loadPublished();
      const result = await this.send(payload, published?.payload ?? null, budget.timestamps, { automatic: false });
      const after = await this.budgetDecision();
      return { kind: 'answered', result, payload, budget: this.budgetState(after) } as const;
    });
  }

  // --- sending -----------------------------------------------------------------------------

  /**
   * Runs work after any earlier work of this process, and under a lock in the store, so two
   * processes on one store (a rolling restart) cannot both read the budget and both spend it.
   */
  private async exclusive<T>(work: () => Promise<T>, lockWaitMs = LOCK_WAIT_MS): Promise<T> {
    const name = `${TRADEBOTS_NAMESPACE}:${this.key('send')}`;
    const turn = await this.deps.store.withLock(name, { ttlMs: LOCK_TTL_MS, waitMs: lockWaitMs }, work);
    if (!turn.acquired) throw new Error('another tradedesk process kept the SteamTradeBots lock too long');
    return turn.value;
  }

  private async loadPublished(): Promise<{ payload: SteamTradeBotsUpdate; at: number } | null> {
    const record = await this.deps.store.getValue(TRADEBOTS_NAMESPACE, this.key('published'), publishedRecord);
    return record ? { payload: record.payload as SteamTradeBotsUpdate, at: record.at } : null;
  }

  private async loadBudget(): Promise<BudgetRecord> {
    return (
      (await this.deps.store.getValue(TRADEBOTS_NAMESPACE, this.key('budget'), budgetRecord)) ?? {
        timestamps: [],
        notBefore: null,
      }
    );
  }

  private async budgetDecision() {
    const record = await this.loadBudget();
    return checkBudget(record.timestamps, this.now(), {
      limit: this.options.limit,
      windowMs: this.options.windowMs,
      notBefore: record.notBefore,
    });
  }

  /** Requests the budget still allows now (read from the store: processes share it); null when not configured. */
  async budgetLeft(): Promise<number | null> {
    if (!this.deps.api) return null;
    const decision = await this.budgetDecision();
    return Math.max(0, this.options.limit - decision.timestamps.length);
  }

  private budgetState(decision: { timestamps: number[]; waitMs: number }): BudgetState {
    return { used: decision.timestamps.length, limit: this.options.limit, waitMs: decision.waitMs };
  }

  /**
   * Sends one update. The request is written into the budget before it leaves, so a crash
   * mid-request still counts it. Runs inside exclusive().
   */
  private async send(
    body: SteamTradeBotsUpdate,
    previous: SteamTradeBotsUpdate | null,
    timestamps: number[],
    options: { timeoutMs?: number; automatic: boolean },
  ): Promise<UpdateResult> {
    const { api, store, health, logger } = this.deps;
    if (!api) throw new Error('SteamTradeBots is not configured');
    const sentAt = this.now();
    const record = await this.loadBudget();
    await store.setValue(TRADEBOTS_NAMESPACE, this.key('budget'), {
      timestamps: recordRequest(timestamps, sentAt, this.options.windowMs),
      notBefore: record.notBefore !== null && record.notBefore > sentAt ? record.notBefore : null,
    });
    const fields = Object.keys(body);
    const result = await api.update(body, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    this.deps.telemetry?.tradeBotsSend(result.kind);
    const at = this.now();
    const logFields = { status: result.status, result: result.kind, fields, automatic: options.automatic };

    switch (result.kind) {
      case 'ok': {
        const merged = { ...(previous ?? {}), ...body };
        await store.setValue(TRADEBOTS_NAMESPACE, this.key('published'), { payload: merged, at });
        this.consecutiveFailures = 0;
        this.rejected = null;
        if (this.authFailed || (await this.hasAuthAlert())) {
          this.authFailed = false;
          await store.deleteValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'));
        }
        health.tradeBots = {
          state: 'published',
          detail: `${fields.length} field${fields.length === 1 ? '' : 's'} accepted (status ${merged.status ?? '?'})`,
          at,
        };
        logger.info(logFields, 'SteamTradeBots update accepted');
        break;
      }
      case 'invalid': {
        const problems = Object.entries(result.fieldErrors).map(([field, error]) => `${field}: ${error}`);
        health.tradeBots = { state: 'refused fields', detail: problems.join('; ') || result.message, at };
        logger.warn({ ...logFields, fieldErrors: result.fieldErrors }, 'SteamTradeBots refused fields of the update');
        if (options.automatic) {
          const refused = withoutTimestamp(body);
          if (!this.rejected || !jsonEqual(this.rejected, refused)) {
            this.rejected = refused;
            await this.deps
              .alert(
                `⚠️ SteamTradeBots refused the automatic update (HTTP 400): ${problems.join('; ') || result.message}. ` +
                  'It is not sent again until that data changes; `/tradebots preview` shows what would go.',
              )
              .catch((error: unknown) => logger.warn({ err: error }, 'could not post the SteamTradeBots alert'));
          }
        }
        break;
      }
      case 'unauthorized': {
        this.authFailed = true;
        const why =
          result.status === 401
            ? 'the API key is missing from the request'
            : 'the API key was refused, or the bot is inactive or unverified on SteamTradeBots';
        health.tradeBots = {
          state: `refused (HTTP ${result.status})`,
          detail: `${why}; automatic publishing paused until /tradebots publish gets through`,
          at,
        };
        logger.error(logFields, 'SteamTradeBots refused the API key');
        if (!(await this.hasAuthAlert())) {
          await store.setValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'), { status: result.status, at });
          await this.deps
            .alert(
              `⚠️ **SteamTradeBots refused the bot's API key** (HTTP ${result.status}): ${why}. ` +
                'Check `STEAMTRADEBOTS_API_KEY` and the bot on the SteamTradeBots dashboard. ' +
                'Automatic publishing is paused until `/tradebots publish` gets through.',
              { needsPerson: true },
            )
            .catch((error: unknown) => logger.warn({ err: error }, 'could not post the SteamTradeBots alert'));
        }
        break;
      }
      case 'rateLimited': {
        const waitMs = (result.retryAfterSeconds ?? 60) * 1000;
        const current = await this.loadBudget();
        await store.setValue(TRADEBOTS_NAMESPACE, this.key('budget'), { ...current, notBefore: at + waitMs });
        health.tradeBots = {
          state: 'rate limited',
          detail: `the site asked to wait ${Math.ceil(waitMs / 1000)} s`,
          at,
        };
        logger.warn({ ...logFields, waitMs }, 'SteamTradeBots rate limit');
        if (options.automatic) this.schedule(waitMs);
        break;
      }
      default: {
        health.tradeBots = { state: 'failed', detail: result.message, at };
        logger.warn({ ...logFields, message: result.message }, 'SteamTradeBots update failed');
        if (options.automatic && !this.stopped) this.retryLater();
      }
    }
    return result;
  }

  private async hasAuthAlert(): Promise<boolean> {
    const record = await this.deps.store.getValue(TRADEBOTS_NAMESPACE, this.key('auth-alert'), authAlertRecord);
    return record !== undefined && record !== null;
  }
}
