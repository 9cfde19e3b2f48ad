// The button registry: every button's ids are its own (no id one button builds is taken by
// another), and each is declared with who may press it, as commands are.
import { describe, expect, it } from 'vitest';
import { buttons } from '../../src/commands/index.js';
import { offerButton } from '../../src/commands/offers/action.js';
import { historyPageId, historyPageButton } from '../../src/commands/offers/history.js';
import { listPageButton, listPageId } from '../../src/commands/offers/list.js';
import { inventoryPageButton, inventoryPageId } from '../../src/commands/inventory/page.js';
import { findButton } from '../../src/commands/types.js';
import { offerButtonId } from '../../src/format/offer.js';

const OWNER = '123456789012345678';
const samples = [
  offerButtonId.build({ action: 'accept', offerId: '7412345678' }),
  offerButtonId.build({ action: 'cancel', offerId: '1' }),
  listPageId.build({ kind: 'list', owner: OWNER, direction: 'all', activeOnly: true, cutoff: 0, page: 2 }),
  historyPageId.build({ kind: 'history', owner: OWNER, count: 10, page: 1 }),
  inventoryPageId.build({ viewId: 'aB3_-x9Z', ownerId: OWNER, page: 0 }),
];

describe('buttons', () => {
  it('finds each id’s own button, with the data it carries', () => {
    expect(samples.map((id) => findButton(buttons, id)?.button)).toEqual([
      offerButton,
      offerButton,
      listPageButton,
      historyPageButton,
      inventoryPageButton,
    ]);
    expect(findButton(buttons, samples[0]!)?.data).toEqual({ action: 'accept', offerId: '7412345678' });
    for (const id of samples) expect(buttons.filter((b) => b.customId.parse(id) !== null)).toHaveLength(1);
  });

  it('finds none for an id no button makes', () => {
    for (const id of ['offer:delete:1', 'inv:abc:123456789012345678:1', 'offers:list:1', 'x']) {
      expect(findButton(buttons, id)).toBeNull();
    }
  });

  it('declares who may press each: trading for offers, the person who ran the command for pages', () => {
    expect(offerButton.requires).toBe('trade');
    expect(offerButton.action?.({ action: 'decline', offerId: '1' })).toBe('decline');
    for (const pages of [listPageButton, historyPageButton, inventoryPageButton])
      expect(pages.requires).toBe('everyone');
    const list = listPageId.parse(samples[2]!)!;
    expect(listPageButton.ownedBy?.(list)).toEqual({
      userId: OWNER,
      refusal: `Only <@${OWNER}> can turn these pages. Run \`/offers list\` to get your own.`,
    });
    const inventory = inventoryPageId.parse(samples[4]!)!;
    expect(inventoryPageButton.ownedBy?.(inventory)).toEqual({
      userId: OWNER,
      refusal: `Only <@${OWNER}> can turn these pages. Run \`/inventory show\` to get your own list.`,
    });
  });
});
