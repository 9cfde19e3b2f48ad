// The Steam service layer as one object, wired once in main() and handed to the commands,
// the poller and the SteamTradeBots publisher. Nothing here knows about Discord.
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import type { Telemetry } from '../telemetry.js';
import { ClassInfoService, type ClassDescriptionStore } from './classInfo.js';
import { TradeActions } from './community.js';
import { ConfirmationService } from './confirmations.js';
import { ETradeOfferState } from './enums.js';
import { SteamHttp } from './http.js';
import { InventoryService } from './inventory.js';
import { InventoryCache } from './inventoryCache.js';
import type { OfferActionResult, SendResult } from './outcomes.js';
import { realSleep, type Sleep } from './scheduler.js';
import type { SteamSession } from './session.js';
import { SteamClock } from './steamTime.js';
import { TradeOfferActions } from './tradeOfferActions.js';
import { inMemoryTradeProtection, TradeProtection, type TradeProtectionRecord } from './tradeProtection.js';
import { TradeOfferService } from './tradeOffers.js';
import type { OfferAssetRef, TradeOffer } from './types.js';
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
  /** Where the trade-protection acknowledgement is remembered; in memory when absent. */
  tradeProtection?: TradeProtectionRecord;
}

export type SessionState = { state: 'ok' | 'unknown' } | { state: 'expired'; since: number; endpoint: string };

/** Offer states in which items moved in or out of the bot's inventories. */
const ITEMS_MOVED_STATES = new Set<number>([
  ETradeOfferState.Accepted,
  ETradeOfferState.InEscrow,
  ETradeOfferState.Reverted,
]);

interface SteamClientEvents {
  session: [SessionState];
}

export class SteamClient extends EventEmitter<SteamClientEvents> {
  readonly http: SteamHttp;
  /** Straight from Steam, every page; commands and services read through inventoryCache. */
  readonly inventories: InventoryService;
  /** The one inventory cache (owner/app/context, TTL, single flight). */
  readonly inventoryCache: InventoryCache;
  readonly offers: TradeOfferService;
  readonly classes: ClassInfoService;
  readonly actions: TradeActions;
  readonly users: UserService;
  readonly confirmations: ConfirmationService | null;
  /** Steam's clock, shared by confirmations and by sign-in (the session keeper). */
  readonly clock: SteamClock;
  private sessionState: SessionState = { state: 'unknown' };
  /** Accept, decline, cancel and send, each checked against Steam when its answer is unclear. */
  private readonly trades: TradeOfferActions;
  /** Steam's trade-protection notice, acknowledged once per account before the first trade that needs it. */
  readonly tradeProtection: TradeProtection;

  constructor(private readonly options: SteamClientOptions) {
    super();
    const now = options.now ?? Date.now;
    this.http = new SteamHttp({
      ...options,
      onSessionState: (state, endpoint) => this.noteSession(state, endpoint),
    });
    this.inventories = new InventoryService(this.http, options.session.steamid);
    this.inventoryCache = new InventoryCache(this.inventories, { ownSteamId: options.session.steamid, now });
    this.classes = new ClassInfoService(this.http, options.classDescriptions ?? null, options.logger);
    this.offers = new TradeOfferService(this.http, this.classes);
    this.actions = new TradeActions(this.http);
    this.users = new UserService(this.http, now);
    this.clock = new SteamClock(this.http, now);
    this.confirmations = options.identitySecret
      ? new ConfirmationService(
          this.http,
          options.identitySecret,
          options.session.steamid,
          options.sleep ?? realSleep,
          this.clock,
        )
      : null;
    this.tradeProtection = new TradeProtection({
      actions: this.actions,
      record: options.tradeProtection ?? inMemoryTradeProtection(),
      logger: this.http.logger,
      now,
    });
    this.trades = new TradeOfferActions({
      offers: this.offers,
      actions: this.actions,
      confirmations: this.confirmations,
      tradeProtection: this.tradeProtection,
      logger: this.http.logger,
      sleep: options.sleep ?? realSleep,
      now,
    });
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
   * Accepts a received offer. When Steam's answer does not say what happened (11, 16, 28, no
   * answer, 5xx), the offer is read again and the confirmation list too: a pending
   * confirmation for this offer means the accept went through, so it is confirmed (docs/steam.md#unclear-outcomes).
   * "Already accepted" only when Steam shows the offer Accepted or InEscrow.
   */
  async acceptOffer(offer: TradeOffer): Promise<OfferActionResult> {
    try {
      return await this.trades.accept(offer);
    } finally {
      // Accepted, or perhaps (an unclear answer): either way the bot's kept inventories may be
      // stale, and the next look reads Steam.
      this.inventoryCache.invalidate(this.steamid);
    }
  }

  /**
   * Sends an offer exactly once. When Steam's answer is lost or unclear, the offer may exist
   * anyway: before anything is said, the bot's recent sent offers are read and an offer to the
   * same partner with the same assets, created since just before this send, is taken as this
   * one. Not found: SendOutcomeUnknownError, which says so — a second send is never made here.
   */
  async sendOffer(options: {
    partner: string;
    token?: string | undefined;
    give: OfferAssetRef[];
    receive: OfferAssetRef[];
    message?: string | undefined;
  }): Promise<SendResult> {
    try {
      return await this.trades.send(options);
    } finally {
      // Items in a sent offer are spoken for: the next look at the bot's inventory reads Steam.
      this.inventoryCache.invalidate(this.steamid);
    }
  }

  /** Declines a received offer; an unclear answer is checked by reading the offer again. */
  declineOffer(offer: TradeOffer): Promise<OfferActionResult> {
    return this.trades.decline(offer);
  }

  /** Cancels a sent offer (also one waiting for confirmation); an unclear answer is checked the same way. */
  cancelOffer(offer: TradeOffer): Promise<OfferActionResult> {
    return this.trades.cancel(offer);
  }

  /**
   * The poller saw an offer change state: once a trade completed (accepted, held in escrow,
   * or reverted), the bot's kept inventories are stale.
   */
  offerChanged(offer: Pick<TradeOffer, 'state'>): void {
    if (ITEMS_MOVED_STATES.has(offer.state)) this.inventoryCache.invalidate(this.steamid);
  }

  /** Finishes requests under way, then closes connections. */
  async close(): Promise<void> {
    await this.http.close();
  }

  /** Closes connections at once; requests under way fail (the shutdown wait ran out). */
  async abandon(): Promise<void> {
    await this.http.abandon();
  }
}
