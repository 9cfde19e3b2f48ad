// Accept / Decline / Cancel, shared by the buttons on offer cards and by /offers accept|decline|cancel.
// The permission check happens here, at the moment of the click, against the current settings.
import { MessageFlags, type ButtonInteraction, type ChatInputCommandInteraction } from 'discord.js';
import type { AppContext } from '../../context.js';
import { UserError, invalidInput } from '../../errors.js';
import { refusalFor } from '../../events/interactionCreate.js';
import { parseOfferButtonId, type OfferAction } from '../../format/offer.js';
import { isTradeOfferId } from '../../steam/ids.js';
import type { ActionResult } from '../../telemetry.js';

const DONE: Record<OfferAction, ActionResult> = { accept: 'accepted', decline: 'declined', cancel: 'canceled' };

export async function runOfferAction(
  interaction: ButtonInteraction<'cached'> | ChatInputCommandInteraction<'cached'>,
  ctx: AppContext,
  action: OfferAction,
  offerId: string,
): Promise<void> {
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const outcome = await ctx.offerActions
    .perform(offerId, action, { userId: interaction.user.id, guildId: interaction.guildId })
    .catch((error: unknown) => {
      ctx.telemetry.action(action, error instanceof UserError ? 'refused' : 'failed');
      throw error;
    });
  ctx.telemetry.action(action, outcome.performed ? DONE[action] : 'refused');
  await interaction.editReply({ content: outcome.text });
}

export async function offerButton(interaction: ButtonInteraction<'cached'>, ctx: AppContext): Promise<void> {
  const parsed = parseOfferButtonId(interaction.customId);
  if (!parsed) throw invalidInput('button', interaction.customId, 'is not an offer button');
  const refusal = await refusalFor('trade', interaction, ctx);
  if (refusal) {
    ctx.logger.info({ userId: interaction.user.id, offerId: parsed.offerId, action: parsed.action }, 'button refused');
    ctx.telemetry.action(parsed.action, 'refused');
    await interaction.reply({ content: refusal, flags: MessageFlags.Ephemeral });
    return;
  }
  await runOfferAction(interaction, ctx, parsed.action, parsed.offerId);
}

/** The `id` option of /offers accept|decline|cancel|show, refused before anything reaches Steam. */
export function offerIdOption(interaction: ChatInputCommandInteraction<'cached'>): string {
  const raw = interaction.options.getString('id', true).trim().replace(/^#/, '');
  // People paste the offer URL as often as the id.
  const fromUrl = /tradeoffer\/(\d+)/.exec(raw)?.[1];
  const id = fromUrl ?? raw;
  if (!isTradeOfferId(id)) throw invalidInput('id', raw, 'is not a trade offer id (a number like 7412345678)');
  return id;
}
