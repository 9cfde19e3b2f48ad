// SteamTradeBots publishing against the Steam stand-in's community site (inventories, badge
// pages) and SteamTradeBots server, with a real SQLite store: exact payloads, diffs, the
// request budget across a restart, and every documented answer of the site.
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { escapeMarkdown } from '../../src/format/offer.js';
import { publishMessage } from '../../src/format/tradebots.js';
import { tradeBotsStatusText } from '../../src/format/tradebotsStatus.js';
import { formatStockDelta } from '../../src/format/tradebotsStock.js';
import { SET_SIZE_NAMESPACE } from '../../src/store/tradeBotsRecords.js';
import { boosterPack, cardClassId, sackOfGems, tradingCard } from '../standins/steam/index.js';
import {
  KNOWN_STOCK,
  knownInventory,
  OVERRIDE_APP,
  RATES,
  startBot,
  startWorld,
  tradeBotsRequests,
  writeRates,
  type Bot,
  type World,
} from './helpers.js';

const PARTNER = '76561198000000001';

let world: World;
const bots: Bot[] = [];

async function bot(opts: Parameters<typeof startBot>[1] = {}): Promise<Bot> {
  const b = await startBot(world, opts);
  bots.push(b);
  return b;
}

async function stopBot(b: Bot): Promise<void> {
  bots.splice(bots.indexOf(b), 1);
  await b.stop();
}

beforeEach(async () => {
  world = await startWorld();
  writeRates(world);
  knownInventory(world);
});

afterEach(async () => {
  for (const b of bots.splice(0)) await b.stop();
  await world.close();
});

/** The /status words for where a bot's publishing stands. */
const stateOf = (b: Bot) => (b.health.tradeBots ? tradeBotsStatusText(b.health.tradeBots).state : null);
const seconds = () => Math.floor(world.clock.now / 1000);
const gameCardsRequests = (appid: number) =>
  world.steam.requests.filter((r) => r.host === 'community' && r.path.endsWith(`/gamecards/${appid}/`));

describe('the payload of a known inventory', () => {
  it('is exactly status, the rates file, the stock and the timestamp; unknown set sizes are reported', async () => {
    const b = await bot();
    const preview = await b.tradeBots.publisher.preview();
    const expected = {
      status: 'online',
      buy_sets_tf2: 20,
      sell_sets_tf2: 23,
      buy_gems_set: 380,
      sell_gems_set: 450,
      custom_message: RATES.custom_message,
      ...KNOWN_STOCK,
      last_update_timestamp: seconds(),
    };
    expect(preview.payload).toEqual(expected);
    expect(preview.unknownSetSizes).toEqual([570]);
    expect(preview.pending).toBeNull();
    expect(preview.budget).toEqual({ used: 0, limit: 10, waitMs: 0 });

    expect(await b.tradeBots.publisher.runOnce()).toBe('ok');
    const sent = tradeBotsRequests(world);
    expect(sent).toHaveLength(1);
    // The body is the payload itself, in the documented field order, as JSON.
    expect(sent[0]!.body).toBe(JSON.stringify(expected));
    expect(sent[0]!.headers['content-type']).toBe('application/json');
    expect(world.steam.tradeBots.listing).toEqual(expected);
  });

  it('reads set sizes from the badge pages once and keeps them in the store; the override file wins', async () => {
    const first = await bot();
    await first.tradeBots.publisher.preview();
    expect(gameCardsRequests(730)).toHaveLength(1);
    expect(gameCardsRequests(440)).toHaveLength(1);
    expect(gameCardsRequests(570)).toHaveLength(1);
    expect(gameCardsRequests(OVERRIDE_APP)).toHaveLength(0);
    const size = z.number();
    expect(await first.store.getValue(SET_SIZE_NAMESPACE, '730', size)).toBe(5);
    expect(await first.store.getValue(SET_SIZE_NAMESPACE, '440', size)).toBe(9);
    expect((await first.store.getValue(SET_SIZE_NAMESPACE, '570', size)) ?? null).toBeNull();
    await stopBot(first);

    // A restart asks Steam for no badge page: sizes come from the store, the unknown game is
    // not asked again for a day.
    const second = await bot();
    const preview = await second.tradeBots.publisher.preview();
    expect(preview.payload).toMatchObject(KNOWN_STOCK);
    expect(preview.unknownSetSizes).toEqual([570]);
    expect(world.steam.requests.filter((r) => r.path.includes('/gamecards/'))).toHaveLength(3);

    // Without the override file the override-only game is unknown too; it is not guessed.
    const noOverrides = await bot({ setSizesFile: false });
    const without = await noOverrides.tradeBots.publisher.preview();
    expect(without.unknownSetSizes).toEqual([570, OVERRIDE_APP]);
    expect(without.payload).toMatchObject({ stock_sets: 2, stock_unique_sets: 1, stock_badges: { '730': 2 } });
  });
});

describe('a booster pack in the inventory', () => {
  it("gives its game's set size without a badge page, kept in the store like one", async () => {
    // Game 620: five cards, one copy each; its badge page shows no set, but a pack lists the five.
    const cards = [1, 2, 3, 4, 5].map((index) => tradingCard({ appid: 620, name: `Portal ${index}`, index }));
    const inventory = world.steam.getInventory(world.steam.bot.steamid, 753, '6');
    world.steam.setInventory(world.steam.bot.steamid, 753, '6', [
      ...inventory,
      ...cards,
      boosterPack(
        620,
        [1, 2, 3, 4, 5].map((index) => cardClassId(620, index)),
      ),
    ]);
    const a = await bot();
    const preview = await a.tradeBots.publisher.preview();
    expect(preview.unknownSetSizes).toEqual([570]);
    expect(preview.payload).toMatchObject({
      stock_sets: KNOWN_STOCK.stock_sets + 1,
      stock_unique_sets: KNOWN_STOCK.stock_unique_sets + 1,
      stock_badges: { ...KNOWN_STOCK.stock_badges, '620': 1 },
    });
    expect(gameCardsRequests(620)).toHaveLength(0);
    expect(await a.store.getValue(SET_SIZE_NAMESPACE, '620', z.number())).toBe(5);
  });
});

describe('automatic updates', () => {
  it('send only the fields that changed after a trade and after a rates change; nothing when nothing changed', async () => {
    const b = await bot();
    const publisher = b.tradeBots.publisher;
    expect(await publisher.runOnce()).toBe('ok');
    world.clock.now += 60_000;
    expect(await publisher.runOnce()).toBe('upToDate');
    expect(tradeBotsRequests(world)).toHaveLength(1);

    // A trade: the partner takes one copy of card 5 of 730 (2 → 1 sets) for a sack of gems.
    const inventory = world.steam.getInventory(world.steam.bot.steamid, 753, '6');
    const card5 = inventory.find(
      (i) => i.description.market_hash_name === '730-Card 5' && i.description.tradable === 1,
    )!;
    world.steam.addUser({ steamid: PARTNER });
    world.steam.setInventory(PARTNER, 753, '6', [sackOfGems(1)]);
    const partnerSack = world.steam.getInventory(PARTNER, 753, '6')[0]!;
    const offerId = world.steam.addOffer({ partner: PARTNER, give: [card5.assetid!], receive: [partnerSack.assetid!] });
    world.steam.setOfferState(offerId, 3);
    world.clock.now += 60_000;
    expect(world.steam.getOffer(offerId).state).toBe(3);
    b.tradeBots.publisher.offerChanged(3);
    expect(await publisher.runOnce()).toBe('ok');
    expect(JSON.parse(tradeBotsRequests(world)[1]!.body)).toEqual({
      stock_sets: 2,
      stock_gems: 4500,
      stock_badges: { '730': 1, [String(OVERRIDE_APP)]: 1 },
      last_update_timestamp: seconds(),
    });

    world.clock.now += 60_000;
    writeRates(world, { ...RATES, sell_sets_tf2: 24 });
    expect(await b.tradeBots.rates.reload()).toBe('changed');
    expect(await publisher.runOnce()).toBe('ok');
    expect(JSON.parse(tradeBotsRequests(world)[2]!.body)).toEqual({
      sell_sets_tf2: 24,
      last_update_timestamp: seconds(),
    });
    expect(world.steam.tradeBots.listing).toMatchObject({ sell_sets_tf2: 24, stock_sets: 2, status: 'online' });
  });

  it('keep the last good rates when the file is changed to something invalid, and say so once', async () => {
    const b = await bot();
    b.tradeBots.start();
    await world.steam.waitForRequest((r) => r.host === 'tradebots', { includePast: true });
    writeFileSync(world.ratesPath, JSON.stringify({ ...RATES, buy_sets_tf2: 'twenty' }));
    expect(await b.tradeBots.rates.reload()).toBe('invalid');
    expect(await b.tradeBots.rates.reload()).toBe('invalid');
    expect(b.alerts).toHaveLength(1);
    expect(b.alerts[0]).toContain('buy_sets_tf2: expected a number, got "twenty"');
    expect(b.tradeBots.rates.current.rates.buy_sets_tf2).toBe(20);
  });

  it('say offline while the Steam session is expired and online again once it works', async () => {
    const b = await bot();
    const publisher = b.tradeBots.publisher;
    expect(await publisher.runOnce()).toBe('ok');
    world.steam.expireSession();
    b.tradeBots.stock.invalidate();
    world.clock.now += 60_000;
    expect(await publisher.runOnce()).toBe('ok');
    expect(JSON.parse(tradeBotsRequests(world)[1]!.body)).toEqual({
      status: 'offline',
      last_update_timestamp: seconds(),
    });
    expect(b.steam.session.state).toBe('expired');

    world.steam.restoreSession();
    // The poller's next request proves the session works again.
    await b.steam.offers.getSummary(seconds());
    expect(b.steam.session.state).toBe('ok');
    world.clock.now += 60_000;
    expect(await publisher.runOnce()).toBe('ok');
    const back = JSON.parse(tradeBotsRequests(world)[2]!.body) as Record<string, unknown>;
    expect(back).toEqual({ status: 'online', last_update_timestamp: seconds() });
  });

  it('say offline on shutdown', async () => {
    const b = await bot();
    expect(await b.tradeBots.publisher.runOnce()).toBe('ok');
    world.clock.now += 60_000;
    await stopBot(b);
    const sent = tradeBotsRequests(world);
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1]!.body)).toEqual({ status: 'offline', last_update_timestamp: seconds() });
  });
});

describe('the request budget', () => {
  it('allows 10 requests per 5 minutes per key, across a restart, and defers instead of dropping', async () => {
    const a = await bot();
    for (let i = 0; i < 10; i++) {
      const outcome = await a.tradeBots.publisher.publishNow();
      expect(outcome.kind === 'answered' && outcome.result.kind).toBe('ok');
      world.clock.now += 1000;
    }
    const over = await a.tradeBots.publisher.publishNow();
    expect(over).toMatchObject({ kind: 'deferred', cause: 'budget', waitMs: 5 * 60_000 - 10_000 });
    // No budget left to say offline on the way out: the site is not asked.
    await stopBot(a);
    expect(tradeBotsRequests(world)).toHaveLength(10);

    const b = await bot();
    expect(await b.tradeBots.publisher.publishNow()).toMatchObject({ kind: 'deferred', cause: 'budget' });
    // A change while over budget is kept for later, not dropped.
    writeRates(world, { ...RATES, buy_gems_set: 400 });
    await b.tradeBots.rates.reload();
    const changedAt = seconds();
    expect(await b.tradeBots.publisher.runOnce()).toBe('deferred');
    expect(tradeBotsRequests(world)).toHaveLength(10);

    world.clock.now += 5 * 60_000 - 10_000;
    expect(await b.tradeBots.publisher.runOnce()).toBe('ok');
    const sent = tradeBotsRequests(world);
    expect(sent).toHaveLength(11);
    // The data changed when the rates were read, not when the budget let the update go.
    expect(JSON.parse(sent[10]!.body)).toEqual({ buy_gems_set: 400, last_update_timestamp: changedAt });
    // The stand-in never had to answer 429.
    expect(world.steam.tradeBots.updates.map((u) => u.status)).toEqual(Array(11).fill(200));
  });
});

describe('two processes on one store', () => {
  it('share the budget: publishing from both at once sends no more than 10 requests', async () => {
    const a = await bot();
    const b = await bot();
    const outcomes = await Promise.all(
      Array.from({ length: 14 }, (_, i) => (i % 2 === 0 ? a : b).tradeBots.publisher.publishNow()),
    );
    expect(outcomes.filter((o) => o.kind === 'answered')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'deferred')).toHaveLength(4);
    expect(tradeBotsRequests(world)).toHaveLength(10);
  });
});

describe('a store that fails', () => {
  it('during an automatic pass is reported in /status and logged, and the process goes on', async () => {
    const a = await startBot(world);
    // The stock is counted (and kept for a while), then the store goes away before the send.
    await a.tradeBots.stock.snapshot();
    await a.store.close();
    a.tradeBots.start();
    // An unhandled rejection here would fail the whole run; the pass is reported instead.
    await vi.waitFor(() => expect(stateOf(a)).toBe('failed'), { timeout: 10_000, interval: 20 });
    expect(tradeBotsRequests(world)).toHaveLength(0);
    await a.tradeBots.stop();
    await a.steam.close();
  });
});

describe('the site answers', () => {
  it('400: every refused field is listed, and the same automatic update is not sent again', async () => {
    const b = await bot();
    const errors = { buy_sets_hydra: "'buy_sets_hydra' must be a number (integer or decimal) of zero or more." };
    world.steam.inject({
      host: 'tradebots',
      path: '/bot/update.php',
      status: 400,
      body: { success: false, message: 'Invalid data provided. Please check the errors field for details.', errors },
    });
    const outcome = await b.tradeBots.publisher.publishNow();
    expect(outcome).toMatchObject({
      kind: 'answered',
      result: { kind: 'invalid', status: 400, fieldErrors: errors },
    });
    const reply = publishMessage(outcome, world.clock.now);
    expect(reply.embeds?.[0]?.title).toBe('SteamTradeBots refused the update (HTTP 400)');
    expect(reply.embeds?.[0]?.description).toContain(`• \`buy_sets_hydra\`: ${escapeMarkdown(errors.buy_sets_hydra)}`);

    world.steam.inject({ host: 'tradebots', path: '/bot/update.php', status: 400, body: { success: false, errors } });
    expect(await b.tradeBots.publisher.runOnce()).toBe('invalid');
    expect(b.alerts).toHaveLength(1);
    expect(b.alerts[0]).toContain('buy_sets_hydra');
    expect(await b.tradeBots.publisher.runOnce()).toBe('sameRejection');
    expect(tradeBotsRequests(world)).toHaveLength(2);
    expect(stateOf(b)).toBe('refused fields');
  });

  it('401 and 403: told once in the channel and in /status, across a restart; a manual publish clears it', async () => {
    const a = await bot();
    world.steam.tradeBots.setKeyActive(false);
    expect(await a.tradeBots.publisher.runOnce()).toBe('unauthorized');
    expect(a.alerts).toHaveLength(1);
    expect(a.alerts[0]).toContain('HTTP 403');
    expect(a.alerts[0]).not.toContain(world.steam.bot.tradeBotsApiKey);
    expect(stateOf(a)).toBe('refused (HTTP 403)');
    // Automatic publishing rests: no further requests from it.
    expect(await a.tradeBots.publisher.runOnce()).toBe('resting');
    expect(tradeBotsRequests(world)).toHaveLength(1);
    await stopBot(a);
    expect(tradeBotsRequests(world)).toHaveLength(1);

    const b = await bot();
    expect(await b.tradeBots.publisher.runOnce()).toBe('unauthorized');
    expect(b.alerts).toHaveLength(0);

    world.steam.inject({
      host: 'tradebots',
      path: '/bot/update.php',
      status: 401,
      body: { success: false, message: 'Authentication failed. API key missing from URL.' },
    });
    const missing = await b.tradeBots.publisher.publishNow();
    expect(missing).toMatchObject({ kind: 'answered', result: { kind: 'unauthorized', status: 401 } });
    expect(b.alerts).toHaveLength(0);

    world.steam.tradeBots.setKeyActive(true);
    expect(await b.tradeBots.publisher.publishNow()).toMatchObject({ kind: 'answered', result: { kind: 'ok' } });
    expect(stateOf(b)).toBe('published');
    world.steam.tradeBots.setKeyActive(false);
    world.clock.now += 1000;
    writeRates(world, { ...RATES, buy_gems_set: 1 });
    await b.tradeBots.rates.reload();
    expect(await b.tradeBots.publisher.runOnce()).toBe('unauthorized');
    expect(b.alerts).toHaveLength(1);
  });

  it('429: Retry-After is honoured (the longer of header and body) before anything else is sent', async () => {
    const b = await bot();
    world.steam.inject({
      host: 'tradebots',
      path: '/bot/update.php',
      status: 429,
      headers: { 'retry-after': '120' },
      body: {
        success: false,
        message: 'Rate limit exceeded. Please try again later.',
        errors: { retry_after_seconds: 90 },
      },
    });
    const limited = await b.tradeBots.publisher.publishNow();
    expect(limited).toMatchObject({ kind: 'answered', result: { kind: 'rateLimited', retryAfterSeconds: 120 } });
    expect(stateOf(b)).toBe('rate limited');

    world.clock.now += 60_000;
    expect(await b.tradeBots.publisher.publishNow()).toMatchObject({
      kind: 'deferred',
      cause: 'retryAfter',
      waitMs: 60_000,
    });
    expect(await b.tradeBots.publisher.runOnce()).toBe('deferred');
    expect(tradeBotsRequests(world)).toHaveLength(1);

    world.clock.now += 60_000;
    expect(await b.tradeBots.publisher.runOnce()).toBe('ok');
    expect(tradeBotsRequests(world)).toHaveLength(2);
  });

  it('500: reported, and the update is sent again later rather than lost', async () => {
    const b = await bot();
    world.steam.inject({
      host: 'tradebots',
      path: '/bot/update.php',
      status: 500,
      body: { success: false, message: 'An internal server error occurred. Please check server logs.' },
    });
    expect(await b.tradeBots.publisher.runOnce()).toBe('serverError');
    expect(tradeBotsStatusText(b.health.tradeBots!)).toMatchObject({
      state: 'failed',
      detail: 'An internal server error occurred. Please check server logs.',
    });
    const reply = publishMessage(
      {
        kind: 'answered',
        result: { kind: 'serverError', status: 500, message: 'An internal server error occurred.' },
        payload: {},
        budget: { used: 1, limit: 10, waitMs: 0 },
      },
      world.clock.now,
    );
    expect(reply.embeds?.[0]?.title).toBe('SteamTradeBots had a server error (HTTP 500)');
    world.clock.now += 60_000;
    expect(await b.tradeBots.publisher.runOnce()).toBe('ok');
    const sent = tradeBotsRequests(world);
    expect(sent).toHaveLength(2);
    expect(JSON.parse(sent[1]!.body)).toMatchObject({ status: 'online', ...KNOWN_STOCK });
  });

  it('never puts the key in a result, a message or health', async () => {
    const b = await bot();
    world.steam.inject({ host: 'tradebots', path: '/bot/update.php', status: 502, body: '<html>Bad gateway</html>' });
    const outcome = await b.tradeBots.publisher.publishNow();
    expect(outcome).toMatchObject({ kind: 'answered', result: { kind: 'serverError', status: 502 } });
    const text = JSON.stringify([outcome, publishMessage(outcome, world.clock.now), b.health.tradeBots, b.alerts]);
    expect(text).not.toContain(world.steam.bot.tradeBotsApiKey);
  });
});

describe('without STEAMTRADEBOTS_API_KEY', () => {
  it('previews but never sends', async () => {
    const b = await bot({ apiKey: null });
    const preview = await b.tradeBots.publisher.preview();
    expect(preview.configured).toBe(false);
    expect(preview.payload).toMatchObject(KNOWN_STOCK);
    expect(await b.tradeBots.publisher.publishNow()).toEqual({ kind: 'notConfigured' });
    expect(await b.tradeBots.publisher.runOnce()).toBe('notConfigured');
    await stopBot(b);
    expect(tradeBotsRequests(world)).toHaveLength(0);
  });
});

describe('the offer card line', () => {
  it('says what accepting would change, learning the set size of a game the bot has no cards of', async () => {
    const b = await bot({ apiKey: null });
    world.steam.setBadgeSetSize(620, 5);
    world.steam.addUser({ steamid: PARTNER });
    const partnerItems = [
      tradingCard({ appid: 440, name: 'Card 9', index: 9 }),
      ...[1, 2, 3, 4, 5].map((index) => tradingCard({ appid: 620, name: `Card ${index}`, index })),
    ];
    world.steam.setInventory(PARTNER, 753, '6', partnerItems);
    const sack = world.steam
      .getInventory(world.steam.bot.steamid, 753, '6')
      .find((i) => i.description.market_hash_name === '753-Sack of Gems')!;
    const offerId = world.steam.addOffer({
      partner: PARTNER,
      give: [sack.assetid!],
      receive: partnerItems.map((i) => i.assetid!),
    });
    const offer = await b.steam.offers.getOffer(offerId);
    // Games are named from the cards' own "Game" tags.
    const change = await b.engine.stockChange(offer!);
    expect(change && formatStockDelta(change.delta, undefined, change.gameNames)).toBe(
      '+1 set (Game 440), +1 set (Game 620), \u22122,000 gems',
    );
  });
});
