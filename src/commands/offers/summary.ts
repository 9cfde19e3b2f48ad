import { SlashCommandSubcommandBuilder } from 'discord.js';
import { summaryEmbed } from '../../format/summary.js';
import type { Subcommand } from '../types.js';
import { COMMAND_MAX_WAIT_MS } from './options.js';

/** "New", "updated" and "newly accepted" are counted since this long ago (time_last_visit). */
const SUMMARY_WINDOW_HOURS = 24;

export const summary: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('summary')
    .setDescription('Counts of active, new and past trade offers from Steam'),
  requires: 'everyone',
  async execute(interaction, ctx) {
    await interaction.deferReply();
    // Without time_last_visit Steam counts from the last visit to the trade offers page in a
    // browser, which nobody here controls; a fixed window reads the same every time.
    const since = Math.floor(Date.now() / 1000) - SUMMARY_WINDOW_HOURS * 3600;
    const counts = await ctx.steam.offers.getSummary(since, COMMAND_MAX_WAIT_MS);
    await interaction.editReply({ embeds: [summaryEmbed(counts, SUMMARY_WINDOW_HOURS)] });
  },
};
