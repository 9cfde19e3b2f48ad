import { MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import { formatSettings } from '../../format/settings.js';
import type { Subcommand } from '../types.js';

export const show: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('show')
    .setDescription('See the offer channel, who may trade, and how tradedesk runs'),
  requires: 'manageGuildOrTrade',
  async execute(interaction, ctx) {
    const settings = await ctx.store.getGuildSettings(interaction.guildId);
    await interaction.reply({
      embeds: [
        formatSettings(settings, {
          storeDescription: ctx.store.description,
          pollIntervalSeconds: ctx.config.POLL_INTERVAL_SECONDS,
          confirmations: ctx.steam.confirmations !== null,
          tradeBots: ctx.config.STEAMTRADEBOTS_API_KEY !== undefined,
          botSteamId: ctx.steam.steamid,
        }),
      ],
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
