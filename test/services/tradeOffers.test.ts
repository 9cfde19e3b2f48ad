// The trade-offer service in-process, with the real parts around it: the Steam stand-in and a
// real SteamClient, a SQLite store in a temp dir, and the offer cards posted through the Discord
// stand-in's REST API. Accept, decline and cancel are one implementation: each reads the offer
// first, makes exactly one Steam call, says what Steam shows afterwards, and edits the card.
import { Client } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.js';
import { Feed } from '../../src/feed/feed.js';
import { Health } from '../../src/health.js';
import { createLogger } from '../../src/logger.js';
import { TradeOffers } from '../../src/services/tradeOffers.js';
import { SteamClient } from '../../src/steam/client.js';
import { openStore, type Store } from '../../src/store/index.js';
import type { ActionKind, ActionResult, Telemetry } from '../../src/telemetry.js';
import { noTelemetry } from '../../src/telemetry.js';
import type { DiscordStandIn } from '../standins/discord/index.js';
import { csgoKey, gems, tf2Key, type SteamStandIn } from '../standins/steam/index.js';
import { steamClientOn, startWorld, type World } from '../feed/world.js';

const PARTNER = '76561198000000601';
const ALICE = { userId: '111111111111111111', guildId: '' };
const BOB = { userId: '222222222222222222', guildId: '' };

let steam: SteamStandIn;
let discord: DiscordStandIn;
let store: Store;
let client: Client;
let steamClient: SteamClient;
let feed: Feed;
let channelId: string;
let counted: Array<[ActionKind, ActionResult]>;

const logger = createLogger({ level: 'silent', secrets: [], pretty: false });
const telemetry: Telemetry = { ...noTelemetry, action: (kind, result) => void counted.push([kind, result]) };

function service(over: { store?: Store } = {}): TradeOffers {
  return new TradeOffers({ steam: steamClient, store: over.store ?? store, feed, logger, telemetry });
}

let world: World;

beforeEach(async () => {
  counted = [];
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Quinn' }, confirmations: true });
  ({ steam, discord, store, client, steamClient, channelId } = world);
  ALICE.guildId = BOB.guildId = discord.guild.id;
  feed = new Feed({ client, store, steam: steamClient, health: new Health(), logger, guildId: discord.guild.id });
});

afterEach(async () => {
  await world.close();
});

/** A received offer of the partner's item for nothing (a TF2 key, or gems of app 753), its card posted. */
async function receivedOffer(item = tf2Key(), [appid, contextid]: [number, string] = [440, '2']): Promise<string> {
  steam.setInventory(PARTNER, appid, contextid, [...steam.getInventory(PARTNER, appid, contextid), item]);
  const id = steam.addOffer({ partner: PARTNER, receive: [item.assetid!] });
  await postCard(id);
  return id;
}

/** An offer the bot sent of one of its own CS2 keys, its card posted. */
async function sentOffer(): Promise<string> {
  const key = csgoKey();
  steam.setInventory(steam.bot.steamid, 730, '2', [...steam.getInventory(steam.bot.steamid, 730, '2'), key]);
  const id = steam.addOffer({ partner: PARTNER, isOurOffer: true, give: [key.assetid!] });
  await postCard(id);
  return id;
}

async function postCard(offerId: string): Promise<void> {
  const offer = await steamClient.offers.getOffer(offerId);
  expect(await feed.postOffer(offer!)).toBe(true);
}

const cardOf = (offerId: string) =>
  discord.messages(channelId).find((m) => JSON.stringify(m.embeds).includes(`#${offerId}`))!;
const cardText = (offerId: string) => JSON.stringify(cardOf(offerId).embeds);
const buttonsOn = (offerId: string) =>
  (cardOf(offerId).components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );
const actionPosts = (offerId: string) =>
  steam.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/tradeoffer/${offerId}/`));

describe('accept, decline and cancel', () => {
  it('accepts a received offer once: Steam shows it Accepted, the card says who, the buttons go', async () => {
    const offerId = await receivedOffer();
    expect(buttonsOn(offerId)).toEqual([`offer:accept:${offerId}`, `offer:decline:${offerId}`]);

    const outcome = await service().act('accept', offerId, ALICE);

    expect(outcome).toMatchObject({ performed: true, text: `Accepted offer #${offerId}.` });
    expect(outcome.offer?.state).toBe(3);
    expect(steam.getOffer(offerId).state).toBe(3);
    expect(actionPosts(offerId).map((r) => r.path)).toEqual([`/tradeoffer/${offerId}/accept`]);
    expect(cardText(offerId)).toContain(`<@${ALICE.userId}>`);
    expect(cardText(offerId)).toContain('Accepted');
    expect(buttonsOn(offerId)).toEqual([]);
    expect((await feed.getPosted(ALICE.guildId, offerId))?.actedBy).toMatchObject({
      userId: ALICE.userId,
      action: 'accept',
    });
    expect(counted).toEqual([['accept', 'accepted']]);
  });

  it('declines a received offer and cancels a sent one, through the same path', async () => {
    const received = await receivedOffer();
    const sent = await sentOffer();
    const offers = service();

    expect(await offers.act('decline', received, ALICE)).toMatchObject({
      performed: true,
      text: `Declined offer #${received}.`,
    });
    expect(await offers.act('cancel', sent, BOB)).toMatchObject({ performed: true, text: `Canceled offer #${sent}.` });

    expect(steam.getOffer(received).state).toBe(7);
    expect(steam.getOffer(sent).state).toBe(6);
    expect(actionPosts(received).map((r) => r.path)).toEqual([`/tradeoffer/${received}/decline`]);
    expect(actionPosts(sent).map((r) => r.path)).toEqual([`/tradeoffer/${sent}/cancel`]);
    expect(cardText(received)).toContain(`<@${ALICE.userId}>`);
    expect(cardText(sent)).toContain(`<@${BOB.userId}>`);
    expect(counted).toEqual([
      ['decline', 'declined'],
      ['cancel', 'canceled'],
    ]);
  });

  it('refuses what does not fit the offer, with nothing sent to Steam', async () => {
    const received = await receivedOffer();
    const sent = await sentOffer();
    const offers = service();
    const before = steam.requests.filter((r) => r.method === 'POST').length;

    await expect(offers.act('cancel', received, ALICE)).rejects.toThrow(
      new UserError(`Offer #${received} was sent to the bot; it can be accepted or declined, not canceled.`),
    );
    await expect(offers.act('accept', sent, ALICE)).rejects.toThrow(
      new UserError(`Offer #${sent} was sent by the bot; it can only be canceled.`),
    );
    await expect(offers.act('decline', '999999999', ALICE)).rejects.toThrow(
      new UserError('Steam has no trade offer #999999999 for the bot account.'),
    );

    expect(steam.requests.filter((r) => r.method === 'POST')).toHaveLength(before);
    expect(counted).toEqual([
      ['cancel', 'refused'],
      ['accept', 'refused'],
      ['decline', 'refused'],
    ]);
  });

  it('an offer no longer active is reported with who acted, not acted on again', async () => {
    const offerId = await receivedOffer();
    const offers = service();
    await offers.act('accept', offerId, ALICE);
    const before = actionPosts(offerId).length;

    const late = await offers.act('decline', offerId, BOB);

    expect(late.performed).toBe(false);
    expect(late.text).toMatch(
      new RegExp(`^Offer #${offerId} was already accepted by <@${ALICE.userId}> <t:\\d+:R>\\.$`),
    );
    expect(actionPosts(offerId)).toHaveLength(before);

    // Declined on Steam itself (no one clicked in Discord): said as Steam shows it.
    const other = await receivedOffer();
    steam.setOfferState(other, 7);
    expect(await offers.act('accept', other, BOB)).toMatchObject({
      performed: false,
      text: `Offer #${other} is no longer active: it is **Declined**.`,
    });
    expect(actionPosts(other)).toHaveLength(0);
    expect(cardText(other)).toContain('Declined');
    expect(counted.slice(1)).toEqual([
      ['decline', 'refused'],
      ['accept', 'refused'],
    ]);
  });
});

describe('two clicks on one offer', () => {
  it('in one process: one Steam call; the second click is told what the first did', async () => {
    const offerId = await receivedOffer();
    const offers = service();
    const held = steam.hold({ host: 'community', path: `/tradeoffer/${offerId}/accept` });

    const first = offers.act('accept', offerId, ALICE);
    await held.reached;
    const second = offers.act('decline', offerId, BOB);
    held.release();

    expect(await first).toMatchObject({ performed: true, text: `Accepted offer #${offerId}.` });
    expect(await second).toMatchObject({
      performed: false,
      text: `Someone else clicked first: accepted offer #${offerId}.`,
    });
    expect(actionPosts(offerId).map((r) => r.path)).toEqual([`/tradeoffer/${offerId}/accept`]);
    // The second is counted once the first has finished.
    expect(counted).toEqual([
      ['accept', 'accepted'],
      ['decline', 'refused'],
    ]);
  });

  it('in two processes sharing the store: the lock refuses the second, which sends nothing', async () => {
    const offerId = await receivedOffer();
    const otherStore = await openStore(world.storeUrl, { logger });
    try {
      const held = steam.hold({ host: 'community', path: `/tradeoffer/${offerId}/accept` });
      const first = service().act('accept', offerId, ALICE);
      await held.reached;

      const second = await service({ store: otherStore }).act('accept', offerId, BOB);
      held.release();

      expect(second).toEqual({
        performed: false,
        offer: null,
        text: `Another action on offer #${offerId} is under way right now. Look at the card in a moment.`,
      });
      expect(await first).toMatchObject({ performed: true });
      expect(actionPosts(offerId)).toHaveLength(1);
      // Released once done: the next action on it is read from Steam again.
      expect(await service({ store: otherStore }).act('decline', offerId, BOB)).toMatchObject({
        performed: false,
        text: expect.stringMatching(/was already accepted by/),
      });
    } finally {
      await otherStore.close();
    }
  });
});

describe('what Steam shows after an unclear answer', () => {
  it('an accept whose answer was lost but went through is reported as accepted, and said to be unclear', async () => {
    const offerId = await receivedOffer();
    steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offerId}/accept` });

    const outcome = await service().act('accept', offerId, ALICE);

    expect(outcome.performed).toBe(true);
    expect(outcome.text).toMatch(
      new RegExp(
        `^Accepted offer #${offerId}\\. Steam’s answer was unclear \\(no answer \\([A-Z_]+\\)\\), so tradedesk read the offer again: it is accepted\\.$`,
      ),
    );
    expect(actionPosts(offerId)).toHaveLength(1);
    expect(cardText(offerId)).toContain('read the offer again');
    expect(counted).toEqual([['accept', 'accepted']]);
  });

  it('a lost accept that left a mobile confirmation waiting: the confirmation list is read, and it is confirmed', async () => {
    steam.options.acceptNeedsConfirmation = true;
    const offerId = await receivedOffer();
    steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offerId}/accept` });

    const outcome = await service().act('accept', offerId, ALICE);

    expect(outcome.text).toMatch(
      new RegExp(
        `^Accepted offer #${offerId}\\. Steam’s answer was unclear \\(no answer \\([A-Z_]+\\)\\), so tradedesk read the offer again: it is accepted\\. Confirmed on mobile automatically by tradedesk\\.$`,
      ),
    );
    expect(steam.getOffer(offerId).state).toBe(3);
    expect(steam.confirmations()).toEqual([]);
    // Read to find the waiting confirmation (and again to allow it).
    expect(steam.requests.filter((r) => r.path === '/mobileconf/getlist').length).toBeGreaterThan(0);
    expect(actionPosts(offerId)).toHaveLength(1);
  });

  it('28 with the offer still Active is not "already accepted": it was not done, and the card says so', async () => {
    const offerId = await receivedOffer();
    steam.inject({
      host: 'community',
      path: `/tradeoffer/${offerId}/accept`,
      status: 500,
      body: { strError: 'There was an error accepting this trade offer.  Please try again later. (28)' },
    });

    const outcome = await service().act('accept', offerId, ALICE);

    expect(outcome.performed).toBe(true);
    const said =
      '“There was an error accepting this trade offer. Please try again later.” (AlreadyRedeemed, EResult 28)';
    expect(outcome.text).toBe(`Offer #${offerId} is still active: Steam said ${said}. It was not accepted.`);
    expect(steam.getOffer(offerId).state).toBe(2);
    expect(cardText(offerId)).toContain('still active');
    expect(buttonsOn(offerId)).toEqual([`offer:accept:${offerId}`, `offer:decline:${offerId}`]);
    expect(counted).toEqual([['accept', 'failed']]);
  });

  it('28 with the offer Accepted on Steam: "already accepted", and no second accept', async () => {
    const offerId = await receivedOffer();
    // Someone accepts it on Steam itself between the bot's read and its accept.
    const held = steam.hold({ host: 'community', path: `/tradeoffer/${offerId}/accept` });
    const acting = service().act('accept', offerId, ALICE);
    await held.reached;
    steam.setOfferState(offerId, 3);
    held.release();

    expect(await acting).toMatchObject({ performed: false, text: `Offer #${offerId} had already been accepted.` });
    expect(actionPosts(offerId)).toHaveLength(1);
    expect(buttonsOn(offerId)).toEqual([]);
    expect(counted).toEqual([['accept', 'refused']]);
  });
});

describe('an unclear answer that cannot be cleared up', () => {
  // Moved from test/e2e/unclear-outcomes.e2e.test.ts: the service and the card, without the bot process.
  it('a lost answer and an offer that cannot be read again: "could not be confirmed", with both reasons', async () => {
    const offerId = await receivedOffer(gems(25), [753, '6']);
    const card = cardOf(offerId);
    // Every retry of the read fails too; the client's waits between retries pass on its own clock, not sat through.
    const quick = steamClientOn(steam, logger, { skipWaits: true });
    try {
      steam.loseAnswer({ host: 'community', path: `/tradeoffer/${offerId}/decline` });
      const pending = new TradeOffers({ steam: quick, store, feed, logger, telemetry }).act('decline', offerId, ALICE);
      // The read before acting works; from the lost answer on, every read of the offer fails. The
      // stand-in runs in this process, so this lands before the client can even see the connection drop.
      await steam.waitForRequest((r) => r.path === `/tradeoffer/${offerId}/decline`, { timeoutMs: 20_000 });
      steam.inject({ host: 'webapi', path: /GetTradeOffer\//i, status: 503, times: 20 });

      const reply = (await pending).text;

      expect(reply).toMatch(
        new RegExp(
          `^Whether offer #${offerId} was declined could not be confirmed: Steam said no answer \\([A-Z_]+\\), and reading the offer again failed \\(HTTP 503\\)\\. Check the card or Steam before trying again\\.$`,
        ),
      );
      // The card said so (a later poll may already have moved it on to what Steam shows now).
      const edits = discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${card.id}`));
      expect(JSON.stringify(edits.map((r) => r.body))).toContain(
        `<@${ALICE.userId}>’s decline could not be confirmed: `,
      );
    } finally {
      await quick.close();
    }
  });
});

describe('trade protection', () => {
  it('is acknowledged once, up front, before the first accept with items outside app 753', async () => {
    steam.options.tradeProtectionAcknowledged = false;
    const offers = service();
    const gemsOffer = await receivedOffer(gems(10), [753, '6']);
    await offers.act('accept', gemsOffer, ALICE);
    expect(steam.requests.filter((r) => r.path === '/trade/new/acknowledge')).toHaveLength(0);

    const keyOffer = await receivedOffer();
    await offers.act('accept', keyOffer, ALICE);
    expect(
      steam.requests
        .filter((r) => r.path === '/trade/new/acknowledge' || r.path === `/tradeoffer/${keyOffer}/accept`)
        .map((r) => r.path),
    ).toEqual(['/trade/new/acknowledge', `/tradeoffer/${keyOffer}/accept`]);
    expect(steam.getOffer(keyOffer).state).toBe(3);
  });
});
