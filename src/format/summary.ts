// /offers summary: the counts of IEconService/GetTradeOffersSummary (docs/steam.md#offers-summary).
import type { APIEmbed } from 'discord.js';
import type { TradeOffersSummary } from '../steam/types.js';
import { COLORS } from './colors.js';
import { thousands } from './text.js';

function n(value: number): string {
  return thousands(value);
}

/**
 * `sinceHours`: the time_last_visit the counts were asked for, in hours before now. The new,
 * updated and newly accepted counts are relative to it; the others are not.
 */
export function summaryEmbed(summary: TradeOffersSummary, sinceHours: number): APIEmbed {
  const since = `${sinceHours} h`;
  return {
    title: 'Trade offers summary',
    color: COLORS.neutral,
    description: `Counts from Steam's trade offers summary. “New”, “updated” and “newly accepted” cover the last ${since}.`,
    fields: [
      {
        name: 'Received',
        value: [
          `Active: **${n(summary.pendingReceivedCount)}**`,
          `New (${since}): ${n(summary.newReceivedCount)}`,
          `Updated (${since}): ${n(summary.updatedReceivedCount)}`,
          `In escrow: ${n(summary.escrowReceivedCount)}`,
          `Historical: ${n(summary.historicalReceivedCount)}`,
        ].join('\n'),
        inline: true,
      },
      {
        name: 'Sent',
        value: [
          `Active: **${n(summary.pendingSentCount)}**`,
          `Newly accepted (${since}): ${n(summary.newlyAcceptedSentCount)}`,
          `Updated (${since}): ${n(summary.updatedSentCount)}`,
          `In escrow: ${n(summary.escrowSentCount)}`,
          `Historical: ${n(summary.historicalSentCount)}`,
        ].join('\n'),
        inline: true,
      },
    ],
  };
}
