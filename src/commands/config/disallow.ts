import { MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import type { Subcommand } from '../types.js';
import { pickRoleOrUser, roleOrUserOptions } from './allow.js';

export const disallow: Subcommand = {
  data: roleOrUserOptions(
    new SlashCommandSubcommandBuilder()
      .setName('disallow')
      .setDescription('Remove a role or member from the allowed list'),
    'remove',
  ),
  requires: 'manageGuild',
  async execute(interaction, ctx) {
    const target = pickRoleOrUser(interaction);
    let wasListed = false;
    await ctx.store.updateGuildSettings(interaction.guildId, (s) => {
      const list = target.kind === 'role' ? s.allowedRoleIds : s.allowedUserIds;
      wasListed = list.includes(target.id);
      const kept = list.filter((id) => id !== target.id);
      return target.kind === 'role' ? { ...s, allowedRoleIds: kept } : { ...s, allowedUserIds: kept };
    });
    ctx.logger.info(
      { guildId: interaction.guildId, [target.kind]: target.id, by: interaction.user.id },
      'trade permission removed',
    );
    await interaction.reply({
      content: wasListed
        ? `${target.mention} is no longer allowed to make trades.`
        : `${target.mention} was not on the allowed list; nothing changed.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
