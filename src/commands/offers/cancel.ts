import { SlashCommandSubcommandBuilder } from 'discord.js';
import type { Subcommand } from '../types.js';
import { offerIdOption, runOfferAction } from './action.js';
import { offerIdArgument } from './options.js';

export const cancel: Subcommand = {
  data: offerIdArgument(
    new SlashCommandSubcommandBuilder().setName('cancel').setDescription('Cancel a trade offer the bot sent'),
  ),
  requires: 'trade',
  async execute(interaction, ctx) {
    // The id is checked before anything is deferred, so a bad one gets a plain ephemeral answer.
    const id = offerIdOption(interaction);
    await runOfferAction(interaction, ctx, 'cancel', id);
  },
};
