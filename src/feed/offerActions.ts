// Accept / decline / cancel, from a button or a command. Real money moves here, so:
// - two clicks on one offer produce exactly one Steam call: inside this process the second
//   click awaits the first and is told what happened; across processes a lock in the store
//   refuses the second;
// - the offer is read from Steam first, so an offer that is no longer active is reported
//   (with who acted, when it was done from Discord) rather than acted on again.
import type { Logger } from '../logger.js';
import { UserError } from '../errors.js';
import { actionOutcomeText } from '../format/actionOutcome.js';
import { actionDoneText, type ActedBy, type OfferAction } from '../format/offer.js';
import type { SteamClient } from '../steam/client.js';
import { ETradeOfferState, isOfferActive, offerStateName } from '../steam/enums.js';
import type { TradeOffer } from '../steam/types.js';
import type { Store } from '../store/index.js';
import type { Feed } from './feed.js';

export interface ActionOutcome {
  /** true only for the click that made the Steam call. */
  performed: boolean;
  /** What to tell the person who clicked. */
  text: string;
  offer: TradeOffer | null;
}

/** Long enough for an accept plus its mobile confirmation; released as soon as it is done. */
const LOCK_TTL_MS = 120_000;

export class OfferActions {
  private readonly inFlight = new Map<string, Promise<ActionOutcome>>();

  constructor(private readonly deps: { steam: SteamClient; store: Store; feed: Feed; logger: Logger }) {}

  async perform(
    offerId: string,
    action: OfferAction,
    actor: { userId: string; guildId: string },
  ): Promise<ActionOutcome> {
    const running = this.inFlight.get(offerId);
    if (running) {
      const first = await running.catch(() => null);
      return {
        performed: false,
        offer: first?.offer ?? null,
        text: first?.performed
          ? `Someone else clicked first: ${first.text.charAt(0).toLowerCase()}${first.text.slice(1)}`
          : 'Another action on this offer was just attempted; check the card for its state.',
      };
    }
    const promise = this.run(offerId, action, actor);
    this.inFlight.set(offerId, promise);
    try {
      return await promise;
    } finally {
      this.inFlight.delete(offerId);
    }
  }

  private async run(
    offerId: string,
    action: OfferAction,
    actor: { userId: string; guildId: string },
  ): Promise<ActionOutcome> {
    const { steam, store, feed, logger } = this.deps;
    const turn = await store.withLock(`offer-action:${offerId}`, { ttlMs: LOCK_TTL_MS }, async () => {
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

      const actedBy: ActedBy = { userId: actor.userId, action, at: Date.now() };
      logger.info({ offerId, action, userId: actor.userId }, 'offer action');
      const result =
        action === 'accept'
          ? await steam.acceptOffer(offer)
          : action === 'decline'
            ? await steam.declineOffer(offer)
            : await steam.cancelOffer(offer);
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
        logger.warn(
          { offerId, action, state: result.offer.state, steamSaid: result.steamSaid },
          'offer action not done',
        );
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
      return { performed: true, offer: result.offer, text: reply };
    });
    if (turn.acquired) return turn.value;
    return {
      performed: false,
      offer: null,
      text: `Another action on offer #${offerId} is under way right now. Look at the card in a moment.`,
    };
  }
}
