// The SQLite file is deleted under the running bot (the Redis and PostgreSQL cases are in
// test/store/integrity.test.ts). The bot must say so in the channel it still knows, pinging the
// allowed role, in /status and in the log, and must not carry on as on a first start: no new
// card is posted and no click reaches Steam. A restart logs the empty store for what it may be.
import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { gems, type RecordedRequest } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000401';

interface Embed {
  title: string;
  fields: Array<{ name: string; value: string }>;
}

let h: Harness;

const embedOf = (m: { embeds?: unknown[] }) => m.embeds?.[0] as Embed | undefined;
const cardOf = (offerId: string) => (m: StoredMessage) => embedOf(m)?.title === `Trade offer #${offerId}`;
const lostAlert = (m: StoredMessage) => m.content.includes('store lost its data');
const isTradeAction = (r: RecordedRequest) => /\/tradeoffer\/\d+\/(accept|decline|cancel)/.test(r.path);

function newOffer(): string {
  const theirs = gems(5);
  h.steam.setInventory(PARTNER, 753, '6', [theirs]);
  return h.steam.addOffer({ partner: PARTNER, receive: [theirs.assetid!] });
}

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('the SQLite file is deleted while the bot runs', () => {
  let card: StoredMessage;

  beforeAll(async () => {
    card = await h.discord.waitForMessage(h.channelId, cardOf(newOffer()), { timeoutMs: 20_000 });
    unlinkSync(join(h.dataDir, 'tradedesk.sqlite'));
  });

  it('says so in the channel it knew, pinging only the allowed role, and in the log', async () => {
    const alert = await h.discord.waitForMessage(h.channelId, lostAlert, { timeoutMs: 20_000 });
    expect(alert.content).toMatch(
      new RegExp(`^<@&${h.traderRoleId}>\\n🚨 \\*\\*tradedesk’s store lost its data\\*\\*`),
    );
    expect(alert.content).toContain('was deleted');
    expect(alert.mention_roles).toEqual([h.traderRoleId]);
    const logged = await h.bot.waitForLog((l) => l.msg?.startsWith('the store lost its data') ?? false);
    expect(logged.level).toBe(50);
  });

  it('/status says the store lost its data', async () => {
    const handle = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
    const reply = await handle.waitForResponse((r) => r.kind === 'reply');
    const store = embedOf(reply)?.fields.find((f) => f.name === 'Store')?.value;
    expect(store).toMatch(
      /^❌ sqlite \(.*\) lost its data <t:\d+:R>: the SQLite file .* was deleted\. Nothing is posted/,
    );
  });

  it('posts no new card and lets no click reach Steam', async () => {
    const late = newOffer();
    // Two polls after the offer arrived, each refused by the store check.
    await h.bot.waitForNextLog((l) => l.msg === 'poll failed');
    await h.bot.waitForNextLog((l) => l.msg === 'poll failed');
    expect(h.discord.messages(h.channelId).filter(cardOf(late))).toHaveLength(0);

    const before = h.steam.requests.length;
    const click = await h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${/#(\d+)/.exec(embedOf(card)!.title)![1]}`,
    });
    const answer = await click.waitForResponse((r) => r.ephemeral && (r.content ?? '').length > 0, {
      timeoutMs: 20_000,
    });
    expect(answer.content).toContain('store lost its data');
    expect(h.steam.requests.slice(before).filter(isTradeAction)).toEqual([]);
    expect(h.discord.messages(h.channelId).filter(lostAlert)).toHaveLength(1);
  });

  it('a restart on the empty store logs it as a first start or a lost store', async () => {
    await h.restartBot();
    const line = await h.bot.waitForLog((l) => l.msg === 'the store is empty: first start, or the store lost its data');
    expect(line.level).toBe(40);
  });
});
