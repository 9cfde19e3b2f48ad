// The offer feed on the answers Steam really gives (docs/steam.md#finished-offers), end to end: the real bot
// process against the Steam stand-in answering as Steam does (a finished offer's items moved:
// `missing: true`, no description), x-eresult failures on HTTP 200, numbers out of range, reversals
// (state 12), and a store that refuses the poller's bookmark write.
import KeyvSqlite from '@keyv/sqlite';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { cs2Skin, gems, tf2Key, tradingCard, type RecordedRequest } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000201';
const SENT_PARTNER = '76561198000000202';

interface Embed {
  title: string;
  fields: Array<{ name: string; value: string }>;
  timestamp?: string;
}

let h: Harness;

const embedOf = (m: StoredMessage) => m.embeds[0] as Embed | undefined;
const field = (m: StoredMessage, name: string) => embedOf(m)?.fields.find((f) => f.name.startsWith(name))?.value;
const buttons = (m: StoredMessage) => (m.components as Array<{ components: unknown[] }>).flatMap((r) => r.components);
const cardsOf = (offerId: string) =>
  h.discord.messages(h.channelId).filter((m) => embedOf(m)?.title.includes(`#${offerId}`));
const alertsOf = (offerId: string) =>
  h.discord.messages(h.channelId).filter((m) => m.content.includes(`Sent offer [#${offerId}]`));
const isSummary = (r: RecordedRequest) => r.path.includes('GetTradeOffersSummary');
const isFetch = (r: RecordedRequest) => /\/GetTradeOffers\/v1\/?$/.test(r.path);

function waitForCard(offerId: string, pred: (m: StoredMessage) => boolean = () => true) {
  return h.discord.waitForMessage(h.channelId, (m) => (embedOf(m)?.title.includes(`#${offerId}`) ?? false) && pred(m), {
    timeoutMs: 15_000,
  });
}

/** Resolves once `n` more polls have asked for the summary (each starts after the previous one ended). */
async function polls(n: number): Promise<void> {
  for (let i = 0; i < n; i += 1) {
    const seen = h.steam.requests.length;
    await h.steam.waitForRequest((r) => isSummary(r) && h.steam.requests.indexOf(r) >= seen, { timeoutMs: 10_000 });
  }
}

/** Zoey-like partner gives a TF2 key and 250 gems for a card of the bot. */
function receivedOffer(): string {
  const key = tf2Key();
  const stack = gems(250);
  h.steam.setInventory(PARTNER, 440, '2', [...h.steam.getInventory(PARTNER, 440, '2'), key]);
  h.steam.setInventory(PARTNER, 753, '6', [...h.steam.getInventory(PARTNER, 753, '6'), stack]);
  const ours = tradingCard({ appid: 550, name: 'Smoker', index: 1 });
  h.steam.setInventory(h.steam.bot.steamid, 753, '6', [...h.steam.getInventory(h.steam.bot.steamid, 753, '6'), ours]);
  return h.steam.addOffer({ partner: PARTNER, give: [ours.assetid!], receive: [key.assetid!, stack.assetid!] });
}

function sentOffer(): string {
  const ours = tf2Key();
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [...h.steam.getInventory(h.steam.bot.steamid, 440, '2'), ours]);
  return h.steam.addOffer({ partner: SENT_PARTNER, isOurOffer: true, give: [ours.assetid!] });
}

beforeAll(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: PARTNER, personaName: 'Zoey', friends: true });
  h.steam.addUser({ steamid: SENT_PARTNER, personaName: 'Francis', friends: true });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('an offer accepted outside Discord', () => {
  let offerId: string;
  let edited: StoredMessage;

  beforeAll(async () => {
    offerId = receivedOffer();
    const card = await waitForCard(offerId);
    expect(field(card, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    const summaries = h.steam.count(isSummary);
    // On the Steam website: the items move, and Steam lists them missing with no description.
    h.steam.setOfferState(offerId, 3);
    edited = await waitForCard(offerId, (m) => buttons(m).length === 0);
    // Within one poll: the poll under way when it changed, at most, and the next.
    expect(h.steam.count(isSummary) - summaries).toBeLessThanOrEqual(2);
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
    const fetches = h.steam.count(isFetch);
    const summaries = h.steam.count(isSummary);
    await polls(5);
    expect(h.steam.count(isSummary) - summaries).toBeGreaterThanOrEqual(5);
    // The periodic sweep (two minutes apart at this interval) can fall into five one-second polls once.
    expect(h.steam.count(isFetch) - fetches).toBeLessThanOrEqual(1);
  });

  it('a later reversal by trade protection (state 12) shows on the card', async () => {
    h.steam.setOfferState(offerId, 12);
    const reverted = await waitForCard(offerId, (m) => embedOf(m)!.title.endsWith('— Reverted'));
    expect(field(reverted, 'State')).toBe('**Reverted**');
    expect(field(reverted, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    expect(cardsOf(offerId)).toHaveLength(1);
  });
});

describe('a sent offer accepted, then reversed', () => {
  it('is alerted once per change, Reverted included', async () => {
    const offerId = sentOffer();
    await polls(2);
    h.steam.setOfferState(offerId, 3);
    await h.discord.waitForMessage(
      h.channelId,
      (m) => m.content.includes(`#${offerId}`) && m.content.includes('Accepted'),
    );
    h.steam.setOfferState(offerId, 12);
    const reverted = await h.discord.waitForMessage(
      h.channelId,
      (m) => m.content.includes(`#${offerId}`) && m.content.includes('Reverted'),
    );
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
    h.steam.webApiFails({ method: 'GetTradeOffers', eresult: 2 });
    const failed = await h.steam.waitForRequest((r) => isFetch(r) && r.faulted === true, { timeoutMs: 10_000 });
    await waitForCard(offerId);
    // Read as "no offers", the summary would have been recorded and the offer left for the sweep.
    const after = h.steam.requests.slice(h.steam.requests.indexOf(failed) + 1);
    const nextFetch = after.findIndex(isFetch);
    expect(after.slice(0, nextFetch).filter(isSummary).length).toBeLessThanOrEqual(1);
    await h.bot.waitForLog((l) => l.msg === 'poll failed' && JSON.stringify(l).includes('"eresult":2'));
  });

  it.each([16, 20])('x-eresult %i on the summary fails the poll; the feed goes on after it', async (eresult) => {
    h.steam.webApiFails({ method: 'GetTradeOffersSummary', eresult, times: 2 });
    await h.bot.waitForNextLog((l) => l.msg === 'poll failed' && JSON.stringify(l).includes(`"eresult":${eresult}`));
    const offerId = receivedOffer();
    await waitForCard(offerId);
  });
});

describe('numbers out of range', () => {
  it('an offer with out-of-range times is posted (without them) and holds back nothing; its change is alerted once', async () => {
    const badUpdated = receivedOffer();
    const badCreated = receivedOffer();
    const fine = receivedOffer();
    h.steam.corruptOffer(badUpdated, { time_updated: 99_999_999_999_999 });
    h.steam.corruptOffer(badCreated, { time_created: 2 ** 53 + 7, expiration_time: -1 });
    const [, created] = await Promise.all([waitForCard(badUpdated), waitForCard(badCreated), waitForCard(fine)]);
    expect(embedOf(created)!.timestamp).toBeUndefined();
    expect(embedOf((await waitForCard(fine))!)!.timestamp).toMatch(/^\d{4}-/);

    const sent = sentOffer();
    await polls(2);
    h.steam.corruptOffer(sent, { time_updated: 4_294_967_296 });
    h.steam.setOfferState(sent, 7);
    await h.discord.waitForMessage(
      h.channelId,
      (m) => m.content.includes(`#${sent}`) && m.content.includes('Declined'),
    );
    await polls(4);
    expect(alertsOf(sent)).toHaveLength(1);
    for (const id of [badUpdated, badCreated, fine]) expect(cardsOf(id)).toHaveLength(1);
  }, 60_000);

  it('an offer Steam sends with an id out of range is skipped and logged; the others go on', async () => {
    const broken = receivedOffer();
    h.steam.corruptOffer(broken, { tradeofferid: '1'.repeat(21) });
    const next = receivedOffer();
    await waitForCard(next);
    await h.bot.waitForLog((l) => l.msg === 'Steam sent an offer that cannot be read; it is skipped');
    expect(cardsOf(broken)).toHaveLength(0);
  });
});

describe('an offer Discord refuses to show', () => {
  it('is tried a few polls, then given up on; the others are posted and idle polls go back to the summary alone', async () => {
    const refused = receivedOffer();
    h.discord.injectError({
      method: 'POST',
      path: new RegExp(`^/channels/${h.channelId}/messages$`),
      status: 400,
      code: 50035,
      message: 'Invalid Form Body',
      times: 3,
    });
    await h.bot.waitForLog(
      (l) =>
        l.msg === 'could not show an offer change; giving up on this change so the others go on' &&
        l.offerId === refused,
      30_000,
    );
    expect(cardsOf(refused)).toHaveLength(0);
    const next = receivedOffer();
    await waitForCard(next);
    await polls(2);
    const fetches = h.steam.count(isFetch);
    await polls(3);
    expect(h.steam.count(isFetch) - fetches).toBeLessThanOrEqual(1);
  }, 60_000);
});

describe('a store that refuses the bookmark write', () => {
  it('a sent offer change is alerted once over failing polls and a restart; a new offer is posted once', async () => {
    const db = new KeyvSqlite({ uri: `sqlite://${join(h.dataDir, 'tradedesk.sqlite')}`, busyTimeout: 5000 });
    const refuse = (when: 'INSERT' | 'UPDATE') =>
      `CREATE TRIGGER refuse_bookmarks_${when.toLowerCase()} BEFORE ${when} ON keyv
       WHEN NEW.key = 'tradedesk:poll:bookmarks' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`;
    const sent = sentOffer();
    await polls(2);
    try {
      await db.query(refuse('INSERT'));
      await db.query(refuse('UPDATE'));
      h.steam.setOfferState(sent, 6);
      const received = receivedOffer();
      await h.discord.waitForMessage(
        h.channelId,
        (m) => m.content.includes(`#${sent}`) && m.content.includes('Canceled'),
      );
      await waitForCard(received);
      await h.bot.waitForLog((l) => l.msg === 'poll failed' && JSON.stringify(l).includes('refused by the test'));
      await polls(3);
      await h.restartBot();
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
    // A restart and a dozen polls: more than the default 30 s on a loaded machine.
  }, 120_000);
});

describe('/offers history on the rows Steam really sends (trade protection, a row that cannot be read)', () => {
  it('shows "reversible until", the reversed trade and its reversal as such, and counts the unreadable row', async () => {
    const offerOf = (give: string[], receive: string[]) => h.steam.addOffer({ partner: PARTNER, give, receive });
    const tradeOf = (offerId: string) => h.steam.trades().find((t) => t.offerId === offerId && t.reverses === null)!;

    const skin = cs2Skin('AK-47 | Redline (Field-Tested)');
    h.steam.setInventory(h.steam.bot.steamid, 730, '2', [...h.steam.getInventory(h.steam.bot.steamid, 730, '2'), skin]);
    const skinOffer = offerOf([skin.assetid!], []);
    h.steam.setOfferState(skinOffer, 3);

    const key = tf2Key();
    h.steam.setInventory(PARTNER, 440, '2', [...h.steam.getInventory(PARTNER, 440, '2'), key]);
    const keyOffer = offerOf([], [key.assetid!]);
    h.steam.setOfferState(keyOffer, 3);
    h.steam.setOfferState(keyOffer, 12);
    // The key went back to Zoey under its old asset id.
    expect(h.steam.getInventory(PARTNER, 440, '2').map((i) => i.assetid)).toContain(key.assetid);

    const stack = gems(40);
    h.steam.setInventory(PARTNER, 753, '6', [...h.steam.getInventory(PARTNER, 753, '6'), stack]);
    const gemsOffer = offerOf([], [stack.assetid!]);
    h.steam.setOfferState(gemsOffer, 3);
    h.steam.corruptTrade(tradeOf(gemsOffer).tradeid, { assets_received: [{ appid: 753, contextid: '6' }] });

    const handle = await h.discord.slash({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'offers',
      subcommand: 'history',
      options: { count: 4 },
    });
    const answer = await handle.waitForResponse((r) => r.kind === 'editOriginal' && (r.embeds?.length ?? 0) > 0, {
      timeoutMs: 20_000,
    });
    const embed = answer.embeds![0] as { description: string; footer: { text: string } };
    const [note, ...entries] = embed.description.split('\n\n');
    expect(note).toBe('⚠ 1 trade in Steam’s answer could not be read and is not shown.');
    expect(embed.footer.text).toMatch(/^3 most recent trades of \d+$/);
    expect(entries).toHaveLength(3);

    const settlement = tradeOf(skinOffer).settlement;
    expect(settlement).toBeGreaterThan(Date.now() / 1000);
    const settling = entries.find((e) => e.includes('AK-47'));
    expect(settling!.split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^\\*\\*<t:\\d+:f>\\*\\* · Zoey \\(\`${PARTNER}\`\\) · \\*\\*Complete\\*\\* · reversible until <t:${settlement}:f>$`,
        ),
      ),
      'Gave 1: 1× AK-47 \\| Redline (Field-Tested)', // Markdown-escaped
      'Received nothing',
    ]);

    const reversed = entries.find((e) => e.includes('**Reversed by trade protection**'));
    expect(reversed!.split('\n').slice(1)).toEqual(['Gave nothing', 'Received 1: 1× Mann Co. Supply Crate Key']);
    const reversal = entries.find((e) => e.includes('**Reversal**'));
    const undoneAt = /^\*\*(<t:\d+:f>)\*\*/.exec(reversed!)![1];
    expect(reversal!.split('\n')).toEqual([
      expect.stringContaining(`· **Reversal** of the trade of ${undoneAt} (trade protection)`),
      'Got back nothing',
      'Gave back 1: 1× Mann Co. Supply Crate Key',
    ]);
    expect(reversal).not.toContain('Complete');
    expect(h.bot.child.exitCode).toBe(null);
  });
});
