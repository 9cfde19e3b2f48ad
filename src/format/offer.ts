// Pure rendering of a trade offer as a Discord embed and its buttons. Kept free of Discord
// clients and Steam calls so every state and limit can be unit-tested.
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
} from 'discord.js';
import { ETradeOfferState, isOfferActive, offerStateName } from '../steam/enums.js';
import type { TradeHoldDurations, TradeOffer, TradeOfferAsset } from '../steam/types.js';
import { COLORS } from './colors.js';

export type OfferAction = 'accept' | 'decline' | 'cancel';

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

const FIELD_LIMIT = 1024;

const STATE_COLORS: Record<number, number> = {
  [ETradeOfferState.Active]: COLORS.active,
  [ETradeOfferState.Accepted]: COLORS.good,
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

const ACTION_PAST: Record<OfferAction, string> = { accept: 'accepted', decline: 'declined', cancel: 'canceled' };

/** Keeps Discord markdown in user text from formatting or pinging. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_`~|>[\]()#-])/g, '\\$1').replace(/@/g, '@\u200b');
}

function itemLabel(item: TradeOfferAsset): string {
  const d = item.description;
  if (!d) return `Unknown item (app ${item.appid}, class ${item.classid})`;
  // Steam community items carry their app id in market_hash_name ("753-Gems"); the name reads better.
  return d.name || d.marketHashName;
}

/** "3× Mann Co. Supply Crate Key" lines, most first, cut to fit a field. */
export function itemLines(items: readonly TradeOfferAsset[], limit = FIELD_LIMIT): string {
  if (items.length === 0) return '*nothing*';
  const counts = new Map<string, { count: number; missing: boolean }>();
  for (const item of items) {
    const label = itemLabel(item);
    const entry = counts.get(label) ?? { count: 0, missing: false };
    entry.count += item.amount;
    entry.missing ||= item.missing;
    counts.set(label, entry);
  }
  const sorted = [...counts.entries()].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0]));
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; i < sorted.length; i += 1) {
    const [label, { count, missing }] = sorted[i]!;
    const line = `${count.toLocaleString('en-US')}× ${escapeMarkdown(label)}${missing ? ' *(missing)*' : ''}`;
    const rest = sorted.length - i;
    const tail = `…and ${rest} more kind${rest === 1 ? '' : 's'}`;
    if (length + line.length + 1 + tail.length + 1 > limit) {
      lines.push(tail);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function unix(date: Date): number {
  return Math.floor(date.getTime() / 1000);
}

function holdText(hold: TradeHoldDurations): string | null {
  if (hold.bothEscrowSeconds <= 0) return null;
  const days = Math.ceil(hold.bothEscrowSeconds / 86400);
  return `Steam will hold the items for ${days} day${days === 1 ? '' : 's'} after acceptance`;
}

export function offerEmbed(view: OfferView): APIEmbed {
  const { offer } = view;
  const partnerName = view.partnerName ? escapeMarkdown(view.partnerName) : null;
  const profile = `https://steamcommunity.com/profiles/${offer.partner}`;
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
      value: `${partnerName ? `[${partnerName}](${profile})` : `[Steam profile](${profile})`} · \`${offer.partner}\``,
    },
    { name: `They give (${offer.itemsToReceive.length})`, value: side(offer.itemsToReceive), inline: true },
    { name: `We give (${offer.itemsToGive.length})`, value: side(offer.itemsToGive), inline: true },
  ];
  let state = `**${stateText}**`;
  if (view.actedBy) state += ` by <@${view.actedBy.userId}> <t:${Math.floor(view.actedBy.at / 1000)}:R>`;
  fields.push({ name: 'State', value: state, inline: true });
  if (isOfferActive(offer.state) && offer.expires.getTime() > 0) {
    fields.push({ name: 'Expires', value: `<t:${unix(offer.expires)}:R>`, inline: true });
  }
  const holds: string[] = [];
  if (view.hold) {
    const text = holdText(view.hold);
    if (text) holds.push(text);
  }
  if (offer.escrowEnds) holds.push(`In escrow until <t:${unix(offer.escrowEnds)}:f>`);
  if (holds.length) fields.push({ name: 'Trade hold', value: holds.join('\n') });
  if (view.stockChange)
    fields.push({ name: 'If accepted, stock changes by', value: view.stockChange.slice(0, FIELD_LIMIT) });
  if (view.note) fields.push({ name: 'Note', value: view.note.slice(0, FIELD_LIMIT) });

  const title = `${direction} #${offer.id}${isOfferActive(offer.state) ? '' : ` — ${stateText}`}`;
  return {
    title: title.slice(0, 256),
    url: `https://steamcommunity.com/tradeoffer/${offer.id}/`,
    color: STATE_COLORS[offer.state] ?? COLORS.muted,
    ...(offer.message
      ? { description: `> ${escapeMarkdown(offer.message).slice(0, 1000).replace(/\n/g, '\n> ')}` }
      : {}),
    fields,
    // Steam's time_created can be absent or out of range (read as 0): no timestamp rather than 1970.
    ...(offer.created.getTime() > 0
      ? { footer: { text: `Offer ${offer.id} · created` }, timestamp: offer.created.toISOString() }
      : { footer: { text: `Offer ${offer.id}` } }),
  };
}

export function offerButtonId(action: OfferAction, offerId: string): string {
  return `offer:${action}:${offerId}`;
}

export function parseOfferButtonId(customId: string): { action: OfferAction; offerId: string } | null {
  const match = /^offer:(accept|decline|cancel):(\d{1,20})$/.exec(customId);
  if (!match) return null;
  return { action: match[1] as OfferAction, offerId: match[2]! };
}

/** Accept/Decline on a received active offer, Cancel on a sent one; none once it is over. */
export function offerButtons(offer: TradeOffer): APIActionRowComponent<APIButtonComponent>[] {
  if (!isOfferActive(offer.state)) return [];
  const buttons: APIButtonComponent[] = offer.isOurOffer
    ? [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Cancel',
          custom_id: offerButtonId('cancel', offer.id),
        },
      ]
    : [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Success,
          label: 'Accept',
          custom_id: offerButtonId('accept', offer.id),
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Danger,
          label: 'Decline',
          custom_id: offerButtonId('decline', offer.id),
        },
      ];
  return [{ type: ComponentType.ActionRow, components: buttons }];
}

/** One line for an alert about a sent offer that changed state. */
export function sentOfferAlert(offer: TradeOffer, oldState: number | null, partnerName?: string | null): string {
  const who = partnerName ? `${escapeMarkdown(partnerName)} (\`${offer.partner}\`)` : `\`${offer.partner}\``;
  const from = oldState === null ? '' : ` (was ${offerStateName(oldState)})`;
  return `📤 Sent offer [#${offer.id}](https://steamcommunity.com/tradeoffer/${offer.id}/) to ${who} is now **${offerStateName(offer.state)}**${from}.`;
}

export function actionDoneText(action: OfferAction, offerId: string, actedBy: ActedBy | null): string {
  const who = actedBy ? ` by <@${actedBy.userId}> <t:${Math.floor(actedBy.at / 1000)}:R>` : '';
  return `Offer #${offerId} was already ${ACTION_PAST[actedBy?.action ?? action]}${who}.`;
}
