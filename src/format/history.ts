// /offers history: recent completed trades (GetTradeHistory), newest first, paged.
import type { APIEmbed } from 'discord.js';
import { ETradeStatus, tradeStatusName } from '../steam/enums.js';
import type { Trade, TradeHistoryAsset } from '../steam/types.js';
import { COLORS } from './colors.js';
import { inlineItems, itemLabel, totalAmount } from './items.js';
import { partnerText } from './offerList.js';
import { clampPage, paginate } from './paging.js';

/** Five trades a page: each takes up to three lines with item names. */
export const TRADES_PER_PAGE = 5;
const DESCRIPTION_LIMIT = 4096;
/** Room for the item names of one side of one trade. */
const ITEMS_LIMIT = 300;

function side(verb: 'Gave' | 'Received', assets: readonly TradeHistoryAsset[]): string {
  if (assets.length === 0) return `${verb} nothing`;
  const items = assets.map((asset) => ({ label: itemLabel(asset), amount: asset.amount }));
  return `${verb} ${totalAmount(assets).toLocaleString('en-US')}: ${inlineItems(items, ITEMS_LIMIT)}`;
}

function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

/**
 * **<t:…:f>** · Alice (`7656…`) · **Complete**
 * Gave 2: 1× Key, 1× Card
 * Received nothing
 */
export function tradeHistoryEntry(trade: Trade, partnerName?: string | null): string {
  let head = `**<t:${unix(trade.timeInit)}:f>** · ${partnerText(trade.partner, partnerName)} · **${tradeStatusName(trade.status)}**`;
  if (trade.escrowEnds && trade.status === ETradeStatus.InEscrow) {
    head += ` until <t:${unix(trade.escrowEnds)}:f>`;
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
}): HistoryPage {
  const sorted = [...input.trades].sort((a, b) => b.timeInit.getTime() - a.timeInit.getTime());
  const entries = sorted.map((trade) => tradeHistoryEntry(trade, input.names.get(trade.partner)));
  const pages = paginate(entries, { maxChars: DESCRIPTION_LIMIT, maxPerPage: TRADES_PER_PAGE, separator: '\n\n' });
  const page = clampPage(input.page, pages.length);
  const shown = sorted.length;
  const parts = [
    shown === 0
      ? 'no trades'
      : `${shown} most recent trade${shown === 1 ? '' : 's'}${input.total !== null && input.total > shown ? ` of ${input.total.toLocaleString('en-US')}` : ''}`,
  ];
  if (pages.length > 1) parts.push(`page ${page + 1}/${pages.length}`);
  return {
    embed: {
      title: 'Trade history',
      color: COLORS.neutral,
      description: shown === 0 ? 'The bot account has no completed trades.' : pages[page]!.join('\n\n'),
      footer: { text: parts.join(' · ') },
    },
    page,
    pageCount: pages.length,
  };
}
