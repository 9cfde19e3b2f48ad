// Pure rendering of a trade offer as a Discord embed and its buttons. Kept free of Discord
// clients and Steam calls so every state and limit can be unit-tested.
import {
  ButtonStyle,
  ComponentType,
  hyperlink,
  inlineCode,
  time,
  TimestampStyles,
  userMention,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { z } from 'zod';
import { ETradeOfferState, isOfferActive, offerStateName } from '../steam/enums.js';
import { byItemName } from '../steam/inventoryGroups.js';
import type { TradeHoldDurations, TradeOffer, TradeOfferAsset } from '../steam/types.js';
import { COLORS } from './colors.js';
import { customIdCodec } from './customId.js';
import { namingText, renamedFirst, totalAmount, warningLines } from './items.js';
import { EMBED_LIMITS } from './limits.js';
import { cleanText, cut, markdownText, plural, steamLine, steamMessageBlock, thousands } from './text.js';

export const OFFER_ACTIONS = ['accept', 'decline', 'cancel'] as const;
export type OfferAction = (typeof OFFER_ACTIONS)[number];

export interface ActedBy {
  userId: string;
  action: OfferAction;
  at: number;
}

export interface OfferView {
  offer: TradeOffer;
  partnerName?: string | null;
  hold?: TradeHoldDurations | null;
  actedBy?: ActedBy | null;
  /** "+2 sets (730), −1,000 gems" from the stock engine, when it is known. */
  stockChange?: string | null;
  /** A note such as "confirmed on mobile automatically". */
  note?: string | null;
}

/** Steam caps persona names at 32 characters; anything longer is cut here, whatever Steam sends. */
const PERSONA_LIMIT = 64;
/** Steam caps offer messages at 128 characters; the embed description allows 4096. */
const MESSAGE_LIMIT = 1000;

const STATE_COLORS: Record<number, number> = {
  [ETradeOfferState.Active]: COLORS.active,
  [ETradeOfferState.Accepted]: COLORS.accepted,
  [ETradeOfferState.CreatedNeedsConfirmation]: COLORS.warning,
  [ETradeOfferState.InEscrow]: COLORS.warning,
  [ETradeOfferState.Countered]: COLORS.muted,
  [ETradeOfferState.Expired]: COLORS.muted,
  [ETradeOfferState.Canceled]: COLORS.muted,
  [ETradeOfferState.Declined]: COLORS.bad,
  [ETradeOfferState.InvalidItems]: COLORS.bad,
  [ETradeOfferState.CanceledBySecondFactor]: COLORS.bad,
  [ETradeOfferState.Reverted]: COLORS.bad,
  [ETradeOfferState.Invalid]: COLORS.bad,
};

/** What each action makes of an offer, in Steam's words (ETradeOfferState 3, 7, 6). */
export const ACTION_PAST = { accept: 'accepted', decline: 'declined', cancel: 'canceled' } as const satisfies Record<
  OfferAction,
  string
>;

/** Cleans and escapes text from Steam or a user (kept under this name for its callers). */
export const escapeMarkdown = markdownText;

function itemKey(item: TradeOfferAsset): string {
  const d = item.description;
  if (!d) return `unknown\0${item.appid}\0${item.classid}`;
  return [d.name, d.marketHashName, ...d.fraudWarnings].join('\0');
}

function itemText(item: TradeOfferAsset): string {
  const d = item.description;
  if (!d) return `Unknown item (app ${item.appid}, class ${item.classid})`;
  return namingText(d);
}

/**
 * "3× Mann Co. Supply Crate Key" lines, most first, cut to fit a field. The display name is
 * followed by market_hash_name when they differ, a renamed item is marked, and each fraud
 * warning follows its item on a "⚠" line.
 */
export function itemLines(items: readonly TradeOfferAsset[], limit = EMBED_LIMITS.fieldValue): string {
  if (items.length === 0) return '*nothing*';
  const kinds = new Map<string, { item: TradeOfferAsset; count: number; missing: boolean }>();
  for (const item of items) {
    const key = itemKey(item);
    const entry = kinds.get(key) ?? { item, count: 0, missing: false };
    entry.count += item.amount;
    entry.missing ||= item.missing;
    kinds.set(key, entry);
  }
  const sorted = [...kinds.values()]
    .map((entry) => ({ ...entry, text: itemText(entry.item) }))
    .sort((a, b) => b.count - a.count || renamedFirst(a.text, b.text) || byItemName(a.text, b.text));
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const { item, count, missing, text } = sorted[i]!;
    const warnings = item.description ? warningLines(item.description).map((w) => `  ${w}`) : [];
    const entry = [`${thousands(count)}× ${text}${missing ? ' *(missing)*' : ''}`, ...warnings]
      .map((line) => cut(line, limit - 40))
      .join('\n');
    const rest = sorted.length - i;
    const tail = `…and ${plural(rest, 'more kind')}`;
    if (length + entry.length + 1 + tail.length + 1 > limit) {
      lines.push(tail);
      break;
    }
    lines.push(entry);
    length += entry.length + 1;
  }
  return lines.join('\n');
}

function cleanMessage(message: string): string {
  return cleanText(message).trim();
}

function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function holdText(hold: TradeHoldDurations): string | null {
  if (hold.bothEscrowSeconds <= 0) return null;
  const days = Math.ceil(hold.bothEscrowSeconds / 86400);
  return `Steam will hold the items for ${plural(days, 'day')} after acceptance`;
}

export function offerEmbed(view: OfferView): APIEmbed {
  const { offer } = view;
  const partnerName = view.partnerName ? steamLine(view.partnerName, PERSONA_LIMIT) : null;
  const profile = `https://steamcommunity.com/profiles/${offer.partner}`;
  const theyGive = thousands(totalAmount(offer.itemsToReceive));
  const weGive = thousands(totalAmount(offer.itemsToGive));
  const direction = offer.isOurOffer ? 'Sent trade offer' : 'Trade offer';
  const stateText = offerStateName(offer.state);
  // "missing" warns while the offer can still go ahead (or says why it could not); once it went
  // through, the items moved because of it, and marking them would read like an error.
  const showMissing = isOfferActive(offer.state) || offer.state === ETradeOfferState.InvalidItems;
  const side = (items: readonly TradeOfferAsset[]) =>
    itemLines(showMissing ? items : items.map((item) => ({ ...item, missing: false })));
  const fields: APIEmbed['fields'] = [
    {
      name: 'Partner',
      // The name is not a link: a persona name can itself look like a URL.
      value: `${partnerName ? `**${partnerName}** · ` : ''}${hyperlink('Steam profile', profile)} · ${inlineCode(offer.partner)}`,
    },
    { name: `They give (${theyGive})`, value: side(offer.itemsToReceive), inline: true },
    { name: `We give (${weGive})`, value: side(offer.itemsToGive), inline: true },
  ];
  let state = `**${stateText}**`;
  if (view.actedBy)
    state += ` by ${userMention(view.actedBy.userId)} ${time(unix(new Date(view.actedBy.at)), TimestampStyles.RelativeTime)}`;
  fields.push({ name: 'State', value: state, inline: true });
  if (isOfferActive(offer.state) && offer.expires.getTime() > 0) {
    fields.push({ name: 'Expires', value: time(unix(offer.expires), TimestampStyles.RelativeTime), inline: true });
  }
  const holds: string[] = [];
  if (view.hold) {
    const text = holdText(view.hold);
    if (text) holds.push(text);
  }
  if (offer.escrowEnds) holds.push(`In escrow until ${time(unix(offer.escrowEnds), TimestampStyles.ShortDateTime)}`);
  if (holds.length) fields.push({ name: 'Trade hold', value: holds.join('\n') });
  if (view.stockChange)
    fields.push({ name: 'If accepted, stock changes by', value: steamLine(view.stockChange, EMBED_LIMITS.fieldValue) });
  if (view.note) fields.push({ name: 'Note', value: cut(view.note, EMBED_LIMITS.fieldValue) });

  const title = `${direction} #${offer.id}${isOfferActive(offer.state) ? '' : ` — ${stateText}`}`;
  return {
    title: cut(title, EMBED_LIMITS.title),
    url: `https://steamcommunity.com/tradeoffer/${offer.id}/`,
    color: STATE_COLORS[offer.state] ?? COLORS.muted,
    // A code block: nothing in a stranger's message formats, pings or becomes a link.
    ...(offer.message && cleanMessage(offer.message)
      ? {
          description: `Message from the ${offer.isOurOffer ? 'bot' : 'partner'}:\n${steamMessageBlock(offer.message, MESSAGE_LIMIT)}`,
        }
      : {}),
    fields,
    // Steam's time_created can be absent or out of range (read as 0): no timestamp rather than 1970.
    ...(offer.created.getTime() > 0
      ? { footer: { text: `Offer ${offer.id} · created` }, timestamp: offer.created.toISOString() }
      : { footer: { text: `Offer ${offer.id}` } }),
  };
}

/**
 * offer:<accept|decline|cancel>:<trade offer id>, the buttons of a card. Declared here, not beside
 * their handler (commands/offers/action.ts), because the feed puts them on the cards it posts.
 */
export const offerButtonId = customIdCodec('offer', {
  action: z.enum(OFFER_ACTIONS),
  offerId: z.string().regex(/^\d{1,20}$/),
});

/** Accept/Decline on a received active offer, Cancel on a sent one; none once it is over. */
export function offerButtons(offer: TradeOffer): APIActionRowComponent<APIButtonComponent>[] {
  if (!isOfferActive(offer.state)) return [];
  const buttons: APIButtonComponent[] = offer.isOurOffer
    ? [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Cancel',
          custom_id: offerButtonId.build({ action: 'cancel', offerId: offer.id }),
        },
      ]
    : [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: 'Accept',
          custom_id: offerButtonId.build({ action: 'accept', offerId: offer.id }),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Decline',
          custom_id: offerButtonId.build({ action: 'decline', offerId: offer.id }),
        },
      ];
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

/** One line for an alert about a sent offer that changed state. */
export function sentOfferAlert(offer: TradeOffer, oldState: number | null, partnerName?: string | null): string {
  const id = inlineCode(offer.partner);
  const who = partnerName ? `${steamLine(partnerName, PERSONA_LIMIT)} (${id})` : id;
  const from = oldState === null ? '' : ` (was ${offerStateName(oldState)})`;
  const link = hyperlink(`#${offer.id}`, `https://steamcommunity.com/tradeoffer/${offer.id}/`);
  return `📤 Sent offer ${link} to ${who} is now **${offerStateName(offer.state)}**${from}.`;
}

export function actionDoneText(action: OfferAction, offerId: string, actedBy: ActedBy | null): string {
  const who = actedBy
    ? ` by ${userMention(actedBy.userId)} ${time(unix(new Date(actedBy.at)), TimestampStyles.RelativeTime)}`
    : '';
  return `Offer #${offerId} was already ${ACTION_PAST[actedBy?.action ?? action]}${who}.`;
}
