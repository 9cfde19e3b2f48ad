import { describe, expect, it } from 'vitest';
import { summaryEmbed } from '../../src/format/summary.js';

describe('summaryEmbed', () => {
  it('shows every count of GetTradeOffersSummary, received and sent side by side', () => {
    const embed = summaryEmbed(
      {
        pendingReceivedCount: 3,
        newReceivedCount: 1,
        updatedReceivedCount: 2,
        historicalReceivedCount: 1234,
        pendingSentCount: 4,
        newlyAcceptedSentCount: 5,
        updatedSentCount: 6,
        historicalSentCount: 7,
        escrowReceivedCount: 8,
        escrowSentCount: 9,
      },
      24,
    );
    expect(embed).toEqual({
      title: 'Trade offers summary',
      color: 0x5865f2,
      description:
        "Counts from Steam's trade offers summary. “New”, “updated” and “newly accepted” cover the last 24 h.",
      fields: [
        {
          name: 'Received',
          value: 'Active: **3**\nNew (24 h): 1\nUpdated (24 h): 2\nIn escrow: 8\nHistorical: 1,234',
          inline: true,
        },
        {
          name: 'Sent',
          value: 'Active: **4**\nNewly accepted (24 h): 5\nUpdated (24 h): 6\nIn escrow: 9\nHistorical: 7',
          inline: true,
        },
      ],
    });
  });
});
