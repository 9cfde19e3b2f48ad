import type { SlashCommandSubcommandBuilder } from 'discord.js';

/** The `id` option of show/accept/decline/cancel; offerIdOption (action.ts) reads and checks it. */
export function offerIdArgument(builder: SlashCommandSubcommandBuilder): SlashCommandSubcommandBuilder {
  return builder.addStringOption((o) =>
    o.setName('id').setDescription('Trade offer id (or its steamcommunity.com/tradeoffer/… URL)').setRequired(true),
  );
}

/**
 * How long a command may wait for Steam (retries after 429/5xx included) before it answers
 * "Steam is busy": a person is waiting, the poller can afford more patience.
 */
export const COMMAND_MAX_WAIT_MS = 15_000;
