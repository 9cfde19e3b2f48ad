import { SlashCommandSubcommandBuilder, type InteractionEditReplyOptions } from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { customIdCodec, integerPart } from '../../format/customId.js';
import { formatHistory } from '../../format/history.js';
import type { Subcommand } from '../types.js';
import { COMMAND_MAX_WAIT_MS } from './options.js';
import { ownerPart, pageButton, pagedReply, pagePart } from './pages.js';

/** offers:history:<owner>:<count>:<page>, the Previous/Next of one history. */
export const historyPageId = customIdCodec('offers', {
  kind: z.literal('history'),
  owner: ownerPart,
  count: integerPart(3, 1, 100),
  page: pagePart,
});

type HistoryState = NonNullable<ReturnType<typeof historyPageId.parse>>;

export async function renderHistory(ctx: AppContext, state: HistoryState): Promise<InteractionEditReplyOptions> {
  const history = await ctx.offerPages.history.get(String(state.count), () =>
    ctx.steam.offers.getHistory({ maxTrades: state.count, maxWaitMs: COMMAND_MAX_WAIT_MS }),
  );
  const trades = history.trades.slice(0, state.count);
  const names = await ctx.steam.users.personaNames(trades.map((trade) => trade.partner));
  const shown = formatHistory({
    trades,
    names,
    page: state.page,
    total: history.total,
    unreadable: history.unreadable,
    now: new Date(),
  });
  return pagedReply(historyPageId, state, shown);
}

export const historyPageButton = pageButton(historyPageId, renderHistory);

export const history: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('history')
    .setDescription('Recent completed trades of the bot account')
    .addIntegerOption((o) =>
      o.setName('count').setDescription('How many trades (1–100, default 10)').setMinValue(1).setMaxValue(100),
    ),
  requires: 'everyone',
  async execute(interaction, ctx) {
    const count = interaction.options.getInteger('count') ?? 10;
    // Discord enforces the range too; this is for clients that do not.
    if (count < 1 || count > 100) throw invalidInput('count', String(count), 'is not between 1 and 100');
    await interaction.deferReply();
    await interaction.editReply(
      await renderHistory(ctx, { kind: 'history', owner: interaction.user.id, count, page: 0 }),
    );
  },
};
