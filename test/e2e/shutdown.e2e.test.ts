// SIGTERM does not cut an action in half. A trader clicks Accept on an offer that needs a mobile
// confirmation, Steam holds the answer, and the bot is told to stop meanwhile: new clicks and
// trade commands get "restarting", the accept finishes — confirmation made, card edited to
// accepted with who accepted it, the trader told — and only then does the process exit, cleanly.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RESTARTING_REFUSAL } from '../../src/events/interactionCreate.js';
import type { StoredMessage } from '../standins/discord/index.js';
import { tf2Key } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000602';
/** The shutdown wait the second test sits out (SHUTDOWN_WAIT_SECONDS; 20 by default). */
const SHUTDOWN_WAIT_SECONDS = 1;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ prepare: (steam) => ({ STEAM_IDENTITY_SECRET: steam.bot.identitySecret }) });
  h.steam.addUser({ steamid: PARTNER, personaName: 'Mira' });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

it('SIGTERM during a slow accept: new actions are refused, the accept and its confirmation finish, the card says who', async () => {
  const ours = tf2Key();
  const theirs = tf2Key();
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [ours]);
  h.steam.setInventory(PARTNER, 440, '2', [theirs]);
  h.steam.options.acceptNeedsConfirmation = true;
  const offerId = h.steam.addOffer({ partner: PARTNER, give: [ours.assetid!], receive: [theirs.assetid!] });
  const isCard = (m: StoredMessage) =>
    (m.embeds[0] as { title?: string } | undefined)?.title === `Trade offer #${offerId}`;
  const card = await h.discord.waitForMessage(h.channelId, isCard, { timeoutMs: 15_000 });

  // Steam holds the accept unanswered, so the stop arrives while it is under way.
  const held = h.steam.hold({ host: 'community', method: 'POST', path: `/tradeoffer/${offerId}/accept` });
  const accept = await h.discord.clickButton({
    user: h.traderId,
    channel: h.channelId,
    messageId: card.id,
    customId: `offer:accept:${offerId}`,
  });
  await held.reached;
  h.bot.child.kill('SIGTERM');
  const stopping = await h.bot.waitForLog((l) => l.msg.startsWith('shutting down'));
  expect(stopping['interactionsUnderWay']).toBe(1);

  // While it finishes: a second click and a trade command are refused, nothing reaches Steam.
  const decline = await h.discord.clickButton({
    user: h.traderId,
    channel: h.channelId,
    messageId: card.id,
    customId: `offer:decline:${offerId}`,
  });
  const send = await h.discord.slash({
    user: h.traderId,
    channel: h.channelId,
    command: 'offers',
    subcommand: 'send',
    options: { partner: PARTNER, give: ours.assetid! },
  });
  for (const refused of [decline, send]) {
    expect(await refused.waitForResponse()).toMatchObject({
      kind: 'reply',
      ephemeral: true,
      content: RESTARTING_REFUSAL,
    });
  }
  expect(h.bot.child.exitCode).toBeNull();
  held.release();

  expect(await h.bot.exited).toBe(0);
  expect(h.steam.requests.filter((r) => r.path === `/tradeoffer/${offerId}/decline`)).toEqual([]);
  expect(h.steam.requests.filter((r) => r.path === '/tradeoffer/new/send')).toEqual([]);
  // The accept went through and was confirmed on mobile before the process let go of Steam.
  expect(h.steam.getOffer(offerId).state).toBe(3);
  expect(h.steam.confirmations()).toEqual([]);
  expect(h.steam.requests.some((r) => /^\/mobileconf\/(multi)?ajaxop/.test(r.path))).toBe(true);
  const answer = accept.responses.find((r) => r.kind === 'editOriginal');
  expect(answer?.content).toBe(`Accepted offer #${offerId}. Confirmed on mobile automatically by tradedesk.`);
  const edited = h.discord.message(card.id)!;
  const state = (edited.embeds[0] as { fields?: Array<{ name: string; value: string }> }).fields?.find(
    (f) => f.name === 'State',
  );
  expect(state?.value).toMatch(new RegExp(`^\\*\\*Accepted\\*\\* by <@${h.traderId}> <t:\\d+:R>$`));
  expect(edited.components).toEqual([]);
  // In that order: the card was edited, then Steam and the store were let go.
  const messages = h.bot.logs.map((l) => l.msg);
  expect(messages.indexOf('offer card updated')).toBeLessThan(messages.indexOf('stopped'));
  expect(messages).not.toContain('interactions still running after the shutdown wait; stopping anyway');
});

it('an action that never ends does not keep the process for ever: it exits after the shutdown wait and says so', async () => {
  await h.startBot({ SHUTDOWN_WAIT_SECONDS: String(SHUTDOWN_WAIT_SECONDS) });
  const ours = tf2Key();
  const theirs = tf2Key();
  h.steam.setInventory(h.steam.bot.steamid, 440, '2', [ours]);
  h.steam.setInventory(PARTNER, 440, '2', [theirs]);
  const offerId = h.steam.addOffer({ partner: PARTNER, give: [ours.assetid!], receive: [theirs.assetid!] });
  const isCard = (m: StoredMessage) =>
    (m.embeds[0] as { title?: string } | undefined)?.title === `Trade offer #${offerId}`;
  const card = await h.discord.waitForMessage(h.channelId, isCard, { timeoutMs: 15_000 });
  // Never answered while the bot runs.
  const held = h.steam.hold({ host: 'community', method: 'POST', path: `/tradeoffer/${offerId}/accept` });
  await h.discord.clickButton({
    user: h.traderId,
    channel: h.channelId,
    messageId: card.id,
    customId: `offer:accept:${offerId}`,
  });
  await held.reached;
  h.bot.child.kill('SIGTERM');
  expect(await h.bot.exited).toBe(0);
  expect(h.bot.logs.find((l) => l.msg.startsWith('interactions still running after the shutdown wait'))).toMatchObject({
    stillRunning: 1,
    waitedMs: SHUTDOWN_WAIT_SECONDS * 1000,
  });
  expect(h.bot.logs.at(-1)?.msg).toBe('stopped');
  held.release();
}, 60_000);
