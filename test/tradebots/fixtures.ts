// Items as the inventory client hands them over: descriptions with Steam's real tags
// (docs/steam.md#community-items). Names are deliberately unhelpful where the code must not use them.
import type { EconDescription, EconItem, EconTag, TradeOfferAsset } from '../../src/steam/types.js';
import { econDescription } from '../fixtures/econ.js';

export function tag(category: string, internalName: string): EconTag {
  return { category, internalName, name: '' };
}

export function description(overrides: Partial<EconDescription> = {}): EconDescription {
  return econDescription(overrides);
}

let nextAssetid = 1_000_000;

export function item(
  d: EconDescription,
  opts: { amount?: number; contextid?: string; assetid?: string } = {},
): EconItem {
  return {
    appid: d.appid,
    contextid: opts.contextid ?? (d.appid === 753 ? '6' : '2'),
    assetid: opts.assetid ?? String(nextAssetid++),
    classid: d.classid,
    instanceid: d.instanceid,
    amount: opts.amount ?? 1,
    isCurrency: false,
    description: d,
  };
}

export function card(
  appid: number,
  classid: string,
  opts: { foil?: boolean; tradable?: boolean; gameTag?: boolean; name?: string } = {},
): EconDescription {
  const tags = [tag('droprate', 'droprate_0'), tag('item_class', 'item_class_2')];
  if (opts.gameTag !== false) tags.push(tag('Game', `app_${appid}`));
  tags.push(tag('cardborder', opts.foil ? 'cardborder_1' : 'cardborder_0'));
  const name = opts.name ?? `Card ${classid}`;
  return description({
    classid,
    name,
    marketHashName: `${appid}-${name}${opts.foil ? ' (Foil)' : ''}`,
    type: opts.foil ? 'Foil Trading Card' : 'Trading Card',
    tradable: opts.tradable ?? true,
    marketFeeApp: appid,
    tags,
  });
}

/** n copies of each card, one asset per copy (cards do not stack). */
export function copies(d: EconDescription, n: number): EconItem[] {
  return Array.from({ length: n }, () => item(d));
}

export const gems = (tradable = true) =>
  description({
    classid: '667924416',
    name: 'Gems',
    marketHashName: '753-Gems',
    marketable: false,
    tradable,
    tags: [tag('droprate', 'droprate_0'), tag('item_class', 'item_class_7')],
  });

export const sackOfGems = (tradable = true) =>
  description({
    classid: '667933237',
    name: 'Sack of Gems',
    marketHashName: '753-Sack of Gems',
    tradable,
    tags: [tag('droprate', 'droprate_0'), tag('item_class', 'item_class_7')],
  });

export function key(appid: number, marketHashName: string, opts: { tradable?: boolean; classid?: string } = {}) {
  return description({
    appid,
    classid: opts.classid ?? `${appid}${marketHashName.length}`,
    name: marketHashName,
    marketHashName,
    tradable: opts.tradable ?? true,
    marketFeeApp: null,
  });
}

export function asset(
  d: EconDescription | null,
  opts: { appid?: number; contextid?: string; assetid?: string; amount?: number; classid?: string } = {},
): TradeOfferAsset {
  const appid = opts.appid ?? d?.appid ?? 753;
  return {
    appid,
    contextid: opts.contextid ?? (appid === 753 ? '6' : '2'),
    assetid: opts.assetid ?? String(nextAssetid++),
    classid: opts.classid ?? d?.classid ?? '0',
    instanceid: d?.instanceid ?? '0',
    amount: opts.amount ?? 1,
    missing: false,
    description: d,
  };
}
