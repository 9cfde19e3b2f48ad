// The one inventory cache through the real bot (dist/src/index.js) against the Steam and
// Discord stand-ins: /inventory show right after start fetches no page the stock engine loads
// or loaded (each page of the bot's inventories is asked of Steam once), and the bot answers a
// command while a 100,000-item inventory is loading. No timings: requests are counted at the
// Steam stand-in, and the order of what the bot did is read from what the stand-ins saw.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionResponse } from '../standins/discord/index.js';
import {
  bigCardInventory,
  cs2Skin,
  csgoKey,
  gems,
  tf2Key,
  type RecordedRequest,
  type SteamStandIn,
} from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000555';
const RATES = { buy_sets_tf2: 20, sell_sets_tf2: 23, buy_gems_set: 380, sell_gems_set: 450 };
/** 100,000 cards of 2,000 games: 50 pages of 2,000. */
const BIG = 100_000;
const BIG_PAGES = BIG / 2000;

let h: Harness;

const inventoryPage = (r: RecordedRequest) => r.host === 'community' && r.path.startsWith('/inventory/');
/** "730/2 from <start_assetid>" for each inventory page the bot asked for, per owner. */
const pagesOf = (requests: readonly RecordedRequest[], steamid: string) =>
  requests
    .filter((r) => inventoryPage(r) && r.path.startsWith(`/inventory/${steamid}/`))
    .map((r) => `${r.path.split('/').slice(3).join('/')} from ${r.query.start_assetid ?? 'start'}`);

function setUp(steam: SteamStandIn): Record<string, string> {
  // 5,000 CS2 skins (3 pages of 2,000) and keys; cards and gems (2 pages); TF2 keys.
  const skins = Array.from({ length: 5000 }, (_, i) => cs2Skin(`AK-47 | Cache ${String(i % 500).padStart(3, '0')}`));
  steam.setInventory(steam.bot.steamid, 730, '2', [...skins, csgoKey(), csgoKey()]);
  steam.setInventory(steam.bot.steamid, 753, '6', [...bigCardInventory({ items: 3000, games: 40 }), gems(500)]);
  steam.setInventory(steam.bot.steamid, 440, '2', [tf2Key(), tf2Key()]);
  steam.addUser({ steamid: PARTNER, personaName: 'Hoarder' });
  steam.setInventory(PARTNER, 753, '6', bigCardInventory({ items: BIG, games: 2000 }));
  return {};
}

beforeAll(async () => {
  h = await startHarness({ configure: false, prepare: setUp });
  // Restarted with a key and rates, so the stock engine loads the bot's inventories at start.
  writeFileSync(join(h.dataDir, 'rates.json'), JSON.stringify(RATES));
}, 120_000);

afterAll(async () => {
  await h?.close();
});

function showInventory(app: number, user?: string) {
  return h.discord.slash({
    user: h.outsiderId,
    channel: h.channelId,
    command: 'inventory',
    subcommand: 'show',
    options: user ? { app, user } : { app },
  });
}

const listed = (r: InteractionResponse) => (r.kind === 'editOriginal' || r.kind === 'reply') && !!r.embeds?.length;

describe('one inventory cache, through the real bot', () => {
  it('/inventory show right after start fetches no page the stock engine loads or loaded', async () => {
    const mark = h.steam.requests.length;
    const bot = await h.restartBot({ STEAMTRADEBOTS_API_KEY: h.steam.bot.tradeBotsApiKey });
    // At once, while the stock engine is (or was just) loading the same inventories.
    const cs2 = await showInventory(730);
    const cs2List = await cs2.waitForResponse(listed, { timeoutMs: 60_000 });
    expect(String((cs2List.embeds![0] as { description?: string }).description)).toMatch(/^\*\*5,002\*\* items/);
    await bot.waitForLog((l) => l.msg === 'stock counted', 60_000);

    // After the stock was counted: nothing of the bot's is read again.
    const afterStock = h.steam.requests.length;
    const cards = await showInventory(753);
    const cardsList = await cards.waitForResponse(listed, { timeoutMs: 60_000 });
    expect(String((cardsList.embeds![0] as { description?: string }).description)).toMatch(/^\*\*3,500\*\* items/);
    expect(pagesOf(h.steam.requests.slice(afterStock), h.steam.bot.steamid)).toEqual([]);

    // Over the whole run, each page of each inventory was asked for once.
    const pages = pagesOf(h.steam.requests.slice(mark), h.steam.bot.steamid);
    expect(pages.filter((p) => p.startsWith('730/2'))).toHaveLength(3);
    expect(pages.filter((p) => p.startsWith('753/6'))).toHaveLength(2);
    expect(new Set(pages).size).toBe(pages.length);
  }, 180_000);

  it('answers a command while a 100,000-item inventory is loading', async () => {
    const partnerPages = () => pagesOf(h.steam.requests, PARTNER).length;
    const firstPage = h.steam.waitForRequest((r) => inventoryPage(r) && r.path.startsWith(`/inventory/${PARTNER}/`), {
      timeoutMs: 60_000,
    });
    const big = await showInventory(753, PARTNER);
    await firstPage;

    const status = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
    await status.waitForResponse((r) => r.kind === 'reply', { timeoutMs: 60_000 });
    // Answered between two pages of the load, not after it.
    const pagesWhenAnswered = partnerPages();
    expect(pagesWhenAnswered).toBeLessThan(BIG_PAGES);

    const bigList = await big.waitForResponse(listed, { timeoutMs: 120_000 });
    expect(String((bigList.embeds![0] as { description?: string }).description)).toMatch(/^\*\*100,000\*\* items/);
    expect(partnerPages()).toBe(BIG_PAGES);
  }, 180_000);
});
