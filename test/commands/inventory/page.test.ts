// The custom ids of the /inventory show page buttons: view, owner and page (from 0), read back,
// within Discord's 100 characters, and nothing else accepted.
import { describe, expect, it } from 'vitest';
import { inventoryPageId } from '../../../src/commands/inventory/page.js';

const OWNER = '123456789012345678';

describe('inventory page custom ids', () => {
  it('round-trips the view, owner and page', () => {
    const id = inventoryPageId.build({ viewId: 'aB3_-x9Z', ownerId: OWNER, page: 7 });
    expect(id).toBe(`inventory:aB3_-x9Z:${OWNER}:7`);
    expect(inventoryPageId.parse(id)).toEqual({ viewId: 'aB3_-x9Z', ownerId: OWNER, page: 7 });
  });

  it('stays within Discord’s 100 characters at the largest values', () => {
    expect(
      inventoryPageId.build({ viewId: 'x'.repeat(24), ownerId: '9'.repeat(20), page: 999_999 }).length,
    ).toBeLessThan(100);
  });

  it('refuses anything else', () => {
    expect(inventoryPageId.parse(`offer:accept:123`)).toBeNull();
    expect(inventoryPageId.parse(`inventory:abc:123:1`)).toBeNull();
    expect(inventoryPageId.parse(`inventory:a b:${OWNER}:1`)).toBeNull();
    expect(inventoryPageId.parse(`inventory:abc:${OWNER}:x`)).toBeNull();
    expect(inventoryPageId.parse(`inventory:abc:${OWNER}:1:extra`)).toBeNull();
    // The old 1-based form is no longer read: its page numbers would be off by one.
    expect(inventoryPageId.parse(`inv:abc:${OWNER}:1`)).toBeNull();
  });
});
