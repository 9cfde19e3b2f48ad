// The Steam service layer as one object, wired once in main() and handed to the commands,
// the poller and the SteamTradeBots publisher. Nothing here knows about Discord.
import { EventEmitter } from 'node:events';
import type { Logger } from '../logger.js';
import { ClassInfoService, type ClassDescriptionStore } from './classInfo.js';
import { TradeActions, type AcceptAnswer } from './community.js';
import { ConfirmationService } from './confirmations.js';
import { EResult, ETradeOfferState, eresultName } from './enums.js';
import {
  SessionExpiredError,
  SteamBodyTooLargeError,
  SteamBusyError,
  SteamEResultError,
  SteamHttpError,
  SteamShapeError,
  SteamUnreachableError,
  SendOutcomeUnknownError,
} from './errors.js';
import { SteamHttp } from './http.js';
import type { Telemetry } from '../telemetry.js';
import { InventoryService } from './inventory.js';
import { InventoryCache } from './inventoryCache.js';
import { realSleep, type Sleep } from './scheduler.js';
import type { SteamSession } from './session.js';
import { SteamClock } from './steamTime.js';
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
  /** Where the trade-protection acknowledgement is remembered; in memory when absent. */
  tradeProtection?: TradeProtectionRecord;
}

export type SessionState = { state: 'ok' | 'unknown' } | { state: 'expired'; since: number; endpoint: string };

/** What a trade action really did, as Steam shows it afterwards. */
export type OfferActionResult =
  | {
      outcome: 'accepted' | 'declined' | 'canceled';
      /** The offer as Steam shows it after the action (null if it could not be read back). */
      offer: TradeOffer | null;
      needsMobileConfirmation: boolean;
      /** True when tradedesk allowed the mobile confirmation itself. */
      confirmed: boolean;
      /** Why a confirmation tradedesk tried to allow was not allowed (Steam's words), or null. */
      confirmationProblem: string | null;
      /** Steam's unclear answer when the action was found done by reading the offer again; null on a plain success. */
      unclearAnswer: string | null;
    }
  /** Steam said 28 and shows the offer Accepted (3) or InEscrow (11): someone accepted it first. */
  | { outcome: 'alreadyAccepted'; offer: TradeOffer; needsMobileConfirmation: false; confirmed: false }
  /** Steam's answer was unclear and reading the offer again shows it was not done. */
  | { outcome: 'notDone'; offer: TradeOffer; steamSaid: string }
  /** Steam's answer was unclear and the offer could not be read again. */
  | { outcome: 'unknown'; steamSaid: string; readProblem: string };

/** @deprecated name kept for callers of acceptOffer. */
export type AcceptResult = OfferActionResult;

export interface SendResult extends SendOfferResult {
  confirmed: boolean;
  confirmationProblem: string | null;
  /** Steam's unclear answer when the offer was found among the sent offers instead; null on a plain success. */
  unclearAnswer: string | null;
}

/** Where the fact that the trade-protection notice was acknowledged is kept (the store, in the app). */
export interface TradeProtectionRecord {
  acknowledgedAt(): Promise<number | null>;
  remember(at: number): Promise<void>;
}

/** How far before the send a found offer may have been created (Steam's clock against ours). */
const SENT_OFFER_CLOCK_SLACK_S = 120;
const SENT_OFFER_LOOKUP_GAP_MS = 3000;

/** Pure: the offer gives and asks for exactly these assets (app, context, asset id, amount), to this partner. */
export function isSameOffer(
  offer: TradeOffer,
  wanted: { partner: string; give: readonly OfferAssetRef[]; receive: readonly OfferAssetRef[] },
): boolean {
  const key = (a: OfferAssetRef) => `${a.appid}/${a.contextid}/${a.assetid}x${a.amount}`;
  const same = (a: readonly OfferAssetRef[], b: readonly OfferAssetRef[]) =>
    a.length === b.length && [...a].map(key).sort().join() === [...b].map(key).sort().join();
  return (
    offer.isOurOffer &&
    offer.partner === wanted.partner &&
    same(offer.itemsToGive, wanted.give) &&
    same(offer.itemsToReceive, wanted.receive)
  );
}

/** Steam Community items (753) were never trade-protected; anything else may be (§4.6, ASF). */
export const STEAM_COMMUNITY_APPID = 753;

/**
 * EResults after which the action may have happened anyway (§4.3–4.5): 11 InvalidState and
 * 16 Timeout often mean it went through; 28 is "already accepted" but also item-server trouble.
 */
const UNCLEAR_ERESULTS: ReadonlySet<number> = new Set([EResult.InvalidState, EResult.Timeout, EResult.AlreadyRedeemed]);

/** Network failures before a connection existed: the request never left, so nothing can have happened. */
const NEVER_SENT_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/**
 * Pure: true when Steam's answer (or its absence) does not say whether a POST was carried out:
 * an unclear EResult, no answer at all (timeout, reset), a 5xx, or an answer that could not be read.
 * A 429 or a refused session is clear: Steam did not look at the request.
 */
export function isUnclearOutcome(error: unknown): boolean {
  if (error instanceof SteamUnreachableError) return !NEVER_SENT_CODES.has(error.code);
  if (error instanceof SteamShapeError) return true;
  if (error instanceof SteamBusyError || error instanceof SteamHttpError) return error.status >= 500;
  if (error instanceof SteamBodyTooLargeError) return true;
  return error instanceof SteamEResultError && UNCLEAR_ERESULTS.has(error.eresult);
}

/** Pure: what Steam answered, in words safe to show (no URL query, no secret). */
export function describeSteamAnswer(error: unknown): string {
  if (error instanceof SteamEResultError) {
    const text = error.steamMessage ? `“${error.steamMessage}” ` : '';
    return `${text}(${eresultName(error.eresult)}, EResult ${error.eresult})`;
  }
  if (error instanceof SteamUnreachableError) return `no answer (${error.code})`;
  if (error instanceof SteamBusyError || error instanceof SteamHttpError) return `HTTP ${error.status}`;
  if (error instanceof SteamShapeError) return 'an answer tradedesk could not read';
  if (error instanceof SteamBodyTooLargeError) return 'an answer far too large to read';
  if (error instanceof SessionExpiredError) return 'the session has expired';
  return error instanceof Error ? error.message : String(error);
}

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
  private readonly tradeProtection: TradeProtectionRecord;
  private acknowledging: Promise<void> | null = null;

  constructor(private readonly options: SteamClientOptions) {
    super();
    const now = options.now ?? Date.now;
    this.tradeProtection = options.tradeProtection ?? inMemoryTradeProtection();
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

  /** When the trade-protection notice was acknowledged (from the record), or null if not yet. */
  tradeProtectionAcknowledgedAt(): Promise<number | null> {
    return this.tradeProtection.acknowledgedAt();
  }

  /**
   * Acknowledges Steam's 2025 trade-protection notice once per account, up front, before the
   * first action with items outside app 753 — as ASF does. Steam never says clearly that it is
   * missing (the failure shows up at the mobile confirmation), so waiting for an error text
   * would wait for ever. A failed acknowledgement is logged and the action goes on: the notice
   * may have been accepted in a browser already (ASF makes the same choice).
   */
  async ensureTradeProtectionAcknowledged(items: ReadonlyArray<{ appid: number }>): Promise<void> {
    if (items.every((item) => item.appid === STEAM_COMMUNITY_APPID)) return;
    if ((await this.tradeProtection.acknowledgedAt()) !== null) return;
    await this.acknowledgeTradeProtection('before the first trade with items outside Steam Community items');
  }

  private acknowledgeTradeProtection(why: string): Promise<void> {
    this.acknowledging ??= (async () => {
      this.http.logger.info({ why }, 'acknowledging Steam trade protection for the bot account');
      try {
        await this.actions.acknowledgeTradeProtection();
        await this.tradeProtection.remember((this.options.now ?? Date.now)());
      } catch (error) {
        if (error instanceof SessionExpiredError) throw error;
        this.http.logger.warn({ err: error }, 'acknowledging Steam trade protection failed; going on');
      }
    })().finally(() => {
      this.acknowledging = null;
    });
    return this.acknowledging;
  }

  /**
   * Allows the mobile confirmation of an offer. A refused confirmation is the one place a
   * missing trade-protection acknowledgement shows (aiosteampy #87 "Failed to perform
   * confirmation action", SDA #1109): then one acknowledgement and one more try. Never throws
   * for a refusal: the action itself already happened, so the caller reports what is pending.
   */
  private async confirmTrade(offerId: string): Promise<{ confirmed: boolean; problem: string | null }> {
    const confirmations = this.confirmations;
    if (!confirmations) return { confirmed: false, problem: null };
    try {
      try {
        return { confirmed: await confirmations.confirmTradeOffer(offerId), problem: null };
      } catch (error) {
        if (!(error instanceof SteamEResultError) || error.cause !== 'ConfirmationRefused') throw error;
        this.http.logger.warn(
          { offerId, steamSaid: error.steamMessage },
          'Steam refused the trade confirmation; acknowledging trade protection once and trying again',
        );
        await this.acknowledgeTradeProtection('a trade confirmation was refused');
        return { confirmed: await confirmations.confirmTradeOffer(offerId), problem: null };
      }
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      this.http.logger.warn({ err: error, offerId }, 'could not confirm the trade on mobile');
      return { confirmed: false, problem: describeSteamAnswer(error) };
    }
  }

  /** Reads the offer again after an unclear answer; null with the reason when it cannot be read. */
  private async readBack(offerId: string): Promise<{ offer: TradeOffer } | { problem: string }> {
    try {
      const offer = await this.offers.getOffer(offerId);
      return offer ? { offer } : { problem: 'Steam no longer shows the offer' };
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      return { problem: describeSteamAnswer(error) };
    }
  }

  /**
   * Accepts a received offer. When Steam's answer does not say what happened (11, 16, 28, no
   * answer, 5xx), the offer is read again and the confirmation list too: a pending
   * confirmation for this offer means the accept went through, so it is confirmed (§4.3).
   * "Already accepted" only when Steam shows the offer Accepted or InEscrow.
   */
  async acceptOffer(offer: TradeOffer): Promise<OfferActionResult> {
    try {
      return await this.acceptAtSteam(offer);
    } finally {
      // Accepted, or perhaps (an unclear answer): either way the bot's kept inventories may be
      // stale, and the next look reads Steam.
      this.inventoryCache.invalidate(this.steamid);
    }
  }

  private async acceptAtSteam(offer: TradeOffer): Promise<OfferActionResult> {
    await this.ensureTradeProtectionAcknowledged([...offer.itemsToGive, ...offer.itemsToReceive]);
    let answer: AcceptAnswer;
    try {
      answer = await this.actions.accept(offer.id, offer.partner);
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      return this.afterUnclearAccept(offer, error);
    }
    let confirmation = { confirmed: false, problem: null as string | null };
    if (answer.needsMobileConfirmation) confirmation = await this.confirmTrade(offer.id);
    return {
      outcome: 'accepted',
      offer: await this.offers.getOffer(offer.id).catch(() => null),
      needsMobileConfirmation: answer.needsMobileConfirmation && !confirmation.confirmed,
      confirmed: confirmation.confirmed,
      confirmationProblem: confirmation.problem,
      unclearAnswer: null,
    };
  }

  private async afterUnclearAccept(offer: TradeOffer, error: unknown): Promise<OfferActionResult> {
    const steamSaid = describeSteamAnswer(error);
    this.http.logger.warn({ offerId: offer.id, steamSaid }, 'unclear answer to an accept; reading the offer again');
    let read = await this.readBack(offer.id);
    if ('problem' in read) return { outcome: 'unknown', steamSaid, readProblem: read.problem };
    const settled = (o: TradeOffer) => o.state === ETradeOfferState.Accepted || o.state === ETradeOfferState.InEscrow;
    if (settled(read.offer)) {
      if (error instanceof SteamEResultError && error.eresult === EResult.AlreadyRedeemed) {
        return { outcome: 'alreadyAccepted', offer: read.offer, needsMobileConfirmation: false, confirmed: false };
      }
      return {
        outcome: 'accepted',
        offer: read.offer,
        needsMobileConfirmation: false,
        confirmed: false,
        confirmationProblem: null,
        unclearAnswer: steamSaid,
      };
    }
    if (read.offer.state === ETradeOfferState.Active && this.confirmations) {
      // Still Active with a confirmation waiting: Steam took the accept and wants the second factor.
      let pending: boolean;
      try {
        pending = (await this.confirmations.findTradeConfirmation(offer.id)) !== null;
      } catch (listError) {
        if (listError instanceof SessionExpiredError) throw listError;
        return {
          outcome: 'unknown',
          steamSaid,
          readProblem: `the confirmation list: ${describeSteamAnswer(listError)}`,
        };
      }
      if (pending) {
        const confirmation = await this.confirmTrade(offer.id);
        read = await this.readBack(offer.id);
        return {
          outcome: 'accepted',
          offer: 'offer' in read ? read.offer : null,
          needsMobileConfirmation: !confirmation.confirmed,
          confirmed: confirmation.confirmed,
          confirmationProblem: confirmation.problem,
          unclearAnswer: steamSaid,
        };
      }
    }
    return { outcome: 'notDone', offer: read.offer, steamSaid };
  }

  /** Declines a received offer; an unclear answer is checked by reading the offer again. */
  declineOffer(offer: TradeOffer): Promise<OfferActionResult> {
    return this.declineOrCancel(offer, 'decline');
  }

  /** Cancels a sent offer (also one waiting for confirmation); an unclear answer is checked the same way. */
  cancelOffer(offer: TradeOffer): Promise<OfferActionResult> {
    return this.declineOrCancel(offer, 'cancel');
  }

  private async declineOrCancel(offer: TradeOffer, action: 'decline' | 'cancel'): Promise<OfferActionResult> {
    const outcome = action === 'decline' ? 'declined' : 'canceled';
    const doneStates: readonly number[] =
      action === 'decline'
        ? [ETradeOfferState.Declined]
        : [ETradeOfferState.Canceled, ETradeOfferState.CanceledBySecondFactor];
    let unclearAnswer: string | null = null;
    try {
      await (action === 'decline' ? this.actions.decline(offer.id) : this.actions.cancel(offer.id));
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      unclearAnswer = describeSteamAnswer(error);
      this.http.logger.warn(
        { offerId: offer.id, action, steamSaid: unclearAnswer },
        'unclear answer to an offer action; reading the offer again',
      );
      const read = await this.readBack(offer.id);
      if ('problem' in read) return { outcome: 'unknown', steamSaid: unclearAnswer, readProblem: read.problem };
      if (!doneStates.includes(read.offer.state)) {
        return { outcome: 'notDone', offer: read.offer, steamSaid: unclearAnswer };
      }
    }
    return {
      outcome,
      offer: await this.offers.getOffer(offer.id).catch(() => null),
      needsMobileConfirmation: false,
      confirmed: false,
      confirmationProblem: null,
      unclearAnswer,
    };
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
      return await this.sendAtSteam(options);
    } finally {
      // Items in a sent offer are spoken for: the next look at the bot's inventory reads Steam.
      this.inventoryCache.invalidate(this.steamid);
    }
  }

  private async sendAtSteam(options: {
    partner: string;
    token?: string | undefined;
    give: OfferAssetRef[];
    receive: OfferAssetRef[];
    message?: string | undefined;
  }): Promise<SendResult> {
    await this.ensureTradeProtectionAcknowledged([...options.give, ...options.receive]);
    const startedAt = (this.options.now ?? Date.now)();
    let sent: SendOfferResult;
    let unclearAnswer: string | null = null;
    try {
      sent = await this.actions.send(options);
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      unclearAnswer = describeSteamAnswer(error);
      this.http.logger.warn(
        { partner: options.partner, steamSaid: unclearAnswer },
        'unclear answer to a send; looking for the offer among the sent offers',
      );
      const found = await this.findSentOffer(options, startedAt);
      if (!('offer' in found)) throw new SendOutcomeUnknownError(unclearAnswer, found.problem);
      sent = {
        tradeofferid: found.offer.id,
        needsMobileConfirmation: found.offer.state === ETradeOfferState.CreatedNeedsConfirmation,
        needsEmailConfirmation: false,
      };
    }
    let confirmation = { confirmed: false, problem: null as string | null };
    if (sent.needsMobileConfirmation) confirmation = await this.confirmTrade(sent.tradeofferid);
    return {
      ...sent,
      needsMobileConfirmation: sent.needsMobileConfirmation && !confirmation.confirmed,
      confirmed: confirmation.confirmed,
      confirmationProblem: confirmation.problem,
      unclearAnswer,
    };
  }

  /**
   * The offer a send with a lost answer created, if Steam lists it: a sent offer to the same
   * partner with exactly the same assets, created no earlier than a little before the send.
   * Read twice, a few seconds apart, as Steam may list a new offer a moment late.
   */
  private async findSentOffer(
    options: { partner: string; give: OfferAssetRef[]; receive: OfferAssetRef[] },
    startedAt: number,
  ): Promise<{ offer: TradeOffer } | { problem: string | null }> {
    const since = Math.floor(startedAt / 1000) - SENT_OFFER_CLOCK_SLACK_S;
    let problem: string | null = null;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      if (attempt > 0) await (this.options.sleep ?? realSleep)(SENT_OFFER_LOOKUP_GAP_MS);
      try {
        const { sent } = await this.offers.getOffers({
          sent: true,
          received: false,
          activeOnly: true,
          historicalCutoff: since,
          descriptions: false,
        });
        const matches = sent
          .filter((offer) => isSameOffer(offer, options) && offer.created.getTime() >= since * 1000)
          .sort((a, b) => b.created.getTime() - a.created.getTime());
        if (matches[0]) return { offer: matches[0] };
        problem = null;
      } catch (error) {
        if (error instanceof SessionExpiredError) throw error;
        problem = describeSteamAnswer(error);
      }
    }
    return { problem };
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
}

function inMemoryTradeProtection(): TradeProtectionRecord {
  let at: number | null = null;
  return {
    acknowledgedAt: () => Promise.resolve(at),
    remember: (when) => {
      at = when;
      return Promise.resolve();
    },
  };
}
