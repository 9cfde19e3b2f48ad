// Pure rendering for /inventory: the pages of an aggregated inventory with their Previous/Next
// buttons, the progress line shown while Steam pages load, and the app choices offered by
// autocomplete (the contexts embed is in inventoryContexts.ts). No Discord client and no Steam calls, so every limit
// (description 4096, field 1024, embed 6000, custom id 100) is unit-tested.
import {
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type ApplicationCommandOptionChoiceData,
} from 'discord.js';
import type { InventoryGroup, InventoryProgress } from '../steam/types.js';
import { COLORS } from './colors.js';
import { namingLabel } from './items.js';
import { escapeMarkdown } from './offer.js';
import { clampPage, pageButtons } from './paging.js';
import { AUTOCOMPLETE_CHOICES_LIMIT, EMBED_LIMITS } from './limits.js';
import { cleanText, cut, plural, thousands } from './text.js';

/** What a page shows of a group: everything but the asset ids, which a view does not keep. */
export type InventoryViewGroup = Omit<InventoryGroup, 'assetids'>;

export const GROUPS_PER_PAGE = 20;
/** Item names longer than this are cut; Steam's own are far shorter. */
export const MAX_NAME = 100;

/** Apps offered by autocomplete, in the order traders use them most. */
export const COMMON_APPS: readonly { appid: number; name: string }[] = [
  { appid: 730, name: 'Counter-Strike 2' },
  { appid: 440, name: 'Team Fortress 2' },
  { appid: 570, name: 'Dota 2' },
  { appid: 753, name: 'Steam' },
  { appid: 252490, name: 'Rust' },
  { appid: 578080, name: 'PUBG: BATTLEGROUNDS' },
];

/** Steam app ids are unsigned 32-bit integers. */
export const MAX_APP_ID = 0xffffffff;

export function appName(appid: number): string {
  return COMMON_APPS.find((app) => app.appid === appid)?.name ?? `App ${appid}`;
}

/** The context people mean when they give none: 6 (Community items) for Steam, 2 for games (docs/steam.md#common-contexts). */
export function defaultContextFor(appid: number): string {
  return appid === 753 ? '6' : '2';
}

/**
 * Autocomplete for `app`: the common apps whose name or id contains what was typed, and the
 * typed number itself when it is an app id not in that list. At most 25 choices (Discord's cap).
 */
export function appChoices(typed: string): ApplicationCommandOptionChoiceData<number>[] {
  const text = typed.trim().toLowerCase();
  const choices: ApplicationCommandOptionChoiceData<number>[] = [];
  if (/^\d{1,10}$/.test(text)) {
    const appid = Number(text);
    if (appid >= 1 && appid <= MAX_APP_ID && !COMMON_APPS.some((app) => app.appid === appid)) {
      choices.push({ name: `App ${appid}`, value: appid });
    }
  }
  for (const app of COMMON_APPS) {
    if (text === '' || app.name.toLowerCase().includes(text) || String(app.appid).includes(text)) {
      choices.push({ name: `${app.name} (${app.appid})`, value: app.appid });
    }
  }
  return choices.slice(0, AUTOCOMPLETE_CHOICES_LIMIT);
}

function count(n: number): string {
  return thousands(n);
}

/** "Loading inventory… page 3 of 50 (6,000 items)"; the page count is Steam's estimate. */
export function inventoryProgressText(progress: InventoryProgress | null): string {
  if (!progress) return 'Loading inventory…';
  const of = progress.totalPages !== null ? ` of ${count(progress.totalPages)}` : '';
  return `Loading inventory… page ${count(progress.pagesLoaded)}${of} (${plural(progress.itemsLoaded, 'item')})`;
}

export interface InventoryTotals {
  /** Sum of quantities: a stack of 1,000 gems counts 1,000. */
  items: number;
  /** Distinct market_hash_names. */
  kinds: number;
  tradable: number;
  marketable: number;
}

export function inventoryTotals(groups: readonly InventoryViewGroup[]): InventoryTotals {
  const totals: InventoryTotals = { items: 0, kinds: groups.length, tradable: 0, marketable: 0 };
  for (const group of groups) {
    totals.items += group.quantity;
    totals.tradable += group.tradableQuantity;
    if (group.marketable) totals.marketable += group.quantity;
  }
  return totals;
}

/** "**1,234** items · **56** kinds · **1,000** tradable · **900** marketable" */
export function totalsLine(totals: InventoryTotals): string {
  return [
    `**${count(totals.items)}** ${totals.items === 1 ? 'item' : 'items'}`,
    `**${count(totals.kinds)}** ${totals.kinds === 1 ? 'kind' : 'kinds'}`,
    `**${count(totals.tradable)}** tradable`,
    `**${count(totals.marketable)}** marketable`,
  ].join(' · ');
}

export const MARKS = {
  tradable: '🔁',
  notTradable: '🔒',
  marketable: '🏷️',
  currency: '💰',
} as const;

export const MARKS_LEGEND = `${MARKS.tradable} tradable · ${MARKS.notTradable} not tradable · ${MARKS.marketable} marketable · ${MARKS.currency} currency`;

/** 🔁 all tradable, "🔁 3/5" some, 🔒 none; then 🏷️ when marketable and 💰 for currency. */
export function groupMarks(group: InventoryViewGroup): string {
  const marks: string[] = [];
  if (group.tradableQuantity >= group.quantity && group.quantity > 0) marks.push(MARKS.tradable);
  else if (group.tradableQuantity > 0)
    marks.push(`${MARKS.tradable} ${count(group.tradableQuantity)}/${count(group.quantity)}`);
  else marks.push(MARKS.notTradable);
  if (group.marketable) marks.push(MARKS.marketable);
  if (group.isCurrency) marks.push(MARKS.currency);
  return marks.join(' ');
}

/**
 * One line per group: "`1,000×` Gems (753-Gems) 🔁 🏷️". The market_hash_name follows the name
 * when they differ, a renamed item is marked and its fraud warnings follow. The text is
 * shortened (before escaping, so no escape is cut in half) until the line fits `maxLength`.
 */
export function groupLine(group: InventoryViewGroup, maxLength: number): string {
  const naming = {
    name: cut(cleanLine(group.name), MAX_NAME),
    marketHashName: cut(cleanLine(group.marketHashName), MAX_NAME),
    fraudWarnings: group.fraudWarnings,
  };
  const warnings = group.fraudWarnings.map((w) => `⚠ ${cut(cleanLine(w), 2 * MAX_NAME)}`);
  const label = [namingLabel(naming), ...warnings].join(' ');
  const prefix = `\`${count(group.quantity)}×\` `;
  const suffix = ` ${groupMarks(group)}`;
  let max = label.length;
  let line = `${prefix}${escapeMarkdown(label)}${suffix}`;
  while (line.length > maxLength && max > 1) {
    // Escapes can double the length, so shrink in proportion rather than by the overshoot.
    max = Math.max(1, Math.min(max - 1, Math.floor((max * maxLength) / line.length)));
    line = `${prefix}${escapeMarkdown(cut(label, max))}${suffix}`;
  }
  return line;
}

function cleanLine(text: string): string {
  return cleanText(text).replace(/\s*\n\s*/g, ' ');
}

export function pageCount(groups: readonly unknown[]): number {
  return Math.max(1, Math.ceil(groups.length / GROUPS_PER_PAGE));
}

/** What one /inventory show produced, enough to render any of its pages again. */
export interface InventoryViewData {
  steamid: string;
  /** Persona name when Steam told us; the SteamID64 is shown otherwise. */
  personaName: string | null;
  appid: number;
  contextid: string;
  search: string | null;
  /** aggregateInventory's output (already filtered by search). */
  groups: readonly InventoryViewGroup[];
  /** Assets that loaded (what the viewer can see). */
  visibleAssets: number;
  /** Steam's total_inventory_count. */
  totalInventoryCount: number;
  /** Steam counts items but shows none (CS2 hides recent trades from other viewers). */
  hiddenItems: boolean;
  /** When the inventory was read from Steam (ms). */
  loadedAt: number;
}

export interface RenderedPage {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

function inventoryTitle(view: InventoryViewData): string {
  const who = view.personaName !== null ? escapeMarkdown(view.personaName) : view.steamid;
  return cut(`Inventory of ${who} — ${appName(view.appid)} (${view.appid}/${view.contextid})`, EMBED_LIMITS.title);
}

function inventoryUrl(view: InventoryViewData): string {
  return `https://steamcommunity.com/profiles/${view.steamid}/inventory/#${view.appid}_${view.contextid}`;
}

/** The message to show when there is no item to list, or null when there are items. */
export function emptyInventoryText(view: InventoryViewData): string | null {
  if (view.groups.length > 0) return null;
  if (view.hiddenItems) {
    const why =
      view.appid === 730
        ? ' Counter-Strike 2 hides items that were bought or traded in the last days from everyone but the owner.'
        : '';
    return `Steam counts ${plural(view.totalInventoryCount, 'item')} in this inventory, but none of them are visible to tradedesk.${why}`;
  }
  if (view.search !== null && view.visibleAssets > 0) {
    return `No item matches “${escapeMarkdown(cut(view.search, MAX_NAME))}” (searched ${plural(view.visibleAssets, 'item')}).`;
  }
  return `This inventory is empty (${appName(view.appid)}, context ${view.contextid}). \`/inventory contexts\` lists where this account has items.`;
}

/**
 * One page (from 0; clamped into range) of an inventory as an embed, with Previous/Next
 * buttons when there is more than one page. `idFor` makes a page button's custom id; null when
 * no buttons should be made.
 */
export function renderInventoryPage(
  view: InventoryViewData,
  page: number,
  idFor: ((page: number) => string) | null,
): RenderedPage {
  const pages = pageCount(view.groups);
  const current = clampPage(page, pages);
  const embed: APIEmbed = {
    title: inventoryTitle(view),
    url: inventoryUrl(view),
    color: COLORS.neutral,
    timestamp: new Date(view.loadedAt).toISOString(),
  };

  const empty = emptyInventoryText(view);
  if (empty !== null) {
    embed.description = empty;
    embed.color = view.hiddenItems ? COLORS.warning : COLORS.muted;
    embed.footer = { text: 'Loaded from Steam' };
    return { embeds: [embed], components: [] };
  }

  const header: string[] = [totalsLine(inventoryTotals(view.groups))];
  if (view.search !== null) header.push(`Matching “${escapeMarkdown(cut(view.search, MAX_NAME))}”`);
  if (view.totalInventoryCount > view.visibleAssets) {
    header.push(
      `⚠️ Steam counts ${plural(view.totalInventoryCount, 'item')}, but only ${count(view.visibleAssets)} are visible to tradedesk.`,
    );
  }
  const headerText = `${header.join('\n')}\n\n`;
  const slice = view.groups.slice(current * GROUPS_PER_PAGE, (current + 1) * GROUPS_PER_PAGE);
  // Each line gets an equal share of what the header leaves, so a page always fits.
  const perLine = Math.floor((EMBED_LIMITS.description - headerText.length) / slice.length) - 1;
  const lines = slice.map((group) => groupLine(group, perLine));
  embed.description = `${headerText}${lines.join('\n')}`;
  embed.footer = { text: `Page ${current + 1}/${pages} · ${MARKS_LEGEND}` };
  return { embeds: [embed], components: idFor ? pageButtons(current, pages, idFor) : [] };
}
