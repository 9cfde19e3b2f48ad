// What the person who clicked, and the card, are told after an accept, decline or cancel:
// what Steam really shows, never what we hoped (issue 15). Pure.
import type { OfferActionResult } from '../steam/outcomes.js';
import { ETradeOfferState, offerStateName } from '../steam/enums.js';
import { ACTION_PAST, type OfferAction } from './offer.js';

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export interface ActionOutcomeText {
  /** The private reply to whoever clicked. */
  reply: string;
  /** A note for the card, or null for none. */
  note: string | null;
}

/** The card note about the mobile confirmation of an accepted (or sent) offer, or null. */
export function confirmationNote(r: {
  confirmed: boolean;
  needsMobileConfirmation: boolean;
  confirmationProblem: string | null;
}): string | null {
  if (r.confirmed) return 'Confirmed on mobile automatically by tradedesk.';
  if (!r.needsMobileConfirmation) return null;
  return r.confirmationProblem
    ? `Waiting for confirmation in the Steam mobile app: tradedesk could not confirm it (Steam said ${r.confirmationProblem}).`
    : 'Waiting for confirmation in the Steam mobile app.';
}

export function actionOutcomeText(
  action: OfferAction,
  offerId: string,
  actorId: string,
  result: Exclude<OfferActionResult, { outcome: 'alreadyAccepted' }>,
): ActionOutcomeText {
  const past = ACTION_PAST[action];
  switch (result.outcome) {
    case 'accepted':
    case 'declined':
    case 'canceled': {
      const confirmation = confirmationNote(result);
      const unclear = result.unclearAnswer
        ? `Steam’s answer was unclear (${result.unclearAnswer}), so tradedesk read the offer again: it is ${past}.`
        : null;
      const reply = [`${capital(past)} offer #${offerId}.`, unclear, confirmation].filter(Boolean).join(' ');
      return { reply, note: [unclear, confirmation].filter(Boolean).join(' ') || null };
    }
    case 'notDone': {
      const state = result.offer.state;
      if (state === ETradeOfferState.Active || state === ETradeOfferState.CreatedNeedsConfirmation) {
        return {
          reply: `Offer #${offerId} is still active: Steam said ${result.steamSaid}. It was not ${past}.`,
          note: `<@${actorId}> tried to ${action} it; still active: Steam said ${result.steamSaid}.`,
        };
      }
      const name = offerStateName(state);
      return {
        reply: `Offer #${offerId} was not ${past} by tradedesk: Steam said ${result.steamSaid}, and the offer is now **${name}**.`,
        note: `<@${actorId}> tried to ${action} it; Steam said ${result.steamSaid}. The offer is now ${name}.`,
      };
    }
    case 'unknown':
      return {
        reply: `Whether offer #${offerId} was ${past} could not be confirmed: Steam said ${result.steamSaid}, and reading the offer again failed (${result.readProblem}). Check the card or Steam before trying again.`,
        note: `<@${actorId}>’s ${action} could not be confirmed: Steam said ${result.steamSaid}; reading the offer again failed (${result.readProblem}).`,
      };
  }
}
