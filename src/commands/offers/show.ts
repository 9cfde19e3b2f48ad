import { SlashCommandSubcommandBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import { offerButtons, offerEmbed } from '../../format/offer.js';
import type { Subcommand } from '../types.js';
import { offerIdOption } from './action.js';
import { COMMAND_MAX_WAIT_MS, offerIdArgument } from './options.js';

export const show: Subcommand = {
  data: offerIdArgument(
    new SlashCommandSubcommandBuilder()
      .setName('show')
      .setDescription('One trade offer in full, with Accept/Decline or Cancel while it is active'),
  ),
  requires: 'everyone',
  async execute(interaction, ctx) {
    const id = offerIdOption(interaction);
    await interaction.deferReply();
    const offer = await ctx.steam.offers.getOffer(id, COMMAND_MAX_WAIT_MS);
    if (!offer) throw new UserError(`Steam has no trade offer #${id} for the bot account.`);
    // The same card as in the feed: partner name, trade hold, who acted from Discord.
    const posted = await ctx.feed.getPosted(interaction.guildId, id);
    const view = await ctx.feed.view(offer, { actedBy: posted?.actedBy ?? null });
    // The buttons are the feed's own (offer:accept:<id>…): pressing them runs the same
    // permission check and single-flight action as on a card.
    await interaction.editReply({
      embeds: [offerEmbed(view)],
      components: offerButtons(offer),
      allowedMentions: { parse: [] },
    });
  },
};
