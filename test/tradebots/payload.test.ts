import { describe, expect, it } from 'vitest';
import {
  buildPayload,
  diffPayload,
  hasChanges,
  jsonEqual,
  type SteamTradeBotsUpdate,
} from '../../src/tradebots/payload.js';
import type { Stock } from '../../src/tradebots/stock.js';
import { formatPayloadSummary } from '../../src/format/tradebotsStock.js';

const stock: Stock = {
  gems: 2_550_000,
  keys: { csgo: 3, tf2: 10, hydra: 1, tod: 25 },
  sets: new Map([
    [570, { regular: 0, foil: 2 }],
    [730, { regular: 100, foil: 1 }],
    [440, { regular: 7, foil: 0 }],
  ]),
  unknownSetSizes: [212680],
  totals: { regularSets: 107, foilSets: 3, badgeAppids: [440, 730] },
};

const NOW = Date.UTC(2025, 5, 1, 9, 47, 53, 999); // 1748771273.999 s

describe('buildPayload', () => {
  it('builds the full update with only the site field names, in a fixed order', () => {
    const payload = buildPayload({
      stock,
      rates: { custom_message: 'hi', buy_sets_tf2: 20, max_level: 500, rates_badges: { '13': '150/120' } },
      status: 'online',
      now: NOW,
    });
    expect(payload).toEqual({
      status: 'online',
      buy_sets_tf2: 20,
      rates_badges: { '13': '150/120' },
      max_level: 500,
      custom_message: 'hi',
      stock_sets: 107,
      stock_unique_sets: 2,
      stock_foil_sets: 3,
      stock_gems: 2_550_000,
      stock_keys_csgo: 3,
      stock_keys_tf2: 10,
      stock_keys_hydra: 1,
      stock_tickets_tod: 25,
      stock_badges: { '440': 7, '730': 100 },
      stock_badge_appids: [440, 730],
      last_update_timestamp: 1748771273,
    });
    expect(Object.keys(payload)).toEqual([
      'status',
      'buy_sets_tf2',
      'rates_badges',
      'max_level',
      'custom_message',
      'stock_sets',
      'stock_unique_sets',
      'stock_foil_sets',
      'stock_gems',
      'stock_keys_csgo',
      'stock_keys_tf2',
      'stock_keys_hydra',
      'stock_tickets_tod',
      'stock_badges',
      'stock_badge_appids',
      'last_update_timestamp',
    ]);
  });

  it('takes a Date for now', () => {
    expect(buildPayload({ stock, rates: {}, status: 'busy', now: new Date(NOW) }).last_update_timestamp).toBe(
      1748771273,
    );
  });

  it('does not share arrays with the stock', () => {
    const payload = buildPayload({ stock, rates: {}, status: 'online', now: NOW });
    payload.stock_badge_appids!.push(1);
    expect(stock.totals.badgeAppids).toEqual([440, 730]);
  });
});

describe('diffPayload', () => {
  const previous = buildPayload({ stock, rates: { buy_sets_tf2: 20 }, status: 'online', now: NOW });

  it('sends everything the first time', () => {
    expect(diffPayload(null, previous)).toEqual(previous);
  });

  it('sends nothing when only the timestamp moved', () => {
    const next = { ...previous, last_update_timestamp: previous.last_update_timestamp! + 60 };
    const diff = diffPayload(previous, next);
    expect(diff).toEqual({});
    expect(hasChanges(diff)).toBe(false);
  });

  it('sends the changed fields and the new timestamp', () => {
    const next: SteamTradeBotsUpdate = {
      ...previous,
      status: 'busy',
      stock_gems: 2_549_000,
      stock_badges: { '440': 7, '730': 99 },
      last_update_timestamp: 1748771400,
    };
    expect(diffPayload(previous, next)).toEqual({
      status: 'busy',
      stock_gems: 2_549_000,
      stock_badges: { '440': 7, '730': 99 },
      last_update_timestamp: 1748771400,
    });
  });

  it('compares objects and arrays by content, not by key order or identity', () => {
    const next: SteamTradeBotsUpdate = {
      ...previous,
      stock_badges: { '730': 100, '440': 7 },
      stock_badge_appids: [440, 730],
    };
    expect(diffPayload(previous, next)).toEqual({});
    expect(diffPayload(previous, { ...next, stock_badge_appids: [440, 730, 570] })).toEqual({
      stock_badge_appids: [440, 730, 570],
      last_update_timestamp: 1748771273,
    });
  });

  it('sends a rate that was added, and never a rate that was removed (the site cannot clear one)', () => {
    const { buy_sets_tf2: _removed, ...withoutRate } = previous;
    expect(diffPayload(previous, { ...withoutRate, sell_sets_tf2: 23 })).toEqual({
      sell_sets_tf2: 23,
      last_update_timestamp: 1748771273,
    });
  });
});

describe('jsonEqual', () => {
  it('is deep and strict about types', () => {
    expect(jsonEqual({ a: [1, { b: 2 }] }, { a: [1, { b: 2 }] })).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(jsonEqual([1], { 0: 1 })).toBe(false);
    expect(jsonEqual(1, '1')).toBe(false);
    expect(jsonEqual(null, {})).toBe(false);
  });
});

describe('formatPayloadSummary', () => {
  it('reads the full payload in lines', () => {
    const payload = buildPayload({
      stock,
      rates: {
        buy_sets_csgo: 24,
        sell_sets_csgo: 27,
        buy_sets_tf2: 20,
        buy_gems_set: 380,
        sell_gems_set: 450,
        sell_gems_key_tod: 1900,
        buy_foil_sets_hydra: 1.5,
        sell_foil_sets_hydra: 2,
        buy_foil_gems_set: 2500,
        sell_foil_gems_set: 3000,
        buy_gems_badge: 400,
        sell_gems_badge: 460,
        rates_badges: { '13': '150/120' },
        max_level: 500,
        custom_message: 'Fast bot',
      },
      status: 'online',
      now: NOW,
    });
    expect(formatPayloadSummary(payload, { unknownSetSizes: stock.unknownSetSizes })).toEqual([
      'Status: online',
      'Stock: 107 sets of 2 games, 3 foil sets, 2,550,000 gems',
      'Keys: 3 CS:GO keys, 10 TF2 keys, 1 Hydra key, 25 Tour of Duty tickets',
      'Sets per game: 440: 7, 730: 100',
      'Sets per key: CS:GO buy 24 / sell 27; TF2 buy 20 / sell —',
      'Gems per set: buy 380 / sell 450',
      'Gems per key: Tour of Duty buy — / sell 1,900',
      'Foil sets per key: Hydra buy 1.5 / sell 2',
      'Gems per foil set: buy 2,500 / sell 3,000',
      'Gems per badge: buy 400 / sell 460',
      'Badge rates (buy/sell gems): 13: 150/120',
      'Max level: 500',
      'Message: "Fast bot"',
      'Last update: 2025-06-01T09:47:53Z (1748771273)',
      'Not counted: set size unknown for 1 game (212680)',
    ]);
  });

  it('reads a diff with only what it carries', () => {
    expect(formatPayloadSummary({ stock_gems: 1, stock_keys_tf2: 1, last_update_timestamp: 0 })).toEqual([
      'Stock: 1 gem',
      'Keys: 1 TF2 key',
      'Last update: 1970-01-01T00:00:00Z (0)',
    ]);
    expect(formatPayloadSummary({})).toEqual([]);
  });

  it('shortens long lists of games', () => {
    const badges = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [String(100 + i), 1]));
    const unknown = Array.from({ length: 11 }, (_, i) => 500 + i);
    expect(formatPayloadSummary({ stock_badges: badges }, { unknownSetSizes: unknown })).toEqual([
      'Sets per game: 100: 1, 101: 1, 102: 1, 103: 1, 104: 1, 105: 1, 106: 1, 107: 1, 108: 1, 109: 1, … 2 more',
      'Not counted: set size unknown for 11 games (500, 501, 502, 503, 504, 505, 506, 507, 508, 509, … 1 more)',
    ]);
  });
});
