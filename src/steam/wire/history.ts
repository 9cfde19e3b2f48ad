// IEconService/GetTradeHistory and GetTradeHoldDurations as Steam sends them.
import { z } from 'zod';
import type { EconDescription, TradeHistoryAsset, Trade } from '../types.js';
import { steamBool, steamId, steamInt, steamUint32, steamEnum, steamTime, unreadableRow } from './primitives.js';
import { descriptionKey, readDescription } from './items.js';

// GetTradeHistory (docs/steam.md#trade-history). Each trade row is checked on its own (readTrade), so one bad row costs only itself.
// Real 2026 rows carry assets with only appid, contextid and assetid (dmarket/p2p-tracker-core's captured
// steam_trade_history.json), so everything else is optional.
const wireTradeAsset = z.looseObject({
  appid: steamUint32,
  contextid: steamId,
  assetid: steamId,
  amount: steamInt.pipe(z.number().int().nonnegative()).optional(),
  classid: steamId.optional(),
  instanceid: steamId.optional(),
  new_assetid: steamId.optional(),
  new_contextid: steamId.optional(),
  rollback_new_assetid: steamId.optional(),
  rollback_new_contextid: steamId.optional(),
});

/** "0" (and "") mean "none" for ids and times alike. */
const noneIfZero = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === 0 || v === '0' || v === '' ? undefined : v), schema.optional());

const wireTrade = z.looseObject({
  tradeid: steamId,
  steamid_other: steamId,
  time_init: steamTime,
  time_escrow_end: noneIfZero(steamTime),
  time_settlement: noneIfZero(steamTime),
  time_mod: noneIfZero(steamTime),
  status: steamEnum,
  rollback_trade: noneIfZero(steamId),
  assets_given: z.array(wireTradeAsset).optional(),
  assets_received: z.array(wireTradeAsset).optional(),
});

export const tradeHistoryResponse = z.looseObject({
  response: z.looseObject({
    trades: z.array(z.unknown()).optional(),
    more: steamBool.optional(),
    total_trades: steamInt.optional(),
    // A description that cannot be read leaves its items unnamed, not the page unread.
    descriptions: z
      .array(z.unknown())
      .optional()
      .transform((list) =>
        (list ?? []).flatMap((raw) => {
          const read = readDescription(raw);
          return typeof read === 'string' ? [] : [read];
        }),
      ),
  }),
});

export interface ReadTrade {
  trade: Trade | null;
  /** The row's tradeid when it could be read, for the log. */
  id: string | null;
  problems: string[];
}

/** One GetTradeHistory row; null with the reasons when it cannot be read. */
export function readTrade(raw: unknown, descriptions: Map<string, EconDescription>): ReadTrade {
  const parsed = wireTrade.safeParse(raw);
  if (!parsed.success) return { trade: null, ...unreadableRow(raw, 'tradeid', parsed.error, 'trade') };
  const t = parsed.data;
  const date = (s: number | undefined) => (s === undefined ? null : new Date(s * 1000));
  const mapAsset = (a: z.infer<typeof wireTradeAsset>): TradeHistoryAsset => ({
    appid: a.appid,
    contextid: a.contextid,
    assetid: a.assetid,
    amount: a.amount ?? 1,
    classid: a.classid ?? null,
    instanceid: a.instanceid ?? '0',
    newAssetid: a.new_assetid ?? null,
    newContextid: a.new_contextid ?? null,
    rollbackNewAssetid: a.rollback_new_assetid ?? null,
    rollbackNewContextid: a.rollback_new_contextid ?? null,
    description: a.classid === undefined ? null : (descriptions.get(descriptionKey(a.classid, a.instanceid)) ?? null),
  });
  return {
    trade: {
      tradeid: t.tradeid,
      partner: t.steamid_other,
      timeInit: new Date(t.time_init * 1000),
      status: t.status,
      escrowEnds: date(t.time_escrow_end),
      settlement: date(t.time_settlement),
      modified: date(t.time_mod),
      reverses: t.rollback_trade ?? null,
      assetsGiven: (t.assets_given ?? []).map(mapAsset),
      assetsReceived: (t.assets_received ?? []).map(mapAsset),
    },
    id: t.tradeid,
    problems: [],
  };
}

// Missing stays undefined: an empty response means Steam would not say (docs/steam.md#trade-hold-durations), not "no hold".
const escrowDuration = z
  .looseObject({ escrow_end_duration_seconds: steamInt.optional() })
  .optional()
  .transform((v) => (v === undefined ? undefined : (v.escrow_end_duration_seconds ?? 0)));

export const tradeHoldDurationsResponse = z.looseObject({
  response: z.looseObject({ my_escrow: escrowDuration, their_escrow: escrowDuration, both_escrow: escrowDuration }),
});
