// Accepting, declining and canceling a trade offer from Discord — a card's button or /offers
// accept|decline|cancel — in one implementation. Real money moves here, so:
// - two clicks on one offer make exactly one Steam call: inside this process the second click
//   awaits the first and is told what happened; across processes a lock in the store refuses it;
// - the offer is read from Steam first, so one that is no longer active is reported (with who
//   acted, when it was done from Discord) rather than acted on again;
// - what the person is told is what Steam shows afterwards: an unclear answer is checked by
//   reading the offer (and, for an accept, the confirmation list) again in SteamClient, and
//   "already accepted" is said only when Steam shows the offer Accepted (3) or InEscrow (11);
// - the trade-protection notice is acknowledged up front, before the first accept with items
//   outside app 753 (SteamClient.acceptOffer).
import { UserError } from '../errors.js';
import { actionOutcomeText } from '../format/actionOutcome.js';
import { ACTION_PAST, actionDoneText, type ActedBy, type OfferAction } from '../format/offer.js';
import type { Feed } from '../feed/feed.js';
import type { Logger } from '../logger.js';
import type { SteamClient } from '../steam/client.js';
import type { OfferActionResult } from '../steam/outcomes.js';
import { ETradeOfferState, isOfferActive, offerStateName } from '../steam/enums.js';
import type { TradeOffer } from '../steam/types.js';
import type { Store } from '../store/index.js';
import { noTelemetry, type Telemetry } from '../telemetry.js';

/** Who acts, from where. */
export interface Actor {
  userId: string;
  guildId: string;
}

export interface ActionOutcome {
  /** true only for the click that made the Steam call. */
  performed: boolean;
  /** What to tell the person who clicked. */
  text: string;
  offer: TradeOffer | null;
}

/** Long enough for an accept plus its mobile confirmation; released as soon as it is done. */
export const OFFER_LOCK_TTL_MS = 120_000;

/** The one Steam call each action makes. */
const STEAM_CALL: Record<OfferAction, (steam: SteamClient, offer: TradeOffer) => Promise<OfferActionResult>> = {
  accept: (steam, offer) => steam.acceptOffer(offer),
  decline: (steam, offer) => steam.declineOffer(offer),
  cancel: (steam, offer) => steam.cancelOffer(offer),
};

export interface TradeOffersDeps {
  steam: SteamClient;
  store: Store;
  /** The offer cards: who acted is recorded there and the card shows what Steam shows. */
  feed: Pick<Feed, 'getPosted' | 'refreshOffer' | 'recordAction'>;
  logger: Logger;
  telemetry?: Telemetry;
  now?: () => number;
}

export class TradeOffers {
  private readonly inFlight = new Map<string, Promise<ActionOutcome>>();
  private readonly telemetry: Telemetry;
  private readonly now: () => number;

  constructor(private readonly deps: TradeOffersDeps) {
    this.telemetry = deps.telemetry ?? noTelemetry;
    this.now = deps.now ?? Date.now;
  }

  /**
   * Accepts, declines or cancels the offer, once: a second click while the first is under way
   * is told what the first did. Refusals (not ours to cancel, no such offer) are UserErrors.
   */
  async act(action: OfferAction, offerId: string, actor: Actor): Promise<ActionOutcome> {
    const running = this.inFlight.get(offerId);
    if (running) {
      const first = await running.catch(() => null);
      this.telemetry.action(action, 'refused');
      return {
        performed: false,
        offer: first?.offer ?? null,
        text: first?.performed
          ? `Someone else clicked first: ${first.text.charAt(0).toLowerCase()}${first.text.slice(1)}`
          : 'Another action on this offer was just attempted; check the card for its state.',
      };
    }
    const promise = this.counted(action, this.underLock(action, offerId, actor));
    this.inFlight.set(offerId, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(offerId);
    }
  }

  /** Counts the outcome for /metrics: done, refused (nothing reached Steam), or failed. */
  private async counted(action: OfferAction, work: Promise<ActionOutcome & { done?: boolean }>) {
    let outcome;
    try {
      outcome = await work;
    } catch (error) {
      this.telemetry.action(action, error instanceof UserError ? 'refused' : 'failed');
      throw error;
    }
    const { done, ...rest } = outcome;
    this.telemetry.action(action, !outcome.performed ? 'refused' : done ? ACTION_PAST[action] : 'failed');
    return rest;
  }

  private async underLock(action: OfferAction, offerId: string, actor: Actor) {
    const turn = await this.deps.store.withLock(`offer-action:${offerId}`, { ttlMs: OFFER_LOCK_TTL_MS }, () =>
      this.run(action, offerId, actor),
    );
    if (turn.acquired) return turn.value;
    return {
      performed: false,
      offer: null,
      text: `Another action on offer #${offerId} is under way right now. Look at the card in a moment.`,
    };
  }

  private async run(action: OfferAction, offerId: string, actor: Actor): Promise<ActionOutcome & { done?: boolean }> {
    const { steam, feed, logger } = this.deps;
    const offer = await steam.offers.getOffer(offerId);
    if (!offer) throw new UserError(`Steam has no trade offer #${offerId} for the bot account.`);
    if (action === 'cancel' && !offer.isOurOffer) {
      throw new UserError(`Offer #${offerId} was sent to the bot; it can be accepted or declined, not canceled.`);
    }
    if (action !== 'cancel' && offer.isOurOffer) {
      throw new UserError(`Offer #${offerId} was sent by the bot; it can only be canceled.`);
    }
    if (!isOfferActive(offer.state) || (action !== 'cancel' && offer.state !== ETradeOfferState.Active)) {
      const posted = await feed.getPosted(actor.guildId, offerId);
      await feed.refreshOffer(offer);
      const text = posted?.actedBy
        ? actionDoneText(action, offerId, posted.actedBy)
        : `Offer #${offerId} is no longer active: it is **${offerStateName(offer.state)}**.`;
      return { performed: false, offer, text };
    }

    const actedBy: ActedBy = { userId: actor.userId, action, at: this.now() };
    logger.info({ offerId, action, userId: actor.userId }, 'offer action');
    const result = await STEAM_CALL[action](steam, offer);
    if (result.outcome === 'alreadyAccepted') {
      const posted = await feed.getPosted(actor.guildId, offerId);
      await feed.refreshOffer(result.offer);
      return {
        performed: false,
        offer: result.offer,
        text: posted?.actedBy
          ? actionDoneText('accept', offerId, posted.actedBy)
          : `Offer #${offerId} had already been accepted.`,
      };
    }
    const { reply, note } = actionOutcomeText(action, offerId, actor.userId, result);
    const extras = note ? { note } : {};
    if (result.outcome === 'notDone') {
      logger.warn({ offerId, action, state: result.offer.state, steamSaid: result.steamSaid }, 'offer action not done');
      await feed.refreshOffer(result.offer, { ...extras, force: true });
      return { performed: true, offer: result.offer, text: reply };
    }
    if (result.outcome === 'unknown') {
      logger.warn({ offerId, action, ...result }, 'offer action could not be confirmed');
      await feed.refreshOffer(offer, { ...extras, force: true });
      return { performed: true, offer: null, text: reply };
    }
    await feed.recordAction(offerId, actedBy);
    if (result.offer) await feed.refreshOffer(result.offer, { actedBy, ...extras, force: true });
    return { performed: true, done: true, offer: result.offer, text: reply };
  }
}
