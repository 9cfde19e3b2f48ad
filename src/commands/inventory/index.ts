import { commandWithSubcommands } from '../types.js';
import { contexts } from './contexts.js';
import { show } from './show.js';

export { inventoryPageButton } from './page.js';

export const inventoryCommand = commandWithSubcommands({
  name: 'inventory',
  description: 'Steam inventories: items with quantities, and which apps and contexts a user has',
  subcommands: [show, contexts],
});
