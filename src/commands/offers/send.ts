// /offers send: everything is checked before Steam hears of it — partner, both asset lists,
// the message — then the assets are found in the inventories (which also tells their app and
// context), and the offer is sent exactly once: no retry here, and the HTTP layer repeats a
// POST only when Steam said 429 (it did not look at it).
import { MessageFlags, SlashCommandSubcommandBuilder } from 'discord.js';
import { UserError, invalidInput } from '../../errors.js';
import { escapeMarkdown } from '../../format/offer.js';
import { lookupProgressText, sendingText, sentOfferText, type LookupProgress } from '../../format/sendOffer.js';
import { MAX_OFFER_MESSAGE } from '../../steam/community.js';
import { EResult } from '../../steam/enums.js';
import { PrivateInventoryError, SteamEResultError, UnknownUserError } from '../../steam/errors.js';
import { parseProfileRef } from '../../steam/ids.js';
import type { EconItem, InventoryContext, OfferAssetRef } from '../../steam/types.js';
import { ProgressReporter } from '../progress.js';
import type { Subcommand } from '../types.js';
import type { InventoryCache } from '../../steam/inventoryCache.js';
import { loadCandidates } from './assetLookup.js';
import { itemWhere, parseAssetSpecList, resolveAssetSpec, type AssetSpec } from './assetSpec.js';

export interface SendInput {
  partner: string;
  /** From a trade URL; without it Steam accepts offers only to friends of the bot. */
  token?: string;
  give: AssetSpec[];
  receive: AssetSpec[];
  message: string;
}

/** Pure: the options as typed in Discord → a checked request, or a UserError naming the option. */
export function parseSendOptions(
  raw: { partner: string; give: string | null; receive: string | null; message: string | null },
  botSteamId: string,
): SendInput {
  const ref = parseProfileRef(raw.partner);
  if (!ref.ok) throw invalidInput('partner', raw.partner, `${ref.reason}; give a trade URL or a SteamID64`);
  let partner: string;
  let token: string | undefined;
  switch (ref.value.kind) {
    case 'tradeUrl':
      partner = ref.value.tradeUrl.steamid;
      token = ref.value.tradeUrl.token;
      break;
    case 'steamid':
      partner = ref.value.steamid;
      break;
    case 'vanity':
      throw invalidInput('partner', raw.partner, 'is a custom profile URL; give the trade URL or a SteamID64');
  }
  if (partner === botSteamId) throw invalidInput('partner', raw.partner, 'is the bot account itself');

  const lists: Record<'give' | 'receive', AssetSpec[]> = { give: [], receive: [] };
  for (const option of ['give', 'receive'] as const) {
    const text = raw[option] ?? '';
    const parsed = parseAssetSpecList(text);
    if (!parsed.ok) throw invalidInput(option, text, parsed.reason);
    lists[option] = parsed.value;
  }
  if (lists.give.length === 0 && lists.receive.length === 0) {
    throw new UserError(
      'Nothing to trade: list asset ids in `give` (the bot’s items) and/or `receive` (the partner’s items). Nothing was sent to Steam.',
    );
  }
  const message = raw.message ?? '';
  if (message.length > MAX_OFFER_MESSAGE) {
    throw invalidInput('message', message, `is ${message.length} characters long; Steam allows ${MAX_OFFER_MESSAGE}`);
  }
  return { partner, ...(token !== undefined ? { token } : {}), give: lists.give, receive: lists.receive, message };
}

/**
 * Steam's refusal, in words that say what to do. AccessDenied (15) without a token almost
 * always means "not friends". An unclear answer (Timeout 16, no answer) never reaches here as a plain
 * error: SteamClient looks for the offer first and says SendOutcomeUnknownError when it is not found.
 */
export function explainSendFailure(error: unknown, hadToken: boolean): unknown {
  if (!(error instanceof SteamEResultError) || error.cause) return error;
  const said = error.steamMessage ? ` Steam said: “${error.steamMessage}”.` : '';
  if (error.eresult === EResult.AccessDenied) {
    return new UserError(
      hadToken
        ? `Steam refused the offer (AccessDenied, EResult 15).${said} The trade URL may be out of date, or the partner's inventory is private or full, or one of the accounts cannot trade right now.`
        : `Steam refused the offer (AccessDenied, EResult 15).${said} A bare SteamID64 works only for friends of the bot account: put the partner's trade URL in \`partner\` instead (they find it at https://steamcommunity.com/my/tradeoffers/privacy).`,
    );
  }
  return error;
}

function contextNames(contexts: readonly InventoryContext[]): string {
  if (contexts.length === 0) return 'it has no items';
  const names = contexts.slice(0, 5).map((c) => `${c.appName} ${c.appid}/${c.contextid}`);
  return `looked in ${names.join(', ')}${contexts.length > 5 ? ` and ${contexts.length - 5} more` : ''}`;
}

/** The items and amounts the entries name, or a UserError naming the first entry that is wrong. */
async function findAssets(
  inventories: InventoryCache,
  owner: string,
  specs: AssetSpec[],
  option: 'give' | 'receive',
  whose: string,
  progress: ProgressReporter,
): Promise<Array<{ item: EconItem; amount: number }>> {
  if (specs.length === 0) return [];
  let loaded;
  try {
    loaded = await loadCandidates(inventories, owner, specs, async (p) => {
      const facts: LookupProgress = { option, whose, wanted: specs.length, ...p };
      progress.report(lookupProgressText(facts));
    });
  } catch (error) {
    if (error instanceof PrivateInventoryError) {
      throw new UserError(
        `\`${option}\`: ${whose} is private, so its items cannot be looked up. Nothing was sent to Steam.`,
      );
    }
    if (error instanceof UnknownUserError) {
      throw new UserError(`\`${option}\`: Steam does not know the account ${owner}. Nothing was sent to Steam.`);
    }
    throw error;
  }
  const chosen: Array<{ item: EconItem; amount: number }> = [];
  const missing: string[] = [];
  for (const spec of specs) {
    const found = resolveAssetSpec(spec, loaded.items);
    if (found.kind === 'missing') missing.push(spec.text);
    else if (found.kind === 'ambiguous') {
      const list = found.candidates.map((c) => `\`${itemWhere(c)}\` (${escapeMarkdown(itemName(c))})`).join(', ');
      throw invalidInput(
        option,
        spec.text,
        `is in more than one inventory (${list}); write it as app/context/asset, e.g. \`${itemWhere(found.candidates[0]!)}\``,
      );
    } else if (found.kind === 'badAmount') throw invalidInput(option, spec.text, found.reason);
    else chosen.push({ item: found.item, amount: found.amount });
  }
  if (missing.length > 0) {
    const verb = missing.length === 1 ? 'is' : 'are';
    throw invalidInput(option, missing.join(', '), `${verb} not in ${whose} (${contextNames(loaded.searched)})`);
  }
  const untradable = chosen.find(({ item }) => item.description && !item.description.tradable);
  if (untradable) {
    throw invalidInput(
      option,
      untradable.item.assetid,
      `is “${escapeMarkdown(itemName(untradable.item))}”, which cannot be traded right now`,
    );
  }
  return chosen;
}

function itemName(item: EconItem): string {
  return item.description?.marketHashName || item.description?.name || `class ${item.classid}`;
}

function toRef({ item, amount }: { item: EconItem; amount: number }): OfferAssetRef {
  return { appid: item.appid, contextid: item.contextid, assetid: item.assetid, amount };
}

/** The item as it will move: the chosen part of a stack. */
const asTraded = ({ item, amount }: { item: EconItem; amount: number }): EconItem => ({ ...item, amount });

export const send: Subcommand = {
  data: new SlashCommandSubcommandBuilder()
    .setName('send')
    .setDescription('Send a trade offer from the bot account')
    .addStringOption((o) =>
      o
        .setName('partner')
        .setDescription('The partner’s trade URL (a SteamID64 works only for friends of the bot)')
        .setRequired(true),
    )
    .addStringOption((o) =>
      o
        .setName('give')
        .setDescription(
          'Bot’s items: asset ids or app/context/asset (753/6/123), comma-separated; stacks need :amount',
        ),
    )
    .addStringOption((o) =>
      o
        .setName('receive')
        .setDescription('Partner’s items: asset ids or app/context/asset, comma-separated; stacks need :amount'),
    )
    .addStringOption((o) =>
      o
        .setName('message')
        .setDescription(`A message with the offer (up to ${MAX_OFFER_MESSAGE} characters)`)
        .setMaxLength(MAX_OFFER_MESSAGE),
    ),
  requires: 'trade',
  action: 'send',
  async execute(interaction, ctx) {
    const input = parseSendOptions(
      {
        partner: interaction.options.getString('partner', true),
        give: interaction.options.getString('give'),
        receive: interaction.options.getString('receive'),
        message: interaction.options.getString('message'),
      },
      ctx.steam.steamid,
    );
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // A failed progress edit never stops the send.
    const progress = new ProgressReporter(
      (content) => interaction.editReply({ content, allowedMentions: { parse: [] } }),
      { onError: (error) => ctx.logger.debug({ err: error }, 'progress edit failed') },
    );
    const inventories = ctx.steam.inventoryCache;
    let give: Array<{ item: EconItem; amount: number }>;
    let receive: Array<{ item: EconItem; amount: number }>;
    try {
      give = await findAssets(inventories, ctx.steam.steamid, input.give, 'give', 'the bot’s inventory', progress);
      receive = await findAssets(
        inventories,
        input.partner,
        input.receive,
        'receive',
        'the partner’s inventory',
        progress,
      );
      await progress.show(sendingText(give.length, receive.length));
    } finally {
      // No late progress line may overwrite the answer (or the reason it failed).
      await progress.close();
    }

    ctx.logger.info(
      { partner: input.partner, give: give.length, receive: receive.length, withToken: input.token !== undefined },
      'sending trade offer',
    );
    let result;
    try {
      result = await ctx.steam.sendOffer({
        partner: input.partner,
        token: input.token,
        give: give.map(toRef),
        receive: receive.map(toRef),
        message: input.message,
      });
    } catch (error) {
      ctx.telemetry.action('send', 'failed');
      // SteamClient already acknowledged the trade-protection notice and retried once if needed.
      throw explainSendFailure(error, input.token !== undefined);
    }
    ctx.telemetry.action('send', 'sent');
    // Logged before the reply, so the id is known even if Discord cannot be told.
    ctx.logger.info(
      {
        offerId: result.tradeofferid,
        partner: input.partner,
        needsMobileConfirmation: result.needsMobileConfirmation,
        confirmed: result.confirmed,
        by: interaction.user.id,
      },
      'trade offer sent',
    );
    const names = await ctx.steam.users.personaNames([input.partner]);
    await interaction.editReply({
      content: sentOfferText({
        offerId: result.tradeofferid,
        partner: input.partner,
        partnerName: names.get(input.partner) ?? null,
        give: give.map(asTraded),
        receive: receive.map(asTraded),
        needsMobileConfirmation: result.needsMobileConfirmation,
        needsEmailConfirmation: result.needsEmailConfirmation,
        confirmed: result.confirmed,
        confirmationProblem: result.confirmationProblem,
        unclearAnswer: result.unclearAnswer,
      }),
      allowedMentions: { parse: [] },
    });
  },
};
