// Steam's 2025 trade-protection notice, acknowledged once per account (docs/steam.md, trade
// protection). The fact that it was done is kept (the store, in the app) so that a restart or a
// second process does not acknowledge again.
import type { Logger } from '../logger.js';
import type { TradeActions } from './community.js';
import { SessionExpiredError } from './errors.js';
import { STEAM_COMMUNITY_APPID } from './outcomes.js';

/** Where the fact that the trade-protection notice was acknowledged is kept (the store, in the app). */
export interface TradeProtectionRecord {
  acknowledgedAt(): Promise<number | null>;
  remember(at: number): Promise<void>;
}

export interface TradeProtectionDeps {
  actions: Pick<TradeActions, 'acknowledgeTradeProtection'>;
  record: TradeProtectionRecord;
  logger: Logger;
  now: () => number;
}

export class TradeProtection {
  private acknowledging: Promise<void> | null = null;

  constructor(private readonly deps: TradeProtectionDeps) {}

  /** When the trade-protection notice was acknowledged (from the record), or null if not yet. */
  acknowledgedAt(): Promise<number | null> {
    return this.deps.record.acknowledgedAt();
  }

  /**
   * Acknowledges Steam's 2025 trade-protection notice once per account, up front, before the
   * first action with items outside app 753 — as ASF does. Steam never says clearly that it is
   * missing (the failure shows up at the mobile confirmation), so waiting for an error text
   * would wait for ever. A failed acknowledgement is logged and the action goes on: the notice
   * may have been accepted in a browser already (ASF makes the same choice).
   */
  async ensureAcknowledged(items: ReadonlyArray<{ appid: number }>): Promise<void> {
    if (items.every((item) => item.appid === STEAM_COMMUNITY_APPID)) return;
    if ((await this.deps.record.acknowledgedAt()) !== null) return;
    await this.acknowledge('before the first trade with items outside Steam Community items');
  }

  acknowledge(why: string): Promise<void> {
    this.acknowledging ??= (async () => {
      this.deps.logger.info({ why }, 'acknowledging Steam trade protection for the bot account');
      try {
        await this.deps.actions.acknowledgeTradeProtection();
        await this.deps.record.remember(this.deps.now());
      } catch (error) {
        if (error instanceof SessionExpiredError) throw error;
        this.deps.logger.warn({ err: error }, 'acknowledging Steam trade protection failed; going on');
      }
    })().finally(() => {
      this.acknowledging = null;
    });
    return this.acknowledging;
  }
}

export function inMemoryTradeProtection(): TradeProtectionRecord {
  let at: number | null = null;
  return {
    acknowledgedAt: () => Promise.resolve(at),
    remember: (when) => {
      at = when;
      return Promise.resolve();
    },
  };
}
