import { describe, expect, it } from 'vitest';
import { formatStockDelta } from '../../src/format/tradebotsStock.js';
import { isEmptyDelta, offerStockDelta, type StockDelta } from '../../src/tradebots/delta.js';
import { DEFAULT_KEY_TABLE } from '../../src/tradebots/keys.js';
import { computeStock } from '../../src/tradebots/stock.js';
import type { EconItem } from '../../src/steam/types.js';
import { asset, card, copies, gems, item, key, sackOfGems } from './fixtures.js';

const sizes = (appid: number) => ({ 730: 5, 440: 9 })[appid];
const fiveCards = (appid: number, foil = false) =>
  [0, 1, 2, 3, 4].map((i) => card(appid, `${appid}${foil ? 'f' : 'r'}${i}`, { foil }));

const noKeys = { csgo: 0, tf2: 0, hydra: 0, tod: 0 };
const empty: StockDelta = {
  regularSets: {},
  foilSets: {},
  gems: 0,
  keys: noKeys,
  unknownSetSizes: [],
  unidentifiedItems: 0,
};

describe('offerStockDelta', () => {
  // Two full 730 sets, with a spare of the first card; 5,000 gems in one stack.
  const cards730 = fiveCards(730);
  const inventory: EconItem[] = [
    ...cards730.flatMap((d, i) => copies(d, i === 0 ? 3 : 2)),
    item(gems(), { amount: 5000, assetid: 'gemstack' }),
  ];
  const assetOf = (d: (typeof cards730)[number]) => inventory.find((i) => i.description === d)!;

  it('costs a whole set to give one card of it', () => {
    const given = assetOf(cards730[3]!);
    const delta = offerStockDelta(inventory, { itemsToGive: [asset(null, given)], itemsToReceive: [] }, sizes);
    expect(delta).toEqual({ ...empty, regularSets: { 730: -1 } });
  });

  it('costs nothing to give a spare card', () => {
    const spare = assetOf(cards730[0]!);
    const delta = offerStockDelta(inventory, { itemsToGive: [asset(null, spare)], itemsToReceive: [] }, sizes);
    expect(delta).toEqual(empty);
    expect(isEmptyDelta(delta)).toBe(true);
  });

  it('gains sets, gems and keys from what is received', () => {
    const received = [
      ...cards730.map((d) => asset(d)),
      ...cards730.map((d) => asset(d)),
      ...fiveCards(730, true).map((d) => asset(d)),
      asset(sackOfGems()),
      asset(key(440, 'Mann Co. Supply Crate Key')),
    ];
    const given = [asset(null, { appid: 753, contextid: '6', assetid: 'gemstack', amount: 2000 })];
    const delta = offerStockDelta(inventory, { itemsToGive: given, itemsToReceive: received }, sizes);
    expect(delta).toEqual({
      ...empty,
      regularSets: { 730: 2 },
      foilSets: { 730: 1 },
      gems: -1000,
      keys: { ...noKeys, tf2: 1 },
    });
  });

  it('takes only the amount given out of a stack', () => {
    const given = [asset(gems(), { assetid: 'gemstack', amount: 1000 })];
    const delta = offerStockDelta(inventory, { itemsToGive: given, itemsToReceive: [] }, sizes);
    expect(delta.gems).toBe(-1000);
  });

  it('counts received items Steam did not describe, and given items the bot does not have, as unidentified', () => {
    const delta = offerStockDelta(
      inventory,
      {
        itemsToGive: [asset(null, { appid: 753, contextid: '6', assetid: 'not-loaded' })],
        itemsToReceive: [
          asset(null, { appid: 753, contextid: '6' }),
          asset(null, { appid: 440, contextid: '2' }),
          asset(null, { appid: 570, contextid: '2' }), // Dota items carry no stock
        ],
      },
      sizes,
    );
    expect(delta).toEqual({ ...empty, unidentifiedItems: 3 });
  });

  it('ignores missing items (they cannot change hands)', () => {
    const missing = { ...asset(sackOfGems()), missing: true };
    expect(offerStockDelta(inventory, { itemsToGive: [], itemsToReceive: [missing] }, sizes)).toEqual(empty);
  });

  it('names games whose set size is unknown instead of guessing', () => {
    const received = [0, 1, 2].map((i) => asset(card(620, `620r${i}`)));
    const delta = offerStockDelta(inventory, { itemsToGive: [], itemsToReceive: received }, sizes);
    expect(delta).toEqual({ ...empty, unknownSetSizes: [620] });
  });

  it('uses a stock computed beforehand', () => {
    const before = computeStock(inventory, sizes, DEFAULT_KEY_TABLE);
    const delta = offerStockDelta(
      inventory,
      { itemsToGive: [], itemsToReceive: [asset(gems(), { amount: 10 })] },
      sizes,
      DEFAULT_KEY_TABLE,
      before,
    );
    expect(delta.gems).toBe(10);
  });
});

describe('formatStockDelta', () => {
  it('writes changes with a true minus sign and thousands separators', () => {
    const text = formatStockDelta({ ...empty, regularSets: { 730: 2 }, gems: -1000, keys: { ...noKeys, tf2: 1 } });
    expect(text).toBe('+2 sets (app 730), \u22121,000 gems, +1 TF2 key');
  });

  it('says when nothing changes', () => {
    expect(formatStockDelta(empty)).toBe('no change to stock');
  });

  it('lists foil sets, every key kind and the notes', () => {
    const delta: StockDelta = {
      regularSets: { 440: -1, 730: 1 },
      foilSets: { 730: 1 },
      gems: 1,
      keys: { csgo: -2, tf2: 0, hydra: 1, tod: 3 },
      unknownSetSizes: [620, 212680],
      unidentifiedItems: 1,
    };
    expect(
      formatStockDelta(
        delta,
        1024,
        new Map([
          [440, 'Team Fortress 2'],
          [620, 'Portal 2'],
        ]),
      ),
    ).toBe(
      '\u22121 set (Team Fortress 2), +1 set (app 730), +1 foil set (app 730), +1 gem, \u22122 CS:GO keys, +1 Hydra key, +3 Tour of Duty tickets; set size unknown: Portal 2, app 212680; 1 item not identified',
    );
    expect(formatStockDelta({ ...empty, unidentifiedItems: 2 })).toBe('no change to stock; 2 items not identified');
  });

  it('cuts a long list of games to fit', () => {
    const regularSets = Object.fromEntries(Array.from({ length: 200 }, (_, i) => [100_000 + i, 1]));
    const text = formatStockDelta({ ...empty, regularSets, gems: -5000 }, 100);
    expect(text).toBe('+1 set (app 100000), +1 set (app 100001), +1 set (app 100002), … 197 more, \u22125,000 gems');
    expect(text.length).toBeLessThanOrEqual(100);
  });
});
