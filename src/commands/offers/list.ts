import { SlashCommandSubcommandBuilder, type InteractionEditReplyOptions } from 'discord.js';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { codedPart, customIdCodec, flagPart, integerPart } from '../../format/customId.js';
import { formatOfferList, type OfferDirection } from '../../format/offerList.js';
import { isOfferActive } from '../../steam/enums.js';
import type { TradeOfferList } from '../../steam/tradeOffers.js';
import type { TradeOffer } from '../../steam/types.js';
import type { Subcommand } from '../types.js';
import { COMMAND_MAX_WAIT_MS } from './options.js';
import { ownerPart, pageButton, pagedReply, pagePart } from './pages.js';

/** With active_only off, inactive offers that changed this recently are listed too. */
export const LIST_HISTORY_DAYS = 14;
/** time_historical_cutoff for "active only": far in the future, so no inactive offer qualifies (docs/steam.md#reading-offers). */
const ACTIVE_ONLY_CUTOFF = 2_147_483_647;
const DIRECTIONS: readonly OfferDirection[] = ['received', 'sent', 'all'];

/** offers:list:<owner>:<r|s|a>:<active only 0|1>:<cutoff>:<page>, the Previous/Next of one list. */
export const listPageId = customIdCodec('offers', {
  kind: z.literal('list'),
  owner: ownerPart,
  direction: codedPart<OfferDirection>({ received: 'r', sent: 's', all: 'a' }),
  activeOnly: flagPart,
  /** Unix seconds of time_historical_cutoff, frozen when the command ran (0 for active only). */
  cutoff: integerPart(10),
  page: pagePart,
});

type ListState = NonNullable<ReturnType<typeof listPageId.parse>>;

/** The offers of one direction, filtered as asked (Steam's own filter is loose, docs/steam.md#reading-offers). */
export function selectOffers(list: TradeOfferList, state: Pick<ListState, 'direction' | 'activeOnly' | 'cutoff'>) {
  const offers: TradeOffer[] = [
    ...(state.direction !== 'sent' ? list.received : []),
    ...(state.direction !== 'received' ? list.sent : []),
  ];
  return offers.filter((offer) =>
    state.activeOnly
      ? isOfferActive(offer.state)
      : isOfferActive(offer.state) || offer.updated.getTime() >= state.cutoff * 1000,
  );
}

/** The message of one page; used by the command and by its page buttons. */
export async function renderList(ctx: AppContext, state: ListState): Promise<InteractionEditReplyOptions> {
  const key = `${state.direction}:${state.activeOnly ? 1 : 0}:${state.cutoff}`;
  const list = await ctx.offerPages.lists.get(key, () =>
    ctx.steam.offers.getOffers({
      sent: state.direction !== 'received',
      received: state.direction !== 'sent',
      // active_only returns active offers plus those changed since the cutoff (docs/steam.md#reading-offers).
      activeOnly: true,
      historicalCutoff: state.activeOnly ? ACTIVE_ONLY_CUTOFF : state.cutoff,
      // Counts need no names, and one description Steam cannot load fails the whole call.
      descriptions: false,
      maxWaitMs: COMMAND_MAX_WAIT_MS,
    }),
  );
  const offers = selectOffers(list, state);
  const names = await ctx.steam.users.personaNames(offers.map((offer) => offer.partner));
  const shown = formatOfferList({
    query: { direction: state.direction, activeOnly: state.activeOnly, historyDays: LIST_HISTORY_DAYS },
    offers,
    names,
    page: state.page,
    broken: list.broken,
  });
  return pagedReply(listPageId, state, shown);
}

export const listPageButton = pageButton(listPageId, renderList);

export const list: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('list')
    .setDescription('Trade offers of the bot account, one line each, newest first')
    .addStringOption((o) =>
      o
        .setName('direction')
        .setDescription('Offers received by the bot, sent by it, or both (default: received)')
        .addChoices(
          { name: 'received', value: 'received' },
          { name: 'sent', value: 'sent' },
          { name: 'all', value: 'all' },
        ),
    )
    .addBooleanOption((o) =>
      o
        .setName('active_only')
        .setDescription(
          `Only active offers (default: true); false adds those changed in the last ${LIST_HISTORY_DAYS} days`,
        ),
    ),
  requires: 'everyone',
  async execute(interaction, ctx) {
    const raw = interaction.options.getString('direction') ?? 'received';
    const direction = DIRECTIONS.find((d) => d === raw);
    if (!direction) throw invalidInput('direction', raw, 'is not one of received, sent, all');
    const activeOnly = interaction.options.getBoolean('active_only') ?? true;
    await interaction.deferReply();
    const state: ListState = {
      kind: 'list',
      owner: interaction.user.id,
      direction,
      activeOnly,
      cutoff: activeOnly ? 0 : Math.floor(Date.now() / 1000) - LIST_HISTORY_DAYS * 86_400,
      page: 0,
    };
    await interaction.editReply(await renderList(ctx, state));
  },
};
