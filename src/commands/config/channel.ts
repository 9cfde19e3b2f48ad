import { ChannelType, MessageFlags, PermissionFlagsBits, SlashCommandSubcommandBuilder } from 'discord.js';
import { UserError } from '../../errors.js';
import type { Subcommand } from '../types.js';

/** What the bot needs in the feed channel to post offers and edit them later. */
const NEEDED = [
  [PermissionFlagsBits.ViewChannel, 'View Channel'],
  [PermissionFlagsBits.SendMessages, 'Send Messages'],
  [PermissionFlagsBits.EmbedLinks, 'Embed Links'],
] as const;

export const channel: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('channel')
    .setDescription('Where trade offers and alerts are posted')
    .addChannelOption((o) =>
      o
        .setName('channel')
        .setDescription('A text channel')
        .setRequired(true)
        .addChannelTypes(ChannelType.GuildText, ChannelType.GuildAnnouncement),
    ),
  requires: 'manageGuild',
  async execute(interaction, ctx) {
    const target = interaction.options.getChannel('channel', true, [
      ChannelType.GuildText,
      ChannelType.GuildAnnouncement,
    ]);
    const me = interaction.guild.members.me;
    const permissions = me ? target.permissionsFor(me) : null;
    const missing = permissions ? NEEDED.filter(([flag]) => !permissions.has(flag)).map(([, name]) => name) : [];
    if (missing.length > 0) {
      throw new UserError(`I can't post in <#${target.id}>: I am missing ${missing.join(', ')} there.`);
    }
    await ctx.store.updateGuildSettings(interaction.guildId, (s) => ({ ...s, channelId: target.id }));
    ctx.health.channelOk(interaction.guildId);
    ctx.logger.info({ guildId: interaction.guildId, channelId: target.id }, 'feed channel set');
    await interaction.reply({
      content: `Trade offers and alerts will be posted in <#${target.id}>.`,
      flags: MessageFlags.Ephemeral,
    });
  },
};
