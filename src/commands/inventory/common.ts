// What /inventory show, /inventory contexts and the page buttons share: the `user` option,
// the per-app cache, and how a failure after a public deferral reaches the user ephemerally.
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../../context.js';
import { invalidInput, UserError } from '../../errors.js';
import { describeError } from '../../format/errors.js';
import { SteamError } from '../../steam/errors.js';
import { parseProfileRef, type ProfileRef } from '../../steam/ids.js';
import { InventoryCache } from './cache.js';

// One cache per running app (not a module global), found from the context handed to handlers.
const caches = new WeakMap<AppContext, InventoryCache>();

export function inventoryCacheFor(ctx: AppContext): InventoryCache {
  let cache = caches.get(ctx);
  if (!cache) {
    cache = new InventoryCache();
    caches.set(ctx, cache);
  }
  return cache;
}

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
  const summaries = await ctx.steam.users.summaries([steamid]);
  return summaries.get(steamid)?.personaName ?? null;
}

export const FAILED_PUBLIC_NOTE = 'That did not work; the reason was shown only to the person who asked.';

/**
 * A failure after a public deferReply: the reason goes to the person who asked in an
 * ephemeral follow-up, and the public "thinking…" message is removed (SPEC: private inventory
 * and unknown user get "a clear ephemeral message"). Discord turns the first follow-up after
 * a deferral into the content of the "thinking…" message itself, so that message is filled
 * first; otherwise the reason would be public and then deleted. Logged like the dispatcher logs.
 */
export async function failDeferred(
  interaction: ChatInputCommandInteraction<'cached'>,
  ctx: AppContext,
  error: unknown,
): Promise<void> {
  const log = ctx.logger.child({ userId: interaction.user.id, guildId: interaction.guildId });
  if (error instanceof SteamError) log.warn({ err: error }, 'inventory command failed on Steam');
  else if (!(error instanceof UserError)) log.error({ err: error }, 'inventory command failed');
  const text = describeError(error);
  try {
    await interaction.editReply({ content: FAILED_PUBLIC_NOTE, embeds: [], components: [] });
    await interaction.followUp({ content: text, flags: MessageFlags.Ephemeral });
  } catch (followUpFailure) {
    // Better said in public than not at all.
    log.warn({ err: followUpFailure }, 'could not send an ephemeral follow-up; editing the reply instead');
    await interaction
      .editReply({ content: text, embeds: [], components: [] })
      .catch((editFailure: unknown) => log.warn({ err: editFailure }, 'could not tell the user about a failure'));
    return;
  }
  await interaction
    .deleteReply()
    .catch((deleteFailure: unknown) => log.warn({ err: deleteFailure }, 'could not delete the deferred reply'));
}
