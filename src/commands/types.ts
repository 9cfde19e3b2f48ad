// A command is one file: its builder and its handler. Commands with subcommands keep one file
// per subcommand in a folder and an index that assembles them.
import {
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../context.js';

/**
 * Who may run it. 'manageGuild': the Manage Server permission, checked again by the bot on
 * every use; 'trade': an allowed role or user from /config allow; 'manageGuildOrTrade':
 * either (viewing the settings); 'everyone': read-only.
 */
export type Requirement = 'everyone' | 'manageGuild' | 'trade' | 'manageGuildOrTrade';

export interface Handler {
  requires: Requirement;
  execute(interaction: ChatInputCommandInteraction<'cached'>, ctx: AppContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction<'cached'>, ctx: AppContext): Promise<void>;
}

export interface Subcommand extends Handler {
  data: SlashCommandSubcommandBuilder;
}

export interface Command {
  data: SlashCommandBuilder | Omit<SlashCommandBuilder, 'addSubcommand' | 'addSubcommandGroup'>;
  /** The handler of a command without subcommands, or of each subcommand by name. */
  handler: Handler | Record<string, Handler>;
}

/** Assembles a top-level command from its subcommand files. */
export function commandWithSubcommands(options: {
  name: string;
  description: string;
  defaultMemberPermissions?: bigint;
  subcommands: Subcommand[];
}): Command {
  const data = new SlashCommandBuilder()
    .setName(options.name)
    .setDescription(options.description)
    .setContexts(InteractionContextType.Guild);
  if (options.defaultMemberPermissions !== undefined)
    data.setDefaultMemberPermissions(options.defaultMemberPermissions);
  const handler: Record<string, Handler> = {};
  for (const sub of options.subcommands) {
    data.addSubcommand(sub.data);
    handler[sub.data.name] = sub;
  }
  return { data, handler };
}

export function isSingleHandler(handler: Command['handler']): handler is Handler {
  return typeof (handler as Handler).execute === 'function';
}
