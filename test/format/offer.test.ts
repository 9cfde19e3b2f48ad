// The offer card as a pure function of the offer: every state, the buttons, holds, escaping,
// who acted, and Discord's limits with a very large offer.
import { describe, expect, it } from 'vitest';
import {
  actionDoneText,
  escapeMarkdown,
  itemLines,
  offerButtons,
  offerEmbed,
  offerButtonId,
  sentOfferAlert,
} from '../../src/format/offer.js';
import { description, embedLength, offer, offerAsset } from './fixtures.js';

const field = (embed: ReturnType<typeof offerEmbed>, name: string) =>
  embed.fields?.find((f) => f.name.startsWith(name))?.value;
const buttonIds = (o: Parameters<typeof offerButtons>[0]) =>
  offerButtons(o).flatMap((row) => row.components.map((c) => ('custom_id' in c ? c.custom_id : '')));

describe('offerEmbed', () => {
  const active = offer({
    message: 'keys for **your** cards @here',
    itemsToReceive: [offerAsset('1', 'Mann Co. Supply Crate Key'), offerAsset('2', 'Mann Co. Supply Crate Key')],
    itemsToGive: [offerAsset('3', 'Gems', 1500), offerAsset('4', null)],
  });

  it('shows partner, both sides counted by name, the message escaped, state and expiry', () => {
    const embed = offerEmbed({ offer: active, partnerName: 'Key_Trader' });
    expect(embed.title).toBe('Trade offer #7412345678');
    expect(embed.url).toBe('https://steamcommunity.com/tradeoffer/7412345678/');
    expect(field(embed, 'Partner')).toBe(
      '**Key\\_Trader** · [Steam profile](https://steamcommunity.com/profiles/76561198000000001) · `76561198000000001`',
    );
    expect(field(embed, 'They give (2)')).toBe('2× Mann Co. Supply Crate Key');
    expect(field(embed, 'We give (1,501)')).toBe('1,500× Gems\n1× Unknown item (app 753, class 100)');
    // A code block: nothing in it formats or links.
    expect(embed.description).toBe('Message from the partner:\n```\nkeys for **your** cards @here\n```');
    expect(field(embed, 'State')).toBe('**Active**');
    expect(field(embed, 'Expires')).toBe('<t:1736996645:R>');
  });

  it('marks a renamed item, names the real one, shows every fraud warning and counts like /offers list', () => {
    const renamedKey = {
      ...offerAsset('9', null),
      appid: 440,
      description: description("''Mann Co. Supply Crate Key''", {
        appid: 440,
        marketHashName: 'Secret Saxton',
        fraudWarnings: ['This item has been renamed.\nOriginal name: "Secret Saxton"'],
      }),
    };
    const card = {
      ...offerAsset('8', null),
      description: description('Scout', { marketHashName: '440-Scout' }),
    };
    const embed = offerEmbed({
      offer: offer({ itemsToReceive: [renamedKey, offerAsset('1', 'Mann Co. Supply Crate Key'), card] }),
    });
    expect(field(embed, 'They give (3)')).toBe(
      [
        "1× ⚠️ RENAMED “''Mann Co. Supply Crate Key''” — real item: **Secret Saxton**",
        '  ⚠ This item has been renamed. Original name: "Secret Saxton"',
        '1× Mann Co. Supply Crate Key',
        '1× Scout (440-Scout)',
      ].join('\n'),
    );
  });

  it('colours an active offer apart from an accepted one', () => {
    expect(offerEmbed({ offer: offer({ state: 2 }) }).color).not.toBe(offerEmbed({ offer: offer({ state: 3 }) }).color);
  });

  it.each([
    [3, 'Accepted'],
    [4, 'Countered'],
    [5, 'Expired'],
    [6, 'Canceled'],
    [7, 'Declined'],
    [8, 'Invalid items'],
    [10, 'Canceled by second factor'],
    [11, 'In escrow'],
    [12, 'Reverted'],
    [42, 'Unknown state 42'],
  ])('state %i is shown as %s, without buttons or expiry', (state, name) => {
    const done = offer({ ...active, state });
    const embed = offerEmbed({ offer: done });
    expect(embed.title).toBe(`Trade offer #7412345678 — ${name}`);
    expect(field(embed, 'State')).toBe(`**${name}**`);
    expect(field(embed, 'Expires')).toBeUndefined();
    expect(offerButtons(done)).toEqual([]);
  });

  it('who acted, the hold, the stock change and a note', () => {
    const embed = offerEmbed({
      offer: offer({ ...active, state: 3 }),
      actedBy: { userId: '111', action: 'accept', at: 1_700_000_000_000 },
      hold: { myEscrowSeconds: 0, theirEscrowSeconds: 86400 * 15, bothEscrowSeconds: 86400 * 15 },
      stockChange: '+2 TF2 keys, −1,500 gems',
      note: 'Confirmed on mobile automatically by tradedesk.',
    });
    expect(field(embed, 'State')).toBe('**Accepted** by <@111> <t:1700000000:R>');
    expect(field(embed, 'Trade hold')).toBe('Steam will hold the items for 15 days after acceptance');
    expect(field(embed, 'If accepted')).toBe('+2 TF2 keys, −1,500 gems');
    expect(field(embed, 'Note')).toBe('Confirmed on mobile automatically by tradedesk.');
  });

  it('stays within Discord’s limits for an offer of 500 different items', () => {
    const many = Array.from({ length: 500 }, (_, i) => offerAsset(String(i), `A rather long item name number ${i}`));
    const embed = offerEmbed({ offer: offer({ itemsToReceive: many, itemsToGive: many, message: 'x'.repeat(5000) }) });
    expect(embedLength(embed)).toBeLessThanOrEqual(6000);
    for (const f of embed.fields ?? []) expect(f.value.length).toBeLessThanOrEqual(1024);
    expect(field(embed, 'They give (500)')).toMatch(/…and \d+ more kinds$/);
  });
});

describe('buttons and texts', () => {
  it('Accept/Decline on a received active offer, Cancel on a sent one; ids parse back', () => {
    expect(buttonIds(offer())).toEqual(['offer:accept:7412345678', 'offer:decline:7412345678']);
    expect(buttonIds(offer({ isOurOffer: true }))).toEqual(['offer:cancel:7412345678']);
    expect(offerButtonId.parse('offer:decline:7412345678')).toEqual({ action: 'decline', offerId: '7412345678' });
    expect(offerButtonId.parse('offer:delete:1')).toBe(null);
    expect(offerButtonId.parse('offer:accept:1x')).toBe(null);
  });

  it('sent-offer alerts and the answer to a late click', () => {
    expect(sentOfferAlert(offer({ isOurOffer: true, state: 3 }), 2, 'Zoey')).toBe(
      '📤 Sent offer [#7412345678](https://steamcommunity.com/tradeoffer/7412345678/) to Zoey (`76561198000000001`) is now **Accepted** (was Active).',
    );
    expect(actionDoneText('decline', '7', { userId: '5', action: 'accept', at: 2000 })).toBe(
      'Offer #7 was already accepted by <@5> <t:2:R>.',
    );
  });

  it('itemLines and escapeMarkdown', () => {
    expect(itemLines([])).toBe('*nothing*');
    expect(escapeMarkdown('a_b||c|| @everyone')).toBe('a\\_b\\|\\|c\\|\\| @everyone');
  });
});
