import { describe, expect, it } from 'vitest';
import { formatHistory, tradeHistoryEntry } from '../../src/format/history.js';
import { inlineItems } from '../../src/format/items.js';
import { embedLength, historyAsset, trade } from './fixtures.js';

const T = Math.floor(new Date('2025-03-01T12:00:00Z').getTime() / 1000);

describe('inlineItems', () => {
  it('adds up equal names, most first then by name', () => {
    expect(
      inlineItems(
        [
          { label: 'Card', amount: 1 },
          { label: 'Key', amount: 1 },
          { label: 'Key', amount: 2 },
          { label: 'Badge', amount: 1 },
        ],
        300,
      ),
    ).toBe('3× Key, 1× Badge, 1× Card');
  });

  it('cuts at the limit and counts the kinds left out', () => {
    const items = ['Alpha', 'Bravo', 'Charlie', 'Delta'].map((label) => ({ label, amount: 1 }));
    // "1× Alpha, 1× Bravo" is 18; the tail ", …and 2 more kinds" needs 20 more.
    expect(inlineItems(items, 40)).toBe('1× Alpha, 1× Bravo, …and 2 more kinds');
    expect(inlineItems(items, 40).length).toBeLessThanOrEqual(40);
    expect(inlineItems(items, 10)).toBe('…and 4 more kinds');
  });

  it('escapes markdown in names', () => {
    expect(inlineItems([{ label: 'Strange *Rocket*', amount: 1 }], 100)).toBe('1× Strange \\*Rocket\\*');
  });
});

describe('tradeHistoryEntry', () => {
  it('shows time, partner, status and both sides with counts and names', () => {
    const entry = tradeHistoryEntry(
      trade({
        assetsGiven: [historyAsset('1', 'Mann Co. Supply Crate Key'), historyAsset('2', 'Mann Co. Supply Crate Key')],
        assetsReceived: [historyAsset('3', null, 5)],
      }),
      'Carol',
    );
    expect(entry).toBe(
      [
        `**<t:${T}:f>** · Carol (\`76561198000000002\`) · **Complete**`,
        'Gave 2: 2× Mann Co. Supply Crate Key',
        'Received 5: 5× Unknown item (app 440, class 200)',
      ].join('\n'),
    );
  });

  it('says "nothing" for an empty side, names unknown statuses and shows the escrow end', () => {
    const escrow = new Date('2025-03-09T12:00:00Z');
    expect(tradeHistoryEntry(trade({ status: 10, escrowEnds: escrow }))).toBe(
      [
        `**<t:${T}:f>** · \`76561198000000002\` · **In escrow** until <t:${escrow.getTime() / 1000}:f>`,
        'Gave nothing',
        'Received nothing',
      ].join('\n'),
    );
    expect(tradeHistoryEntry(trade({ status: 77 }))).toContain('**Unknown status 77**');
  });
});

describe('formatHistory', () => {
  it('says so when there are no trades', () => {
    expect(formatHistory({ trades: [], names: new Map(), page: 0, total: 0 })).toEqual({
      embed: {
        title: 'Trade history',
        color: 0x5865f2,
        description: 'The bot account has no completed trades.',
        footer: { text: 'no trades' },
      },
      page: 0,
      pageCount: 1,
    });
  });

  it('pages by five trades, newest first, with the total Steam reported', () => {
    const trades = Array.from({ length: 12 }, (_, i) =>
      trade({ tradeid: String(i), timeInit: new Date(Date.UTC(2025, 0, 1 + i)) }),
    );
    const first = formatHistory({ trades, names: new Map(), page: 0, total: 340 });
    expect(first.pageCount).toBe(3);
    expect(first.embed.footer).toEqual({ text: '12 most recent trades of 340 · page 1/3' });
    expect(first.embed.description!.split('\n\n')).toHaveLength(5);
    expect(first.embed.description!.startsWith(`**<t:${Date.UTC(2025, 0, 12) / 1000}:f>**`)).toBe(true);
    const last = formatHistory({ trades, names: new Map(), page: 2, total: 12 });
    expect(last.embed.footer).toEqual({ text: '12 most recent trades · page 3/3' });
    expect(last.embed.description!.split('\n\n')).toHaveLength(2);
  });

  it('stays within Discord embed limits with 100 trades full of long item names', () => {
    const assets = Array.from({ length: 40 }, (_, i) =>
      historyAsset(String(i), `${'Very long item name '.repeat(4)}${i}`),
    );
    const trades = Array.from({ length: 100 }, (_, i) =>
      trade({ tradeid: String(i), assetsGiven: assets, assetsReceived: assets }),
    );
    const names = new Map([['76561198000000002', 'N'.repeat(32)]]);
    const { pageCount } = formatHistory({ trades, names, page: 0, total: 5000 });
    expect(pageCount).toBe(20);
    for (let page = 0; page < pageCount; page += 1) {
      const { embed } = formatHistory({ trades, names, page, total: 5000 });
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
      expect(embed.description).toContain('…and ');
    }
  });
});
