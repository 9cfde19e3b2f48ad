// One alert in the channel when the Steam session dies, one when it works again, and a
// warning before the access token's `exp` passes. Alerts are remembered in the store per
// token, so a restart does not repeat them.
import { z } from 'zod';
import type { Logger } from '../logger.js';
import type { SteamClient, SessionState } from '../steam/client.js';
import type { Store } from '../store/index.js';
import type { Feed } from './feed.js';

/** Warn this long before the token runs out: enough to paste new cookies calmly. */
export const EXPIRY_WARNING_MS = 2 * 60 * 60 * 1000;

const alertRecord = z.object({ expiredAlerted: z.boolean(), expiryWarned: z.boolean() });
type AlertRecord = z.infer<typeof alertRecord>;

export class SessionWatch {
  private timer: NodeJS.Timeout | null = null;
  /** Session changes in this process are handled one after another, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly onSession = (state: SessionState) => void this.handle(state);

  constructor(
    private readonly deps: { steam: SteamClient; feed: Feed; store: Store; logger: Logger; now?: () => number },
  ) {}

  private get tokenKey(): string {
    // The token's expiry identifies the cookie set; new cookies give a new record.
    return String(this.deps.steam.sessionExpiresAt.getTime());
  }

  start(): void {
    this.deps.steam.on('session', this.onSession);
    this.scheduleExpiryWarning();
  }

  stop(): void {
    this.deps.steam.off('session', this.onSession);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async record(): Promise<AlertRecord> {
    return (
      (await this.deps.store.getValue('session-alerts', this.tokenKey, alertRecord)) ?? {
        expiredAlerted: false,
        expiryWarned: false,
      }
    );
  }

  private async save(record: AlertRecord): Promise<void> {
    // Kept a week past expiry, then forgotten.
    await this.deps.store.setValue('session-alerts', this.tokenKey, record, 7 * 24 * 60 * 60 * 1000);
  }

  /**
   * Runs the read-check-write of the alert record under a lock in the store, so two processes
   * on one store seeing the same expiry send one alert. Without the lock, the other process is
   * sending this very alert: nothing to do.
   */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    const lock = await this.deps.store.acquireLock(`session-alerts:${this.tokenKey}`, 30_000);
    if (!lock) return;
    try {
      await work();
    } finally {
      await lock.release().catch(() => undefined);
    }
  }

  private handle(state: SessionState): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        await this.exclusively(() => this.alertSession(state));
      } catch (error) {
        this.deps.logger.error({ err: error }, 'could not send a session alert');
      }
    });
    return this.queue;
  }

  private async alertSession(state: SessionState): Promise<void> {
    const { feed, logger } = this.deps;
    const record = await this.record();
    if (state.state === 'expired' && !record.expiredAlerted) {
      await this.save({ ...record, expiredAlerted: true });
      logger.warn({ endpoint: state.endpoint }, 'Steam session expired');
      await feed.alert(
        '⚠️ **The bot’s Steam session has expired.** Offers are not being watched and trade buttons will fail. ' +
          'Log in to steamcommunity.com in a browser, copy fresh `steamLoginSecure` and `sessionid` cookies into ' +
          '`STEAM_COOKIES` / `STEAM_SESSION_ID`, and restart the bot. `/status` shows the details.',
      );
    } else if (state.state === 'ok' && record.expiredAlerted) {
      await this.save({ ...record, expiredAlerted: false });
      logger.info('Steam session works again');
      await feed.alert('✅ The bot’s Steam session works again; offers are being watched.');
    }
  }

  private scheduleExpiryWarning(): void {
    const now = (this.deps.now ?? Date.now)();
    const expiresAt = this.deps.steam.sessionExpiresAt.getTime();
    const warnAt = expiresAt - EXPIRY_WARNING_MS;
    if (expiresAt <= now) return;
    // setTimeout cannot wait longer than ~24.8 days; tokens live about a day anyway.
    const delay = Math.min(Math.max(0, warnAt - now), 2_000_000_000);
    this.timer = setTimeout(() => void this.warnExpiry(expiresAt), delay);
    this.timer.unref();
  }

  private async warnExpiry(expiresAt: number): Promise<void> {
    try {
      await this.exclusively(async () => {
        const record = await this.record();
        if (record.expiryWarned || record.expiredAlerted) return;
        await this.save({ ...record, expiryWarned: true });
        await this.deps.feed.alert(
          `⏳ The bot’s Steam access token expires <t:${Math.floor(expiresAt / 1000)}:R>. ` +
            'Paste fresh `STEAM_COOKIES` and restart before then to keep trading.',
        );
      });
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not send the expiry warning');
    }
  }
}
