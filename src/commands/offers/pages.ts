// The Previous/Next buttons of /offers list and /offers history. Their custom ids carry the
// owner and the query, so the buttons keep working after a restart; only the person who ran
// the command may turn its pages (the dispatcher tells everyone else so, privately).
import type { APIEmbed, InteractionEditReplyOptions } from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { integerPart, type CustomIdCodec } from '../../format/customId.js';
import { pageButtons } from '../../format/paging.js';
import type { Button } from '../types.js';

/** The parts every offers page id has. */
export const ownerPart = z.string().regex(/^\d{1,20}$/);
export const pagePart = integerPart(4);

interface PageState {
  kind: 'list' | 'history';
  /** The Discord user who ran the command; only they may turn its pages. */
  owner: string;
  /** From 0. */
  page: number;
}

export function pageRefusal(owner: string, kind: 'list' | 'history'): string {
  return `Only <@${owner}> can turn these pages. Run \`/offers ${kind}\` to get your own.`;
}

/** One page as the message shows it, with Previous/Next made by the command's codec. */
export function pagedReply<S extends PageState>(
  customId: CustomIdCodec<S>,
  state: S,
  shown: { embed: APIEmbed; page: number; pageCount: number },
): InteractionEditReplyOptions {
  return {
    content: '',
    embeds: [shown.embed],
    components: pageButtons(shown.page, shown.pageCount, (page) => customId.build({ ...state, page })),
    allowedMentions: { parse: [] },
  };
}

/** The page button of a command: the page is rendered again from the query its id carries. */
export function pageButton<S extends PageState>(
  customId: CustomIdCodec<S>,
  render: (ctx: AppContext, state: S) => Promise<InteractionEditReplyOptions>,
): Button<S> {
  return {
    customId,
    requires: 'everyone',
    ownedBy: (state) => ({ userId: state.owner, refusal: pageRefusal(state.owner, state.kind) }),
    async execute(interaction, state, ctx) {
      await interaction.deferUpdate();
      // A failure reaches the dispatcher, which leaves the page as it is and says why privately.
      await interaction.editReply(await render(ctx, state));
    },
  };
}
