import { MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import type { Subcommand } from '../types.js';

/** Shared by allow and disallow: both take one role or one user. */
export function roleOrUserOptions(builder: SlashCommandSubcommandBuilder, verb: string): SlashCommandSubcommandBuilder {
  return builder
    .addRoleOption((o) => o.setName('role').setDescription(`A role to ${verb}`))
    .addUserOption((o) => o.setName('user').setDescription(`A member to ${verb}`));
}

export function pickRoleOrUser(
  interaction: Parameters<Subcommand['execute']>[0],
): { kind: 'role'; id: string; mention: string } | { kind: 'user'; id: string; mention: string } {
  const role = interaction.options.getRole('role');
  const user = interaction.options.getUser('user');
  if ((role ? 1 : 0) + (user ? 1 : 0) !== 1) throw new UserError('Give exactly one of `role` or `user`.');
  if (role)
    return { kind: 'role', id: role.id, mention: role.id === interaction.guildId ? '@everyone' : `<@&${role.id}>` };
  return { kind: 'user', id: user!.id, mention: `<@${user!.id}>` };
}

export const allow: Subcommand = {
  data: roleOrUserOptions(
    new SlashCommandSubcommandBuilder()
      .setName('allow')
      .setDescription('Let a role or member accept, decline, cancel and send trade offers and publish'),
    'allow',
  ),
  requires: 'manageGuild',
  async execute(interaction, ctx) {
    const target = pickRoleOrUser(interaction);
    await ctx.store.updateGuildSettings(interaction.guildId, (s) =>
      target.kind === 'role'
        ? { ...s, allowedRoleIds: [...new Set([...s.allowedRoleIds, target.id])] }
        : { ...s, allowedUserIds: [...new Set([...s.allowedUserIds, target.id])] },
    );
    ctx.logger.info(
      { guildId: interaction.guildId, [target.kind]: target.id, by: interaction.user.id },
      'trade permission granted',
    );
    await interaction.reply({
      content: `${target.mention} may now accept, decline, cancel and send trade offers and publish to SteamTradeBots.`,
      flags: MessageFlags.Ephemeral,
      allowedMentions: { parse: [] },
    });
  },
};
