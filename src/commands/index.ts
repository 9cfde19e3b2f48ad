// The explicit registry: the same list builds the dispatch map and the JSON registered with
// Discord at startup, so a command cannot be registered without a handler or vice versa.
import type { ButtonHandler } from '../events/interactionCreate.js';
import { configCommand } from './config/index.js';
import { INVENTORY_PAGE_PREFIX } from '../format/inventory.js';
import { inventoryCommand, inventoryPageButton } from './inventory/index.js';
import { offerButton } from './offers/action.js';
import { offersCommand, offersPageButton } from './offers/index.js';
import { OFFERS_PAGE_PREFIX } from '../format/paging.js';
import { statusCommand } from './status.js';
import { tradebotsCommand } from './tradebots/index.js';
import type { Command } from './types.js';

const all: Command[] = [configCommand, inventoryCommand, offersCommand, statusCommand, tradebotsCommand];

export const commands: ReadonlyMap<string, Command> = new Map(all.map((command) => [command.data.name, command]));

export const buttonHandlers: ReadonlyMap<string, ButtonHandler> = new Map<string, ButtonHandler>([
  ['offer', offerButton],
  [INVENTORY_PAGE_PREFIX, inventoryPageButton],
  [OFFERS_PAGE_PREFIX, offersPageButton],
]);
