// The Steam service layer as one object, wired once in main() and handed to the commands,
// the poller and the SteamTradeBots publisher. Nothing here knows about Discord.
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { ClassInfoService, type ClassDescriptionStore } from './classInfo.js';
import { TradeActions, type AcceptOutcome } from './community.js';
import { ConfirmationService } from './confirmations.js';
import { EResult, ETradeOfferState } from './enums.js';
import { SteamEResultError } from './errors.js';
import { SteamHttp } from './http.js';
import type { Telemetry } from '../telemetry.js';
import { InventoryService } from './inventory.js';
import { realSleep, type Sleep } from './scheduler.js';
import type { SteamSession } from './session.js';
import { TradeOfferService } from './tradeOffers.js';
import type { OfferAssetRef, SendOfferResult, TradeOffer } from './types.js';
import { UserService } from './users.js';

export interface SteamClientOptions {
  communityUrl: string;
  webApiUrl: string;
  session: SteamSession;
  apiKey?: string | undefined;
  identitySecret?: string | undefined;
  inventoryDelayMs: number;
  confirmationDelayMs: number;
  logger: Logger;
  sleep?: Sleep;
  now?: () => number;
  random?: () => number;
  maxRetries?: number;
  telemetry?: Telemetry | undefined;
  /** Where item descriptions are kept between runs (the store); without it, in memory only. */
  classDescriptions?: ClassDescriptionStore | undefined;
}

export type SessionState = { state: 'ok' | 'unknown' } | { state: 'expired'; since: number; endpoint: string };

export interface AcceptResult {
  outcome: AcceptOutcome['kind'];
  /** The offer as Steam shows it after the accept (null if it could not be read back). */
  offer: TradeOffer | null;
  needsMobileConfirmation: boolean;
  /** True when tradedesk allowed the mobile confirmation itself. */
  confirmed: boolean;
}

export interface SendResult extends SendOfferResult {
  confirmed: boolean;
}

interface SteamClientEvents {
  session: [SessionState];
}

export class SteamClient extends EventEmitter<SteamClientEvents> {
  readonly http: SteamHttp;
  readonly inventories: InventoryService;
  readonly offers: TradeOfferService;
  readonly classes: ClassInfoService;
  readonly actions: TradeActions;
  readonly users: UserService;
  readonly confirmations: ConfirmationService | null;
  private sessionState: SessionState = { state: 'unknown' };

  constructor(private readonly options: SteamClientOptions) {
    super();
    const now = options.now ?? Date.now;
    this.http = new SteamHttp({
      ...options,
      onSessionState: (state, endpoint) => this.noteSession(state, endpoint),
    });
    this.inventories = new InventoryService(this.http, options.session.steamid);
    this.classes = new ClassInfoService(this.http, options.classDescriptions ?? null, options.logger);
    this.offers = new TradeOfferService(this.http, this.classes);
    this.actions = new TradeActions(this.http);
    this.users = new UserService(this.http, now);
    this.confirmations = options.identitySecret
      ? new ConfirmationService(
          this.http,
          options.identitySecret,
          options.session.steamid,
          options.sleep ?? realSleep,
          now,
        )
      : null;
  }

  get steamid(): string {
    return this.http.currentSession.steamid;
  }

  get session(): SessionState {
    return this.sessionState;
  }

  /** From the access token's `exp`: Steam web tokens live about a day. */
  get sessionExpiresAt(): Date {
    return this.http.currentSession.expiresAt;
  }

  private noteSession(state: 'expired' | 'ok', endpoint: string): void {
    const before = this.sessionState.state;
    if (state === before) return;
    this.sessionState =
      state === 'expired' ? { state: 'expired', since: (this.options.now ?? Date.now)(), endpoint } : { state: 'ok' };
    this.emit('session', this.sessionState);
  }

  /**
   * Runs a trade action; when Steam refuses it because the account has not acknowledged the
   * 2025 trade-protection notice, acknowledges once and tries again. Safe for send and accept:
   * Steam refused the first attempt, so nothing was created.
   */
  private async withTradeProtection<T>(action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof SteamEResultError) || error.cause !== 'TradeProtectionNotAcknowledged') throw error;
      this.http.logger.info('acknowledging Steam trade protection for the bot account');
      await this.actions.acknowledgeTradeProtection();
      return action();
    }
  }

  /**
   * Accepts a received offer. Timeout (16) and InvalidState (11) often mean the accept went
   * through anyway, so the offer is read back before anything is reported (§4.3).
   */
  async acceptOffer(offer: TradeOffer): Promise<AcceptResult> {
    let outcome: AcceptOutcome;
    try {
      outcome = await this.withTradeProtection(() => this.actions.accept(offer.id, offer.partner));
    } catch (error) {
      if (
        !(error instanceof SteamEResultError) ||
        ![EResult.Timeout, EResult.InvalidState].includes(error.eresult as 11)
      ) {
        throw error;
      }
      const after = await this.offers.getOffer(offer.id);
      if (after?.state === ETradeOfferState.Accepted || after?.state === ETradeOfferState.InEscrow) {
        return { outcome: 'accepted', offer: after, needsMobileConfirmation: false, confirmed: false };
      }
      throw error;
    }
    if (outcome.kind === 'alreadyAccepted') {
      return {
        outcome: 'alreadyAccepted',
        offer: await this.offers.getOffer(offer.id),
        needsMobileConfirmation: false,
        confirmed: false,
      };
    }
    let confirmed = false;
    if (outcome.needsMobileConfirmation && this.confirmations) {
      confirmed = await this.confirmations.confirmTradeOffer(offer.id);
    }
    return {
      outcome: 'accepted',
      offer: await this.offers.getOffer(offer.id),
      needsMobileConfirmation: outcome.needsMobileConfirmation && !confirmed,
      confirmed,
    };
  }

  async sendOffer(options: {
    partner: string;
    token?: string | undefined;
    give: OfferAssetRef[];
    receive: OfferAssetRef[];
    message?: string | undefined;
  }): Promise<SendResult> {
    const sent = await this.withTradeProtection(() => this.actions.send(options));
    let confirmed = false;
    if (sent.needsMobileConfirmation && this.confirmations) {
      confirmed = await this.confirmations.confirmTradeOffer(sent.tradeofferid);
    }
    return { ...sent, needsMobileConfirmation: sent.needsMobileConfirmation && !confirmed, confirmed };
  }

  /** Finishes requests under way, then closes connections. */
  async close(): Promise<void> {
    await this.http.close();
  }
}
