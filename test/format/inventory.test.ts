import { ComponentType, type APIButtonComponentWithCustomId, type APIEmbed } from 'discord.js';
import { describe, expect, it } from 'vitest';
import {
  appChoices,
  appName,
  defaultContextFor,
  emptyInventoryText,
  groupLine,
  groupMarks,
  GROUPS_PER_PAGE,
  inventoryProgressText,
  inventoryTotals,
  MARKS_LEGEND,
  pageCount,
  renderInventoryPage,
  totalsLine,
  type InventoryViewData,
} from '../../src/format/inventory.js';
import { contextsEmbed, embedLength } from '../../src/format/inventoryContexts.js';
import { inventoryPageIds } from '../../src/commands/inventory/page.js';
import { EMBED_LIMITS } from '../../src/format/limits.js';
import type { InventoryContext, InventoryGroup } from '../../src/steam/types.js';

const OWNER = '123456789012345678';
const STEAMID = '76561198000000001';
const LOADED_AT = Date.UTC(2026, 0, 2, 3, 4, 5);

function group(overrides: Partial<InventoryGroup> & { name: string }): InventoryGroup {
  return {
    marketHashName: overrides.name,
    type: '',
    quantity: 1,
    tradableQuantity: 1,
    marketable: true,
    tradable: true,
    isCurrency: false,
    fraudWarnings: [],
    ...overrides,
  };
}

function view(
  overrides: Partial<Omit<InventoryViewData, 'groups'>> & { groups?: InventoryGroup[] } = {},
): InventoryViewData {
  const groups = overrides.groups ?? [group({ name: 'Gems', quantity: 1000, tradableQuantity: 1000 })];
  // One asset per group unless a test says otherwise.
  const visible = groups.length;
  return {
    steamid: STEAMID,
    personaName: null,
    appid: 753,
    contextid: '6',
    search: null,
    groups,
    visibleAssets: visible,
    totalInventoryCount: visible,
    hiddenItems: false,
    loadedAt: LOADED_AT,
    ...overrides,
  };
}

function buttons(rendered: ReturnType<typeof renderInventoryPage>): APIButtonComponentWithCustomId[] {
  return rendered.components.flatMap((row) => row.components) as APIButtonComponentWithCustomId[];
}

function manyGroups(n: number): InventoryGroup[] {
  return Array.from({ length: n }, (_, i) =>
    group({ name: `Item ${String(i + 1).padStart(2, '0')}`, quantity: n - i, tradableQuantity: n - i }),
  );
}

describe('app autocomplete', () => {
  it('offers every common app, in order, when nothing is typed', () => {
    expect(appChoices('')).toEqual([
      { name: 'Counter-Strike 2 (730)', value: 730 },
      { name: 'Team Fortress 2 (440)', value: 440 },
      { name: 'Dota 2 (570)', value: 570 },
      { name: 'Steam (753)', value: 753 },
      { name: 'Rust (252490)', value: 252490 },
      { name: 'PUBG: BATTLEGROUNDS (578080)', value: 578080 },
    ]);
  });

  it('filters by name, case-insensitively', () => {
    expect(appChoices('  DOTA ')).toEqual([{ name: 'Dota 2 (570)', value: 570 }]);
    expect(appChoices('counter')).toEqual([{ name: 'Counter-Strike 2 (730)', value: 730 }]);
  });

  it('filters by id and offers the typed number as an app of its own', () => {
    expect(appChoices('7')).toEqual([
      { name: 'App 7', value: 7 },
      { name: 'Counter-Strike 2 (730)', value: 730 },
      { name: 'Dota 2 (570)', value: 570 },
      { name: 'Steam (753)', value: 753 },
      { name: 'PUBG: BATTLEGROUNDS (578080)', value: 578080 },
    ]);
    expect(appChoices('1172470')).toEqual([{ name: 'App 1172470', value: 1172470 }]);
  });

  it('does not repeat a common app typed in full', () => {
    expect(appChoices('730')).toEqual([{ name: 'Counter-Strike 2 (730)', value: 730 }]);
  });

  it('offers no app id outside 1…2^32−1', () => {
    expect(appChoices('0').map((c) => c.value)).toEqual([730, 440, 570, 252490, 578080]);
    expect(appChoices('4294967296')).toEqual([]);
    expect(appChoices('4294967295')).toEqual([{ name: 'App 4294967295', value: 4294967295 }]);
    expect(appChoices('no such game')).toEqual([]);
  });
});

describe('defaults and names', () => {
  it('uses context 6 for Steam and 2 for games', () => {
    expect(defaultContextFor(753)).toBe('6');
    expect(defaultContextFor(730)).toBe('2');
    expect(defaultContextFor(1172470)).toBe('2');
  });

  it('names known apps and numbers the others', () => {
    expect(appName(440)).toBe('Team Fortress 2');
    expect(appName(999)).toBe('App 999');
  });
});

describe('inventoryProgressText', () => {
  it('says it is loading before the first page', () => {
    expect(inventoryProgressText(null)).toBe('Loading inventory…');
  });

  it('counts pages and items', () => {
    expect(inventoryProgressText({ pagesLoaded: 3, totalPages: 50, itemsLoaded: 6000, totalItems: 100_000 })).toBe(
      'Loading inventory… page 3 of 50 (6,000 items)',
    );
  });

  it('leaves out the page count when Steam gave no total', () => {
    expect(inventoryProgressText({ pagesLoaded: 1, totalPages: null, itemsLoaded: 1, totalItems: null })).toBe(
      'Loading inventory… page 1 (1 item)',
    );
  });
});

describe('totals and marks', () => {
  const groups = [
    group({ name: 'Gems', quantity: 1000, tradableQuantity: 1000, marketable: true }),
    group({ name: 'Card', quantity: 5, tradableQuantity: 3, marketable: true }),
    group({ name: 'Badge thing', quantity: 2, tradableQuantity: 0, tradable: false, marketable: false }),
  ];

  it('sums quantities, kinds, tradable and marketable copies', () => {
    expect(inventoryTotals(groups)).toEqual({ items: 1007, kinds: 3, tradable: 1003, marketable: 1005 });
    expect(totalsLine(inventoryTotals(groups))).toBe(
      '**1,007** items · **3** kinds · **1,003** tradable · **1,005** marketable',
    );
    expect(totalsLine({ items: 1, kinds: 1, tradable: 0, marketable: 0 })).toBe(
      '**1** item · **1** kind · **0** tradable · **0** marketable',
    );
  });

  it('marks tradable, partly tradable, untradable, marketable and currency', () => {
    expect(groupMarks(groups[0]!)).toBe('🔁 🏷️');
    expect(groupMarks(groups[1]!)).toBe('🔁 3/5 🏷️');
    expect(groupMarks(groups[2]!)).toBe('🔒');
    expect(groupMarks(group({ name: 'Coins', marketable: false, isCurrency: true }))).toBe('🔁 💰');
  });
});

describe('groupLine', () => {
  it('shows the quantity, the escaped name and the marks', () => {
    expect(
      groupLine(group({ name: 'AK-47 | Redline (Field-Tested)', quantity: 1200, tradableQuantity: 1200 }), 200),
    ).toBe('`1,200×` AK-47 \\| Redline (Field-Tested) 🔁 🏷️');
    expect(groupLine(group({ name: '**Bold** _it_ - [x](https://scam.example)' }), 200)).toBe(
      '`1×` \\*\\*Bold\\*\\* \\_it\\_ - \\[x](https\\://scam.example) 🔁 🏷️',
    );
  });

  it('adds the market_hash_name whenever it differs from the name', () => {
    const card = group({ name: 'Gordon', marketHashName: '220-Gordon', marketable: false });
    expect(groupLine(card, 200)).toBe('`1×` Gordon (220-Gordon) 🔁');
  });

  it('marks a renamed item, names the real one and shows its fraud warning', () => {
    const junk = group({
      name: "''Mann Co. Supply Crate Key''",
      marketHashName: 'Secret Saxton',
      marketable: false,
      fraudWarnings: ['This item has been renamed.\nOriginal name: "Secret Saxton"'],
    });
    expect(groupLine(junk, 300)).toBe(
      "`1×` ⚠️ RENAMED “''Mann Co. Supply Crate Key''” — real item: Secret Saxton ⚠ This item has been renamed. Original name: \"Secret Saxton\" 🔁",
    );
  });

  it('cuts long names to 100 characters', () => {
    const line = groupLine(group({ name: 'x'.repeat(300), marketable: false }), 1000);
    expect(line).toBe(`\`1×\` ${'x'.repeat(99)}… 🔁`);
  });

  it('shortens the name until the line fits, never cutting an escape in half', () => {
    const line = groupLine(group({ name: '*'.repeat(100), marketable: false }), 60);
    expect(line.length).toBeLessThanOrEqual(60);
    expect(line).toMatch(/^`1×` (\\\*)+… 🔁$/);
  });
});

describe('renderInventoryPage', () => {
  // Pages count from 0; the ids are the command's own.
  const ref = inventoryPageIds({ viewId: 'v1', ownerId: OWNER });

  it('renders a one-page inventory without buttons', () => {
    const rendered = renderInventoryPage(
      view({
        personaName: 'Trader_Joe',
        groups: [
          group({ name: 'Gems', quantity: 1000, tradableQuantity: 1000 }),
          group({ name: 'Sack of Gems', quantity: 2, tradableQuantity: 0, tradable: false, marketable: false }),
        ],
      }),
      0,
      ref,
    );
    expect(rendered.components).toEqual([]);
    expect(rendered.embeds).toEqual([
      {
        title: 'Inventory of Trader\\_Joe — Steam (753/6)',
        url: `https://steamcommunity.com/profiles/${STEAMID}/inventory/#753_6`,
        color: 0x5865f2,
        timestamp: '2026-01-02T03:04:05.000Z',
        description: [
          '**1,002** items · **2** kinds · **1,000** tradable · **1,000** marketable',
          '',
          '`1,000×` Gems 🔁 🏷️',
          '`2×` Sack of Gems 🔒',
        ].join('\n'),
        footer: { text: `Page 1/1 · ${MARKS_LEGEND}` },
      },
    ]);
  });

  it('pages by 20 with Previous/Next carrying view, owner and page', () => {
    const data = view({ appid: 730, contextid: '2', groups: manyGroups(45) });
    expect(pageCount(data.groups)).toBe(3);

    const first = renderInventoryPage(data, 0, ref);
    const lines = first.embeds[0]!.description!.split('\n');
    expect(lines.slice(2)).toHaveLength(GROUPS_PER_PAGE);
    expect(lines[2]).toBe('`45×` Item 01 🔁 🏷️');
    expect(first.embeds[0]!.footer).toEqual({ text: `Page 1/3 · ${MARKS_LEGEND}` });
    expect(first.components).toHaveLength(1);
    expect(first.components[0]!.type).toBe(ComponentType.ActionRow);
    expect(buttons(first).map((b) => [b.label, b.custom_id, b.disabled])).toEqual([
      ['Previous', `inventory:v1:${OWNER}:0`, true],
      ['Next', `inventory:v1:${OWNER}:1`, false],
    ]);

    const last = renderInventoryPage(data, 2, ref);
    expect(last.embeds[0]!.description!.split('\n').slice(2)).toEqual([
      '`5×` Item 41 🔁 🏷️',
      '`4×` Item 42 🔁 🏷️',
      '`3×` Item 43 🔁 🏷️',
      '`2×` Item 44 🔁 🏷️',
      '`1×` Item 45 🔁 🏷️',
    ]);
    expect(buttons(last).map((b) => [b.custom_id, b.disabled])).toEqual([
      [`inventory:v1:${OWNER}:1`, false],
      [`inventory:v1:${OWNER}:2`, true],
    ]);
  });

  it('clamps a page out of range (the list may be shorter than the button thought)', () => {
    const data = view({ groups: manyGroups(45) });
    expect(renderInventoryPage(data, 99, ref).embeds[0]!.footer!.text).toMatch(/^Page 3\/3 /);
    expect(renderInventoryPage(data, -1, ref).embeds[0]!.footer!.text).toMatch(/^Page 1\/3 /);
  });

  it('makes no buttons without a view to page', () => {
    expect(renderInventoryPage(view({ groups: manyGroups(45) }), 0, null).components).toEqual([]);
  });

  it('shows the market_hash_name beside every name that differs from it', () => {
    const data = view({
      groups: [
        group({ name: 'Gordon', marketHashName: '220-Gordon', marketable: false }),
        group({ name: 'Gordon', marketHashName: '420-Gordon', marketable: false }),
        group({ name: 'Alyx', marketHashName: '220-Alyx', marketable: false }),
      ],
    });
    expect(renderInventoryPage(data, 0, ref).embeds[0]!.description!.split('\n').slice(2)).toEqual([
      '`1×` Gordon (220-Gordon) 🔁',
      '`1×` Gordon (420-Gordon) 🔁',
      '`1×` Alyx (220-Alyx) 🔁',
    ]);
  });

  it('shows the search and notes items Steam counts but does not show', () => {
    const data = view({
      appid: 730,
      contextid: '2',
      search: 'case',
      groups: [group({ name: 'Recoil Case', quantity: 3, tradableQuantity: 3 })],
      visibleAssets: 10,
      totalInventoryCount: 14,
    });
    expect(renderInventoryPage(data, 0, ref).embeds[0]!.description).toBe(
      [
        '**3** items · **1** kind · **3** tradable · **3** marketable',
        'Matching “case”',
        '⚠️ Steam counts 14 items, but only 10 are visible to tradedesk.',
        '',
        '`3×` Recoil Case 🔁 🏷️',
      ].join('\n'),
    );
  });

  it('explains an empty inventory', () => {
    const rendered = renderInventoryPage(
      view({ appid: 730, contextid: '2', groups: [], visibleAssets: 0, totalInventoryCount: 0 }),
      0,
      ref,
    );
    expect(rendered.components).toEqual([]);
    expect(rendered.embeds[0]!.description).toBe(
      'This inventory is empty (Counter-Strike 2, context 2). `/inventory contexts` lists where this account has items.',
    );
    expect(rendered.embeds[0]!.color).toBe(0x99aab5);
  });

  it('explains a CS2 inventory whose items are hidden from other viewers', () => {
    const data = view({
      appid: 730,
      contextid: '2',
      groups: [],
      visibleAssets: 0,
      totalInventoryCount: 12,
      hiddenItems: true,
    });
    expect(emptyInventoryText(data)).toBe(
      'Steam counts 12 items in this inventory, but none of them are visible to tradedesk. Counter-Strike 2 hides items that were bought or traded in the last days from everyone but the owner.',
    );
    expect(renderInventoryPage(data, 0, ref).embeds[0]!.color).toBe(0xfaa61a);
    expect(
      emptyInventoryText(
        view({ appid: 440, contextid: '2', groups: [], visibleAssets: 0, totalInventoryCount: 1, hiddenItems: true }),
      ),
    ).toBe('Steam counts 1 item in this inventory, but none of them are visible to tradedesk.');
  });

  it('says when a search matched nothing', () => {
    const data = view({ search: 'knife*', groups: [], visibleAssets: 1234, totalInventoryCount: 1234 });
    expect(emptyInventoryText(data)).toBe('No item matches “knife\\*” (searched 1,234 items).');
  });

  it('keeps the worst case within Discord’s embed limits', () => {
    // 20 names that double in length when escaped, a long search, a long persona name, a note.
    const groups = Array.from({ length: 45 }, (_, i) =>
      group({
        name: `${'*'.repeat(99)}${i}`,
        marketHashName: `${'|'.repeat(99)}${i}`,
        quantity: 1_000_000_000 + i,
        tradableQuantity: 3,
        isCurrency: true,
      }),
    );
    const data = view({
      personaName: '_'.repeat(300),
      search: '*'.repeat(100),
      groups,
      visibleAssets: 45,
      totalInventoryCount: 1_000_000,
    });
    for (const page of [0, 1, 2]) {
      const rendered = renderInventoryPage(
        data,
        page,
        inventoryPageIds({ viewId: 'x'.repeat(24), ownerId: '9'.repeat(20) }),
      );
      const embed: APIEmbed = rendered.embeds[0]!;
      expect(embed.title!.length).toBeLessThanOrEqual(EMBED_LIMITS.title);
      expect(embed.description!.length).toBeLessThanOrEqual(EMBED_LIMITS.description);
      expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
      for (const button of buttons(rendered)) expect(button.custom_id.length).toBeLessThanOrEqual(100);
    }
  });
});

describe('contextsEmbed', () => {
  const ctx = (appid: number, appName: string, contextid: string, contextName: string, assetCount: number) =>
    ({ appid, appName, contextid, contextName, assetCount, tradePermissions: 'FULL' }) satisfies InventoryContext;

  it('lists each app with its contexts and counts', () => {
    const embed = contextsEmbed(STEAMID, 'Joe', [
      ctx(730, 'Counter-Strike 2', '2', 'Backpack', 927),
      ctx(730, 'Counter-Strike 2', '16', 'Trade Protected', 1),
      ctx(753, 'Steam', '6', 'Community', 1500),
      { ...ctx(440, 'Team Fortress 2', '2', 'Backpack', 0), tradePermissions: 'SENDONLY' },
    ]);
    expect(embed).toEqual({
      title: 'Inventory contexts of Joe',
      url: `https://steamcommunity.com/profiles/${STEAMID}/inventory/`,
      color: 0x5865f2,
      description: '3 apps, 4 contexts, 2,428 items. Show one with `/inventory show app:<app> context:<context>`.',
      fields: [
        {
          name: 'Counter-Strike 2 (730)',
          value: '`730/2` Backpack — 927 items\n`730/16` Trade Protected — 1 item',
        },
        { name: 'Steam (753)', value: '`753/6` Community — 1,500 items' },
        { name: 'Team Fortress 2 (440) · trading: SENDONLY', value: '`440/2` Backpack — 0 items' },
      ],
    });
  });

  it('says so when there is nothing', () => {
    expect(contextsEmbed(STEAMID, null, [])).toEqual({
      title: `Inventory contexts of ${STEAMID}`,
      url: `https://steamcommunity.com/profiles/${STEAMID}/inventory/`,
      color: 0x99aab5,
      description: `${STEAMID} has no items in any inventory Steam shows.`,
    });
  });

  it('keeps to 25 fields and 6000 characters, and counts what it left out', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      Array.from({ length: 3 }, (_, j) =>
        ctx(1000 + i, `Game ${'#'.repeat(80)} ${i}`, String(j + 1), 'C'.repeat(90), j),
      ),
    ).flat();
    const embed = contextsEmbed(STEAMID, null, many);
    expect(embed.fields!.length).toBeLessThanOrEqual(EMBED_LIMITS.fields);
    expect(embedLength(embed)).toBeLessThanOrEqual(EMBED_LIMITS.total);
    const shown = embed.fields!.length;
    expect(embed.footer).toEqual({ text: `…and ${40 - shown} more apps not shown` });
  });

  it('cuts an app with very many contexts inside its 1024-character field', () => {
    const many = Array.from({ length: 60 }, (_, j) => ctx(753, 'Steam', String(j + 1), `Context number ${j + 1}`, 1));
    const field = contextsEmbed(STEAMID, null, many).fields![0]!;
    expect(field.value.length).toBeLessThanOrEqual(EMBED_LIMITS.fieldValue);
    const lines = field.value.split('\n');
    expect(lines[0]).toBe('`753/1` Context number 1 — 1 item');
    expect(lines.at(-1)).toBe(`…and ${60 - (lines.length - 1)} more contexts`);
  });
});
