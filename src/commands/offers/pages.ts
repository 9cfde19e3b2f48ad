// The Previous/Next buttons of /offers list and /offers history. The custom id carries the
// owner and the query, so the buttons keep working after a restart; only the person who ran
// the command may turn its pages (everyone else is told so, privately).
import { MessageFlags, type ButtonInteraction } from 'discord.js';
import type { AppContext } from '../../context.js';
import { describeError } from '../../format/errors.js';
import { parseOffersPageId } from '../../format/paging.js';
import { renderHistory } from './history.js';
import { renderList } from './list.js';

export function pageRefusal(owner: string, kind: 'list' | 'history'): string {
  return `Only <@${owner}> can turn these pages. Run \`/offers ${kind}\` to get your own.`;
}

export async function offersPageButton(interaction: ButtonInteraction<'cached'>, ctx: AppContext): Promise<void> {
  const state = parseOffersPageId(interaction.customId);
  if (!state) {
    await interaction.reply({ content: 'This button is no longer in use.', flags: MessageFlags.Ephemeral });
    return;
  }
  if (state.owner !== interaction.user.id) {
    await interaction.reply({
      content: pageRefusal(state.owner, state.kind),
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
    return;
  }
  await interaction.deferUpdate();
  try {
    const message = state.kind === 'list' ? await renderList(ctx, state) : await renderHistory(ctx, state);
    await interaction.editReply(message);
  } catch (error) {
    // The dispatcher would replace the whole page with the error; keep the page and say it privately.
    ctx.logger.warn({ err: error, button: interaction.customId }, 'turning a page failed');
    await interaction.followUp({ content: describeError(error), flags: MessageFlags.Ephemeral });
  }
}
