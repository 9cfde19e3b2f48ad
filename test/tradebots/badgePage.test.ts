import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { econDescription } from '../../src/steam/wire/items.js';
import { parseBadgePageSetSize } from '../../src/steam/badgePage.js';
import { setSizesFileProblemText } from '../../src/format/configFileProblem.js';
import {
  boosterPackSetSizes,
  loadSetSizeOverrides,
  parseSetSizeOverrides,
  setSizeLookup,
  type SetSizeOverridesResult,
} from '../../src/tradebots/setSizeSources.js';

function setCard(n: number, total: number, owned: number): string {
  const qty = owned > 0 ? `<div class="badge_card_set_text_qty">(${owned})</div>` : '';
  return `
      <div class="badge_card_set_card ${owned > 0 ? 'owned' : 'unowned'}">
        <div class="game_card_ctn with_zoom" data-tooltip-html="Card ${n}">
          ${owned > 0 ? '' : '<div class="game_card_unowned_border"><div class="game_card_unowned_border_inner"></div></div>'}
          <img class="gamecard" src="https://community.fastly.steamstatic.com/economy/image/card${n}/96fx96f">
        </div>
        <div class="badge_card_set_text ellipsis">
          ${qty}Card ${n}
        </div>
        <div class="badge_card_set_text">${n} of ${total}, Series 1</div>
      </div>`;
}

function gamecardsPage(owned: number[]): string {
  const total = owned.length;
  return `<!DOCTYPE html>
<html class="responsive" lang="en">
<head>
  <title>Steam Community :: tradedesk bot :: Badges</title>
  <script type="text/javascript">
    // A template the page keeps in script: not markup.
    var tmpl = '<div class="badge_card_set_cards"><div class="badge_card_set_card"></div></div>';
    g_steamID = "76561198000000001";
  </script>
</head>
<body class="flat_page responsive_page">
  <div class="badge_row depressed badge_gamecard_page">
    <div class="badge_row_inner">
      <div class="badge_title_row">
        <!-- <div class="badge_card_set_card"></div> -->
        <div class="badge_title">Portal 2 Badge</div>
      </div>
      <div class="badge_detail_tasks">
        <div class="gamecard_details">
          <div class="badge_card_set_cards">${owned.map((o, i) => setCard(i + 1, total, o)).join('')}
            <div style="clear: left;"></div>
          </div>
        </div>
      </div>
    </div>
  </div>
</body>
</html>`;
}

describe('parseBadgePageSetSize', () => {
  it('counts the cards of the set, owned or not', () => {
    expect(parseBadgePageSetSize(gamecardsPage([2, 0, 1, 0, 3, 1]))).toBe(6);
    expect(parseBadgePageSetSize(gamecardsPage([0, 0, 0, 0, 0]))).toBe(5);
    expect(parseBadgePageSetSize(gamecardsPage(Array.from({ length: 15 }, () => 1)))).toBe(15);
  });

  it('reads single-quoted and unquoted class attributes', () => {
    const cards = Array.from({ length: 7 }, (_, i) =>
      i % 2 ? "<div class='badge_card_set_card owned'></div>" : '<div class=badge_card_set_card></div>',
    );
    expect(parseBadgePageSetSize(`<div class='badge_card_set_cards'>${cards.join('')}</div>`)).toBe(7);
  });

  it('is null when the page is not a badge page', () => {
    const overview = `<html><head><title>Steam Community :: Steam Badges</title></head>
      <body><div class="badge_row is_link"><div class="badge_title">Portal 2</div></div></body></html>`;
    expect(parseBadgePageSetSize(overview)).toBe(null);
    expect(parseBadgePageSetSize('')).toBe(null);
    expect(parseBadgePageSetSize('<html><body>Sign In</body></html>')).toBe(null);
  });

  it('is null when the count cannot be a set (5 to 15 cards)', () => {
    expect(parseBadgePageSetSize(gamecardsPage([1, 1, 1]))).toBe(null);
    expect(parseBadgePageSetSize(gamecardsPage(Array.from({ length: 16 }, () => 0)))).toBe(null);
    expect(parseBadgePageSetSize('<div class="badge_card_set_cards"></div>')).toBe(null);
  });

  it('is null for a page cut off before the end of the set, unless a whole set was already seen', () => {
    const page = gamecardsPage([1, 1, 1, 1, 1, 1]);
    const cut = page.slice(0, page.indexOf('2 of 6'));
    expect(parseBadgePageSetSize(cut)).toBe(null);
    expect(parseBadgePageSetSize(page.slice(0, page.indexOf('<div style="clear: left;">')))).toBe(6);
  });
});

describe('boosterPackSetSizes', () => {
  // Descriptions as Steam sends them, read by the same parser as inventory pages.
  const described = (raw: Record<string, unknown>) => ({ description: econDescription.parse(raw) });
  const pack = (appid: number, classids: unknown[]) =>
    described({
      appid: 753,
      classid: `pack${appid}`.replace(/\D/g, ''),
      market_hash_name: `${appid}-Game Booster Pack`,
      market_fee_app: appid,
      tags: [{ category: 'Game', internal_name: `app_${appid}` }],
      container_properties: {
        contained_items: classids.map((classid) => ({ classid, instanceid: '0' })),
        search_tags: [],
      },
    });

  it("counts the distinct card classes each game's pack can contain", () => {
    const sizes = boosterPackSetSizes([
      pack(1091500, ['1', '2', '3', '4', '5', '6', '7']),
      pack(440, ['1', '2', '3', '4', '5', 5]),
      described({ appid: 753, classid: '9', market_hash_name: '753-Gems' }),
    ]);
    expect([...sizes]).toEqual([
      [1091500, 7],
      [440, 5],
    ]);
  });

  it('leaves out packs with an impossible count or an unreadable list, without failing the page', () => {
    expect(boosterPackSetSizes([pack(10, ['1', '2'])]).size).toBe(0);
    expect(boosterPackSetSizes([pack(11, [{ nested: true }])]).size).toBe(0);
    expect(boosterPackSetSizes([{ description: null }]).size).toBe(0);
  });
});

/** A refusal as the owner reads it. */
function worded(result: SetSizeOverridesResult) {
  return result.ok ? result : { ok: false, reason: result.reason, message: setSizesFileProblemText(result.problem) };
}

describe('set-size overrides', () => {
  it('reads app id → cards per set', () => {
    const result = parseSetSizeOverrides('{ "730": 5, "440": 9 }', 'set-sizes.json');
    expect(result).toEqual({
      ok: true,
      sizes: new Map([
        [730, 5],
        [440, 9],
      ]),
    });
  });

  it('names the file, the app id and what was expected', () => {
    expect(worded(parseSetSizeOverrides('{ "730": 4 }', 'set-sizes.json'))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'set-sizes.json: 730: expected 5 to 15 cards, got 4',
    });
    expect(worded(parseSetSizeOverrides('{ "730": "5" }', 'set-sizes.json'))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'set-sizes.json: 730: expected a whole number of cards, got "5"',
    });
    expect(worded(parseSetSizeOverrides('{ "csgo": 5 }', 'set-sizes.json'))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'set-sizes.json: expected an app id made of digits, got "csgo"',
    });
    expect(worded(parseSetSizeOverrides('[5]', 'set-sizes.json'))).toEqual({
      ok: false,
      reason: 'invalid',
      message: 'set-sizes.json: expected an object of app id → cards per set, got a list',
    });
  });

  describe('loadSetSizeOverrides', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tradedesk-sizes-'));
    });
    afterAll(async () => {
      await rm(dir, { recursive: true, force: true });
    });

    it('reads a file, or says it is missing', async () => {
      const path = join(dir, 'set-sizes.json');
      await writeFile(path, '{ "570": 8 }');
      expect(await loadSetSizeOverrides(path)).toEqual({ ok: true, sizes: new Map([[570, 8]]) });
      const missing = join(dir, 'none.json');
      expect(worded(await loadSetSizeOverrides(missing))).toEqual({
        ok: false,
        reason: 'unreadable',
        message: `${missing}: file not found`,
      });
    });
  });

  it('lets the first source that knows a game win', () => {
    const lookup = setSizeLookup(
      new Map([[730, 6]]),
      new Map([
        [730, 5],
        [440, 9],
      ]),
    );
    expect([lookup(730), lookup(440), lookup(570)]).toEqual([6, 9, undefined]);
  });
});
