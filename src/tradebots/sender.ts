// Sends one update to SteamTradeBots and keeps what its answer means: the request counted in
// the budget before it leaves (a crash mid-request still counts it), the accepted fields, a
// 429's Retry-After, a refused key (automatic publishing rests, the channel is told once, across
// restarts) and a refused set of fields (not sent again unchanged).
import type { Logger } from '../logger.js';
import type { TradeBotsStatus } from '../health.js';
import type { TradeBotsRecords } from '../store/tradeBotsRecords.js';
import type { Telemetry } from '../telemetry.js';
import type { AlertTradeBots } from './alerts.js';
import type { UpdateResult } from './api.js';
import { checkBudget, recordRequest, type BudgetDecision } from './budget.js';
import { withoutTimestamp } from './decide.js';
import { diffPayload, jsonEqual, type SteamTradeBotsUpdate } from './payload.js';
import type { BudgetState, Preview, PublishOutcome } from './publishing.js';

export interface UpdateSender {
  update(body: SteamTradeBotsUpdate, options?: { timeoutMs?: number }): Promise<UpdateResult>;
  close(): Promise<void>;
}

/** How long a send waits for another process's send to finish. */
const LOCK_WAIT_MS = 30_000;
/** Wait after a 429 that named no time. */
const DEFAULT_RATE_LIMIT_WAIT_S = 60;

export class Sender {
  /** After 401/403: automatic publishing rests until a manual publish gets through. */
  resting = false;
  /** The last diff the site refused (400), without its timestamp: not sent again unchanged. */
  rejected: SteamTradeBotsUpdate | null = null;

  constructor(
    private readonly deps: {
      api: UpdateSender;
      records: TradeBotsRecords;
      windowMs: number;
      /** Requests per window. */
      limit: number;
      report: (status: TradeBotsStatus) => void;
      alert: AlertTradeBots;
      logger: Logger;
      now: () => number;
      telemetry?: Telemetry;
    },
  ) {}

  /** Runs work after any earlier work of this process, and under the send lock in the store. */
  async exclusive<T>(work: () => Promise<T>, lockWaitMs = LOCK_WAIT_MS): Promise<T> {
    const turn = await this.deps.records.withSendLock(lockWaitMs, work);
    if (!turn.acquired) throw new Error('another tradedesk process kept the SteamTradeBots lock too long');
    return turn.value;
  }

  /** Every field the site has accepted; null before the first publish. */
  async published(): Promise<SteamTradeBotsUpdate | null> {
    const record = await this.deps.records.published();
    return record ? (record.payload as SteamTradeBotsUpdate) : null;
  }

  /** Whether a request may go now, from the request times in the store (processes share them). */
  async budget(): Promise<BudgetDecision> {
    const record = await this.deps.records.budget();
    return checkBudget(record.timestamps, this.deps.now(), {
      limit: this.deps.limit,
      windowMs: this.deps.windowMs,
      notBefore: record.notBefore,
    });
  }

  async budgetLeft(): Promise<number> {
    return Math.max(0, this.deps.limit - (await this.budget()).timestamps.length);
  }

  budgetState(decision: { timestamps: number[]; waitMs: number }): BudgetState {
    return { used: decision.timestamps.length, limit: this.deps.limit, waitMs: decision.waitMs };
  }

  /** The refused-key record an earlier run left (null when none, or the store cannot say). */
  refusedBeforeRestart(): Promise<{ status: number; at: number } | null> {
    return this.deps.records.authAlert().catch(() => null);
  }

  /** For /tradebots preview: what automatic publishing would send next, and the budget. */
  async pending(payload: SteamTradeBotsUpdate): Promise<Pick<Preview, 'pending' | 'lastPublishedAt' | 'budget'>> {
    const published = await this.deps.records.published();
    const decision = await this.budget();
    return {
      pending: published ? diffPayload(published.payload as SteamTradeBotsUpdate, payload) : null,
      lastPublishedAt: published?.at ?? null,
      budget: this.budgetState(decision),
    };
  }

  /** /tradebots publish: the full payload now, through the same budget as everything else. */
  async publish(payload: SteamTradeBotsUpdate, stopped: () => boolean): Promise<PublishOutcome> {
    return this.exclusive(async () => {
      if (stopped()) return { kind: 'stopped' } as const;
      const budget = await this.budget();
      if (!budget.allowed) {
        const record = await this.deps.records.budget();
        const cause =
          record.notBefore !== null && record.notBefore - this.deps.now() >= budget.waitMs ? 'retryAfter' : 'budget';
        return { kind: 'deferred', waitMs: budget.waitMs, cause, payload } as const;
      }
      const result = await this.send(payload, await this.published(), budget.timestamps, { automatic: false });
      const after = await this.budget();
      return { kind: 'answered', result, payload, budget: this.budgetState(after) } as const;
    });
  }

  /**
   * On shutdown: lets a send under way finish, then tells the site the bot is offline, only when
   * there is budget for it and no longer than timeoutMs.
   */
  async sayOffline(timeoutMs: number): Promise<void> {
    const { logger } = this.deps;
    try {
      await this.exclusive(async () => {
        if (this.resting) return;
        const published = await this.published();
        if (published?.status === 'offline') return;
        const budget = await this.budget();
        if (!budget.allowed) {
          logger.info({ waitMs: budget.waitMs }, 'no SteamTradeBots budget left to say offline');
          return;
        }
        const body: SteamTradeBotsUpdate = {
          status: 'offline',
          last_update_timestamp: Math.floor(this.deps.now() / 1000),
        };
        const result = await this.send(body, published, budget.timestamps, { timeoutMs, automatic: true });
        logger.info({ result: result.kind }, 'told SteamTradeBots the bot is offline');
      }, timeoutMs);
    } catch (error) {
      logger.warn({ err: error }, 'could not tell SteamTradeBots the bot is offline');
    }
  }

  /**
   * Sends one update. Runs inside exclusive().
   * @param timestamps the budget's request times still inside the window
   */
  async send(
    body: SteamTradeBotsUpdate,
    previous: SteamTradeBotsUpdate | null,
    timestamps: number[],
    options: { timeoutMs?: number; automatic: boolean },
  ): Promise<UpdateResult> {
    const { api, records, logger } = this.deps;
    const sentAt = this.deps.now();
    const budget = await records.budget();
    await records.setBudget({
      timestamps: recordRequest(timestamps, sentAt, this.deps.windowMs),
      notBefore: budget.notBefore !== null && budget.notBefore > sentAt ? budget.notBefore : null,
    });
    const fields = Object.keys(body);
    const result = await api.update(body, options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {});
    this.deps.telemetry?.tradeBotsSend(result.kind);
    const at = this.deps.now();
    const logFields = { status: result.status, result: result.kind, fields, automatic: options.automatic };

    switch (result.kind) {
      case 'ok': {
        const merged = { ...(previous ?? {}), ...body };
        await records.setPublished({ payload: merged, at });
        this.rejected = null;
        if (this.resting || (await records.authAlert()) !== null) {
          this.resting = false;
          await records.deleteAuthAlert();
        }
        this.deps.report({ kind: 'published', fields: fields.length, status: merged.status ?? null, at });
        logger.info(logFields, 'SteamTradeBots update accepted');
        break;
      }
      case 'invalid': {
        const problems = Object.entries(result.fieldErrors).map(([field, error]) => `${field}: ${error}`);
        this.deps.report({ kind: 'refusedFields', problems, message: result.message, at });
        logger.warn({ ...logFields, fieldErrors: result.fieldErrors }, 'SteamTradeBots refused fields of the update');
        if (options.automatic) {
          const refused = withoutTimestamp(body);
          if (!this.rejected || !jsonEqual(this.rejected, refused)) {
            this.rejected = refused;
            await this.tell({ kind: 'refusedFields', problems, message: result.message });
          }
        }
        break;
      }
      case 'unauthorized': {
        this.resting = true;
        this.deps.report({ kind: 'refusedKey', httpStatus: result.status, beforeRestart: false, at });
        logger.error(logFields, 'SteamTradeBots refused the API key');
        if ((await records.authAlert()) === null) {
          await records.setAuthAlert({ status: result.status, at });
          await this.tell({ kind: 'refusedKey', httpStatus: result.status });
        }
        break;
      }
      case 'rateLimited': {
        const waitMs = (result.retryAfterSeconds ?? DEFAULT_RATE_LIMIT_WAIT_S) * 1000;
        await records.setBudget({ ...(await records.budget()), notBefore: at + waitMs });
        this.deps.report({ kind: 'rateLimited', waitMs, at });
        logger.warn({ ...logFields, waitMs }, 'SteamTradeBots rate limit');
        break;
      }
      default: {
        this.deps.report({ kind: 'sendFailed', message: result.message, at });
        logger.warn({ ...logFields, message: result.message }, 'SteamTradeBots update failed');
      }
    }
    return result;
  }

  private async tell(alert: Parameters<AlertTradeBots>[0]): Promise<void> {
    await this.deps
      .alert(alert)
      .catch((error: unknown) => this.deps.logger.warn({ err: error }, 'could not post the SteamTradeBots alert'));
  }
}
