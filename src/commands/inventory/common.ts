// What /inventory show, /inventory contexts and the page buttons share: the `user` option and
// how a failure after a public deferral reaches the user privately. (The inventories are kept
// by the Steam layer, ctx.steam.inventoryCache; the listed pages by ctx.inventoryViews.)
import type { ChatInputCommandInteraction } from 'discord.js';
import { replyError } from '../../events/interactionCreate.js';
import type { AppContext } from '../../context.js';
import { invalidInput, UserError } from '../../errors.js';
import { describeError } from '../../format/errors.js';
import { SteamError } from '../../steam/errors.js';
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

/** A failure after a public deferReply, logged like the dispatcher logs and told privately. */
export async function failDeferred(
  interaction: ChatInputCommandInteraction<'cached'>,
  ctx: AppContext,
  error: unknown,
): Promise<void> {
  const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId });
  if (error instanceof SteamError) log.warn({ err: error }, 'inventory command failed on Steam');
  else if (!(error instanceof UserError)) log.error({ err: error }, 'inventory command failed');
  await replyError(interaction, describeError(error)).catch((replyFailure: unknown) =>
    log.warn({ err: replyFailure }, 'could not tell the user about a failure'),
  );
}
