// /offers send: the progress shown while inventories load, and the final answer.
import type { EconItem, InventoryContext, InventoryProgress } from '../steam/types.js';
import { escapeMarkdown } from './offer.js';
import { inlineItems, itemLabel, totalAmount } from './items.js';
import { partnerText } from './offerList.js';
import { plural, thousands } from './text.js';

/** Each side's item names get this much room; the whole reply stays far below 2,000 characters. */
const SIDE_LIMIT = 600;

export interface LookupProgress {
  /** The option whose assets are being looked for: give or receive. */
  option: 'give' | 'receive';
  /** "the bot's inventory" or "the partner's inventory". */
  whose: string;
  wanted: number;
  found: number;
  /** The context being loaded, null while the list of contexts is read. */
  context: InventoryContext | null;
  progress: InventoryProgress | null;
}

export function lookupProgressText(p: LookupProgress): string {
  const head = `⏳ Looking for the ${plural(p.wanted, 'item')} of \`${p.option}\` in ${p.whose}`;
  if (!p.context) return `${head}: reading its list of games…`;
  const where = `${escapeMarkdown(p.context.appName)} ${p.context.appid}/${p.context.contextid}`;
  const loaded = p.progress
    ? p.progress.totalItems !== null
      ? ` (${thousands(p.progress.itemsLoaded)} of ${thousands(p.progress.totalItems)} items loaded)`
      : ` (${thousands(p.progress.itemsLoaded)} items loaded)`
    : '';
  return `${head}: loading ${where}${loaded}… found ${p.found} of ${p.wanted} so far.`;
}

export function sendingText(give: number, receive: number): string {
  return `⏳ All items found. Sending the offer (we give ${give}, we receive ${receive})…`;
}

function sideText(items: readonly EconItem[]): string {
  if (items.length === 0) return 'nothing';
  const counted = items.map((item) => ({ label: itemLabel(item), amount: item.amount }));
  return `${thousands(totalAmount(items))} — ${inlineItems(counted, SIDE_LIMIT)}`;
}

export interface SentOfferFacts {
  offerId: string;
  partner: string;
  partnerName?: string | null;
  give: readonly EconItem[];
  receive: readonly EconItem[];
  needsMobileConfirmation: boolean;
  needsEmailConfirmation: boolean;
  /** tradedesk confirmed it on mobile itself (STEAM_IDENTITY_SECRET). */
  confirmed: boolean;
  /** Why tradedesk's own confirmation failed (Steam's words), if it did. */
  confirmationProblem?: string | null;
  /** Steam's unclear answer to the send, when the offer was found among the sent offers instead. */
  unclearAnswer?: string | null;
}

export function sentOfferText(f: SentOfferFacts): string {
  const link = `[#${f.offerId}](https://steamcommunity.com/tradeoffer/${f.offerId}/)`;
  const lines = [
    `✅ Sent trade offer ${link} to ${partnerText(f.partner, f.partnerName)}.`,
    `**We give:** ${sideText(f.give)}`,
    `**We receive:** ${sideText(f.receive)}`,
  ];
  if (f.unclearAnswer)
    lines.push(
      `⚠️ Steam’s answer was unclear (${f.unclearAnswer}); tradedesk found this offer among the bot’s sent offers, so it was not sent again.`,
    );
  if (f.confirmed) lines.push('📱 Confirmed on mobile automatically by tradedesk; the partner can see it now.');
  else if (f.needsMobileConfirmation)
    lines.push(
      `📱 **Awaits mobile confirmation**: confirm it in the Steam mobile app of the bot account before the partner can see it.${f.confirmationProblem ? ` tradedesk could not confirm it: Steam said ${f.confirmationProblem}.` : ''}`,
    );
  else if (f.needsEmailConfirmation)
    lines.push(
      '✉️ **Awaits email confirmation**: confirm it from the bot account’s email before the partner can see it.',
    );
  else lines.push('No confirmation needed; the partner can see it now.');
  return lines.join('\n');
}
