// /tradebots preview: the SteamTradeBots update exactly as it would be sent now, with a
// readable summary and what automatic publishing would send next, shown only to the asker with
// the payload attached as a .json file. Open to every member;
// it works without STEAMTRADEBOTS_API_KEY too (then it says nothing is published).
import { AttachmentBuilder, MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import { previewMessage } from '../../format/tradebots.js';
import type { Subcommand } from '../types.js';

export const preview: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('preview')
    .setDescription('The SteamTradeBots update (status, rates, stock) as it would be sent now'),
  requires: 'everyone',
  async execute(interaction, ctx) {
    // Counting the stock may mean loading the bot's inventories from Steam. Private: the
    // payload is for the asker, not a 60-line post in the channel.
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    const result = await ctx.tradeBots.publisher.preview();
    const message = previewMessage(result, Date.now());
    await interaction.editReply({
      embeds: message.embeds,
      files: message.attachment
        ? [new AttachmentBuilder(Buffer.from(message.attachment.content, 'utf8'), { name: message.attachment.name })]
        : [],
    });
  },
};
