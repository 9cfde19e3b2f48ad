// /offers list: one line per offer — id, partner, state, item counts — newest first, paged.
import type { APIEmbed } from 'discord.js';
import { offerStateName } from '../steam/enums.js';
import type { TradeOffer } from '../steam/types.js';
import { COLORS } from './colors.js';
import { totalAmount } from './items.js';
import { EMBED_LIMITS } from './limits.js';
import { escapeMarkdown } from './offer.js';
import { clampPage, paginate } from './paging.js';
import { plural, thousands } from './text.js';

/** Ten lines per page keeps a page readable on a phone and far below the 4096 description limit. */
export const OFFERS_PER_PAGE = 10;
/** Persona names can be 32 characters; escaped they grow, so cut before escaping. */
const NAME_LIMIT = 32;

export type OfferDirection = 'received' | 'sent' | 'all';

export interface OfferListQuery {
  direction: OfferDirection;
  activeOnly: boolean;
  /** For inactive offers: how far back Steam was asked to look. */
  historyDays: number;
}

/** Newest first (time created), ties by offer id, newest id first. */
export function sortNewestFirst(offers: readonly TradeOffer[]): TradeOffer[] {
  return [...offers].sort((a, b) => {
    const byTime = b.created.getTime() - a.created.getTime();
    if (byTime !== 0) return byTime;
    const ai = BigInt(a.id);
    const bi = BigInt(b.id);
    return ai === bi ? 0 : ai < bi ? 1 : -1;
  });
}

export function partnerText(steamid: string, name: string | null | undefined): string {
  if (!name) return `\`${steamid}\``;
  const short = name.length > NAME_LIMIT ? `${name.slice(0, NAME_LIMIT - 1)}…` : name;
  return `${escapeMarkdown(short)} (\`${steamid}\`)`;
}

/**
 * `#7412345678` · **Active** · from Alice (`7656…`) · they give 3 · we give 1 · <t:…:R>
 * "from" marks a received offer, "to" a sent one.
 */
export function offerListLine(offer: TradeOffer, partnerName?: string | null): string {
  const link = `[#${offer.id}](https://steamcommunity.com/tradeoffer/${offer.id}/)`;
  const who = `${offer.isOurOffer ? 'to' : 'from'} ${partnerText(offer.partner, partnerName)}`;
  const theyGive = thousands(totalAmount(offer.itemsToReceive));
  const weGive = thousands(totalAmount(offer.itemsToGive));
  const when = offer.created.getTime() > 0 ? ` · <t:${Math.floor(offer.created.getTime() / 1000)}:R>` : '';
  return `${link} · **${offerStateName(offer.state)}** · ${who} · they give ${theyGive} · we give ${weGive}${when}`;
}

function listTitle(query: OfferListQuery): string {
  const what = { received: 'Received trade offers', sent: 'Sent trade offers', all: 'Trade offers' }[query.direction];
  return query.activeOnly ? `${what} — active` : `${what} — active and changed in the last ${query.historyDays} days`;
}

function emptyText(query: OfferListQuery): string {
  const what = { received: 'received', sent: 'sent', all: '' }[query.direction];
  const offers = what ? `${what} offers` : 'offers';
  return query.activeOnly
    ? `No active ${offers}.`
    : `No ${offers} that are active or changed in the last ${query.historyDays} days.`;
}

export interface OfferListPage {
  embed: APIEmbed;
  /** The page actually shown (clamped), and how many there are. */
  page: number;
  pageCount: number;
}

/** The whole list cut into pages; `page` is clamped to what exists. */
export function formatOfferList(input: {
  query: OfferListQuery;
  offers: readonly TradeOffer[];
  names: ReadonlyMap<string, string>;
  page: number;
  /** Offers Steam sent without a partner and which were left out. */
  broken?: number;
}): OfferListPage {
  const sorted = sortNewestFirst(input.offers);
  const lines = sorted.map((offer) => offerListLine(offer, input.names.get(offer.partner)));
  const notes: string[] = [];
  if (input.broken) {
    notes.push(
      `*${plural(input.broken, 'offer')} that Steam sent without a partner ${input.broken === 1 ? 'was' : 'were'} left out.*`,
    );
  }
  const noteText = notes.length ? `\n\n${notes.join('\n')}` : '';
  const pages = paginate(lines, {
    maxChars: EMBED_LIMITS.description - noteText.length,
    maxPerPage: OFFERS_PER_PAGE,
    separator: '\n',
  });
  const page = clampPage(input.page, pages.length);
  const body = sorted.length === 0 ? emptyText(input.query) : pages[page]!.join('\n');
  const total = sorted.length;
  const footer =
    total === 0
      ? 'newest first'
      : `${plural(total, 'offer')} · newest first${pages.length > 1 ? ` · page ${page + 1}/${pages.length}` : ''}`;
  return {
    embed: {
      title: listTitle(input.query),
      color: COLORS.neutral,
      description: `${body}${noteText}`,
      footer: { text: footer },
    },
    page,
    pageCount: pages.length,
  };
}
