// What /inventory show, /inventory contexts and the page buttons share: the `user` option and
// the per-app cache and views, which the application context holds (the inventories are kept
// by the Steam layer, ctx.steam.inventoryCache; the listed pages by ctx.inventoryViews).
import type { ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../../context.js';
import { invalidInput } from '../../errors.js';
import { parseProfileRef, type ProfileRef } from '../../steam/ids.js';

/** The parsed `user` option, or null for the bot account. Refused here, before anything reaches Steam. */
export function readUserOption(interaction: ChatInputCommandInteraction<'cached'>): ProfileRef | null {
  const raw = interaction.options.getString('user');
  if (raw === null || raw.trim() === '') return null;
  const parsed = parseProfileRef(raw);
  if (!parsed.ok) throw invalidInput('user', raw, parsed.reason);
  return parsed.value;
}

/** SteamID64 of the `user` option (resolving a custom URL through Steam), or the bot's own. */
export async function resolveUser(ref: ProfileRef | null, ctx: AppContext): Promise<string> {
  if (ref === null) return ctx.steam.steamid;
  return (await ctx.steam.users.resolve(ref)).steamid;
}

/** The persona name, when Steam tells it quickly (needs STEAM_API_KEY; never throws). */
export async function personaName(steamid: string, ctx: AppContext): Promise<string | null> {
  return (await ctx.steam.users.personaNames([steamid])).get(steamid) ?? null;
}
