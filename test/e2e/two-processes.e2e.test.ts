// Two bot processes on one token and one store (a rolling restart, or a second host): clicks on
// the same offer reaching both at once still make exactly one call to Steam, because the lock is
// taken in the store, not in memory.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { tf2Key } from '../standins/steam/index.js';
import { spawnBot, startHarness, type BotProcess, type Harness } from './harness.js';

const PARTNER = '76561198000000601';

let h: Harness;
let second: BotProcess;

beforeAll(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: PARTNER, personaName: 'Louis' });
}, 120_000);

afterAll(async () => {
  await second?.stop();
  await h?.close();
});

it('a click on each process at once: one accept reaches Steam, the other is told', async () => {
  const key = tf2Key();
  h.steam.setInventory(PARTNER, 440, '2', [key]);
  const offerId = h.steam.addOffer({ partner: PARTNER, receive: [key.assetid!] });
  const isCard = (m: StoredMessage) => JSON.stringify(m.embeds).includes(`#${offerId}`);
  const card = await h.discord.waitForMessage(h.channelId, isCard, { timeoutMs: 15_000 });

  second = spawnBot(h.env, h.dataDir);
  await second.waitForLog((l) => l.msg === 'tradedesk is running');
  // Steam takes its time with the accept, so the second click arrives while the first is under way.
  h.steam.slowDown({ host: 'community', method: 'POST', path: `/tradeoffer/${offerId}/accept`, delayMs: 1500 });

  const click = (deliverTo: 'oldest' | 'newest') =>
    h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
      deliverTo,
    });
  const [viaFirst, viaSecond] = await Promise.all([click('oldest'), click('newest')]);
  const answers = await Promise.all(
    [viaFirst, viaSecond].map((c) => c.waitForResponse((r) => r.kind === 'editOriginal', { timeoutMs: 20_000 })),
  );
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
