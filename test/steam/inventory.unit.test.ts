// The pure parts of src/steam/inventory.ts: grouping items for /inventory show, and reading
// g_rgAppContextData out of the profile inventory page (docs/steam.md#inventory-contexts).
import { describe, expect, it } from 'vitest';
import { PrivateInventoryError, SteamShapeError, UnknownUserError } from '../../src/steam/errors.js';
import { aggregateInventory, byItemName } from '../../src/steam/inventoryGroups.js';
import { parseAppContextData, readScriptJson } from '../../src/steam/inventoryContexts.js';
import type { EconDescription, EconItem } from '../../src/steam/types.js';
import { econDescription } from '../fixtures/econ.js';

const STEAMID = '76561198000000001';
const ENDPOINT = `steamcommunity.com/profiles/${STEAMID}/inventory/`;

function description(overrides: Partial<EconDescription> & { classid: string; name: string }): EconDescription {
  return econDescription(overrides);
}

let nextAssetId = 1000;
function item(d: EconDescription | null, overrides: Partial<EconItem> = {}): EconItem {
  nextAssetId += 1;
  return {
    appid: d?.appid ?? 753,
    contextid: '6',
    assetid: String(nextAssetId),
    classid: d?.classid ?? '999',
    instanceid: d?.instanceid ?? '0',
    amount: 1,
    isCurrency: false,
    description: d,
    ...overrides,
  };
}

describe('aggregateInventory', () => {
  it('lists a renamed item apart from the real ones of its market_hash_name, with its fraud warnings', () => {
    const warning = 'This item has been renamed.\nOriginal name: "Mann Co. Supply Crate Key"';
    const key = description({
      classid: '1',
      name: 'Mann Co. Supply Crate Key',
      marketHashName: 'Mann Co. Supply Crate Key',
    });
    const renamed = description({
      classid: '2',
      name: "''Free Key''",
      marketHashName: 'Mann Co. Supply Crate Key',
      fraudWarnings: [warning],
    });
    const groups = aggregateInventory([item(key), item(renamed), item(key)]);
    expect(groups.map((g) => [g.name, g.quantity, g.fraudWarnings])).toEqual([
      ['Mann Co. Supply Crate Key', 2, []],
      ["''Free Key''", 1, [warning]],
    ]);
  });

  const gems = description({ classid: '667924416', name: 'Gems', marketHashName: '753-Gems', type: 'Steam Gems' });
  const card = description({
    classid: '100',
    name: 'Gordon',
    marketHashName: '220-Gordon',
    type: 'Half-Life 2 Trading Card',
  });
  const cardOtherInstance = { ...card, instanceid: '7' };
  const background = description({
    classid: '200',
    name: 'City 17',
    marketHashName: '220-City 17',
    type: 'Half-Life 2 Profile Background',
    tradable: false,
    marketable: false,
  });

  it('groups by market_hash_name and sums amounts, most first', () => {
    const items = [
      item(card, { assetid: '1' }),
      item(gems, { assetid: '2', amount: 1500 }),
      item(cardOtherInstance, { assetid: '3' }),
      item(background, { assetid: '4' }),
      item(gems, { assetid: '5', amount: 25 }),
    ];
    expect(aggregateInventory(items)).toEqual([
      {
        marketHashName: '753-Gems',
        name: 'Gems',
        type: 'Steam Gems',
        quantity: 1525,
        tradableQuantity: 1525,
        marketable: true,
        tradable: true,
        isCurrency: false,
        fraudWarnings: [],
      },
      {
        marketHashName: '220-Gordon',
        name: 'Gordon',
        type: 'Half-Life 2 Trading Card',
        quantity: 2,
        tradableQuantity: 2,
        marketable: true,
        tradable: true,
        isCurrency: false,
        fraudWarnings: [],
      },
      {
        marketHashName: '220-City 17',
        name: 'City 17',
        type: 'Half-Life 2 Profile Background',
        quantity: 1,
        tradableQuantity: 0,
        marketable: false,
        tradable: false,
        isCurrency: false,
        fraudWarnings: [],
      },
    ]);
  });

  it('counts tradable copies separately when only some are tradable', () => {
    const fresh = { ...card, instanceid: '8', tradable: false };
    const [group] = aggregateInventory([item(card), item(fresh), item(fresh)]);
    expect(group).toMatchObject({ quantity: 3, tradableQuantity: 1, tradable: true });
  });

  it('orders equal quantities by name', () => {
    const names = aggregateInventory([
      item(description({ classid: '1', name: 'Zeta' })),
      item(description({ classid: '2', name: 'alpha' })),
      item(description({ classid: '3', name: 'Beta' })),
    ]).map((g) => g.name);
    expect(names).toEqual(['alpha', 'Beta', 'Zeta']);
  });

  it('keeps items without a description, one group per class', () => {
    const groups = aggregateInventory([
      item(null, { appid: 730, classid: '42', assetid: '9' }),
      item(null, { appid: 730, classid: '42', assetid: '10' }),
    ]);
    expect(groups).toEqual([
      {
        marketHashName: '730-class-42',
        name: 'Unknown item (class 42)',
        type: '',
        quantity: 2,
        tradableQuantity: 0,
        marketable: false,
        tradable: false,
        isCurrency: false,
        fraudWarnings: [],
      },
    ]);
  });

  it('marks currency entries', () => {
    const coins = description({ classid: '5', name: 'Coins' });
    const [group] = aggregateInventory([item(coins, { isCurrency: true, amount: 250 })]);
    expect(group).toMatchObject({ isCurrency: true, quantity: 250 });
  });

  it('searches name, market_hash_name and type, case-insensitively and trimmed', () => {
    const items = [item(card), item(gems), item(background)];
    expect(aggregateInventory(items, '  GORDON ').map((g) => g.name)).toEqual(['Gordon']);
    expect(aggregateInventory(items, '220-').map((g) => g.name)).toEqual(['City 17', 'Gordon']);
    expect(aggregateInventory(items, 'profile background').map((g) => g.name)).toEqual(['City 17']);
    expect(aggregateInventory(items, 'knife')).toEqual([]);
    expect(aggregateInventory(items, '   ').map((g) => g.name)).toEqual(['City 17', 'Gems', 'Gordon']);
  });

  it('returns nothing for no items', () => {
    expect(aggregateInventory([])).toEqual([]);
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

function page(data: string): string {
  return [
    '<html><head><script type="text/javascript">',
    '\t\tvar g_strInventoryLoadURL = "https://steamcommunity.com/inventory/";',
    `\t\tvar g_rgAppContextData = ${data};`,
    '\t\tvar g_rgWalletInfo = {"wallet_currency":1};',
    '</script></head><body></body></html>',
  ].join('\n');
}

describe('parseAppContextData', () => {
  it('reads every app and context, sorted by app then context', () => {
    const data = {
      '753': {
        appid: 753,
        name: 'Steam',
        icon: 'https://example/753.jpg',
        link: 'https://steamcommunity.com/app/753',
        asset_count: 1501,
        inventory_logo: '',
        trade_permissions: 'FULL',
        load_failed: 0,
        store_vetted: '1',
        owner_only: false,
        rgContexts: {
          '6': { asset_count: 1500, id: '6', name: 'Community' },
          '3': { asset_count: 1, id: '3', name: 'Coupons' },
        },
      },
      '730': {
        appid: 730,
        name: 'Counter-Strike 2',
        asset_count: '927',
        trade_permissions: 'FULL',
        load_failed: false,
        store_vetted: true,
        owner_only: 0,
        rgContexts: { '2': { asset_count: 927, id: '2', name: 'Backpack' }, '16': { id: 16, name: 'Protected' } },
      },
      '440': { appid: '440', name: 'Team Fortress 2', trade_permissions: 'SENDONLY', rgContexts: [] },
      '570': { appid: 570, name: 'Dota 2', rgContexts: { '2': { asset_count: '3', id: '2', name: 'Backpack' } } },
    };
    expect(parseAppContextData(page(JSON.stringify(data)), STEAMID, ENDPOINT)).toEqual([
      {
        appid: 570,
        appName: 'Dota 2',
        contextid: '2',
        contextName: 'Backpack',
        assetCount: 3,
        tradePermissions: 'FULL',
      },
      {
        appid: 730,
        appName: 'Counter-Strike 2',
        contextid: '2',
        contextName: 'Backpack',
        assetCount: 927,
        tradePermissions: 'FULL',
      },
      {
        appid: 730,
        appName: 'Counter-Strike 2',
        contextid: '16',
        contextName: 'Protected',
        assetCount: 0,
        tradePermissions: 'FULL',
      },
      { appid: 753, appName: 'Steam', contextid: '3', contextName: 'Coupons', assetCount: 1, tradePermissions: 'FULL' },
      {
        appid: 753,
        appName: 'Steam',
        contextid: '6',
        contextName: 'Community',
        assetCount: 1500,
        tradePermissions: 'FULL',
      },
    ]);
  });

  it('reads Windows line ends', () => {
    const html = page(
      '{"753":{"appid":753,"name":"Steam","rgContexts":{"6":{"asset_count":2,"id":"6","name":"Community"}}}}',
    )
      .split('\n')
      .join('\r\n');
    expect(parseAppContextData(html, STEAMID, ENDPOINT)).toEqual([
      {
        appid: 753,
        appName: 'Steam',
        contextid: '6',
        contextName: 'Community',
        assetCount: 2,
        tradePermissions: 'FULL',
      },
    ]);
  });

  it('reads an empty inventory, which Steam writes as []', () => {
    expect(parseAppContextData(page('[]'), STEAMID, ENDPOINT)).toEqual([]);
  });

  it('tells a private profile from a private inventory', () => {
    const profile = '<div class="profile_private_info">This profile is private.</div>\n';
    const profileError = thrown(() => parseAppContextData(profile, STEAMID, ENDPOINT));
    expect(profileError).toBeInstanceOf(PrivateInventoryError);
    expect(profileError).toMatchObject({ steamid: STEAMID, what: 'profile', endpoint: ENDPOINT });

    const inventory = '<div class="profile_fatalerror_message">This inventory is currently private.</div>\n';
    const inventoryError = thrown(() => parseAppContextData(inventory, STEAMID, ENDPOINT));
    expect(inventoryError).toBeInstanceOf(PrivateInventoryError);
    expect(inventoryError).toMatchObject({ steamid: STEAMID, what: 'inventory', endpoint: ENDPOINT });
  });

  it('recognises the page of an unknown profile', () => {
    const html = '<div id="message"><h3>The specified profile could not be found.</h3></div>\n';
    expect(() => parseAppContextData(html, STEAMID, ENDPOINT)).toThrow(UnknownUserError);
  });

  it('refuses a page without the data, or with data that is not JSON or not the expected shape', () => {
    expect(() => parseAppContextData('<html>Sorry!</html>', STEAMID, ENDPOINT)).toThrow(SteamShapeError);
    expect(() => parseAppContextData(page('{"730": {'), STEAMID, ENDPOINT)).toThrow(SteamShapeError);
    expect(() => parseAppContextData(page('{"730":{"appid":"CS","name":"x"}}'), STEAMID, ENDPOINT)).toThrow(
      SteamShapeError,
    );
    expect(() => parseAppContextData(page('"nope"'), STEAMID, ENDPOINT)).toThrow(SteamShapeError);
  });
});

describe('readScriptJson', () => {
  const data =
    '{"440":{"appid":440,"name":"Team {Fortress} 2 \\"};\\n","rgContexts":{"2":{"id":"2","name":"Backpack"}}}}';

  it('reads up to the closing brace, whatever follows on the line', () => {
    expect(readScriptJson(`var g_rgAppContextData = ${data};</script>`, 'g_rgAppContextData')).toBe(data);
    expect(readScriptJson(`var g_rgAppContextData = ${data}; var g_x = {"a":1};\n`, 'g_rgAppContextData')).toBe(data);
    expect(readScriptJson(`var g_rgAppContextData = ${data};\r\n`, 'g_rgAppContextData')).toBe(data);
    expect(readScriptJson('var g_rgAppContextData = [];</script>', 'g_rgAppContextData')).toBe('[]');
    expect(JSON.parse(readScriptJson(`g_rgAppContextData=${data}</script>`, 'g_rgAppContextData')!)).toMatchObject({
      '440': { name: 'Team {Fortress} 2 "};\n' },
    });
  });

  it('is null when the assignment is missing or never closes', () => {
    expect(readScriptJson('var g_rgAppContextDataX = {};', 'g_rgAppContextData')).toBeNull();
    expect(readScriptJson('var g_rgAppContextData = {"a":{', 'g_rgAppContextData')).toBeNull();
    expect(readScriptJson('var g_rgAppContextData = "text";', 'g_rgAppContextData')).toBeNull();
  });

  it('parseAppContextData reads a page with `</script>` right after the data', () => {
    const html = `<script>var g_rgAppContextData = ${data};</script>\n<div></div>`;
    expect(parseAppContextData(html, STEAMID, ENDPOINT)).toEqual([
      {
        appid: 440,
        appName: 'Team {Fortress} 2 "};\n',
        contextid: '2',
        contextName: 'Backpack',
        assetCount: 0,
        tradePermissions: 'FULL',
      },
    ]);
  });
});

describe('byItemName', () => {
  it('orders names letter by letter regardless of the case of A–Z, shorter first, then exactly', () => {
    const names = [
      'awp | Asiimov',
      'AK-47 | Redline',
      'AWP | Asiimov',
      'ak-47 | redline',
      'AK-47',
      'Zeus x27',
      'M4A1-S',
    ];
    expect([...names].sort(byItemName)).toEqual([
      'AK-47',
      'AK-47 | Redline',
      'ak-47 | redline',
      'AWP | Asiimov',
      'awp | Asiimov',
      'M4A1-S',
      'Zeus x27',
    ]);
  });

  it('is a consistent order: equal only for equal names, and antisymmetric', () => {
    expect(byItemName('Key', 'Key')).toBe(0);
    expect(Math.sign(byItemName('key', 'Key'))).toBe(-Math.sign(byItemName('Key', 'key')));
    expect(byItemName('key', 'Key')).not.toBe(0);
    expect(byItemName('Ébène', 'Zebra')).toBeGreaterThan(0);
  });
});
