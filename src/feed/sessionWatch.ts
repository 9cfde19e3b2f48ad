// One alert in the channel when the Steam session dies, one when it works again, and a
// warning before the access token's `exp` passes. Alerts are remembered in the store per
// token, so a restart does not repeat them.
// When the session keeper renews the session (a refresh token or credentials), renewals are
// silent: the alert comes only when a person must act (with the keeper's words), and the
// warning 14 days before the refresh token runs out when nothing can renew it.

import type { Logger } from '../logger.js';
import type { SteamClient, SessionState } from '../steam/client.js';
import type { SessionKeeper } from '../steam/sessionKeeper.js';
import type { SessionAlertRecord, SessionAlerts } from '../store/alerts.js';
import type { Store } from '../store/index.js';
import type { Feed } from './feed.js';

/** Warn this long before the token runs out: enough to paste new cookies calmly. */
export const EXPIRY_WARNING_MS = 2 * 60 * 60 * 1000;
/** Warn this long before the refresh token runs out, when nothing can renew it. */
export const REFRESH_EXPIRY_WARNING_MS = 14 * 24 * 60 * 60 * 1000;

type WatchedState = SessionState | { state: 'personNeeded'; text: string } | { state: 'recovered' };

export class SessionWatch {
  private timer: NodeJS.Timeout | null = null;
  /** Session changes in this process are handled one after another, in order. */
  private queue: Promise<void> = Promise.resolve();
  private readonly onSession = (state: SessionState) => void this.handle(state);
  private readonly onPersonNeeded = (text: string) => void this.handle({ state: 'personNeeded', text });
  private readonly onRecovered = () => void this.handle({ state: 'recovered' });
  private readonly onRefreshTokenChanged = () => this.scheduleExpiryWarning();
  /** Alert keys this process alerted under (the keeper's key changes when a new refresh token works). */
  private readonly alertedKeys = new Set<string>();

  constructor(
    private readonly deps: {
      steam: SteamClient;
      feed: Feed;
      store: Store;
      /** What was said about each session (store/alerts.ts). */
      alerts: SessionAlerts;
      logger: Logger;
      keeper?: SessionKeeper;
      now?: () => number;
    },
  ) {}

  /** The keeper when it renews the session; null for cookies only. */
  private get keeper(): SessionKeeper | null {
    return this.deps.keeper?.renews ? this.deps.keeper : null;
  }

  private get tokenKey(): string {
    // The refresh token in use identifies a renewing session; the token's expiry identifies the
    // cookie set (new cookies give a new record).
    return this.keeper?.alertKey ?? String(this.deps.steam.sessionExpiresAt.getTime());
  }

  start(): void {
    this.deps.steam.on('session', this.onSession);
    this.deps.keeper?.on('personNeeded', this.onPersonNeeded);
    this.deps.keeper?.on('recovered', this.onRecovered);
    this.deps.keeper?.on('refreshTokenChanged', this.onRefreshTokenChanged);
    this.scheduleExpiryWarning();
  }

  stop(): void {
    this.deps.steam.off('session', this.onSession);
    this.deps.keeper?.off('personNeeded', this.onPersonNeeded);
    this.deps.keeper?.off('recovered', this.onRecovered);
    this.deps.keeper?.off('refreshTokenChanged', this.onRefreshTokenChanged);
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private record(): Promise<SessionAlertRecord> {
    return this.deps.alerts.read(this.tokenKey);
  }

  private save(record: SessionAlertRecord): Promise<void> {
    return this.deps.alerts.write(this.tokenKey, record);
  }

  /**
   * Runs the read-check-write of the alert record under a lock in the store, so two processes
   * on one store seeing the same expiry send one alert. Without the lock, the other process is
   * sending this very alert: nothing to do.
   */
  private async exclusively(work: () => Promise<void>): Promise<void> {
    const lock = `session-alerts:${this.tokenKey}`;
    const { acquired } = await this.deps.store.withLock(lock, { ttlMs: 30_000 }, work);
    // Held by another process sending this alert, or left for its 30 s by one that stopped while
    // sending it (the record is written before the message).
    if (!acquired) this.deps.logger.debug({ lock }, 'session alert left to the holder of the alert lock');
  }

  private handle(state: WatchedState): Promise<void> {
    this.queue = this.queue.then(async () => {
      try {
        await this.exclusively(() => this.alertSession(state));
      } catch (error) {
        this.deps.logger.error({ err: error }, 'could not send a session alert');
      }
    });
    return this.queue;
  }

  private async alertSession(state: WatchedState): Promise<void> {
    const { feed, logger } = this.deps;
    const record = await this.record();
    const keeper = this.keeper;
    if (keeper && (state.state === 'personNeeded' || state.state === 'expired')) {
      if (record.expiredAlerted) return;
      const text = state.state === 'personNeeded' ? state.text : keeper.facts().personNeeded;
      await this.save({ ...record, expiredAlerted: true });
      this.alertedKeys.add(this.tokenKey);
      logger.warn('Steam session needs a person');
      await feed.alert(
        text
          ? `⚠️ **The bot cannot renew its Steam session by itself.** ${text} \`/status\` shows the details.`
          : '⚠️ **The bot’s Steam session has expired** and renewing it failed; the bot keeps trying by itself. `/status` shows the last attempt.',
      );
      return;
    }
    if (state.state === 'recovered' || (keeper && state.state === 'ok')) {
      if (!record.expiredAlerted && this.alertedKeys.size === 0) return;
      if (record.expiredAlerted) await this.save({ ...record, expiredAlerted: false });
      this.alertedKeys.clear();
      logger.info('Steam session works again');
      await feed.alert('✅ The bot’s Steam session works again; offers are being watched.');
      return;
    }
    if (state.state === 'expired' && !record.expiredAlerted) {
      await this.save({ ...record, expiredAlerted: true });
      logger.warn({ endpoint: state.endpoint }, 'Steam session expired');
      await feed.alert(
        '⚠️ **The bot’s Steam session has expired.** Offers are not being watched and trade buttons will fail. ' +
          'Log in to steamcommunity.com in a browser, copy fresh `steamLoginSecure` and `sessionid` cookies into ' +
          '`STEAM_COOKIES` / `STEAM_SESSION_ID`, and restart the bot. `/status` shows the details.',
        { needsPerson: true },
      );
    } else if (state.state === 'ok' && record.expiredAlerted) {
      await this.save({ ...record, expiredAlerted: false });
      logger.info('Steam session works again');
      await feed.alert('✅ The bot’s Steam session works again; offers are being watched.');
    }
  }

  private scheduleExpiryWarning(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.keeper) {
      this.scheduleRefreshExpiryWarning(this.keeper);
      return;
    }
    const now = (this.deps.now ?? Date.now)();
    const expiresAt = this.deps.steam.sessionExpiresAt.getTime();
    const warnAt = expiresAt - EXPIRY_WARNING_MS;
    if (expiresAt <= now) return;
    // setTimeout cannot wait longer than ~24.8 days; tokens live about a day anyway.
    const delay = Math.min(Math.max(0, warnAt - now), 2_000_000_000);
    this.timer = setTimeout(() => void this.warnExpiry(expiresAt), delay);
    this.timer.unref();
  }

  /** Renewed access tokens need no warning; a refresh token that nothing can renew does. */
  private scheduleRefreshExpiryWarning(keeper: SessionKeeper): void {
    if (keeper.hasCredentials) return;
    const expiresAt = keeper.facts().refreshExpiresAt?.getTime();
    if (expiresAt === undefined) return;
    const now = (this.deps.now ?? Date.now)();
    if (expiresAt <= now) return;
    const warnAt = expiresAt - REFRESH_EXPIRY_WARNING_MS;
    // setTimeout holds at most ~24.8 days; refresh tokens live ~200, so the timer is re-armed until then.
    const delay = Math.max(0, warnAt - now);
    this.timer = setTimeout(
      () => (delay > 2_000_000_000 ? this.scheduleExpiryWarning() : void this.warnRefreshExpiry(expiresAt)),
      Math.min(delay, 2_000_000_000),
    );
    this.timer.unref();
  }

  private async warnRefreshExpiry(expiresAt: number): Promise<void> {
    try {
      await this.exclusively(async () => {
        const record = await this.record();
        if (record.expiryWarned || record.expiredAlerted) {
          this.deps.logger.debug('refresh-token expiry warning already sent');
          return;
        }
        await this.save({ ...record, expiryWarned: true });
        await this.deps.feed.alert(
          `⏳ The bot’s Steam refresh token expires <t:${Math.floor(expiresAt / 1000)}:R> and Steam has not renewed it. ` +
            'Run `npm run login` before then, or set `STEAM_ACCOUNT_NAME`, `STEAM_PASSWORD` and `STEAM_SHARED_SECRET` so the bot signs in again by itself.',
        );
      });
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not send the refresh-token expiry warning');
    }
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
