// The offer feed in-process: the real Poller and Feed, driven poll by poll, against the Steam and
// Discord stand-ins. Offers change on the Steam side; what lands in the channel is asserted. (Moved
// from test/e2e/offer-feed.e2e.test.ts, which keeps the buttons, the commands and the restart.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poller } from '../../src/feed/poller.js';
import type { DiscordStandIn, StoredMessage } from '../standins/discord/index.js';
import { csgoKey, gems, tf2Key, tradingCard, type SteamStandIn } from '../standins/steam/index.js';
import { feedParts, startWorld, type World } from './world.js';

const PARTNER = '76561198000000101';
const SENT_PARTNER = '76561198000000102';

interface Embed {
  title: string;
  description?: string;
  fields: Array<{ name: string; value: string }>;
}

let world: World;
let steam: SteamStandIn;
let discord: DiscordStandIn;
let channelId: string;
let poller: Poller;

const embedOf = (m: StoredMessage) => m.embeds[0] as Embed | undefined;
const field = (m: StoredMessage, name: string) => embedOf(m)?.fields.find((f) => f.name.startsWith(name))?.value;
const buttonIds = (m: StoredMessage) =>
  (m.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );
const cardsOf = (offerId: string) =>
  discord.messages(channelId).filter((m) => embedOf(m)?.title.includes(`#${offerId}`));

/** The card as the channel shows it now (the polls that made it have returned). */
function shownCard(offerId: string, pred: (m: StoredMessage) => boolean = () => true): StoredMessage {
  const card = cardsOf(offerId).find(pred);
  expect(card, `a card of offer #${offerId} as expected`).toBeDefined();
  return card!;
}

/** The next poll, a second after the last (POLL_INTERVAL_SECONDS=1 in the e2e harness). */
async function poll(): Promise<void> {
  world.clock.tick(1000);
  await poller.pollNow();
}

/** Two polls after now, so "nothing was posted" means something. */
async function nextPoll(): Promise<void> {
  await poll();
  await poll();
}

/** A received offer: the partner gives a TF2 key and gems, the bot gives a CS key. */
function receivedOffer(message = 'key for key?'): string {
  const theirKey = tf2Key();
  const theirGems = gems(250);
  steam.setInventory(PARTNER, 440, '2', [theirKey]);
  steam.setInventory(PARTNER, 753, '6', [theirGems]);
  const ours = csgoKey();
  steam.setInventory(steam.bot.steamid, 730, '2', [...steam.getInventory(steam.bot.steamid, 730, '2'), ours]);
  return steam.addOffer({
    partner: PARTNER,
    give: [ours.assetid!],
    receive: [theirKey.assetid!, theirGems.assetid!],
    message,
  });
}

beforeAll(async () => {
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Zoey' } });
  ({ steam, discord, channelId } = world);
  steam.addUser({ steamid: SENT_PARTNER, personaName: 'Francis', tradeToken: 'ZzYy9876' });
  ({ poller } = feedParts(world));
  await poll();
});

afterAll(async () => {
  await world?.close();
});

describe('state changes on the Steam side', () => {
  it('edit the posted card for every state; buttons go once the offer is over; unknown states by number', async () => {
    const cases: Array<[number, string]> = [
      [7, 'Declined'],
      [6, 'Canceled'],
      [5, 'Expired'],
      [4, 'Countered'],
      [8, 'Invalid items'],
      [11, 'In escrow'],
      [10, 'Canceled by second factor'],
      [12, 'Reverted'],
      [42, 'Unknown state 42'],
    ];
    const offers = cases.map(() => receivedOffer());
    await poll();
    const cards = offers.map((id) => shownCard(id));
    cases.forEach(([state], i) => steam.setOfferState(offers[i]!, state));
    await poll();
    for (const [i, [, name]] of cases.entries()) {
      const edited = shownCard(offers[i]!, (m) => embedOf(m)!.title.endsWith(`— ${name}`));
      expect(edited.id).toBe(cards[i]!.id);
      expect(buttonIds(edited)).toEqual([]);
      expect(field(edited, 'State')).toBe(`**${name}**`);
    }
    for (const id of offers) expect(cardsOf(id)).toHaveLength(1);
  });

  it('an offer with items nobody can name yet waits until Steam describes them', async () => {
    // A class no other offer shows, which GetAssetClassInfo cannot describe for now.
    const card = tradingCard({ appid: 990001, name: 'Half-loaded', index: 1 });
    steam.setInventory(PARTNER, 753, '6', [card]);
    steam.setClassInfoUnavailable(753, card.classid, card.instanceid, true);
    const offerId = steam.addOffer({ partner: PARTNER, receive: [card.assetid!] });
    await poll();
    expect(steam.requests.some((r) => r.path.includes('GetAssetClassInfo') && r.query.classid0 === card.classid)).toBe(
      true,
    );
    await nextPoll();
    expect(cardsOf(offerId)).toHaveLength(0);
    // Steam describes the class on a later poll.
    steam.setClassInfoUnavailable(753, card.classid, card.instanceid, false);
    await poll();
    const posted = shownCard(offerId);
    expect(field(posted, 'They give (1)')).toBe('1× Half-loaded (990001-Half-loaded)');
  });

  it('a sent offer is not posted as a card; its state change is an alert', async () => {
    const ours = csgoKey();
    steam.setInventory(steam.bot.steamid, 730, '2', [...steam.getInventory(steam.bot.steamid, 730, '2'), ours]);
    const offerId = steam.addOffer({ partner: SENT_PARTNER, isOurOffer: true, give: [ours.assetid!] });
    await nextPoll();
    steam.setOfferState(offerId, 7);
    await poll();
    const alert = discord.messages(channelId).find((m) => m.content.includes(`#${offerId}`))!;
    expect(alert.content).toBe(
      `📤 Sent offer [#${offerId}](https://steamcommunity.com/tradeoffer/${offerId}/) to Francis (\`${SENT_PARTNER}\`) is now **Declined** (was Active).`,
    );
    expect(cardsOf(offerId)).toHaveLength(0);
  });
});

describe('holds', () => {
  it('shows the trade hold Steam reports for the partner', async () => {
    steam.setTradeHold(PARTNER, { my: 0, their: 15 * 86400 });
    const offerId = receivedOffer();
    await poll();
    const card = shownCard(offerId);
    expect(field(card, 'Trade hold')).toBe('Steam will hold the items for 15 days after acceptance');
    steam.setTradeHold(PARTNER, { my: 0, their: 0 });
  });
});
