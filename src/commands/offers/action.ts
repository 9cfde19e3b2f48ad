// Accept / Decline / Cancel: the buttons on offer cards and /offers accept|decline|cancel. Both
// hand the offer to the trade-offer service (services/tradeOffers.ts), which does the work; the
// dispatcher has already checked, at the moment of the click, that the member may trade.
import {
  MessageFlags,
  SlashCommandSubcommandBuilder,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
} from 'discord.js';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { offerButtonId, type OfferAction } from '../../format/offer.js';
import { isTradeOfferId } from '../../steam/ids.js';
import type { Button, Subcommand } from '../types.js';
import { offerIdArgument } from './options.js';

async function act(
  interaction: ButtonInteraction<'cached'> | ChatInputCommandInteraction<'cached'>,
  ctx: AppContext,
  action: OfferAction,
  offerId: string,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const outcome = await ctx.tradeOffers.act(action, offerId, {
    userId: interaction.user.id,
    guildId: interaction.guildId,
  });
  await interaction.editReply({ content: outcome.text });
}

export const offerButton: Button<{ action: OfferAction; offerId: string }> = {
  customId: offerButtonId,
  requires: 'trade',
  action: ({ action }) => action,
  execute: (interaction, { action, offerId }, ctx) => act(interaction, ctx, action, offerId),
};

/** /offers accept|decline|cancel <id>: the same action as the card's button. */
export function offerActionSubcommand(action: OfferAction, description: string): Subcommand {
  return {
    data: offerIdArgument(new SlashCommandSubcommandBuilder().setName(action).setDescription(description)),
    requires: 'trade',
    action,
    async execute(interaction, ctx) {
      // The id is checked before anything is deferred, so a bad one gets a plain ephemeral answer.
      await act(interaction, ctx, action, offerIdOption(interaction));
    },
  };
}

/** The `id` option of /offers accept|decline|cancel|show, refused before anything reaches Steam. */
export function offerIdOption(interaction: ChatInputCommandInteraction<'cached'>): string {
  const raw = interaction.options.getString('id', true).trim().replace(/^#/, '');
  // People paste the offer URL as often as the id.
  const fromUrl = /tradeoffer\/(\d+)/.exec(raw)?.[1];
  const id = fromUrl ?? raw;
  if (!isTradeOfferId(id)) throw invalidInput('id', raw, 'is not a trade offer id (a number like 7412345678)');
  return id;
}
