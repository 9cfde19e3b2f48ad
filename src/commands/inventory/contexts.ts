// /inventory contexts: every app and context a user's inventory has, with names and item
// counts, read from the profile's inventory page (docs/steam.md#inventory-contexts).
import { SlashCommandSubcommandBuilder } from 'discord.js';
import { contextsEmbed } from '../../format/inventoryContexts.js';
import type { Subcommand } from '../types.js';
import { personaName, readUserOption, resolveUser } from './common.js';

export const contexts: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('contexts')
    .setDescription('Which apps and contexts an inventory has, with item counts')
    .addStringOption((o) =>
      o
        .setName('user')
        .setDescription('SteamID64, profile URL or trade URL (default: the bot account)')
        .setMaxLength(200),
    ),
  requires: 'everyone',

  async execute(interaction, ctx) {
    const userRef = readUserOption(interaction);
    await interaction.deferReply();
    const steamid = await resolveUser(userRef, ctx);
    const [list, persona] = await Promise.all([ctx.steam.inventories.contexts(steamid), personaName(steamid, ctx)]);
    await interaction.editReply({ embeds: [contextsEmbed(steamid, persona, list)] });
  },
};
