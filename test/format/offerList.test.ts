import { describe, expect, it } from 'vitest';
import { formatOfferList, offerListLine, partnerText, sortNewestFirst } from '../../src/format/offerList.js';
import { embedLength, offer, offerAsset } from './fixtures.js';

const T = Math.floor(new Date('2025-01-02T03:04:05Z').getTime() / 1000);

describe('offerListLine', () => {
  it('shows id, state, partner with name and SteamID64, and item counts of a received offer', () => {
    const line = offerListLine(
      offer({
        itemsToReceive: [offerAsset('1', 'Key'), offerAsset('2', 'Key'), offerAsset('3', 'Gems', 1000)],
        itemsToGive: [offerAsset('4', 'Card')],
      }),
      'Alice',
    );
    expect(line).toBe(
      `[#7412345678](https://steamcommunity.com/tradeoffer/7412345678/) · **Active** · from Alice (\`76561198000000001\`) · they give 1,002 · we give 1 · <t:${T}:R>`,
    );
  });

  it('says "to" for a sent offer and shows the bare SteamID64 without a name', () => {
    const line = offerListLine(offer({ isOurOffer: true, state: 9, itemsToGive: [offerAsset('4', 'Card')] }), null);
    expect(line).toBe(
      `[#7412345678](https://steamcommunity.com/tradeoffer/7412345678/) · **Needs confirmation** · to \`76561198000000001\` · they give 0 · we give 1 · <t:${T}:R>`,
    );
  });

  it('names unknown states by number', () => {
    expect(offerListLine(offer({ state: 42 }))).toContain('**Unknown state 42**');
  });

  it('leaves the time out when Steam sent none', () => {
    expect(offerListLine(offer({ created: new Date(0) }))).toBe(
      '[#7412345678](https://steamcommunity.com/tradeoffer/7412345678/) · **Active** · from `76561198000000001` · they give 0 · we give 0',
    );
  });
});

describe('partnerText', () => {
  it('escapes markdown and mentions in persona names and cuts long ones', () => {
    // Mentions never ping (allowed_mentions is empty everywhere); the text stays readable.
    expect(partnerText('76561198000000001', '*@everyone*')).toBe('\\*@everyone\\* (`76561198000000001`)');
    expect(partnerText('76561198000000001', '<@123>\u202e')).toBe('\\<@123> (`76561198000000001`)');
    expect(partnerText('76561198000000001', 'x'.repeat(40))).toBe(`${'x'.repeat(31)}… (\`76561198000000001\`)`);
  });
});

describe('sortNewestFirst', () => {
  it('orders by creation time, then by id, newest first', () => {
    const sorted = sortNewestFirst([
      offer({ id: '5', created: new Date(1000) }),
      offer({ id: '10', created: new Date(2000) }),
      offer({ id: '9', created: new Date(2000) }),
    ]);
    expect(sorted.map((o) => o.id)).toEqual(['10', '9', '5']);
  });
});

describe('formatOfferList', () => {
  const query = { direction: 'received' as const, activeOnly: true, historyDays: 14 };

  it('says so when there are no offers', () => {
    const result = formatOfferList({ query, offers: [], names: new Map(), page: 0 });
    expect(result).toEqual({
      embed: {
        title: 'Received trade offers — active',
        color: 0x5865f2,
        description: 'No active received offers.',
        footer: { text: 'newest first' },
      },
      page: 0,
      pageCount: 1,
    });
    expect(
      formatOfferList({
        query: { direction: 'all', activeOnly: false, historyDays: 14 },
        offers: [],
        names: new Map(),
        page: 0,
      }).embed,
    ).toMatchObject({
      title: 'Trade offers — active and changed in the last 14 days',
      description: 'No offers that are active or changed in the last 14 days.',
    });
  });

  it('pages 23 offers by ten, newest first, and clamps a page past the end', () => {
    const offers = Array.from({ length: 23 }, (_, i) =>
      offer({ id: String(1000 + i), created: new Date(Date.UTC(2025, 0, 1 + i)) }),
    );
    const first = formatOfferList({ query, offers, names: new Map([['76561198000000001', 'Bob']]), page: 0 });
    expect(first.pageCount).toBe(3);
    expect(first.embed.footer).toEqual({ text: '23 offers · newest first · page 1/3' });
    const firstLines = first.embed.description!.split('\n');
    expect(firstLines).toHaveLength(10);
    expect(firstLines[0]).toContain('[#1022]');
    expect(firstLines[0]).toContain('from Bob (`76561198000000001`)');
    const last = formatOfferList({ query, offers, names: new Map(), page: 7 });
    expect(last.page).toBe(2);
    expect(last.embed.footer).toEqual({ text: '23 offers · newest first · page 3/3' });
    expect(last.embed.description!.split('\n').map((l) => /#(\d+)/.exec(l)![1])).toEqual(['1002', '1001', '1000']);
  });

  it('notes offers Steam sent without a partner', () => {
    const result = formatOfferList({ query, offers: [offer()], names: new Map(), page: 0, broken: 2 });
    expect(result.embed.description).toMatch(/\n\n\*2 offers that Steam sent without a partner were left out\.\*$/);
    expect(result.embed.footer).toEqual({ text: '1 offer · newest first' });
  });

  it('stays within Discord embed limits with the longest names and ids', () => {
    const offers = Array.from({ length: 30 }, (_, i) =>
      offer({ id: String(18446744073709551615n - BigInt(i)), state: 10, isOurOffer: i % 2 === 0 }),
    );
    const names = new Map([['76561198000000001', '_*`~|>'.repeat(10)]]);
    for (let page = 0; page < 3; page += 1) {
      const { embed } = formatOfferList({
        query: { direction: 'all', activeOnly: false, historyDays: 14 },
        offers,
        names,
        page,
        broken: 3,
      });
      expect(embed.description!.length).toBeLessThanOrEqual(4096);
      expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    }
  });
});
