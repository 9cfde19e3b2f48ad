import { commandWithSubcommands } from '../types.js';
import { preview } from './preview.js';
import { publish } from './publish.js';

export const tradebotsCommand = commandWithSubcommands({
  name: 'tradebots',
  description: 'SteamTradeBots.com listing: preview and publish the bot’s status, rates and stock',
  subcommands: [preview, publish],
});
