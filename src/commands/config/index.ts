import { commandWithSubcommands } from '../types.js';
import { allow } from './allow.js';
import { channel } from './channel.js';
import { disallow } from './disallow.js';
import { show } from './show.js';

export const configCommand = commandWithSubcommands({
  name: 'config',
  description: 'tradedesk settings for this server',
  // No default_member_permissions: /config show is open to members allowed to trade, and Discord
  // can only hide a whole command. The bot checks Manage Server on every change (channel,
  // allow, disallow) at the moment of use, as it always did.
  subcommands: [channel, allow, disallow, show],
});
