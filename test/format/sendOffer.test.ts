import { describe, expect, it } from 'vitest';
import { lookupProgressText, sendingText, sentOfferText } from '../../src/format/sendOffer.js';
import type { InventoryContext } from '../../src/steam/types.js';
import { econItem } from './fixtures.js';

const context: InventoryContext = {
  appid: 753,
  appName: 'Steam',
  contextid: '6',
  contextName: 'Community',
  assetCount: 5400,
  tradePermissions: 'FULL',
};

describe('lookupProgressText', () => {
  it('says what is being read, then how far a context has loaded', () => {
    const base = { option: 'give' as const, whose: 'the bot’s inventory', wanted: 3, found: 0 };
    expect(lookupProgressText({ ...base, context: null, progress: null })).toBe(
      '⏳ Looking for the 3 items of `give` in the bot’s inventory: reading its list of games…',
    );
    expect(lookupProgressText({ ...base, found: 1, context, progress: null })).toBe(
      '⏳ Looking for the 3 items of `give` in the bot’s inventory: loading Steam 753/6… found 1 of 3 so far.',
    );
    expect(
      lookupProgressText({
        ...base,
        wanted: 1,
        context,
        progress: { pagesLoaded: 1, itemsLoaded: 2000, totalPages: 3, totalItems: 5400 },
      }),
    ).toBe(
      '⏳ Looking for the 1 item of `give` in the bot’s inventory: loading Steam 753/6 (2,000 of 5,400 items loaded)… found 0 of 1 so far.',
    );
  });
});

describe('sendingText', () => {
  it('counts both sides', () => {
    expect(sendingText(2, 0)).toBe('⏳ All items found. Sending the offer (we give 2, we receive 0)…');
  });
});

describe('sentOfferText', () => {
  const base = {
    offerId: '7412345678',
    partner: '76561198000000001',
    partnerName: 'Alice',
    give: [econItem('1', 'Gems', { amount: 1000 }), econItem('2', 'Card')],
    receive: [],
    needsMobileConfirmation: false,
    needsEmailConfirmation: false,
    confirmed: false,
  };

  it('gives the new offer id and both sides', () => {
    expect(sentOfferText(base)).toBe(
      [
        '✅ Sent trade offer [#7412345678](https://steamcommunity.com/tradeoffer/7412345678/) to Alice (`76561198000000001`).',
        '**We give:** 1,001 — 1,000× Gems, 1× Card',
        '**We receive:** nothing',
        'No confirmation needed; the partner can see it now.',
      ].join('\n'),
    );
  });

  it('says when the offer awaits mobile confirmation, email confirmation, or was confirmed', () => {
    expect(
      sentOfferText({ ...base, needsMobileConfirmation: true })
        .split('\n')
        .at(-1),
    ).toBe(
      '📱 **Awaits mobile confirmation**: confirm it in the Steam mobile app of the bot account before the partner can see it.',
    );
    expect(
      sentOfferText({ ...base, needsEmailConfirmation: true })
        .split('\n')
        .at(-1),
    ).toBe('✉️ **Awaits email confirmation**: confirm it from the bot account’s email before the partner can see it.');
    expect(
      sentOfferText({ ...base, confirmed: true })
        .split('\n')
        .at(-1),
    ).toBe('📱 Confirmed on mobile automatically by tradedesk; the partner can see it now.');
  });

  it('stays below 2,000 characters with many long item names', () => {
    const many = Array.from({ length: 200 }, (_, i) => econItem(String(i), `${'Long name '.repeat(10)}${i}`));
    const text = sentOfferText({ ...base, partnerName: 'x'.repeat(32), give: many, receive: many });
    expect(text.length).toBeLessThan(2000);
    expect(text).toContain('more kinds');
  });
});
