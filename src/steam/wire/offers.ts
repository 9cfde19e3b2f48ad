// IEconService trade offers and their summary as Steam sends them, each offer checked on its own
// so one bad offer costs only itself, and mapped into the domain types of types.ts.
import { z } from 'zod';
import type { EconDescription, TradeOffer, TradeOfferAsset, TradeOffersSummary } from '../types.js';
import { accountIdToSteamId64 } from '../ids.js';
import {
  steamBool,
  steamId,
  steamInt,
  steamUint32,
  steamEnum,
  steamTime,
  INVALID_TIME,
  unreadableRow,
} from './primitives.js';
import { descriptionKey, econDescription } from './items.js';

const offerTime = steamTime.optional().catch(INVALID_TIME);

// ---- IEconService (docs/steam.md#trade-offers) ----

const wireOfferAsset = z.looseObject({
  appid: steamUint32,
  contextid: steamId,
  assetid: steamId.optional(),
  currencyid: steamId.optional(),
  classid: steamId,
  instanceid: steamId.optional(),
  amount: steamUint32.optional(),
  missing: steamBool.optional(),
});

/**
 * Only what identifies the offer must be right for it to be read at all. Items are read one by one
 * (toTradeOffer), and a time Steam sent out of range becomes INVALID_TIME instead of failing the offer:
 * one bad field must not hide an offer, and one bad offer must not hide the others (docs/steam.md#broken-offers).
 */
export const wireTradeOffer = z.looseObject({
  tradeofferid: steamId.refine((id) => id !== '0', 'offer id 0'),
  accountid_other: steamUint32.optional(),
  message: z.string().optional().catch(undefined),
  expiration_time: offerTime,
  trade_offer_state: steamEnum,
  items_to_give: z.array(z.unknown()).optional(),
  items_to_receive: z.array(z.unknown()).optional(),
  is_our_offer: steamBool.optional(),
  time_created: offerTime,
  time_updated: offerTime,
  tradeid: steamId.optional().catch(undefined),
  from_real_time_trade: steamBool.optional().catch(undefined),
  escrow_end_date: offerTime,
  confirmation_method: steamEnum.optional().catch(undefined),
});
export type WireTradeOffer = z.infer<typeof wireTradeOffer>;

// Offers are checked one by one (readTradeOffer), so one bad offer costs only itself.
export const getTradeOffersResponse = z.looseObject({
  response: z.looseObject({
    trade_offers_sent: z.array(z.unknown()).optional(),
    trade_offers_received: z.array(z.unknown()).optional(),
    descriptions: z.array(econDescription).optional(),
    next_cursor: steamInt.optional(),
  }),
});

export const getTradeOfferResponse = z.looseObject({
  response: z.looseObject({
    offer: z.unknown().optional(),
    descriptions: z.array(econDescription).optional(),
  }),
});

const count = steamInt.optional().transform((v) => v ?? 0);
export const tradeOffersSummaryResponse = z.looseObject({
  response: z.looseObject({
    pending_received_count: count,
    new_received_count: count,
    updated_received_count: count,
    historical_received_count: count,
    pending_sent_count: count,
    newly_accepted_sent_count: count,
    updated_sent_count: count,
    historical_sent_count: count,
    escrow_received_count: count,
    escrow_sent_count: count,
  }),
});

export function toSummary(r: z.infer<typeof tradeOffersSummaryResponse>['response']): TradeOffersSummary {
  return {
    pendingReceivedCount: r.pending_received_count,
    newReceivedCount: r.new_received_count,
    updatedReceivedCount: r.updated_received_count,
    historicalReceivedCount: r.historical_received_count,
    pendingSentCount: r.pending_sent_count,
    newlyAcceptedSentCount: r.newly_accepted_sent_count,
    updatedSentCount: r.updated_sent_count,
    historicalSentCount: r.historical_sent_count,
    escrowReceivedCount: r.escrow_received_count,
    escrowSentCount: r.escrow_sent_count,
  };
}

function toOfferAsset(raw: unknown, descriptions: Map<string, EconDescription>): TradeOfferAsset | null {
  const parsed = wireOfferAsset.safeParse(raw);
  if (!parsed.success) return null;
  const a = parsed.data;
  const assetid = a.assetid ?? a.currencyid;
  // Steam sometimes returns items without ids (docs/steam.md#broken-offers): drop them, like tradeoffer-manager.
  if (assetid === undefined) return null;
  const instanceid = a.instanceid ?? '0';
  return {
    appid: a.appid,
    contextid: a.contextid,
    assetid,
    classid: a.classid,
    instanceid,
    amount: a.amount ?? 1,
    missing: a.missing ?? false,
    description: descriptions.get(descriptionKey(a.classid, instanceid)) ?? null,
  };
}

export interface ReadOffer {
  /** Null when the offer cannot be read at all (no id, no partner, no state). */
  offer: TradeOffer | null;
  /** The offer id when it could be read, for the log. */
  id: string | null;
  /** What was wrong, for the log: fields left out, items dropped. */
  problems: string[];
}

/** One offer of a GetTradeOffers / GetTradeOffer answer, checked on its own. */
export function readTradeOffer(raw: unknown, descriptions: Map<string, EconDescription>): ReadOffer {
  const parsed = wireTradeOffer.safeParse(raw);
  if (!parsed.success) return { offer: null, ...unreadableRow(raw, 'tradeofferid', parsed.error, '(offer)', 3) };
  const o = parsed.data;
  const problems: string[] = [];
  const time = (field: string, value: number | undefined): number | undefined => {
    if (value !== INVALID_TIME) return value;
    problems.push(`${field} is not a Steam time; left out`);
    return undefined;
  };
  const created = time('time_created', o.time_created);
  const updated = time('time_updated', o.time_updated);
  const expires = time('expiration_time', o.expiration_time);
  const escrowEnds = time('escrow_end_date', o.escrow_end_date);
  let dropped = 0;
  const mapItems = (items: unknown[] | undefined) =>
    (items ?? []).flatMap((item) => {
      const asset = toOfferAsset(item, descriptions);
      if (!asset) dropped += 1;
      return asset ?? [];
    });
  const itemsToGive = mapItems(o.items_to_give);
  const itemsToReceive = mapItems(o.items_to_receive);
  if (dropped > 0) problems.push(`${dropped} item${dropped === 1 ? '' : 's'} without readable ids left out`);
  if (o.accountid_other === undefined || o.accountid_other <= 0) {
    return { offer: null, id: o.tradeofferid, problems: ['no partner (accountid_other)', ...problems] };
  }
  const seconds = (s: number | undefined) => new Date((s ?? 0) * 1000);
  const offer: TradeOffer = {
    id: o.tradeofferid,
    partner: accountIdToSteamId64(o.accountid_other),
    message: o.message ?? '',
    state: o.trade_offer_state,
    itemsToGive,
    itemsToReceive,
    isOurOffer: o.is_our_offer ?? false,
    created: seconds(created),
    updated: seconds(updated ?? created),
    expires: seconds(expires),
    tradeid: o.tradeid && o.tradeid !== '0' ? o.tradeid : null,
    fromRealTimeTrade: o.from_real_time_trade ?? false,
    confirmationMethod: o.confirmation_method ?? 0,
    escrowEnds: escrowEnds ? seconds(escrowEnds) : null,
    ...(dropped > 0 ? { unreadableItems: dropped } : {}),
  };
  return { offer, id: o.tradeofferid, problems };
}

/** Null when the offer is too broken to show (no partner, no id). */
export function toTradeOffer(raw: unknown, descriptions: Map<string, EconDescription>): TradeOffer | null {
  return readTradeOffer(raw, descriptions).offer;
}
