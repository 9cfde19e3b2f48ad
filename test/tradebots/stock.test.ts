import { describe, expect, it } from 'vitest';
import { applyKeyTableOverride, DEFAULT_KEY_TABLE } from '../../src/tradebots/keys.js';
import { computeStock, fullSets, gameAppid, type Stock } from '../../src/tradebots/stock.js';
import type { EconItem } from '../../src/steam/types.js';
import { card, copies, description, gems, item, key, sackOfGems, tag } from './fixtures.js';

const sizes =
  (known: Record<number, number>) =>
  (appid: number): number | undefined =>
    known[appid];

/** counts[i] copies of card i of a set of counts.length cards. */
function game(appid: number, counts: number[], opts: { foil?: boolean; tradable?: boolean } = {}): EconItem[] {
  return counts.flatMap((n, i) => copies(card(appid, `${appid}${opts.foil ? 'f' : 'r'}${i}`, opts), n));
}

const sets = (stock: Stock) => Object.fromEntries(stock.sets);

describe('fullSets (ASF)', () => {
  it('is 0 while a card of the set is missing', () => {
    expect(
      fullSets(
        new Map([
          ['a', 3],
          ['b', 3],
        ]),
        3,
      ),
    ).toBe(0);
  });
  it('is the smallest count once every card is there', () => {
    expect(
      fullSets(
        new Map([
          ['a', 3],
          ['b', 1],
          ['c', 2],
        ]),
        3,
      ),
    ).toBe(1);
  });
  it('counts every classid seen, like ASF', () => {
    expect(
      fullSets(
        new Map([
          ['a', 3],
          ['b', 2],
          ['c', 4],
          ['d', 5],
        ]),
        3,
      ),
    ).toBe(2);
  });
});

describe('computeStock', () => {
  it('counts full regular and foil sets per game', () => {
    const items = [
      ...game(730, [3, 2, 2, 4, 2]),
      ...game(730, [1, 1, 1, 1, 1], { foil: true }),
      ...game(440, [1, 1, 1, 1, 1, 1, 1, 1]), // 9 cards in the set, 8 held
      ...game(570, [5, 6, 7, 8, 9]),
    ];
    const stock = computeStock(items, sizes({ 730: 5, 440: 9, 570: 5 }));
    expect(sets(stock)).toEqual({ 570: { regular: 5, foil: 0 }, 730: { regular: 2, foil: 1 } });
    expect(stock.totals).toEqual({ regularSets: 7, foilSets: 1, badgeAppids: [570, 730] });
    expect(stock.unknownSetSizes).toEqual([]);
  });

  it('counts only tradable copies', () => {
    const items = [...game(730, [2, 2, 2, 2, 2]), ...copies(card(730, '730r0', { tradable: false }), 1)];
    // The untradable copy shares a classid with a tradable one but must not add to it.
    const stock = computeStock(items, sizes({ 730: 5 }));
    expect(sets(stock)).toEqual({ 730: { regular: 2, foil: 0 } });

    const locked = game(620, [1, 1, 1, 1], { tradable: true }).concat(game(620, [0, 0, 0, 0, 1], { tradable: false }));
    expect(sets(computeStock(locked, sizes({ 620: 5 })))).toEqual({});
  });

  it('adds up stacked card amounts', () => {
    const items = [
      item(card(730, 'a'), { amount: 3 }),
      ...['b', 'c', 'd', 'e'].map((c) => item(card(730, c), { amount: 4 })),
    ];
    expect(sets(computeStock(items, sizes({ 730: 5 })))).toEqual({ 730: { regular: 3, foil: 0 } });
  });

  it('finds the game by the Game tag, then market_fee_app, never by name', () => {
    const tagged = description({
      classid: 'x',
      name: 'Counter-Strike 2 card',
      marketHashName: '730-Something',
      marketFeeApp: 999,
      tags: [tag('item_class', 'item_class_2'), tag('Game', 'app_550'), tag('cardborder', 'cardborder_0')],
    });
    expect(gameAppid(tagged)).toBe(550);
    expect(gameAppid(card(620, 'y', { gameTag: false }))).toBe(620);
    expect(gameAppid(description({ tags: [tag('Game', 'app_')] }))).toBe(null);
  });

  it('takes a card for a card by its tags, whatever it is called', () => {
    // Named like a TF2 key, but a Steam Community trading card by its tags.
    const trick = game(730, [1, 1, 1, 1, 1]).map((i, n) =>
      n === 0 ? item(card(730, '730r0', { name: 'Mann Co. Supply Crate Key' })) : i,
    );
    const stock = computeStock(trick, sizes({ 730: 5 }));
    expect(sets(stock)).toEqual({ 730: { regular: 1, foil: 0 } });
    expect(stock.keys.tf2).toBe(0);
  });

  it('takes an item_class_2 item without a cardborder tag for a regular card (as ASF does)', () => {
    const bare = (classid: string) =>
      description({ classid, tags: [tag('item_class', 'item_class_2'), tag('Game', 'app_730')] });
    const items = ['a', 'b', 'c', 'd', 'e'].map((c) => item(bare(c)));
    expect(sets(computeStock(items, sizes({ 730: 5 })))).toEqual({ 730: { regular: 1, foil: 0 } });
  });

  it('reports games whose set size is unknown instead of guessing', () => {
    const items = [
      ...game(730, [1, 1, 1, 1, 1]),
      ...game(212680, [4, 4, 4, 4, 4, 4]),
      ...game(10, [1], { foil: true }),
    ];
    const stock = computeStock(items, sizes({ 730: 5 }));
    expect(sets(stock)).toEqual({ 730: { regular: 1, foil: 0 } });
    expect(stock.unknownSetSizes).toEqual([10, 212680]);
  });

  it('treats a nonsensical set size as unknown', () => {
    const stock = computeStock(game(730, [1, 1, 1, 1, 1]), sizes({ 730: 0 }));
    expect(stock.unknownSetSizes).toEqual([730]);
    expect(stock.sets.size).toBe(0);
  });

  it('does not report untradable-only games as unknown', () => {
    const stock = computeStock(game(730, [1, 1], { tradable: false }), sizes({}));
    expect(stock.unknownSetSizes).toEqual([]);
  });

  it('sums gem stacks and counts a Sack of Gems as 1,000 gems', () => {
    const items = [
      item(gems(), { amount: 12_345 }),
      item(gems(), { amount: 55 }),
      item(gems(false), { amount: 900 }), // untradable gems stay out
      item(sackOfGems(), { amount: 2 }),
      item(sackOfGems()),
      item(sackOfGems(false)),
    ];
    expect(computeStock(items, sizes({})).gems).toBe(15_400);
  });

  it('counts tradable keys by kind and ignores look-alikes elsewhere', () => {
    const items = [
      item(key(440, 'Mann Co. Supply Crate Key')),
      item(key(440, 'Mann Co. Supply Crate Key')),
      item(key(440, 'Mann Co. Supply Crate Key', { tradable: false })),
      item(key(440, 'Tour of Duty Ticket'), { amount: 3 }),
      item(key(730, 'Chroma 2 Case Key')),
      item(key(730, 'Gamma Case Key')),
      item(key(730, 'Shattered Web Case Key', { tradable: false })),
      item(key(730, 'Operation Hydra Case Key')),
      item(key(730, 'Gamma Case Key'), { contextid: '16' }), // trade-protected context
      item(key(570, 'Mann Co. Supply Crate Key')),
    ];
    expect(computeStock(items, sizes({})).keys).toEqual({ csgo: 2, tf2: 2, hydra: 1, tod: 3 });
  });

  it('follows an overridden key table', () => {
    const table = applyKeyTableOverride(DEFAULT_KEY_TABLE, { csgo: { market_hash_names: ['Kilowatt Case Key'] } });
    const items = [item(key(730, 'Kilowatt Case Key')), item(key(730, 'Gamma Case Key'))];
    expect(computeStock(items, sizes({}), table).keys).toEqual({ csgo: 1, tf2: 0, hydra: 0, tod: 0 });
  });

  it('skips items without a description and other community items', () => {
    const background = description({
      classid: 'bg',
      tags: [tag('item_class', 'item_class_3'), tag('Game', 'app_730')],
    });
    const noDescription: EconItem = { ...item(card(730, 'z')), description: null };
    const stock = computeStock([item(background), noDescription], sizes({ 730: 5 }));
    expect(stock).toEqual({
      gems: 0,
      keys: { csgo: 0, tf2: 0, hydra: 0, tod: 0 },
      sets: new Map(),
      unknownSetSizes: [],
      totals: { regularSets: 0, foilSets: 0, badgeAppids: [] },
    });
  });

  it('takes items of several inventories from any iterable', () => {
    function* inventories() {
      yield* game(730, [1, 1, 1, 1, 1]);
      yield item(key(440, 'Mann Co. Supply Crate Key'));
      yield item(gems(), { amount: 10 });
    }
    const stock = computeStock(inventories(), sizes({ 730: 5 }));
    expect([stock.totals.regularSets, stock.keys.tf2, stock.gems]).toEqual([1, 1, 10]);
  });

  it('lists foil-only games in sets but not among badge app ids', () => {
    const stock = computeStock(game(730, [2, 2, 2, 2, 2], { foil: true }), sizes({ 730: 5 }));
    expect(sets(stock)).toEqual({ 730: { regular: 0, foil: 2 } });
    expect(stock.totals).toEqual({ regularSets: 0, foilSets: 2, badgeAppids: [] });
  });
});
