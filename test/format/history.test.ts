import { describe, expect, it } from 'vitest';
import { formatHistory, tradeHistoryEntry } from '../../src/format/history.js';
import { inlineItems } from '../../src/format/items.js';
import { embedLength, historyAsset, trade } from './fixtures.js';

const T = Math.floor(new Date('2025-03-01T12:00:00Z').getTime() / 1000);
const NOW = new Date('2025-03-02T12:00:00Z');

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
      { now: NOW },
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
    expect(tradeHistoryEntry(trade({ status: 10, escrowEnds: escrow }), null, { now: NOW })).toBe(
      [
        `**<t:${T}:f>** · \`76561198000000002\` · **In escrow** until <t:${escrow.getTime() / 1000}:f>`,
        'Gave nothing',
        'Received nothing',
      ].join('\n'),
    );
    expect(tradeHistoryEntry(trade({ status: 77 }), null, { now: NOW })).toContain('**Unknown status 77**');
  });
});

describe('formatHistory', () => {
  it('says so when there are no trades', () => {
    expect(formatHistory({ trades: [], names: new Map(), page: 0, total: 0, unreadable: 0, now: NOW })).toEqual({
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
    const first = formatHistory({ trades, names: new Map(), page: 0, total: 340, unreadable: 0, now: NOW });
    expect(first.pageCount).toBe(3);
    expect(first.embed.footer).toEqual({ text: '12 most recent trades of 340 · page 1/3' });
    expect(first.embed.description!.split('\n\n')).toHaveLength(5);
    expect(first.embed.description!.startsWith(`**<t:${Date.UTC(2025, 0, 12) / 1000}:f>**`)).toBe(true);
    const last = formatHistory({ trades, names: new Map(), page: 2, total: 12, unreadable: 0, now: NOW });
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
    const { pageCount } = formatHistory({ trades, names, page: 0, total: 5000, unreadable: 0, now: NOW });
    expect(pageCount).toBe(20);
    for (let page = 0; page < pageCount; page += 1) {
      const { embed } = formatHistory({ trades, names, page, total: 5000, unreadable: 0, now: NOW });
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
      expect(embed.description).toContain('…and ');
    }
  });
});

// Trade protection as real 2026 history rows show it (dmarket/p2p-tracker-core's captured
// steam_trade_history.json): the undone trade moves to status 12 with time_mod, and Steam adds a status-3
// row whose rollback_trade names it, with the assets on the same sides as in the undone trade.
describe('trade protection in the history', () => {
  const key = historyAsset('51978272357', 'Mann Co. Supply Crate Key');
  const undone = trade({
    tradeid: '731422815690175777',
    status: 12,
    timeInit: new Date('2025-03-01T12:00:00Z'),
    modified: new Date('2025-03-01T12:02:42Z'),
    assetsGiven: [key],
  });
  const reversal = trade({
    tradeid: '594063027056175076',
    status: 3,
    timeInit: new Date('2025-03-01T12:02:42Z'),
    reverses: '731422815690175777',
    assetsGiven: [key],
  });
  const at = (iso: string) => `<t:${new Date(iso).getTime() / 1000}:f>`;

  it('a completed trade still inside its protection window says until when it can be reversed', () => {
    const settling = trade({ settlement: new Date('2025-03-08T10:00:00Z') });
    expect(tradeHistoryEntry(settling, 'Carol', { now: NOW }).split('\n')[0]).toBe(
      `**<t:${T}:f>** · Carol (\`76561198000000002\`) · **Complete** · reversible until ${at('2025-03-08T10:00:00Z')}`,
    );
    // Once the window has passed, the trade is final and says nothing more.
    expect(tradeHistoryEntry(settling, 'Carol', { now: new Date('2025-03-08T10:00:00Z') }).split('\n')[0]).toBe(
      `**<t:${T}:f>** · Carol (\`76561198000000002\`) · **Complete**`,
    );
  });

  it('the undone trade reads as reversed, with when; its sides stay what the trade was', () => {
    expect(tradeHistoryEntry(undone, null, { now: NOW })).toBe(
      [
        `**<t:${T}:f>** · \`76561198000000002\` · **Reversed by trade protection** ${at('2025-03-01T12:02:42Z')}`,
        'Gave 1: 1× Mann Co. Supply Crate Key',
        'Received nothing',
      ].join('\n'),
    );
    // Without time_mod, no time is made up.
    expect(tradeHistoryEntry({ ...undone, modified: null }, null, { now: NOW }).split('\n')[0]).toBe(
      `**<t:${T}:f>** · \`76561198000000002\` · **Reversed by trade protection**`,
    );
  });

  it('the row Steam adds is a reversal, never a completed trade: what came back and what went back', () => {
    const entry = tradeHistoryEntry(reversal, 'Carol', { now: NOW, byId: new Map([[undone.tradeid, undone]]) });
    expect(entry).toBe(
      [
        `**${at('2025-03-01T12:02:42Z')}** · Carol (\`76561198000000002\`) · **Reversal** of the trade of <t:${T}:f> (trade protection)`,
        'Got back 1: 1× Mann Co. Supply Crate Key',
        'Gave back nothing',
      ].join('\n'),
    );
    expect(entry).not.toContain('Complete');
    // The undone trade is not among those shown: named by its id.
    expect(tradeHistoryEntry(reversal, 'Carol', { now: NOW }).split('\n')[0]).toBe(
      `**${at('2025-03-01T12:02:42Z')}** · Carol (\`76561198000000002\`) · **Reversal** of trade \`731422815690175777\` (trade protection)`,
    );
  });

  it('formatHistory pairs a reversal with the trade it undoes when both are shown', () => {
    const { embed } = formatHistory({
      trades: [undone, reversal],
      names: new Map(),
      page: 0,
      total: 2,
      unreadable: 0,
      now: NOW,
    });
    const [first, second] = embed.description!.split('\n\n');
    expect(first).toContain(`**Reversal** of the trade of <t:${T}:f>`);
    expect(second).toContain('**Reversed by trade protection**');
  });

  it('an item Steam sent without classid is named by its app and asset id', () => {
    const bare = { ...historyAsset('50520000968', null), appid: 730, classid: null };
    expect(tradeHistoryEntry(trade({ assetsGiven: [bare] }), null, { now: NOW })).toContain(
      'Gave 1: 1× Unknown item (app 730, asset 50520000968)',
    );
  });
});

describe('rows Steam sent that could not be read', () => {
  it('are counted in a note above the trades that could', () => {
    const { embed } = formatHistory({
      trades: [trade()],
      names: new Map(),
      page: 0,
      total: 3,
      unreadable: 2,
      now: NOW,
    });
    expect(embed.description!.split('\n\n')[0]).toBe(
      '⚠ 2 trades in Steam’s answer could not be read and are not shown.',
    );
    expect(embed.description).toContain('**Complete**');
    expect(embed.footer).toEqual({ text: '1 most recent trade of 3' });
  });

  it('when no row could be read, the note stands alone: never "no completed trades"', () => {
    const { embed } = formatHistory({ trades: [], names: new Map(), page: 0, total: 1, unreadable: 1, now: NOW });
    expect(embed.description).toBe('⚠ 1 trade in Steam’s answer could not be read and is not shown.');
  });

  it('the note counts against the description limit on every page', () => {
    const assets = Array.from({ length: 40 }, (_, i) =>
      historyAsset(String(i), `${'Very long item name '.repeat(4)}${i}`),
    );
    const trades = Array.from({ length: 100 }, (_, i) =>
      trade({ tradeid: String(i), assetsGiven: assets, assetsReceived: assets }),
    );
    const first = formatHistory({ trades, names: new Map(), page: 0, total: 150, unreadable: 50, now: NOW });
    for (let page = 0; page < first.pageCount; page += 1) {
      const { embed } = formatHistory({ trades, names: new Map(), page, total: 150, unreadable: 50, now: NOW });
      expect(embed.description!.startsWith('⚠ 50 trades')).toBe(true);
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
    }
  });
});
