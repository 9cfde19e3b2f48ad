// Two bot processes on one token and one store (a rolling restart, or a second host): clicks on
// the same offer reaching both at once still make exactly one call to Steam, and a new offer is
// posted once, because the locks are taken in the store, not in memory.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { tf2Key } from '../standins/steam/index.js';
import { spawnBot, startHarness, type BotProcess, type Harness } from './harness.js';

const PARTNER = '76561198000000601';

let h: Harness;
let second: BotProcess;

beforeAll(async () => {
  // Polls four times a second: the session test waits for a few of each process's polls.
  h = await startHarness({ env: { POLL_INTERVAL_SECONDS: '0.25' } });
  h.steam.addUser({ steamid: PARTNER, personaName: 'Louis' });
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await h?.close();
});

it('a click on each process at once: one accept reaches Steam, the other is told', async () => {
  // The second process starts while the first posts the card.
  second = spawnBot(h.env, h.dataDir);
  const key = tf2Key();
  h.steam.setInventory(PARTNER, 440, '2', [key]);
  const offerId = h.steam.addOffer({ partner: PARTNER, receive: [key.assetid!] });
  const isCard = (m: StoredMessage) => JSON.stringify(m.embeds).includes(`#${offerId}`);
  const card = await h.discord.waitForMessage(h.channelId, isCard, { timeoutMs: 15_000 });
  await second.waitForLog((l) => l.msg === 'tradedesk is running');
  // Steam holds the accept that reaches it, so the other click arrives while that one is under way.
  const held = h.steam.hold({ host: 'community', method: 'POST', path: `/tradeoffer/${offerId}/accept` });

  const click = (deliverTo: 'oldest' | 'newest') =>
    h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
      deliverTo,
    });
  const [viaFirst, viaSecond] = await Promise.all([click('oldest'), click('newest')]);
  const answered = [viaFirst, viaSecond].map((c) =>
    c.waitForResponse((r) => r.kind === 'editOriginal', { timeoutMs: 20_000 }),
  );
  // One accept is at Steam; the other click is answered while it waits there. Then Steam answers.
  await held.reached;
  await Promise.race(answered);
  held.release();
  const answers = await Promise.all(answered);
  const texts = answers.map((a) => a.content ?? '');
  expect(texts.filter((t) => t === `Accepted offer #${offerId}.`)).toHaveLength(1);
  expect(texts.find((t) => t !== `Accepted offer #${offerId}.`)).toMatch(
    new RegExp(`^(Another action on offer #${offerId} is under way right now|Offer #${offerId} was already accepted)`),
  );
  const accepts = h.steam.requests.filter((r) => r.path === `/tradeoffer/${offerId}/accept`);
  expect(accepts).toHaveLength(1);
  expect(h.steam.getOffer(offerId).state).toBe(3);
  // Both processes logged the click they were given: the test did reach two processes.
  expect(h.bot.logs.some((l) => l.msg === 'button')).toBe(true);
  expect(second.logs.some((l) => l.msg === 'button')).toBe(true);
});

it('a new offer both processes can see is posted once: they take turns polling through a lock in the store', async () => {
  const key = tf2Key();
  h.steam.setInventory(PARTNER, 440, '2', [key]);
  // Steam holds the hold lookup for the new card until the other process has had a turn, so the
  // process posting it is still polling then: without the lock both would post it.
  const held = h.steam.hold({ host: 'webapi', path: /GetTradeHoldDurations/i });
  const bots = [h.bot, second];
  const skipped = (l: { msg: string }) => l.msg === 'poll skipped: another process is polling';
  const offerId = h.steam.addOffer({ partner: PARTNER, receive: [key.assetid!] });
  const isPosted = (l: { msg: string; offerId?: unknown }) => l.msg === 'offer posted' && l.offerId === offerId;
  await held.reached;
  await Promise.race(bots.map((b) => b.waitForNextLog(skipped)));
  held.release();

  const poster = await Promise.race(bots.map((b) => b.waitForLog(isPosted).then(() => b)));
  const other = poster === h.bot ? second : h.bot;
  // The other process gets a turn after the card is out, and finds nothing new.
  await other.waitForNextLog((l) => l.msg === 'poll');

  const cards = h.discord.messages(h.channelId).filter((m) => JSON.stringify(m.embeds).includes(`#${offerId}`));
  expect(cards).toHaveLength(1);
  expect([...h.bot.logs, ...second.logs].filter(isPosted)).toHaveLength(1);
  // It was the lock that kept it out, not luck: its turn came while the card was being made.
  expect(other.logs.some(skipped)).toBe(true);
  expect(
    other.logs.some((l) => l.msg === 'another tradedesk process is polling this Steam account; the two take turns'),
  ).toBe(true);
});

it('a Steam session both processes see expire gives one alert, and one when it works again', async () => {
  const bots = [h.bot, second];
  const count = (text: string) => h.discord.messages(h.channelId).filter((m) => m.content.includes(text)).length;
  const failedPolls = bots.map((b) =>
    b.waitForNextLog((l) => l.msg === 'poll failed' && JSON.stringify(l.err).includes('SessionExpiredError')),
  );
  h.steam.expireSession();
  await Promise.all(failedPolls);
  await h.discord.waitForMessage(h.channelId, (m) => m.content.includes('Steam session has expired'));
  // Each process fails at least once more after the alert: still one alert.
  await Promise.all(bots.map((b) => b.waitForNextLog((l) => l.msg === 'poll failed')));
  expect(count('Steam session has expired')).toBe(1);

  const okPolls = bots.map((b) => b.waitForNextLog((l) => l.msg === 'poll'));
  h.steam.restoreSession();
  await Promise.all(okPolls);
  await h.discord.waitForMessage(h.channelId, (m) => m.content.includes('Steam session works again'));
  await Promise.all(bots.map((b) => b.waitForNextLog((l) => l.msg === 'poll')));
  expect(count('Steam session works again')).toBe(1);
  expect(count('Steam session has expired')).toBe(1);
});
