import { SlashCommandSubcommandBuilder, type InteractionEditReplyOptions } from 'discord.js';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { formatHistory } from '../../format/history.js';
import { offersPageId, pageButtons, type OffersPageState } from '../../format/paging.js';
import type { Subcommand } from '../types.js';
import { COMMAND_MAX_WAIT_MS } from './options.js';

type HistoryState = Extract<OffersPageState, { kind: 'history' }>;

export async function renderHistory(ctx: AppContext, state: HistoryState): Promise<InteractionEditReplyOptions> {
  const history = await ctx.offerPages.history.get(String(state.count), () =>
    ctx.steam.offers.getHistory({ maxTrades: state.count, maxWaitMs: COMMAND_MAX_WAIT_MS }),
  );
  const trades = history.trades.slice(0, state.count);
  const names = await ctx.steam.users.personaNames(trades.map((trade) => trade.partner));
  const { embed, page, pageCount } = formatHistory({
    trades,
    names,
    page: state.page,
    total: history.total,
    unreadable: history.unreadable,
    now: new Date(),
  });
  return {
    content: '',
    embeds: [embed],
    components: pageButtons(page, pageCount, (target) => offersPageId({ ...state, page: target })),
    allowedMentions: { parse: [] },
  };
}

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
