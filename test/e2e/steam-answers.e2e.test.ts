// /offers history on the answers Steam really gives (docs/steam.md#finished-offers), end to end: the real
// bot process against the Steam stand-in's trade history with trade protection (settlement times,
// reversals as state 12) and a row that cannot be read. The feed on those answers (finished offers'
// items moved, x-eresult failures, numbers out of range, reversals, a store that refuses the
// bookmark write) is tested in-process in test/feed/steam-answers.integration.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cs2Skin, gems, tf2Key } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000201';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  h.steam.addUser({ steamid: PARTNER, personaName: 'Zoey', friends: true });
}, 120_000);

afterAll(async () => {
  await h?.close();
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
