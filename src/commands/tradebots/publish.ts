// /tradebots publish: sends the full update now and shows the site's answer (every refused
// field on a 400). Allowed traders only; the request counts against the same budget of 10
// per 5 minutes as automatic publishing, so an exhausted budget is reported with the time it
// frees up instead of being overrun.
import { MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import { NOT_CONFIGURED_TEXT, publishMessage } from '../../format/tradebots.js';
import type { Subcommand } from '../types.js';

export const publish: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('publish')
    .setDescription('Send the SteamTradeBots update now and show the site’s answer'),
  requires: 'trade',
  async execute(interaction, ctx) {
    const publisher = ctx.tradeBots.publisher;
    if (!publisher.configured) {
      await interaction.reply({
        content: `${NOT_CONFIGURED_TEXT} \`/tradebots preview\` shows what would be sent.`,
        flags: MessageFlags.Ephemeral,
      });
      return;
    }
    await interaction.deferReply();
    const outcome = await publisher.publishNow();
    ctx.logger.info(
      {
        userId: interaction.user.id,
        outcome: outcome.kind,
        ...(outcome.kind === 'answered' ? { status: outcome.result.status } : {}),
      },
      'tradebots publish',
    );
    await interaction.editReply(publishMessage(outcome, Date.now()));
  },
};
