// The one pager of long lists (/offers list, /offers history, /inventory show): entries are cut
// into pages that fit an embed description, pages count from 0, and Previous/Next carry in their
// custom id (made by the command's own codec) everything needed to rebuild the page after a
// restart — the owner, the query and the page number.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent } from 'discord.js';

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
 * Previous / Next; none when everything fits on one page. The two ids differ, as Discord
 * requires: page − 1 and page + 1, and the disabled one at either end (never pressed) names the
 * page shown, so every id is one the codec can build.
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
          custom_id: idFor(page === 0 ? page : page - 1),
          disabled: page === 0,
        },
        {
          type: ComponentType.Button,
          style: ButtonStyle.Secondary,
          label: 'Next',
          custom_id: idFor(page >= pageCount - 1 ? page : page + 1),
          disabled: page >= pageCount - 1,
        },
      ],
    },
  ];
}
