// Who may do what (SPEC "Who may do what"), decided at the moment of the interaction against
// the current settings in the store — never cached, so /config disallow takes effect at once.
import { PermissionFlagsBits, type Interaction } from 'discord.js';
import type { GuildSettings } from './store/index.js';

export function hasManageGuild(interaction: Interaction<'cached'>): boolean {
  return interaction.memberPermissions.has(PermissionFlagsBits.ManageGuild);
}

/** Pure: an allowed user, or a member holding an allowed role. */
export function isTradeAllowed(userId: string, roleIds: readonly string[], settings: GuildSettings): boolean {
  if (settings.allowedUserIds.includes(userId)) return true;
  return roleIds.some((role) => settings.allowedRoleIds.includes(role));
}
