// The four trade actions as Steam really carries them out: each one re-reads Steam when the
// answer leaves it unclear whether the action happened (the offer, the confirmation list, the
// recent sent offers), confirms on mobile what it accepted or sent, and acknowledges trade
// protection once up front (docs/steam.md, unclear outcomes and trade protection).
import type { Logger } from '../logger.js';
import type { AcceptAnswer, TradeActions } from './community.js';
import type { ConfirmationService } from './confirmations.js';
import { EResult, ETradeOfferState } from './enums.js';
import { SendOutcomeUnknownError, SessionExpiredError, SteamEResultError } from './errors.js';
import {
  describeSteamAnswer,
  isSameOffer,
  isUnclearOutcome,
  type OfferActionResult,
  type SendResult,
} from './outcomes.js';
import type { Sleep } from './scheduler.js';
import type { TradeProtection } from './tradeProtection.js';
import type { TradeOfferService } from './tradeOffers.js';
import type { OfferAssetRef, SendOfferResult, TradeOffer } from './types.js';

/** How far before the send a found offer may have been created (Steam's clock against ours). */
const SENT_OFFER_CLOCK_SLACK_S = 120;
const SENT_OFFER_LOOKUP_GAP_MS = 3000;

export interface TradeOfferActionsDeps {
  offers: TradeOfferService;
  actions: TradeActions;
  confirmations: ConfirmationService | null;
  tradeProtection: TradeProtection;
  logger: Logger;
  sleep: Sleep;
  now: () => number;
}

export class TradeOfferActions {
  constructor(private readonly deps: TradeOfferActionsDeps) {}

  /**
   * Allows the mobile confirmation of an offer. A refused confirmation is the one place a
   * missing trade-protection acknowledgement shows (aiosteampy #87 "Failed to perform
   * confirmation action", SDA #1109): then one acknowledgement and one more try. Never throws
   * for a refusal: the action itself already happened, so the caller reports what is pending.
   */
  private async confirmTrade(offerId: string): Promise<{ confirmed: boolean; problem: string | null }> {
    const confirmations = this.deps.confirmations;
    if (!confirmations) return { confirmed: false, problem: null };
    try {
      try {
        return { confirmed: await confirmations.confirmTradeOffer(offerId), problem: null };
      } catch (error) {
        if (!(error instanceof SteamEResultError) || error.cause !== 'ConfirmationRefused') throw error;
        this.deps.logger.warn(
          { offerId, steamSaid: error.steamMessage },
          'Steam refused the trade confirmation; acknowledging trade protection once and trying again',
        );
        await this.deps.tradeProtection.acknowledge('a trade confirmation was refused');
        return { confirmed: await confirmations.confirmTradeOffer(offerId), problem: null };
      }
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      this.deps.logger.warn({ err: error, offerId }, 'could not confirm the trade on mobile');
      return { confirmed: false, problem: describeSteamAnswer(error) };
    }
  }

  /** Reads the offer again after an unclear answer; null with the reason when it cannot be read. */
  private async readBack(offerId: string): Promise<{ offer: TradeOffer } | { problem: string }> {
    try {
      const offer = await this.deps.offers.getOffer(offerId);
      return offer ? { offer } : { problem: 'Steam no longer shows the offer' };
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      return { problem: describeSteamAnswer(error) };
    }
  }

  async accept(offer: TradeOffer): Promise<OfferActionResult> {
    await this.deps.tradeProtection.ensureAcknowledged([...offer.itemsToGive, ...offer.itemsToReceive]);
    let answer: AcceptAnswer;
    try {
      answer = await this.deps.actions.accept(offer.id, offer.partner);
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      return this.afterUnclearAccept(offer, error);
    }
    let confirmation = { confirmed: false, problem: null as string | null };
    if (answer.needsMobileConfirmation) confirmation = await this.confirmTrade(offer.id);
    return {
      outcome: 'accepted',
      offer: await this.deps.offers.getOffer(offer.id).catch(() => null),
      needsMobileConfirmation: answer.needsMobileConfirmation && !confirmation.confirmed,
      confirmed: confirmation.confirmed,
      confirmationProblem: confirmation.problem,
      unclearAnswer: null,
    };
  }

  private async afterUnclearAccept(offer: TradeOffer, error: unknown): Promise<OfferActionResult> {
    const steamSaid = describeSteamAnswer(error);
    this.deps.logger.warn({ offerId: offer.id, steamSaid }, 'unclear answer to an accept; reading the offer again');
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
    if (read.offer.state === ETradeOfferState.Active && this.deps.confirmations) {
      // Still Active with a confirmation waiting: Steam took the accept and wants the second factor.
      let pending: boolean;
      try {
        pending = (await this.deps.confirmations.findTradeConfirmation(offer.id)) !== null;
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
  decline(offer: TradeOffer): Promise<OfferActionResult> {
    return this.declineOrCancel(offer, 'decline');
  }

  /** Cancels a sent offer (also one waiting for confirmation); an unclear answer is checked the same way. */
  cancel(offer: TradeOffer): Promise<OfferActionResult> {
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
      await (action === 'decline' ? this.deps.actions.decline(offer.id) : this.deps.actions.cancel(offer.id));
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      unclearAnswer = describeSteamAnswer(error);
      this.deps.logger.warn(
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
      offer: await this.deps.offers.getOffer(offer.id).catch(() => null),
      needsMobileConfirmation: false,
      confirmed: false,
      confirmationProblem: null,
      unclearAnswer,
    };
  }

  async send(options: {
    partner: string;
    token?: string | undefined;
    give: OfferAssetRef[];
    receive: OfferAssetRef[];
    message?: string | undefined;
  }): Promise<SendResult> {
    await this.deps.tradeProtection.ensureAcknowledged([...options.give, ...options.receive]);
    const startedAt = this.deps.now();
    let sent: SendOfferResult;
    let unclearAnswer: string | null = null;
    try {
      sent = await this.deps.actions.send(options);
    } catch (error) {
      if (!isUnclearOutcome(error)) throw error;
      unclearAnswer = describeSteamAnswer(error);
      this.deps.logger.warn(
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
      if (attempt > 0) await this.deps.sleep(SENT_OFFER_LOOKUP_GAP_MS);
      try {
        const { sent } = await this.deps.offers.getOffers({
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
}
