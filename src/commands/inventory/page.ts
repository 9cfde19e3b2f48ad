// The Previous/Next buttons of /inventory show. The custom id carries the view id, the owner
// and the page; the view itself (the aggregated list) is in the store, so turning a page never
// asks Steam again, even after a restart. Only the person who ran the command may turn its pages.
import { MessageFlags } from 'discord.js';
import { z } from 'zod';
import { customIdCodec, integerPart, userIdPart } from '../../format/customId.js';
import { renderInventoryPage } from '../../format/inventory.js';
import type { Button } from '../types.js';

/** inventory:<view id>:<owner>:<page from 0>. */
export const inventoryPageId = customIdCodec('inventory', {
  viewId: z.string().regex(/^[A-Za-z0-9_-]{1,24}$/),
  /** The Discord user who ran the command; only they may turn its pages. */
  ownerId: userIdPart,
  page: integerPart(6),
});

export type InventoryPageRef = NonNullable<ReturnType<typeof inventoryPageId.parse>>;

/** The page ids of one view. */
export const inventoryPageIds =
  (ref: Omit<InventoryPageRef, 'page'>) =>
  (page: number): string =>
    inventoryPageId.build({ ...ref, page });

export const INVENTORY_EXPIRED =
  'This inventory list has expired (pages are kept 10 minutes or more after their last use). Run the command again: `/inventory show`.';

export function notYourPages(ownerId: string): string {
  return `Only <@${ownerId}> can turn these pages. Run \`/inventory show\` to get your own list.`;
}

export const inventoryPageButton: Button<InventoryPageRef> = {
  customId: inventoryPageId,
  requires: 'everyone',
  ownedBy: (ref) => ({ userId: ref.ownerId, refusal: notYourPages(ref.ownerId) }),
  async execute(interaction, ref, ctx) {
    const view = await ctx.inventoryViews.get(ref.viewId);
    if (!view) {
      // The buttons can no longer work: take them off the message, then say why.
      await interaction.update({ components: [] });
      await interaction.followUp({ content: INVENTORY_EXPIRED, flags: MessageFlags.Ephemeral });
      return;
    }
    const ids = inventoryPageIds({ viewId: ref.viewId, ownerId: view.ownerId });
    await interaction.update(renderInventoryPage(view.data, ref.page, ids));
  },
};
