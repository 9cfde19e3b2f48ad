import { PermissionFlagsBits } from 'discord.js';
import { commandWithSubcommands } from '../types.js';
import { allow } from './allow.js';
import { channel } from './channel.js';
import { disallow } from './disallow.js';
import { show } from './show.js';

export const configCommand = commandWithSubcommands({
  name: 'config',
  description: 'tradedesk settings for this server',
  // The first gate; the bot checks Manage Server again on every use (server overrides can change it).
  defaultMemberPermissions: PermissionFlagsBits.ManageGuild,
  subcommands: [channel, allow, disallow, show],
});
