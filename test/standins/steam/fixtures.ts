// Item builders with the wire description fields real Steam sends (docs/steam.md#item-descriptions, #community-items).
// Classid/instanceid are stable per kind of item (derived from what the item is), so descriptions
// repeat across assets as in real inventories. Assetids come from one process-wide increasing counter.
import { createHash } from 'node:crypto';
import type { StandInDescription, StandInItem } from './types.js';

let assetCounter = 30_000_000_000;

/** A fresh unique assetid (numeric string, increasing). */
export function nextAssetId(): string {
  assetCounter += 1;
  return String(assetCounter);
}

/** Keeps the counter above ids handed in by tests, so later ids never collide with them. */
export function reserveAssetId(assetid: string): void {
  if (/^\d{1,15}$/.test(assetid)) assetCounter = Math.max(assetCounter, Number(assetid));
}

/** A stable numeric id for a kind of item (9–12 digits). */
export function stableId(kind: string): string {
  const hex = createHash('sha1').update(kind).digest('hex').slice(0, 10);
  return String(100_000_000 + (parseInt(hex, 16) % 900_000_000_000));
}

function icon(kind: string): string {
  return `-9a81dlWLwJ2UUGcVs_nsVtzdOEdtWwKGZZLQHTxDZ7I56KU0Zwwo4NUX4oFJZEHLbXH5ApeO4YmlhxYQknCRvCo04DEVlxkKgpot621FA${createHash(
    'sha1',
  )
    .update(kind)
    .digest('base64url')}`;
}

interface Tag {
  category: string;
  internal_name: string;
  localized_category_name: string;
  localized_tag_name: string;
  color?: string;
}

const tag = (category: string, internalName: string, categoryName: string, tagName: string): Tag => ({
  category,
  internal_name: internalName,
  localized_category_name: categoryName,
  localized_tag_name: tagName,
});

function item(description: StandInDescription, extra: { assetid?: string; amount?: number } = {}): StandInItem {
  const assetid = extra.assetid ?? nextAssetId();
  reserveAssetId(assetid);
  return {
    assetid,
    classid: description.classid,
    instanceid: description.instanceid,
    amount: extra.amount ?? 1,
    description,
  };
}

function baseDescription(fields: {
  appid: number;
  kind: string;
  classid?: string;
  instanceid?: string;
  name: string;
  marketHashName: string;
  type: string;
  tradable: boolean;
  marketable: boolean;
  commodity: boolean;
  tags: Tag[];
  marketFeeApp?: number;
  nameColor?: string;
  backgroundColor?: string;
  descriptions?: Array<{ type?: string; value: string; color?: string; name?: string }>;
}): StandInDescription {
  const d: StandInDescription = {
    appid: fields.appid,
    classid: fields.classid ?? stableId(`class:${fields.kind}`),
    instanceid: fields.instanceid ?? '0',
    currency: 0,
    background_color: fields.backgroundColor ?? '',
    icon_url: icon(fields.kind),
    icon_url_large: icon(`${fields.kind}:large`),
    descriptions: fields.descriptions ?? [{ type: 'html', value: ' ', name: 'blank' }],
    tradable: fields.tradable ? 1 : 0,
    name: fields.name,
    name_color: fields.nameColor ?? '',
    type: fields.type,
    market_name: fields.name,
    market_hash_name: fields.marketHashName,
    commodity: fields.commodity ? 1 : 0,
    market_tradable_restriction: 7,
    market_marketable_restriction: 7,
    marketable: fields.marketable ? 1 : 0,
    tags: fields.tags,
    sealed: 0,
  };
  if (fields.marketFeeApp !== undefined) d.market_fee_app = fields.marketFeeApp;
  return d;
}

/** Classid of card `index` (1-based) of an app's set; the badge page uses it to count owned cards. */
export function cardClassId(appid: number, index: number, foil = false): string {
  return stableId(`class:card:${appid}:${index}:${foil ? 1 : 0}`);
}

/** A Steam trading card (753/6): tags Game app_<appid>, item_class_2, cardborder_0/1, droprate_0. */
export function tradingCard(o: {
  appid: number;
  name: string;
  index: number;
  foil?: boolean;
  gameName?: string;
  assetid?: string;
}): StandInItem {
  const foil = o.foil ?? false;
  const game = o.gameName ?? `Game ${o.appid}`;
  const name = foil ? `${o.name} (Foil)` : o.name;
  const description = baseDescription({
    appid: 753,
    kind: `card:${o.appid}:${o.index}:${foil ? 1 : 0}`,
    name,
    marketHashName: `${o.appid}-${o.name}${foil ? ' (Foil)' : ''}`,
    type: `${game} ${foil ? 'Foil ' : ''}Trading Card`,
    tradable: true,
    marketable: true,
    commodity: true,
    marketFeeApp: o.appid,
    descriptions: [{ type: 'html', value: `${o.name} is card ${o.index} of the ${game} set.`, name: 'card_info' }],
    tags: [
      tag('droprate', 'droprate_0', 'Rarity', 'Common'),
      tag('Game', `app_${o.appid}`, 'Game', game),
      tag('cardborder', foil ? 'cardborder_1' : 'cardborder_0', 'Card Border', foil ? 'Foil' : 'Normal'),
      tag('item_class', 'item_class_2', 'Item Type', 'Trading Card'),
    ],
  });
  return item(description, o.assetid === undefined ? {} : { assetid: o.assetid });
}

/** One stack of Steam gems: 753-Gems, tradable, not marketable, item_class_7. */
export function gems(amount: number, assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 753,
    kind: 'gems',
    // Real ids of the 753-Gems class.
    classid: '667924416',
    instanceid: '667076610',
    name: 'Gems',
    marketHashName: '753-Gems',
    type: 'Steam Gems',
    tradable: true,
    marketable: false,
    commodity: true,
    marketFeeApp: 753,
    descriptions: [{ type: 'html', value: 'These gems can be used to create Booster Packs or Steam Community items.' }],
    tags: [
      tag('Game', 'app_753', 'Game', 'Steam'),
      tag('item_class', 'item_class_7', 'Item Type', 'Steam Gems'),
      tag('droprate', 'droprate_0', 'Rarity', 'Common'),
    ],
  });
  return item(description, assetid === undefined ? { amount } : { amount, assetid });
}

/** 753-Sack of Gems (1000 gems, marketable). */
export function sackOfGems(amount = 1, assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 753,
    kind: 'sack-of-gems',
    classid: '667933237',
    name: 'Sack of Gems',
    marketHashName: '753-Sack of Gems',
    type: 'Steam Gems',
    tradable: true,
    marketable: true,
    commodity: true,
    marketFeeApp: 753,
    descriptions: [{ type: 'html', value: 'This sack contains 1000 gems.' }],
    tags: [
      tag('Game', 'app_753', 'Game', 'Steam'),
      tag('item_class', 'item_class_7', 'Item Type', 'Steam Gems'),
      tag('droprate', 'droprate_0', 'Rarity', 'Common'),
    ],
  });
  return item(description, assetid === undefined ? { amount } : { amount, assetid });
}

const tf2Tags = (type: string) => [
  tag('Quality', 'Unique', 'Quality', 'Unique'),
  tag('Type', type === 'Ticket' ? 'CraftItem' : 'Tool', 'Type', type),
];

/** Mann Co. Supply Crate Key (440/2). */
export function tf2Key(assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 440,
    kind: 'tf2-key',
    classid: '101785959',
    instanceid: '11040578',
    name: 'Mann Co. Supply Crate Key',
    marketHashName: 'Mann Co. Supply Crate Key',
    type: 'Level 5 Tool',
    tradable: true,
    marketable: true,
    commodity: true,
    nameColor: '7D6D00',
    backgroundColor: '3C352E',
    descriptions: [{ value: 'Used to open locked supply crates.' }],
    tags: tf2Tags('Tool'),
  });
  return item(description, assetid === undefined ? {} : { assetid });
}

/**
 * A TF2 item renamed with a Name Tag, as Steam describes one (captures of real 440/2
 * descriptions in tf2-automatic's tf2-format test data and node-tf2-item-format examples):
 * the name is the custom name in two pairs of single quotes, market_name and market_hash_name
 * stay the real item's, and fraudwarnings says so. Scammers rename junk to read like a key.
 */
export function renamedTf2Item(o: { customName?: string; realName?: string; assetid?: string } = {}): StandInItem {
  const customName = o.customName ?? 'Mann Co. Supply Crate Key';
  const realName = o.realName ?? 'Secret Saxton';
  const description = baseDescription({
    appid: 440,
    kind: `tf2-renamed:${realName}:${customName}`,
    name: `''${customName}''`,
    marketHashName: realName,
    type: 'Level 1 Cosmetic',
    tradable: true,
    marketable: false,
    commodity: false,
    nameColor: '7D6D00',
    backgroundColor: '3C352E',
    descriptions: [{ value: 'Festivizer applied' }],
    tags: [tag('Quality', 'Unique', 'Quality', 'Unique'), tag('Type', 'misc', 'Type', 'Cosmetic')],
  });
  description.market_name = realName;
  description.fraudwarnings = [`This item has been renamed.\nOriginal name: "${realName}"`];
  return item(description, o.assetid === undefined ? {} : { assetid: o.assetid });
}

/** Tour of Duty Ticket (440/2), Mann vs. Machine. */
export function tourOfDutyTicket(assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 440,
    kind: 'tf2-tour-of-duty-ticket',
    name: 'Tour of Duty Ticket',
    marketHashName: 'Tour of Duty Ticket',
    type: 'Level 1 Ticket',
    tradable: true,
    marketable: true,
    commodity: true,
    nameColor: '7D6D00',
    backgroundColor: '3C352E',
    descriptions: [{ value: 'Allows you to play Mann Up mode in Mann vs. Machine.' }],
    tags: tf2Tags('Ticket'),
  });
  return item(description, assetid === undefined ? {} : { assetid });
}

const cs2KeyTags = [
  tag('Type', 'CSGO_Tool_WeaponCase_KeyTag', 'Type', 'Key'),
  tag('Quality', 'normal', 'Category', 'Normal'),
  tag('Rarity', 'Rarity_Common', 'Quality', 'Base Grade'),
];

function cs2Key(name: string, tradable: boolean, assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 730,
    kind: `cs2-key:${name}`,
    // Keys bought after 2019-10-28 are a different (untradable) instance of the same class.
    instanceid: tradable ? '143865972' : '0',
    name,
    marketHashName: name,
    type: 'Base Grade Key',
    tradable,
    marketable: tradable,
    commodity: true,
    nameColor: 'D2D2D2',
    descriptions: [{ type: 'html', value: `This key opens a matching case.` }],
    tags: cs2KeyTags,
  });
  if (!tradable) description.owner_descriptions = [{ type: 'html', value: 'This item cannot be traded or marketed.' }];
  return item(description, assetid === undefined ? {} : { assetid });
}

/** A CS2 case key ("CS:GO Case Key" unless named); keys bought after 2019-10-28 are not tradable. */
export function csgoKey(o: { tradable?: boolean; name?: string; assetid?: string } = {}): StandInItem {
  return cs2Key(o.name ?? 'CS:GO Case Key', o.tradable ?? true, o.assetid);
}

export function hydraKey(assetid?: string): StandInItem {
  return cs2Key('Operation Hydra Case Key', true, assetid);
}

/** A CS2 weapon skin by market_hash_name, e.g. "AK-47 | Redline (Field-Tested)". */
export function cs2Skin(name: string, assetid?: string): StandInItem {
  const description = baseDescription({
    appid: 730,
    kind: `cs2-skin:${name}`,
    instanceid: stableId(`instance:cs2-skin:${name}`),
    name,
    marketHashName: name,
    type: 'Classified Rifle',
    tradable: true,
    marketable: true,
    commodity: false,
    nameColor: 'D2D2D2',
    descriptions: [{ type: 'html', value: `Exterior: ${/\(([^)]+)\)$/.exec(name)?.[1] ?? 'Factory New'}` }],
    tags: [
      tag('Type', 'CSGO_Type_Rifle', 'Type', 'Rifle'),
      tag('Quality', 'normal', 'Category', 'Normal'),
      tag('Rarity', 'Rarity_Legendary_Weapon', 'Quality', 'Classified'),
    ],
  });
  description.actions = [
    {
      link: 'steam://rungame/730/76561202255233023/+csgo_econ_action_preview%20S%owner_steamid%A%assetid%D0',
      name: 'Inspect in Game...',
    },
  ];
  return item(description, assetid === undefined ? {} : { assetid });
}

/** A booster pack whose container_properties lists the set's card classids (2025+). */
export function boosterPack(appid: number, cardClassids: string[], gameName = `Game ${appid}`): StandInItem {
  const description = baseDescription({
    appid: 753,
    kind: `booster:${appid}`,
    name: `${gameName} Booster Pack`,
    marketHashName: `${appid}-${gameName} Booster Pack`,
    type: 'Booster Pack',
    tradable: true,
    marketable: true,
    commodity: true,
    marketFeeApp: appid,
    descriptions: [{ type: 'html', value: 'Open this pack to receive 3 trading cards.' }],
    tags: [
      tag('Game', `app_${appid}`, 'Game', gameName),
      tag('item_class', 'item_class_5', 'Item Type', 'Booster Pack'),
      tag('droprate', 'droprate_0', 'Rarity', 'Common'),
    ],
  });
  description.container_properties = {
    contained_items: cardClassids.map((classid) => ({ classid, instanceid: '0' })),
    search_tags: [],
  };
  return item(description);
}

/**
 * A large card inventory for benchmarks: `items` cards spread over `games` apps (set sizes 5–15,
 * every 50th copy a foil). One description object per card class, shared by its assets.
 */
export function bigCardInventory(o: { items: number; games: number }): StandInItem[] {
  const games = Math.max(1, o.games);
  const sets: Array<{ normal: StandInItem[]; foil: StandInItem[] }> = [];
  for (let g = 0; g < games; g += 1) {
    const appid = 200_000 + g * 10;
    const size = 5 + (g % 11);
    const make = (foil: boolean) =>
      Array.from({ length: size }, (_, i) =>
        tradingCard({ appid, name: `Card ${i + 1}`, index: i + 1, foil, gameName: `Benchmark Game ${g + 1}` }),
      );
    sets.push({ normal: make(false), foil: make(true) });
  }
  const items: StandInItem[] = new Array<StandInItem>(o.items);
  for (let k = 0; k < o.items; k += 1) {
    const set = sets[k % games] as { normal: StandInItem[]; foil: StandInItem[] };
    const kinds = k % 50 === 49 ? set.foil : set.normal;
    const template = kinds[Math.floor(k / games) % kinds.length] as StandInItem;
    items[k] = {
      assetid: nextAssetId(),
      classid: template.classid,
      instanceid: template.instanceid,
      amount: 1,
      description: template.description,
    };
  }
  return items;
}
