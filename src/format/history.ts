// /offers history: recent completed trades (GetTradeHistory), newest first, paged.
import type { APIEmbed } from 'discord.js';
import { ETradeStatus, tradeStatusName } from '../steam/enums.js';
import type { Trade, TradeHistoryAsset } from '../steam/types.js';
import { COLORS } from './colors.js';
import { inlineItems, itemLabel, totalAmount } from './items.js';
import { EMBED_LIMITS } from './limits.js';
import { partnerText } from './offerList.js';
import { clampPage, paginate } from './paging.js';
import { plural, thousands } from './text.js';

/** Five trades a page: each takes up to three lines with item names. */
export const TRADES_PER_PAGE = 5;
/** Room for the item names of one side of one trade. */
const ITEMS_LIMIT = 300;

type SideVerb = 'Gave' | 'Received' | 'Got back' | 'Gave back';

function side(verb: SideVerb, assets: readonly TradeHistoryAsset[]): string {
  if (assets.length === 0) return `${verb} nothing`;
  const items = assets.map((asset) => ({
    // Real history rows may carry no classid (nothing to name the item by): the asset id at least.
    label:
      asset.classid === null && !asset.description
        ? `Unknown item (app ${asset.appid}, asset ${asset.assetid})`
        : itemLabel({ ...asset, classid: asset.classid ?? '?' }),
    amount: asset.amount,
  }));
  return `${verb} ${thousands(totalAmount(assets))}: ${inlineItems(items, ITEMS_LIMIT)}`;
}

function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

const stamp = (date: Date) => `<t:${unix(date)}:f>`;

export interface HistoryEntryContext {
  now: Date;
  /** The trades shown with this one, by tradeid: a reversal names the trade it undoes by its time. */
  byId?: ReadonlyMap<string, Trade>;
}

/**
 * **<t:…:f>** · Alice (`7656…`) · **Complete** · reversible until <t:…:f>
 * Gave 2: 1× Key, 1× Card
 * Received nothing
 *
 * Trade protection (docs/steam.md#trade-history): the trade it reverses moves to status 12, and Steam adds a row of status 3 with
 * rollback_trade naming it, its assets on the same sides as in the undone trade. Read as an ordinary
 * completed trade, that row would say the opposite of what happened, so it is shown as the reversal it is.
 */
export function tradeHistoryEntry(
  trade: Trade,
  partnerName: string | null | undefined,
  ctx: HistoryEntryContext,
): string {
  const who = partnerText(trade.partner, partnerName);
  const when = `**${stamp(trade.timeInit)}**`;
  if (trade.reverses !== null) {
    const undone = ctx.byId?.get(trade.reverses);
    const what = undone ? `the trade of ${stamp(undone.timeInit)}` : `trade \`${trade.reverses}\``;
    return [
      `${when} · ${who} · **Reversal** of ${what} (trade protection)`,
      side('Got back', trade.assetsGiven),
      side('Gave back', trade.assetsReceived),
    ].join('\n');
  }
  let head: string;
  if (trade.status === ETradeStatus.TradeProtectionRollback) {
    head = `${when} · ${who} · **Reversed by trade protection**${trade.modified ? ` ${stamp(trade.modified)}` : ''}`;
  } else {
    head = `${when} · ${who} · **${tradeStatusName(trade.status)}**`;
    if (trade.escrowEnds && trade.status === ETradeStatus.InEscrow) head += ` until ${stamp(trade.escrowEnds)}`;
    if (trade.settlement && trade.settlement.getTime() > ctx.now.getTime()) {
      head += ` · reversible until ${stamp(trade.settlement)}`;
    }
  }
  return [head, side('Gave', trade.assetsGiven), side('Received', trade.assetsReceived)].join('\n');
}

export interface HistoryPage {
  embed: APIEmbed;
  page: number;
  pageCount: number;
}

export function formatHistory(input: {
  trades: readonly Trade[];
  names: ReadonlyMap<string, string>;
  page: number;
  /** total_trades as Steam reported it, when it did. */
  total: number | null;
  /** Rows of Steam's answer that could not be read (left out). */
  unreadable: number;
  now: Date;
}): HistoryPage {
  const sorted = [...input.trades].sort((a, b) => b.timeInit.getTime() - a.timeInit.getTime());
  const byId = new Map(sorted.map((trade) => [trade.tradeid, trade]));
  const entries = sorted.map((trade) =>
    tradeHistoryEntry(trade, input.names.get(trade.partner), { now: input.now, byId }),
  );
  const note =
    input.unreadable > 0
      ? `⚠ ${plural(input.unreadable, 'trade')} in Steam’s answer could not be read and ${input.unreadable === 1 ? 'is' : 'are'} not shown.`
      : null;
  const room = EMBED_LIMITS.description - (note ? note.length + 2 : 0);
  const pages = paginate(entries, { maxChars: room, maxPerPage: TRADES_PER_PAGE, separator: '\n\n' });
  const page = clampPage(input.page, pages.length);
  const shown = sorted.length;
  const parts = [
    shown === 0
      ? 'no trades'
      : `${plural(shown, 'most recent trade')}${input.total !== null && input.total > shown ? ` of ${thousands(input.total)}` : ''}`,
  ];
  if (pages.length > 1) parts.push(`page ${page + 1}/${pages.length}`);
  const body = shown === 0 ? (note ? null : 'The bot account has no completed trades.') : pages[page]!.join('\n\n');
  return {
    embed: {
      title: 'Trade history',
      color: COLORS.neutral,
      description: [note, body].filter((part) => part !== null).join('\n\n'),
      footer: { text: parts.join(' · ') },
    },
    page,
    pageCount: pages.length,
  };
}
