// Answers of the community trade actions, mobile confirmations, QueryTime and ISteamUser.
import { z } from 'zod';
import { steamBool, steamId, steamInt } from './primitives.js';

// ---- community trade actions (docs/steam.md#community-trade-actions) ----

export const sendOfferResponse = z.looseObject({
  tradeofferid: steamId.optional(),
  needs_mobile_confirmation: steamBool.optional(),
  needs_email_confirmation: steamBool.optional(),
  strError: z.string().optional(),
});

export const acceptOfferResponse = z.looseObject({
  tradeid: steamId.nullable().optional(),
  needs_mobile_confirmation: steamBool.optional(),
  needs_email_confirmation: steamBool.optional(),
  strError: z.string().optional(),
});

export const offerActionResponse = z.looseObject({
  tradeofferid: steamId.optional(),
  strError: z.string().optional(),
});

// ---- mobile confirmations (docs/steam.md#mobile-confirmations) ----

export const wireConfirmation = z.looseObject({
  type: steamInt,
  id: steamId,
  creator_id: steamId,
  nonce: steamId,
  creation_time: steamInt.optional(),
  headline: z.string().optional(),
  summary: z.array(z.string()).optional(),
});

export const confirmationListResponse = z.looseObject({
  success: z.boolean(),
  needauth: z.boolean().optional(),
  message: z.string().optional(),
  detail: z.string().optional(),
  conf: z.array(wireConfirmation).optional(),
});

export const confirmationOpResponse = z.looseObject({
  success: z.boolean(),
  needauth: z.boolean().optional(),
  message: z.string().optional(),
});

export const queryTimeResponse = z.looseObject({
  response: z.looseObject({ server_time: steamInt }),
});

// ---- ISteamUser ----

export const resolveVanityResponse = z.looseObject({
  response: z.looseObject({ success: steamInt, steamid: steamId.optional(), message: z.string().optional() }),
});

export const playerSummariesResponse = z.looseObject({
  response: z.looseObject({
    players: z.array(
      z.looseObject({
        steamid: steamId,
        personaname: z.string(),
        profileurl: z.string().optional(),
        avatarfull: z.string().optional(),
      }),
    ),
  }),
});
