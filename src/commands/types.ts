// A command is one file: its builder and its handler. Commands with subcommands keep one file
// per subcommand in a folder and an index that assembles them. A button is declared the same
// way, beside its handler: the codec of its custom id and who may press it. The dispatcher
// (events/interactionCreate.ts) alone checks who may act and turns errors into replies.
import {
  InteractionContextType,
  SlashCommandBuilder,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type SlashCommandSubcommandBuilder,
} from 'discord.js';
import type { AppContext } from '../context.js';
import type { CustomIdCodec } from '../format/customId.js';
import type { ActionKind } from '../telemetry.js';

/**
 * Who may run it. 'manageGuild': the Manage Server permission, checked again by the bot on
 * every use; 'trade': an allowed role or user from /config allow; 'manageGuildOrTrade':
 * either (viewing the settings); 'everyone': read-only.
 */
export type Requirement = 'everyone' | 'manageGuild' | 'trade' | 'manageGuildOrTrade';

export interface Handler {
  requires: Requirement;
  /** The trade action a refusal is counted as in /metrics, for the commands that trade. */
  action?: ActionKind;
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

export interface Button<T> {
  /** Builds the ids put on messages and parses them back when pressed. */
  customId: CustomIdCodec<T>;
  requires: Requirement;
  /**
   * When only one person may press it (the one who ran the command): who, and what anyone else
   * is told. Checked by the dispatcher after `requires`.
   */
  ownedBy?(data: T): { userId: string; refusal: string };
  /** The trade action a refusal is counted as in /metrics. */
  action?(data: T): ActionKind;
  execute(interaction: ButtonInteraction<'cached'>, data: T, ctx: AppContext): Promise<void>;
}

/** Any button, for the registry: each one's data type is checked where it is declared. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyButton = Button<any>;

/** The button whose custom id this is, with the data the id carries; null when none parses it. */
export function findButton<T>(buttons: readonly Button<T>[], customId: string): { button: Button<T>; data: T } | null {
  for (const button of buttons) {
    const data = button.customId.parse(customId);
    if (data !== null) return { button, data };
  }
  return null;
}

export function isSingleHandler(handler: Command['handler']): handler is Handler {
  return typeof (handler as Handler).execute === 'function';
}
