// The Previous/Next buttons of /inventory show. The custom id carries the view id, the owner
// and the page; the view itself (the aggregated list) is in the store, so turning a page never
// asks Steam again, even after a restart. Only the person who ran the command may turn its pages.
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { parseInventoryPageId, renderInventoryPage } from '../../format/inventory.js';

export const INVENTORY_EXPIRED =
  'This inventory list has expired (pages are kept 10 minutes or more after their last use). Run the command again: `/inventory show`.';

export function notYourPages(ownerId: string): string {
  return `Only <@${ownerId}> can turn these pages. Run \`/inventory show\` to get your own list.`;
}

export async function inventoryPageButton(interaction: ButtonInteraction<'cached'>, ctx: AppContext): Promise<void> {
  const ref = parseInventoryPageId(interaction.customId);
  if (!ref) throw invalidInput('button', interaction.customId, 'is not an inventory page button');
  if (interaction.user.id !== ref.ownerId) {
    await interaction.reply({
      content: notYourPages(ref.ownerId),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  const view = await ctx.inventoryViews.get(ref.viewId);
  if (!view) {
    // The buttons can no longer work: take them off the message, then say why.
    await interaction.update({ components: [] });
    await interaction.followUp({ content: INVENTORY_EXPIRED, flags: MessageFlags.Ephemeral });
    return;
  }
  await interaction.update(renderInventoryPage(view.data, ref.page, { viewId: ref.viewId, ownerId: view.ownerId }));
}
