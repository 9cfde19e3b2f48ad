// The explicit registry: the same list builds the dispatch map and the JSON registered with
// Discord at startup, so a command cannot be registered without a handler or vice versa. The
// buttons are listed the same way; each one's custom id codec says which ids are its own.
import { configCommand } from './config/index.js';
import { inventoryCommand, inventoryPageButton } from './inventory/index.js';
import { offerButton } from './offers/action.js';
import { historyPageButton, listPageButton, offersCommand } from './offers/index.js';
import { statusCommand } from './status.js';
import { tradebotsCommand } from './tradebots/index.js';
import type { AnyButton, Command } from './types.js';

const all: Command[] = [configCommand, inventoryCommand, offersCommand, statusCommand, tradebotsCommand];

export const commands: ReadonlyMap<string, Command> = new Map(all.map((command) => [command.data.name, command]));

export const buttons: readonly AnyButton[] = [offerButton, listPageButton, historyPageButton, inventoryPageButton];
