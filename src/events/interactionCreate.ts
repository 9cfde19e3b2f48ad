// The one place interactions enter: commands, autocomplete and buttons are routed here; the
// home server, shutdown and each handler's precondition (who may act) are checked here before
// it runs, and every error ends here, told privately.
import { InteractionType, MessageFlags, type Interaction, type RepliableInteraction } from 'discord.js';
import { findButton, isSingleHandler, type AnyButton, type Command, type Handler } from '../commands/types.js';
import type { AppContext } from '../context.js';
import { UserError } from '../errors.js';
import { describeError } from '../format/errors.js';
import type { Logger } from '../logger.js';
import { hasManageGuild, isTradeAllowed } from '../permissions.js';
import { SteamError } from '../steam/errors.js';
import { InteractionDrain } from './drain.js';

export interface InteractionRouter {
  commands: ReadonlyMap<string, Command>;
  /** Each button owns the custom ids its codec parses. */
  buttons: readonly AnyButton[];
}

export const MANAGE_GUILD_REFUSAL = 'You need the **Manage Server** permission to change tradedesk’s settings.';
export const VIEW_SETTINGS_REFUSAL =
  'tradedesk’s settings can be viewed by members allowed to trade (`/config allow`) and by members with the **Manage Server** permission.';
export const TRADE_REFUSAL =
  'You are not allowed to make trades with this bot. A server manager can allow you (or one of your roles) with `/config allow`.';

function findHandler(command: Command, subcommand: string | null): Handler | undefined {
  if (isSingleHandler(command.handler)) return command.handler;
  return subcommand ? command.handler[subcommand] : undefined;
}

/** Refusal text, or null when the member may run it. Checked against the store at this moment. */
export async function refusalFor(
  requires: Handler['requires'],
  interaction: Interaction<'cached'>,
  ctx: AppContext,
): Promise<string | null> {
  if (requires === 'manageGuild') return hasManageGuild(interaction) ? null : MANAGE_GUILD_REFUSAL;
  if (requires === 'trade' || requires === 'manageGuildOrTrade') {
    if (requires === 'manageGuildOrTrade' && hasManageGuild(interaction)) return null;
    const settings = await ctx.store.getGuildSettings(interaction.guildId);
    const roles = [...interaction.member.roles.cache.keys()];
    if (isTradeAllowed(interaction.user.id, roles, settings)) return null;
    return requires === 'trade' ? TRADE_REFUSAL : VIEW_SETTINGS_REFUSAL;
  }
  return null;
}

export const UNKNOWN_BUTTON = 'This button is no longer in use.';

export const FAILED_PUBLIC_NOTE = 'That did not work; the reason was shown only to the person who asked.';

/**
 * Errors are always told privately (SPEC: "a clear ephemeral message"). After a public
 * deferReply that takes three steps: Discord turns the first follow-up after a deferral into
 * the "thinking…" message itself, so that message is filled with a neutral note first, the
 * reason goes in an ephemeral follow-up, and the public note is deleted.
 */
export async function replyError(interaction: RepliableInteraction, text: string): Promise<void> {
  if (!interaction.deferred && !interaction.replied) {
    await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
    return;
  }
  if (interaction.ephemeral) {
    if (interaction.deferred && !interaction.replied) {
      await interaction.editReply({ content: text, embeds: [], components: [] });
    } else {
      await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
    }
    return;
  }
  // A button's message belongs to the earlier command (a page of an inventory): never blank or
  // delete it, and a public reply that was not deferred stays as it is.
  if (!interaction.isChatInputCommand() || !interaction.deferred) {
    await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
    return;
  }
  // A public deferred reply, perhaps already showing progress ("Loading inventory… 3/50"): it
  // must not be left behind with a stale text.
  try {
    await interaction.editReply({ content: FAILED_PUBLIC_NOTE, embeds: [], components: [] });
    await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
  } catch {
    // Better said in public than not at all.
    await interaction.editReply({ content: text, embeds: [], components: [] });
    return;
  }
  await interaction.deleteReply().catch(() => undefined);
}

export const OTHER_SERVER_REFUSAL =
  'tradedesk works only in the server it was set up for (DISCORD_GUILD_ID). Nothing was done.';
export const NOT_READY_REFUSAL = 'tradedesk cannot see this server right now; try again in a minute. Nothing was done.';
export const RESTARTING_REFUSAL = 'tradedesk is restarting, so nothing was done. Try again in a minute.';

/** Answers an interaction that will not be handled: privately, or with no choices for autocomplete. */
async function refuse(interaction: Interaction, text: string, log: Logger): Promise<void> {
  try {
    if (interaction.isAutocomplete()) await interaction.respond([]);
    else if (interaction.isRepliable()) await interaction.reply({ content: text, flags: MessageFlags.Ephemeral });
  } catch (error) {
    log.warn({ err: error }, 'could not answer a refused interaction');
  }
}

/** What was asked, for the log: the command, or the button's custom id. */
function describeAsk(interaction: Interaction): Record<string, string> {
  if (interaction.isCommand() || interaction.isAutocomplete()) return { command: interaction.commandName };
  if (interaction.isMessageComponent()) return { button: interaction.customId };
  return { type: InteractionType[interaction.type] };
}

export function createInteractionHandler(
  ctx: AppContext,
  router: InteractionRouter,
  drain: InteractionDrain = new InteractionDrain(),
) {
  const home = ctx.config.DISCORD_GUILD_ID;
  return async (interaction: Interaction): Promise<void> => {
    // Before anything else — handler, permission check, store read or Steam call: the bot
    // serves one server, and a stranger who added it to his own must get nothing from it.
    if (interaction.guildId !== home) {
      const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId ?? 'DM' });
      log.warn(describeAsk(interaction), 'refused: interaction from outside the home server');
      await refuse(interaction, OTHER_SERVER_REFUSAL, log);
      return;
    }
    if (!interaction.inCachedGuild()) {
      // The home server itself, but unavailable (a Discord outage): members and roles unknown.
      const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId });
      log.warn(describeAsk(interaction), 'refused: the home server is not available');
      await refuse(interaction, NOT_READY_REFUSAL, log);
      return;
    }
    const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId });
    if (drain.isClosing) {
      log.info(describeAsk(interaction), 'refused: shutting down');
      await refuse(interaction, RESTARTING_REFUSAL, log);
      return;
    }
    await drain.run(() => handle(interaction, log));
  };

  async function handle(interaction: Interaction<'cached'>, log: Logger): Promise<void> {
    try {
      if (interaction.isChatInputCommand()) {
        const command = router.commands.get(interaction.commandName);
        const sub = interaction.options.getSubcommand(false);
        const handler = command && findHandler(command, sub);
        if (!handler) throw new UserError('This command is not known to this version of tradedesk.');
        log.info({ command: interaction.commandName, sub }, 'command');
        const refusal = await refusalFor(handler.requires, interaction, ctx);
        if (refusal) {
          log.info({ command: interaction.commandName, sub, requires: handler.requires }, 'refused');
          if (handler.action) ctx.telemetry.action(handler.action, 'refused');
          await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
          return;
        }
        await handler.execute(interaction, ctx);
      } else if (interaction.isAutocomplete()) {
        const command = router.commands.get(interaction.commandName);
        const handler = command && findHandler(command, interaction.options.getSubcommand(false));
        await (handler?.autocomplete?.(interaction, ctx) ?? interaction.respond([]));
      } else if (interaction.isButton()) {
        log.info({ button: interaction.customId }, 'button');
        const found = findButton(router.buttons, interaction.customId);
        if (!found) throw new UserError(UNKNOWN_BUTTON);
        const { button, data } = found;
        const owner = button.ownedBy?.(data);
        const refusal =
          (await refusalFor(button.requires, interaction, ctx)) ??
          (owner && owner.userId !== interaction.user.id ? owner.refusal : null);
        if (refusal) {
          log.info({ button: interaction.customId, requires: button.requires }, 'refused');
          const action = button.action?.(data);
          if (action) ctx.telemetry.action(action, 'refused');
          await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral, allowedMentions: { parse: [] } });
          return;
        }
        await button.execute(interaction, data, ctx);
      }
    } catch (error) {
      if (!(error instanceof UserError)) {
        // Steam errors are already described without secrets; log them briefly, the rest in full.
        if (error instanceof SteamError) log.warn({ err: error }, 'interaction failed on Steam');
        else log.error({ err: error }, 'interaction failed');
      }
      if (interaction.isRepliable()) {
        await replyError(interaction, describeError(error)).catch((replyFailure: unknown) =>
          log.warn({ err: replyFailure }, 'could not tell the user about a failure'),
        );
      }
    }
  }
}
