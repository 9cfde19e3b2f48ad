// /tradebots preview and /tradebots publish end to end: the real bot (dist/src/index.js) against
// the Steam stand-in (inventories, badge pages, the SteamTradeBots server) and the Discord
// stand-in; automatic publishing after a trade, the stock line on offer cards, offline on
// shutdown, and a bad rates file stopping startup.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRADE_REFUSAL } from '../../src/events/interactionCreate.js';
import {
  gems,
  hydraKey,
  sackOfGems,
  tf2Key,
  tourOfDutyTicket,
  tradingCard,
  csgoKey,
  type RecordedRequest,
  type StandInItem,
} from '../standins/steam/index.js';
import { spawnBot, startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000001';
const RATES = { buy_sets_tf2: 20, sell_sets_tf2: 23, buy_gems_set: 380, sell_gems_set: 450 };

let h: Harness;

const isUpdate = (r: RecordedRequest) => r.host === 'tradebots' && r.method === 'POST';
const updates = () => h.steam.requests.filter(isUpdate);
const bodyOf = (r: RecordedRequest) => JSON.parse(r.body) as Record<string, unknown>;

function setUpInventory(): void {
  const { steam } = h;
  steam.setBadgeSetSize(730, 5);
  steam.setBadgeSetSize(440, 9);
  const items: StandInItem[] = [];
  const card = (appid: number, index: number, copies: number, foil = false) => {
    for (let i = 0; i < copies; i++) items.push(tradingCard({ appid, name: `Card ${index}`, index, foil }));
  };
  for (let i = 1; i <= 5; i++) card(730, i, 3);
  for (let i = 1; i <= 5; i++) card(730, i, 1, true);
  for (let i = 1; i <= 8; i++) card(440, i, 1); // an incomplete set
  for (let i = 1; i <= 3; i++) card(570, i, 1); // no badge page: set size unknown
  items.push(gems(2500), sackOfGems(1));
  steam.setInventory(steam.bot.steamid, 753, '6', items);
  steam.setInventory(steam.bot.steamid, 440, '2', [tf2Key(), tourOfDutyTicket()]);
  steam.setInventory(steam.bot.steamid, 730, '2', [csgoKey(), hydraKey(), hydraKey()]);
}

const STOCK = {
  stock_sets: 3,
  stock_unique_sets: 1,
  stock_foil_sets: 1,
  stock_gems: 3500,
  stock_keys_csgo: 1,
  stock_keys_tf2: 1,
  stock_keys_hydra: 2,
  stock_tickets_tod: 1,
  stock_badges: { '730': 3 },
  stock_badge_appids: [730],
};

beforeAll(async () => {
  // Polls a quarter of a second apart: the waits for cards are that much shorter.
  h = await startHarness({ env: { POLL_INTERVAL_SECONDS: '0.25' } });
  setUpInventory();
}, 120_000);

afterAll(async () => {
  await h?.close();
});

async function slash(user: string, subcommand: 'preview' | 'publish') {
  return h.discord.slash({ user, channel: h.channelId, command: 'tradebots', subcommand });
}

describe('/tradebots without STEAMTRADEBOTS_API_KEY', () => {
  it('preview shows the payload and says nothing is published; publish refuses clearly', async () => {
    const preview = await slash(h.outsiderId, 'preview');
    const shown = await preview.waitForResponse((r) => r.kind === 'editOriginal');
    const [payloadEmbed, summaryEmbed] = shown.embeds as Array<{
      description: string;
      fields?: Array<{ name: string; value: string }>;
    }>;
    // Private, with the payload as a file instead of a public code block.
    expect(shown.ephemeral).toBe(true);
    expect(payloadEmbed!.description).toContain('attached as `steamtradebots-update.json`');
    expect(shown.message?.attachments.map((a) => a['filename'])).toEqual(['steamtradebots-update.json']);
    expect(summaryEmbed!.description).toContain('Not counted: set size unknown for 1 game (570)');
    expect(summaryEmbed!.fields?.[0]?.value).toContain('STEAMTRADEBOTS_API_KEY');

    const publish = await slash(h.traderId, 'publish');
    const refused = await publish.waitForResponse((r) => r.kind === 'reply');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toContain('SteamTradeBots publishing is not configured: set `STEAMTRADEBOTS_API_KEY`');
    expect(updates()).toHaveLength(0);
  });
});

describe('/tradebots with STEAMTRADEBOTS_API_KEY and a rates file', () => {
  let first: RecordedRequest;

  beforeAll(async () => {
    writeFileSync(join(h.dataDir, 'rates.json'), JSON.stringify(RATES));
    const before = Math.floor(Date.now() / 1000);
    const waiting = h.steam.waitForRequest(isUpdate, { timeoutMs: 30_000 });
    await h.restartBot({ STEAMTRADEBOTS_API_KEY: h.steam.bot.tradeBotsApiKey });
    first = await waiting;
    const body = bodyOf(first);
    expect(body).toEqual({ status: 'online', ...RATES, ...STOCK, last_update_timestamp: body.last_update_timestamp });
    expect(body.last_update_timestamp).toBeGreaterThanOrEqual(before);
    expect(first.status).toBe(200);
  }, 120_000);

  it('publishes on start; preview shows exactly that payload', async () => {
    const preview = await slash(h.outsiderId, 'preview');
    const shown = await preview.waitForResponse((r) => r.kind === 'editOriginal');
    const payloadEmbed = shown.embeds?.[0] as { title: string; description: string };
    expect(payloadEmbed.title).toBe('SteamTradeBots update preview');
    // The attached file is the payload that was sent, indented: same size to the byte.
    const json = `${JSON.stringify(bodyOf(first), null, 2)}\n`;
    expect(shown.ephemeral).toBe(true);
    expect(shown.message?.attachments).toEqual([
      expect.objectContaining({ filename: 'steamtradebots-update.json', size: Buffer.byteLength(json) }),
    ]);
    const summary = shown.embeds?.[1] as { description: string; fields: Array<{ value: string }> };
    expect(summary.description.split('\n')).toEqual(
      expect.arrayContaining(['Status: online', 'Stock: 3 sets of 1 game, 1 foil set, 3,500 gems']),
    );
    expect(summary.fields[0]!.value).toContain('Nothing changed since the last accepted update');
    expect(summary.fields[0]!.value).toContain('1 of 10 requests used in the last 5 minutes');
  });

  it('publish: refused to a member who may not trade, sent for one who may, with the answer', async () => {
    const outsider = await slash(h.outsiderId, 'publish');
    const refusal = await outsider.waitForResponse((r) => r.kind === 'reply');
    expect(refusal).toMatchObject({ ephemeral: true, content: TRADE_REFUSAL });
    expect(updates()).toHaveLength(1);

    const trader = await slash(h.traderId, 'publish');
    const answer = await trader.waitForResponse((r) => r.kind === 'editOriginal');
    const embed = answer.embeds?.[0] as { title: string; description: string; footer: { text: string } };
    expect(embed.title).toBe('Published to SteamTradeBots');
    expect(embed.description).toContain('SteamTradeBots said: “Bot data updated successfully.”');
    expect(embed.footer.text).toBe('2 of 10 requests used in the last 5 minutes');
    const sent = updates();
    expect(sent).toHaveLength(2);
    expect(bodyOf(sent[1]!)).toEqual(bodyOf(first));

    const status = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
    const card = await status.waitForResponse((r) => r.kind === 'reply');
    const fields = (card.embeds?.[0] as { fields: Array<{ name: string; value: string }> }).fields;
    expect(fields.find((f) => f.name === 'SteamTradeBots')?.value).toMatch(/^published — /);
  });

  it('an offer card shows the stock change; accepting it publishes only what changed', async () => {
    h.steam.addUser({ steamid: PARTNER, personaName: 'Card Collector' });
    const ninth = tradingCard({ appid: 440, name: 'Card 9', index: 9 });
    h.steam.setInventory(PARTNER, 753, '6', [ninth]);
    const sack = h.steam
      .getInventory(h.steam.bot.steamid, 753, '6')
      .find((i) => i.description.market_hash_name === '753-Sack of Gems')!;
    const offerId = h.steam.addOffer({ partner: PARTNER, give: [sack.assetid!], receive: [ninth.assetid!] });

    const posted = await h.discord.waitForMessage(h.channelId, (m) => JSON.stringify(m.embeds).includes(`#${offerId}`));
    const fields = (posted.embeds[0] as { fields: Array<{ name: string; value: string }> }).fields;
    expect(fields.find((f) => f.name === 'If accepted, stock changes by')?.value).toBe(
      '+1 set (Game 440), \u22121,000 gems',
    );

    const next = h.steam.waitForRequest(isUpdate, { timeoutMs: 30_000 });
    h.steam.setOfferState(offerId, 3);
    const update = bodyOf(await next);
    expect(update).toEqual({
      stock_sets: 4,
      stock_unique_sets: 2,
      stock_gems: 2500,
      stock_badges: { '440': 1, '730': 3 },
      stock_badge_appids: [440, 730],
      last_update_timestamp: update.last_update_timestamp,
    });
    expect(update.last_update_timestamp).toBeGreaterThan(bodyOf(first).last_update_timestamp as number);
  });

  it('tells SteamTradeBots the bot is offline when it shuts down', async () => {
    const next = h.steam.waitForRequest(isUpdate, { timeoutMs: 30_000 });
    expect(await h.bot.stop('SIGTERM')).toBe(0);
    const offline = bodyOf(await next);
    expect(offline).toEqual({ status: 'offline', last_update_timestamp: offline.last_update_timestamp });
    expect(h.bot.allOutput()).not.toContain(h.steam.bot.tradeBotsApiKey);
  });
});

describe('a bad rates file', () => {
  it.each([
    [{ ...RATES, buy_sets_tf2: 'lots' }, 'rates.json: buy_sets_tf2: expected a number, got "lots"'],
    [{ buy_set_tf2: 20 }, 'rates.json: buy_set_tf2: unknown field (did you mean buy_sets_tf2?)'],
  ])('stops startup with one line naming the field (%j)', async (rates, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'tradedesk-rates-'));
    try {
      writeFileSync(join(dir, 'rates.json'), JSON.stringify(rates));
      const bot = spawnBot(
        {
          ...h.env,
          STORE_URL: `sqlite://${join(dir, 'store.sqlite')}`,
          STEAMTRADEBOTS_API_KEY: h.steam.bot.tradeBotsApiKey,
        },
        dir,
      );
      expect(await bot.exited).toBe(1);
      expect(bot.stderr.join('')).toBe(`tradedesk: STEAMTRADEBOTS_RATES_FILE: ${message}\n`);
      expect(bot.allOutput()).not.toContain(h.steam.bot.tradeBotsApiKey);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
