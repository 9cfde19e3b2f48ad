// The offer feed on the answers Steam really gives (docs/steam.md#finished-offers), in-process: the real
// Poller and Feed, driven poll by poll, against the Steam stand-in answering as Steam does (a finished
// offer's items moved: `missing: true`, no description), x-eresult failures on HTTP 200, numbers out of
// range, reversals (state 12), and a store that refuses the poller's bookmark write. (Moved from
// test/e2e/steam-answers.e2e.test.ts, which keeps what needs the bot process.)
import KeyvSqlite from '@keyv/sqlite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poller } from '../../src/feed/poller.js';
import type { StoredMessage } from '../standins/discord/index.js';
import { gems, tf2Key, tradingCard, type RecordedRequest, type SteamStandIn } from '../standins/steam/index.js';
import type { DiscordStandIn } from '../standins/discord/index.js';
import { feedParts, startWorld, type LogLine, type World } from './world.js';

const PARTNER = '76561198000000201';
const SENT_PARTNER = '76561198000000202';

interface Embed {
  title: string;
  fields: Array<{ name: string; value: string }>;
  timestamp?: string;
}

let world: World;
let steam: SteamStandIn;
let discord: DiscordStandIn;
let channelId: string;
let poller: Poller;

const embedOf = (m: StoredMessage) => m.embeds[0] as Embed | undefined;
const field = (m: StoredMessage, name: string) => embedOf(m)?.fields.find((f) => f.name.startsWith(name))?.value;
const buttons = (m: StoredMessage) => (m.components as Array<{ components: unknown[] }>).flatMap((r) => r.components);
const cardsOf = (offerId: string) =>
  discord.messages(channelId).filter((m) => embedOf(m)?.title.includes(`#${offerId}`));
const alertsOf = (offerId: string) =>
  discord.messages(channelId).filter((m) => m.content.includes(`Sent offer [#${offerId}]`));
const isSummary = (r: RecordedRequest) => r.path.includes('GetTradeOffersSummary');
const isFetch = (r: RecordedRequest) => /\/GetTradeOffers\/v1\/?$/.test(r.path);

/** The card as the channel shows it now (the polls that made it have returned). */
function shownCard(offerId: string, pred: (m: StoredMessage) => boolean = () => true): StoredMessage {
  const card = cardsOf(offerId).find(pred);
  expect(card, `a card of offer #${offerId} as expected`).toBeDefined();
  return card!;
}

function shownMessage(pred: (m: StoredMessage) => boolean): StoredMessage {
  const message = discord.messages(channelId).find(pred);
  expect(message, 'the expected message in the channel').toBeDefined();
  return message!;
}

const logged = (pred: (l: LogLine) => boolean) => world.logs.some(pred);

/** The next poll, a second after the last (POLL_INTERVAL_SECONDS=1 in the e2e harness). */
function poll() {
  world.clock.tick(1000);
  return poller.pollNow();
}

/** `n` polls, one after the other; a failed poll counts as a poll (the bot's timer goes on after it too). */
async function polls(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) await poll().catch(() => null);
}

/** Zoey-like partner gives a TF2 key and 250 gems for a card of the bot. */
function receivedOffer(): string {
  const key = tf2Key();
  const stack = gems(250);
  steam.setInventory(PARTNER, 440, '2', [...steam.getInventory(PARTNER, 440, '2'), key]);
  steam.setInventory(PARTNER, 753, '6', [...steam.getInventory(PARTNER, 753, '6'), stack]);
  const ours = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
  steam.setInventory(steam.bot.steamid, 753, '6', [...steam.getInventory(steam.bot.steamid, 753, '6'), ours]);
  return steam.addOffer({ partner: PARTNER, give: [ours.assetid!], receive: [key.assetid!, stack.assetid!] });
}

function sentOffer(): string {
  const ours = tf2Key();
  steam.setInventory(steam.bot.steamid, 440, '2', [...steam.getInventory(steam.bot.steamid, 440, '2'), ours]);
  return steam.addOffer({ partner: SENT_PARTNER, isOurOffer: true, give: [ours.assetid!] });
}

beforeAll(async () => {
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Zoey' } });
  ({ steam, discord, channelId } = world);
  steam.addUser({ steamid: SENT_PARTNER, personaName: 'Francis', friends: true });
  ({ poller } = feedParts(world));
  await polls(1);
});

afterAll(async () => {
  await world?.close();
});

describe('an offer accepted outside Discord', () => {
  let offerId: string;
  let edited: StoredMessage;

  beforeAll(async () => {
    offerId = receivedOffer();
    await polls(1);
    const card = shownCard(offerId);
    expect(field(card, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    const summaries = steam.count(isSummary);
    // On the Steam website: the items move, and Steam lists them missing with no description.
    steam.setOfferState(offerId, 3);
    await polls(1);
    edited = shownCard(offerId, (m) => buttons(m).length === 0);
    // Within one poll: the poll under way when it changed, at most, and the next.
    expect(steam.count(isSummary) - summaries).toBeLessThanOrEqual(2);
  });

  it('updates its card: the new state, no buttons, every item still named, nothing "missing"', () => {
    expect(embedOf(edited)!.title).toBe(`Trade offer #${offerId} — Accepted`);
    expect(field(edited, 'State')).toBe('**Accepted**');
    expect(field(edited, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    expect(field(edited, 'We give (1)')).toBe('1× Smoker (550-Smoker)');
    expect(JSON.stringify(edited.embeds)).not.toContain('missing');
    expect(cardsOf(offerId)).toHaveLength(1);
  });

  it('idle polls ask for the summary alone while it sits in the sweep window', async () => {
    const fetches = steam.count(isFetch);
    const summaries = steam.count(isSummary);
    await polls(5);
    expect(steam.count(isSummary) - summaries).toBeGreaterThanOrEqual(5);
    // The periodic sweep (two minutes apart at this interval) can fall into five one-second polls once.
    expect(steam.count(isFetch) - fetches).toBeLessThanOrEqual(1);
  });

  it('a later reversal by trade protection (state 12) shows on the card', async () => {
    steam.setOfferState(offerId, 12);
    await polls(1);
    const reverted = shownCard(offerId, (m) => embedOf(m)!.title.endsWith('— Reverted'));
    expect(field(reverted, 'State')).toBe('**Reverted**');
    expect(field(reverted, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    expect(cardsOf(offerId)).toHaveLength(1);
  });
});

describe('a sent offer accepted, then reversed', () => {
  it('is alerted once per change, Reverted included', async () => {
    const offerId = sentOffer();
    await polls(2);
    steam.setOfferState(offerId, 3);
    await polls(1);
    shownMessage((m) => m.content.includes(`#${offerId}`) && m.content.includes('Accepted'));
    steam.setOfferState(offerId, 12);
    await polls(1);
    const reverted = shownMessage((m) => m.content.includes(`#${offerId}`) && m.content.includes('Reverted'));
    expect(reverted.content).toBe(
      `📤 Sent offer [#${offerId}](https://steamcommunity.com/tradeoffer/${offerId}/) to Francis (\`${SENT_PARTNER}\`) is now **Reverted** (was Accepted).`,
    );
    await polls(3);
    expect(alertsOf(offerId)).toHaveLength(2);
  });
});

describe('x-eresult failures', () => {
  it('a GetTradeOffers answer of {"response":{}} with x-eresult 2 is a failed poll: the next poll fetches again', async () => {
    const offerId = receivedOffer();
    steam.webApiFails({ method: 'GetTradeOffers', eresult: 2 });
    await expect(poll()).rejects.toThrow();
    const failed = steam.requests.find((r) => isFetch(r) && r.faulted === true)!;
    expect(failed).toBeDefined();
    await polls(1);
    shownCard(offerId);
    // Read as "no offers", the summary would have been recorded and the offer left for the sweep.
    const after = steam.requests.slice(steam.requests.indexOf(failed) + 1);
    const nextFetch = after.findIndex(isFetch);
    expect(after.slice(0, nextFetch).filter(isSummary).length).toBeLessThanOrEqual(1);
    expect(logged((l) => l.msg === 'poll failed' && JSON.stringify(l).includes('"eresult":2'))).toBe(true);
  });

  it.each([16, 20])('x-eresult %i on the summary fails the poll; the feed goes on after it', async (eresult) => {
    steam.webApiFails({ method: 'GetTradeOffersSummary', eresult, times: 2 });
    const seen = world.logs.length;
    await expect(poll()).rejects.toThrow();
    await expect(poll()).rejects.toThrow();
    expect(
      world.logs.slice(seen).some((l) => l.msg === 'poll failed' && JSON.stringify(l).includes(`"eresult":${eresult}`)),
    ).toBe(true);
    const offerId = receivedOffer();
    await polls(1);
    shownCard(offerId);
  });
});

describe('numbers out of range', () => {
  it('an offer with out-of-range times is posted (without them) and holds back nothing; its change is alerted once', async () => {
    const badUpdated = receivedOffer();
    const badCreated = receivedOffer();
    const fine = receivedOffer();
    steam.corruptOffer(badUpdated, { time_updated: 99_999_999_999_999 });
    steam.corruptOffer(badCreated, { time_created: 2 ** 53 + 7, expiration_time: -1 });
    await polls(1);
    shownCard(badUpdated);
    const created = shownCard(badCreated);
    expect(embedOf(created)!.timestamp).toBeUndefined();
    expect(embedOf(shownCard(fine))!.timestamp).toMatch(/^\d{4}-/);

    const sent = sentOffer();
    await polls(2);
    steam.corruptOffer(sent, { time_updated: 4_294_967_296 });
    steam.setOfferState(sent, 7);
    await polls(1);
    shownMessage((m) => m.content.includes(`#${sent}`) && m.content.includes('Declined'));
    await polls(4);
    expect(alertsOf(sent)).toHaveLength(1);
    for (const id of [badUpdated, badCreated, fine]) expect(cardsOf(id)).toHaveLength(1);
  });

  it('an offer Steam sends with an id out of range is skipped and logged; the others go on', async () => {
    const broken = receivedOffer();
    steam.corruptOffer(broken, { tradeofferid: '1'.repeat(21) });
    const next = receivedOffer();
    await polls(1);
    shownCard(next);
    expect(logged((l) => l.msg === 'Steam sent an offer that cannot be read; it is skipped')).toBe(true);
    expect(cardsOf(broken)).toHaveLength(0);
  });
});

describe('an offer Discord refuses to show', () => {
  it('is tried a few polls, then given up on; the others are posted and idle polls go back to the summary alone', async () => {
    const refused = receivedOffer();
    discord.injectError({
      method: 'POST',
      path: new RegExp(`^/channels/${channelId}/messages$`),
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
      times: 3,
    });
    await polls(3);
    expect(
      logged(
        (l) =>
          l.msg === 'could not show an offer change; giving up on this change so the others go on' &&
          l.offerId === refused,
      ),
    ).toBe(true);
    expect(cardsOf(refused)).toHaveLength(0);
    const next = receivedOffer();
    await polls(1);
    shownCard(next);
    await polls(2);
    const fetches = steam.count(isFetch);
    await polls(3);
    expect(steam.count(isFetch) - fetches).toBeLessThanOrEqual(1);
  });
});

describe('a store that refuses the bookmark write', () => {
  it('a sent offer change is alerted once over failing polls and a restart; a new offer is posted once', async () => {
    const db = new KeyvSqlite({ uri: world.storeUrl, busyTimeout: 5000 });
    const refuse = (when: 'INSERT' | 'UPDATE') =>
      `CREATE TRIGGER refuse_bookmarks_${when.toLowerCase()} BEFORE ${when} ON keyv
       WHEN NEW.key = 'tradedesk:poll:bookmarks' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`;
    const sent = sentOffer();
    await polls(2);
    try {
      await db.query(refuse('INSERT'));
      await db.query(refuse('UPDATE'));
      steam.setOfferState(sent, 6);
      const received = receivedOffer();
      await expect(poll()).rejects.toThrow(/refused by the test/);
      shownMessage((m) => m.content.includes(`#${sent}`) && m.content.includes('Canceled'));
      shownCard(received);
      expect(logged((l) => l.msg === 'poll failed' && JSON.stringify(l).includes('refused by the test'))).toBe(true);
      await polls(3);
      // A restarted process: new parts on the same store, with nothing of the old one in memory.
      ({ poller } = feedParts(world));
      await polls(3);
      expect(alertsOf(sent)).toHaveLength(1);
      expect(cardsOf(received)).toHaveLength(1);
    } finally {
      await db.query('DROP TRIGGER IF EXISTS refuse_bookmarks_insert');
      await db.query('DROP TRIGGER IF EXISTS refuse_bookmarks_update');
      await db.disconnect();
    }
    await polls(2);
    expect(alertsOf(sent)).toHaveLength(1);
  });
});
