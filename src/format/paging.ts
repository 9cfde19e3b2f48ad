// Paging of long lists (/offers list, /offers history): entries are cut into pages that fit an
// embed description, and Previous/Next buttons carry in their custom id everything needed to
// rebuild the page after a restart — the owner, the query and the page number.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';

/** Custom-id prefix of the paging buttons (registered in src/commands/index.ts). */
export const OFFERS_PAGE_PREFIX = 'offers';

export type OfferDirection = 'received' | 'sent' | 'all';

export type OffersPageState =
  | {
      kind: 'list';
      /** The Discord user who ran the command; only they may turn its pages. */
      owner: string;
      direction: OfferDirection;
      activeOnly: boolean;
      /** Unix seconds of time_historical_cutoff, frozen when the command ran (0 for active only). */
      cutoff: number;
      page: number;
    }
  | { kind: 'history'; owner: string; count: number; page: number };

const DIRECTION_CODES: Record<OfferDirection, string> = { received: 'r', sent: 's', all: 'a' };

export function offersPageId(state: OffersPageState): string {
  if (state.kind === 'list') {
    return [
      OFFERS_PAGE_PREFIX,
      'list',
      state.owner,
      DIRECTION_CODES[state.direction],
      state.activeOnly ? '1' : '0',
      state.cutoff,
      state.page,
    ].join(':');
  }
  return [OFFERS_PAGE_PREFIX, 'history', state.owner, state.count, state.page].join(':');
}

export function parseOffersPageId(customId: string): OffersPageState | null {
  const list = /^offers:list:(\d{1,20}):([rsa]):([01]):(\d{1,10}):(\d{1,4})$/.exec(customId);
  if (list) {
    const direction = list[2] === 'r' ? 'received' : list[2] === 's' ? 'sent' : 'all';
    return {
      kind: 'list',
      owner: list[1]!,
      direction,
      activeOnly: list[3] === '1',
      cutoff: Number(list[4]),
      page: Number(list[5]),
    };
  }
  const history = /^offers:history:(\d{1,20}):(\d{1,3}):(\d{1,4})$/.exec(customId);
  if (history) {
    const count = Number(history[2]);
    if (count < 1 || count > 100) return null;
    return { kind: 'history', owner: history[1]!, count, page: Number(history[3]) };
  }
  return null;
}

/**
 * Greedy pages: at most `maxPerPage` entries and `maxChars` characters (entries joined by
 * `separator`) per page. An entry longer than `maxChars` is cut with an ellipsis, so every
 * page fits. Always at least one page, possibly empty.
 */
export function paginate(
  entries: readonly string[],
  options: { maxChars: number; maxPerPage: number; separator: string },
): string[][] {
  const pages: string[][] = [];
  let current: string[] = [];
  let length = 0;
  for (const raw of entries) {
    const entry = raw.length > options.maxChars ? `${raw.slice(0, options.maxChars - 1)}…` : raw;
    const added = current.length === 0 ? entry.length : options.separator.length + entry.length;
    if (current.length > 0 && (current.length >= options.maxPerPage || length + added > options.maxChars)) {
      pages.push(current);
      current = [];
      length = 0;
    }
    length += current.length === 0 ? entry.length : options.separator.length + entry.length;
    current.push(entry);
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

/** Keeps a requested page inside 0…pageCount−1 (the list may have shrunk since the button was made). */
export function clampPage(page: number, pageCount: number): number {
  return Math.min(Math.max(0, page), Math.max(0, pageCount - 1));
}

/**
 * Previous / Next; none when everything fits on one page. The two ids differ (page − 1 and
 * page + 1), as Discord requires; a disabled button at either end is never pressed.
 */
export function pageButtons(
  page: number,
  pageCount: number,
  idFor: (page: number) => string,
): APIActionRowComponent<APIButtonComponent>[] {
  if (pageCount <= 1) return [];
  return [
    {
      type: ComponentType.ActionRow,
      components: [
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Previous',
          custom_id: idFor(page - 1),
          disabled: page === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next',
          custom_id: idFor(page + 1),
          disabled: page >= pageCount - 1,
        },
      ],
    },
  ];
}
