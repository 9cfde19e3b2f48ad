// The spec's failure table for the offer feed, in-process: the real Poller and Feed, driven poll by
// poll, against an answer of an unexpected shape from Steam, a 429 from Discord, a channel the bot
// cannot see and a card someone deleted. (Moved from test/e2e/failures.e2e.test.ts, which keeps what
// goes through commands and the bot process: /status, private answers, the session alert, SIGTERM.)
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Poller } from '../../src/feed/poller.js';
import type { DiscordStandIn, StoredMessage } from '../standins/discord/index.js';
import { gems, type SteamStandIn } from '../standins/steam/index.js';
import { feedParts, startWorld, type LogLine, type World } from './world.js';

const PARTNER = '76561198000000201';

interface Embed {
  title: string;
  fields: Array<{ name: string; value: string }>;
}

let world: World;
let steam: SteamStandIn;
let discord: DiscordStandIn;
let channelId: string;
let poller: Poller;

const embedOf = (m: { embeds?: unknown[] }) => m.embeds?.[0] as Embed | undefined;
const cardOf = (offerId: string) => (m: StoredMessage) => embedOf(m)?.title.includes(`#${offerId}`) ?? false;

function newOffer(): string {
  const theirGems = gems(10);
  steam.setInventory(PARTNER, 753, '6', [theirGems]);
  return steam.addOffer({ partner: PARTNER, receive: [theirGems.assetid!] });
}

/** The card as the channel shows it now (the polls that made it have returned). */
function shownCard(pred: (m: StoredMessage) => boolean): StoredMessage {
  const card = discord.messages(channelId).find(pred);
  expect(card, 'the expected card in the channel').toBeDefined();
  return card!;
}

/** The next poll, a second after the last (POLL_INTERVAL_SECONDS=1 in the e2e harness); a failed poll counts too. */
async function poll(): Promise<void> {
  world.clock.tick(1000);
  await poller.pollNow().catch(() => null);
}

async function polls(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await poll();
}

/** Log lines written since `seen` lines had been (the e2e tests' waitForNextLog). */
const logsSince = (seen: number, pred: (l: LogLine) => boolean) => world.logs.slice(seen).filter(pred);

beforeAll(async () => {
  world = await startWorld({ partner: { steamid: PARTNER, personaName: 'Nick' } });
  ({ steam, discord, channelId } = world);
  ({ poller } = feedParts(world));
  await poll();
});

afterAll(async () => {
  await world?.close();
});

describe('unexpected answers from Steam', () => {
  it('a malformed offer list is logged with the endpoint, the poller survives and the next poll works', async () => {
    steam.inject({
      host: 'webapi',
      path: /GetTradeOffers\/v1/i,
      status: 200,
      body: { response: { trade_offers_received: 'not a list' } },
    });
    const offerId = newOffer();
    const seen = world.logs.length;
    await poll();
    const [logged] = logsSince(seen, (l) => l.msg === 'poll failed' || l.msg === 'unexpected Steam response');
    expect(JSON.stringify(logged)).toMatch(/GetTradeOffers/);
    await poll();
    shownCard(cardOf(offerId));
  });
});

describe('the Discord channel', () => {
  it('a 429 from Discord on posting delays the card; it lands once', async () => {
    discord.injectRateLimit({
      method: 'POST',
      path: new RegExp(`^/channels/${channelId}/messages$`),
      retryAfterSeconds: 0.2,
    });
    const offerId = newOffer();
    await poll();
    shownCard(cardOf(offerId));
    expect(discord.requests.some((r) => r.method === 'POST' && r.status === 429)).toBe(true);
    await polls(2);
    expect(discord.messages(channelId).filter(cardOf(offerId))).toHaveLength(1);
  });

  it('an offer that changes while the bot cannot see the channel gets its card edited once it can', async () => {
    const offerId = newOffer();
    await poll();
    const card = shownCard(cardOf(offerId));
    discord.setBotCanView(channelId, false);
    steam.setOfferState(offerId, 7);
    const missingAccess = (l: LogLine) =>
      l.msg === 'cannot post offers: the bot cannot see the channel (Missing Access)';
    const seen = world.logs.length;
    await poll();
    expect(logsSince(seen, missingAccess)).toHaveLength(1);
    // The edit is tried again on the following polls, not left for the next sweep or dropped.
    await poll();
    expect(logsSince(seen, missingAccess)).toHaveLength(2);
    expect(embedOf(discord.message(card.id)!)!.title).not.toMatch(/Declined/);
    discord.setBotCanView(channelId, true);
    await poll();
    const edited = shownCard(
      (m) => m.id === card.id && embedOf(m)!.title.endsWith('— Declined') && m.components.length === 0,
    );
    expect(discord.messages(channelId).filter(cardOf(offerId))).toEqual([edited]);
  });

  it('a card someone deleted is not recreated or retried when its offer changes', async () => {
    const offerId = newOffer();
    await poll();
    const card = shownCard(cardOf(offerId));
    discord.deleteMessage(card.id);
    steam.setOfferState(offerId, 7);
    const seen = world.logs.length;
    await poll();
    expect(logsSince(seen, (l) => l.msg === 'the offer card was deleted; it is not recreated')).toHaveLength(1);
    const edits = () => discord.requests.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${card.id}`));
    const tried = edits().length;
    await polls(3);
    expect(edits()).toHaveLength(tried);
    expect(discord.messages(channelId).filter(cardOf(offerId))).toHaveLength(0);
  });
});
