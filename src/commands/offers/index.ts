import { commandWithSubcommands } from '../types.js';
import { accept } from './accept.js';
import { cancel } from './cancel.js';
import { decline } from './decline.js';
import { history } from './history.js';
import { list } from './list.js';
import { send } from './send.js';
import { show } from './show.js';
import { summary } from './summary.js';

export { historyPageButton } from './history.js';
export { listPageButton } from './list.js';

export const offersCommand = commandWithSubcommands({
  name: 'offers',
  description: 'Trade offers of the bot account',
  subcommands: [list, show, accept, decline, cancel, send, history, summary],
});
