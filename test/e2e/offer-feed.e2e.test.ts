// The offer feed and its guarded buttons end to end: the real bot process against the Steam and
// Discord stand-ins. Offers appear and change on the Steam side; what lands in the channel and
// which calls reach Steam are asserted. The feed's own work on Steam-side changes (every state, a
// half-loaded offer, a sent offer's alert, holds) is tested in-process in
// test/feed/offer-feed.integration.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRADE_REFUSAL } from '../../src/events/interactionCreate.js';
import type { StoredMessage } from '../standins/discord/index.js';
import { csgoKey, gems, tf2Key, type RecordedRequest } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000101';
const SENT_PARTNER = '76561198000000102';

interface Embed {
  title: string;
  description?: string;
  fields: Array<{ name: string; value: string }>;
}

let h: Harness;

const embedOf = (m: StoredMessage) => m.embeds[0] as Embed | undefined;
const field = (m: StoredMessage, name: string) => embedOf(m)?.fields.find((f) => f.name.startsWith(name))?.value;
const buttonIds = (m: StoredMessage) =>
  (m.components as Array<{ components: Array<{ custom_id: string }> }>).flatMap((row) =>
    row.components.map((c) => c.custom_id),
  );
const cardsOf = (offerId: string) =>
  h.discord.messages(h.channelId).filter((m) => embedOf(m)?.title.includes(`#${offerId}`));
const postsTo = (r: { method: string; path: string }) =>
  r.method === 'POST' && r.path === `/channels/${h.channelId}/messages`;
const steamPosts = (offerId: string) =>
  h.steam.requests.filter((r) => r.method === 'POST' && r.path.startsWith(`/tradeoffer/${offerId}/`));

function waitForCard(offerId: string, pred: (m: StoredMessage) => boolean = () => true) {
  return h.discord.waitForMessage(h.channelId, (m) => (embedOf(m)?.title.includes(`#${offerId}`) ?? false) && pred(m), {
    timeoutMs: 15_000,
  });
}

/** A received offer: the partner gives a TF2 key and gems, the bot gives a CS key. */
function receivedOffer(message = 'key for key?'): string {
  const theirKey = tf2Key();
  const theirGems = gems(250);
  h.steam.setInventory(PARTNER, 440, '2', [theirKey]);
  h.steam.setInventory(PARTNER, 753, '6', [theirGems]);
  const ours = csgoKey();
  h.steam.setInventory(h.steam.bot.steamid, 730, '2', [...h.steam.getInventory(h.steam.bot.steamid, 730, '2'), ours]);
  return h.steam.addOffer({
    partner: PARTNER,
    give: [ours.assetid!],
    receive: [theirKey.assetid!, theirGems.assetid!],
    message,
  });
}

/** Waits for a poll that happens after now, so "nothing was posted" means something. */
async function nextPoll(): Promise<void> {
  const seen = h.steam.requests.length;
  await h.steam.waitForRequest((r) => r.path.includes('GetTradeOffersSummary') && h.steam.requests.indexOf(r) >= seen, {
    timeoutMs: 10_000,
  });
  // and the one after it, which starts only once the previous poll was applied
  const again = h.steam.requests.length;
  await h.steam.waitForRequest(
    (r) => r.path.includes('GetTradeOffersSummary') && h.steam.requests.indexOf(r) >= again,
    { timeoutMs: 10_000 },
  );
}

beforeAll(async () => {
  // Polls a quarter of a second apart: the waits for cards and for "the next polls" are that much shorter.
  h = await startHarness({ env: { POLL_INTERVAL_SECONDS: '0.25' } });
  // A friend: GetTradeHoldDurations needs the partner's trade token otherwise, which a received offer does not carry.
  h.steam.addUser({ steamid: PARTNER, personaName: 'Zoey', tradeToken: 'AbCd1234', friends: true });
  h.steam.addUser({ steamid: SENT_PARTNER, personaName: 'Francis', tradeToken: 'ZzYy9876' });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('a new received offer', () => {
  let offerId: string;
  let card: StoredMessage;

  beforeAll(async () => {
    offerId = receivedOffer('key for key? <@everyone>');
    card = await waitForCard(offerId);
  });

  it('is posted once with partner, items each side, message, expiry and Accept/Decline buttons', async () => {
    const embed = embedOf(card)!;
    expect(embed.title).toBe(`Trade offer #${offerId}`);
    expect(field(card, 'Partner')).toBe(
      `**Zoey** · [Steam profile](https://steamcommunity.com/profiles/${PARTNER}) · \`${PARTNER}\``,
    );
    // Counted by amount, as /offers list counts: 250 gems and a key.
    expect(field(card, 'They give (251)')).toBe('250× Gems (753-Gems)\n1× Mann Co. Supply Crate Key');
    expect(field(card, 'We give (1)')).toMatch(/^1× .*Key$/);
    expect(embed.description).toBe('Message from the partner:\n```\nkey for key? <@everyone>\n```');
    expect(field(card, 'State')).toBe('**Active**');
    const expires = h.steam.getOffer(offerId).expires;
    expect(field(card, 'Expires')).toBe(`<t:${expires}:R>`);
    expect(buttonIds(card)).toEqual([`offer:accept:${offerId}`, `offer:decline:${offerId}`]);

    await nextPoll();
    expect(cardsOf(offerId)).toHaveLength(1);
  });

  it('is fetched only when the summary changed; idle polls ask for the summary alone', async () => {
    const fetches = (r: RecordedRequest) => r.path.includes('GetTradeOffers/') || r.path.endsWith('GetTradeOffers');
    const before = h.steam.requests.filter(fetches).length;
    const summariesBefore = h.steam.count((r) => r.path.includes('GetTradeOffersSummary'));
    await nextPoll();
    await nextPoll();
    expect(h.steam.count((r) => r.path.includes('GetTradeOffersSummary'))).toBeGreaterThanOrEqual(summariesBefore + 4);
    // The periodic sweep (minutes apart) cannot fall into four quarter-second polls twice.
    expect(h.steam.requests.filter(fetches).length - before).toBeLessThanOrEqual(1);
  });

  it('an outsider is refused privately and nothing reaches Steam', async () => {
    const click = await h.discord.clickButton({
      user: h.outsiderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
    });
    const reply = await click.waitForResponse((r) => r.kind === 'reply');
    expect(reply).toMatchObject({ ephemeral: true, content: TRADE_REFUSAL });
    expect(steamPosts(offerId)).toHaveLength(0);
    expect(h.steam.getOffer(offerId).state).toBe(2);
  });

  it('two allowed clicks at once make exactly one accept; the card shows who accepted and loses its buttons', async () => {
    const click = () =>
      h.discord.clickButton({
        user: h.traderId,
        channel: h.channelId,
        messageId: card.id,
        customId: `offer:accept:${offerId}`,
      });
    const [first, second] = await Promise.all([click(), click()]);
    const answers = await Promise.all(
      [first, second].map((c) => c.waitForResponse((r) => r.kind === 'editOriginal', { timeoutMs: 15_000 })),
    );
    const texts = answers.map((a) => a.content).sort();
    expect(texts).toContain(`Accepted offer #${offerId}.`);
    expect(texts.find((t) => t !== `Accepted offer #${offerId}.`)).toMatch(
      new RegExp(`(Someone else clicked first|already accepted|is under way).*`),
    );
    expect(answers.every((a) => a.ephemeral)).toBe(true);
    expect(steamPosts(offerId).map((r) => r.path)).toEqual([`/tradeoffer/${offerId}/accept`]);
    expect(h.steam.getOffer(offerId).state).toBe(3);

    const edited = await waitForCard(offerId, (m) => buttonIds(m).length === 0);
    expect(embedOf(edited)!.title).toBe(`Trade offer #${offerId} — Accepted`);
    expect(field(edited, 'State')).toMatch(new RegExp(`^\\*\\*Accepted\\*\\* by <@${h.traderId}> <t:\\d+:R>$`));
  });

  it('a later click on the finished offer is told who acted; no second Steam call', async () => {
    // The card has no buttons any more; the command is the way left to try.
    const late = await h.discord.slash({
      user: h.traderId,
      channel: h.channelId,
      command: 'offers',
      subcommand: 'decline',
      options: { id: offerId },
    });
    const told = await late.waitForResponse((r) => r.kind === 'editOriginal');
    expect(told.content).toMatch(new RegExp(`^Offer #${offerId} was already accepted by <@${h.traderId}>`));
    expect(steamPosts(offerId)).toHaveLength(1);
  });
});

describe('declining from Discord and permissions checked at the click', () => {
  it('declines for an allowed user; after /config disallow the same member is refused', async () => {
    const offerId = receivedOffer();
    const card = await waitForCard(offerId);
    const decline = await h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:decline:${offerId}`,
    });
    expect((await decline.waitForResponse((r) => r.kind === 'editOriginal')).content).toBe(
      `Declined offer #${offerId}.`,
    );
    expect(steamPosts(offerId).map((r) => r.path)).toEqual([`/tradeoffer/${offerId}/decline`]);
    const edited = await waitForCard(offerId, (m) => buttonIds(m).length === 0);
    expect(embedOf(edited)!.title).toBe(`Trade offer #${offerId} — Declined`);

    const other = receivedOffer();
    const otherCard = await waitForCard(other);
    const disallow = await h.discord.slash({
      user: h.adminId,
      channel: h.channelId,
      command: 'config',
      subcommand: 'disallow',
      options: { role: h.traderRoleId },
    });
    await disallow.waitForResponse((r) => r.kind === 'reply');
    const refused = await h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: otherCard.id,
      customId: `offer:accept:${other}`,
    });
    expect(await refused.waitForResponse((r) => r.kind === 'reply')).toMatchObject({
      ephemeral: true,
      content: TRADE_REFUSAL,
    });
    expect(steamPosts(other)).toHaveLength(0);

    const allowUser = await h.discord.slash({
      user: h.adminId,
      channel: h.channelId,
      command: 'config',
      subcommand: 'allow',
      options: { user: h.traderId },
    });
    await allowUser.waitForResponse((r) => r.kind === 'reply');
    const allowed = await h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: otherCard.id,
      customId: `offer:decline:${other}`,
    });
    expect((await allowed.waitForResponse((r) => r.kind === 'editOriginal')).content).toBe(`Declined offer #${other}.`);
    expect(h.steam.getOffer(other).state).toBe(7);
  });
});

describe('a restart', () => {
  it('never reposts, applies a change made while down, and posts an offer that arrived while down once', async () => {
    const before = receivedOffer();
    const card = await waitForCard(before);
    await h.bot.stop();
    h.steam.setOfferState(before, 7);
    const arrived = receivedOffer();
    const posts = h.discord.requests.filter(postsTo).length;
    await h.restartBot();

    const edited = await waitForCard(before, (m) => embedOf(m)!.title.endsWith('— Declined'));
    expect(edited.id).toBe(card.id);
    await waitForCard(arrived);
    await nextPoll();
    expect(cardsOf(before)).toHaveLength(1);
    expect(cardsOf(arrived)).toHaveLength(1);
    expect(h.discord.requests.filter(postsTo).length - posts).toBe(1);
  });
});
