// What a trade action really did, and the pure rules for telling: which answers leave it unclear
// whether Steam carried out a POST, how Steam's answer is put in words, and when a sent offer
// found afterwards is the one a lost answer created (docs/steam.md, unclear outcomes).
import { EResult, eresultName } from './enums.js';
import {
  SessionExpiredError,
  SteamBodyTooLargeError,
  SteamBusyError,
  SteamEResultError,
  SteamHttpError,
  SteamShapeError,
  SteamUnreachableError,
} from './errors.js';
import type { OfferAssetRef, SendOfferResult, TradeOffer } from './types.js';

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

export interface SendResult extends SendOfferResult {
  confirmed: boolean;
  confirmationProblem: string | null;
  /** Steam's unclear answer when the offer was found among the sent offers instead; null on a plain success. */
  unclearAnswer: string | null;
}

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

/** Steam Community items (753) were never trade-protected; anything else may be (docs/steam.md#trade-protection, ASF). */
export const STEAM_COMMUNITY_APPID = 753;

/**
 * EResults after which the action may have happened anyway (docs/steam.md#unclear-outcomes): 11 InvalidState and
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
