// Shapes of what the store keeps, checked on every read. The three records below carry a
// version (records.ts): an older one is migrated, one that cannot be read is reported.
import { z } from 'zod';
import type { RecordKind } from './records.js';

/** Version 1 had no `v`; version 2 is the same fields with it. */
const addVersion = (old: Record<string, unknown>) => old;

export const guildSettingsSchema = z.object({
  channelId: z.string().nullable(),
  allowedRoleIds: z.array(z.string()),
  allowedUserIds: z.array(z.string()),
});
export type GuildSettings = z.infer<typeof guildSettingsSchema>;

/** An item of an offer as its card named it; names come from the class cache. */
const postedAsset = z.object({
  appid: z.number().int(),
  contextid: z.string(),
  assetid: z.string(),
  classid: z.string(),
  instanceid: z.string(),
  amount: z.number().int(),
});
export type PostedAsset = z.infer<typeof postedAsset>;

/** The card of one offer in one server's feed channel (the same offer has a card in each server). */
export const postedOfferSchema = z.object({
  /** Steam's trade offer id. */
  offerId: z.string(),
  guildId: z.string(),
  channelId: z.string(),
  messageId: z.string(),
  lastState: z.number().int(),
  actedBy: z.object({ userId: z.string(), action: z.enum(['accept', 'decline', 'cancel']), at: z.number() }).nullable(),
  /**
   * The items the card named when it was posted. Steam's own list of a finished offer may come back
   * empty or short; the card keeps naming what it named. Absent on records from before this existed.
   */
  items: z.object({ give: z.array(postedAsset), receive: z.array(postedAsset) }).optional(),
});
export type PostedOffer = z.infer<typeof postedOfferSchema>;

export const pollBookmarksSchema = z.object({
  offersSince: z.number(),
  lastFullSweepAt: z.number(),
  lastSummary: z.record(z.string(), z.number()).nullable(),
  offerStates: z.record(z.string(), z.number().int()),
});
export type PollBookmarks = z.infer<typeof pollBookmarksSchema>;

export const guildSettingsRecord: RecordKind<GuildSettings> = {
  what: 'settings',
  version: 2,
  schema: guildSettingsSchema,
  migrations: { 1: addVersion },
};

/**
 * Version 2 kept the record's own key, "guildId:offerId", in `offerId`, and a `direction` and
 * `postedAt` nothing read; version 3 keeps Steam's offer id there and drops the two.
 */
function postedOfferV3({ direction: _direction, postedAt: _postedAt, ...old }: Record<string, unknown>) {
  const { offerId, guildId } = old;
  const prefix = `${String(guildId)}:`;
  if (typeof offerId === 'string' && offerId.startsWith(prefix))
    return { ...old, offerId: offerId.slice(prefix.length) };
  return old;
}

export const postedOfferRecord: RecordKind<PostedOffer> = {
  what: 'offer card record',
  version: 3,
  schema: postedOfferSchema,
  migrations: { 1: addVersion, 2: postedOfferV3 },
};

export const pollBookmarksRecord: RecordKind<PollBookmarks> = {
  what: 'offer feed bookmarks',
  version: 2,
  schema: pollBookmarksSchema,
  migrations: { 1: addVersion },
};
