// What strangers write on Steam, through the real bot: a persona name of 1,100 characters with a
// bidi override, a message with a phishing link and triple backticks, and a TF2 item renamed
// with a Name Tag to read "Mann Co. Supply Crate Key". The card is posted (Discord accepts it),
// nothing is reordered or linked, and the renamed item is marked as what it really is on the
// card, in /offers show and in /inventory show.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionResponse, StoredMessage } from '../standins/discord/index.js';
import { gems, renamedTf2Item, tf2Key } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const LOUD_PARTNER = '76561198000000301';
const SCAMMER = '76561198000000302';
const RLO = '\u202e';
const BIDI_OR_ZERO_WIDTH = /[\u202a-\u202e\u2066-\u2069\u200b-\u200f\ufeff]/;

interface Embed {
  title: string;
  description?: string;
  fields: Array<{ name: string; value: string }>;
}

let h: Harness;

const embedOf = (m: { embeds?: unknown[] }) => m.embeds?.[0] as Embed;
const field = (embed: Embed, name: string) => embed.fields.find((f) => f.name.startsWith(name))?.value;
const cardOf = (offerId: string) => (m: StoredMessage) => embedOf(m)?.title === `Trade offer #${offerId}`;

async function answer(
  command: string,
  subcommand: string,
  options: Record<string, string | number>,
): Promise<InteractionResponse> {
  const handle = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command, subcommand, options });
  return handle.waitForResponse(
    (r) => (r.kind === 'editOriginal' || r.kind === 'reply') && (r.embeds?.length ?? 0) > 0,
    { timeoutMs: 20_000 },
  );
}

beforeAll(async () => {
  h = await startHarness();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

describe('hostile text from Steam', () => {
  it('a 1,100-character persona name with a bidi override and a phishing message still make a card', async () => {
    h.steam.addUser({ steamid: LOUD_PARTNER, personaName: `${RLO}${'W'.repeat(1100)}` });
    const theirs = gems(10);
    h.steam.setInventory(LOUD_PARTNER, 753, '6', [theirs]);
    const offerId = h.steam.addOffer({
      partner: LOUD_PARTNER,
      receive: [theirs.assetid!],
      message: `Verify\u200b your account at https://steamcommunity.co/login \`\`\` **now** ${RLO}`,
    });

    const card = embedOf(await h.discord.waitForMessage(h.channelId, cardOf(offerId), { timeoutMs: 20_000 }));
    const partner = field(card, 'Partner')!;
    expect(partner.length).toBeLessThanOrEqual(1024);
    expect(partner).toMatch(
      /^\*\*W+…\*\* · \[Steam profile\]\(https:\/\/steamcommunity\.com\/profiles\/76561198000000301\) · `76561198000000301`$/,
    );
    expect(JSON.stringify(card)).not.toMatch(BIDI_OR_ZERO_WIDTH);
    // A code block: the link is not a link, the bold is not bold, the block cannot be closed early.
    expect(card.description).toBe(
      'Message from the partner:\n```\nVerify your account at https://steamcommunity.co/login ˋˋˋ **now**\n```',
    );
  });
});

describe('an item renamed with a Name Tag', () => {
  let offerId: string;

  beforeAll(() => {
    h.steam.addUser({ steamid: SCAMMER, personaName: 'Key Seller' });
    const junk = renamedTf2Item({ customName: 'Mann Co. Supply Crate Key', realName: 'Secret Saxton' });
    const realKey = tf2Key();
    h.steam.setInventory(SCAMMER, 440, '2', [junk, realKey]);
    offerId = h.steam.addOffer({ partner: SCAMMER, receive: [junk.assetid!, realKey.assetid!] });
  });

  const expected = [
    "1× ⚠️ RENAMED “''Mann Co. Supply Crate Key''” — real item: **Secret Saxton**",
    '  ⚠ This item has been renamed. Original name: "Secret Saxton"',
    '1× Mann Co. Supply Crate Key',
  ].join('\n');

  it('is marked on the card, with the real item and Steam’s warning, and counted like /offers list', async () => {
    const card = embedOf(await h.discord.waitForMessage(h.channelId, cardOf(offerId), { timeoutMs: 20_000 }));
    expect(field(card, 'They give (2)')).toBe(expected);

    const list = await answer('offers', 'list', {});
    const line = (embedOf(list).description ?? '').split('\n').find((l) => l.includes(`#${offerId}`));
    expect(line).toContain('they give 2 · we give 0');
  });

  it('is marked the same way in /offers show', async () => {
    const shown = await answer('offers', 'show', { id: offerId });
    expect(field(embedOf(shown), 'They give (2)')).toBe(expected);
  });

  it('is listed apart from real keys and marked in /inventory show', async () => {
    const shown = await answer('inventory', 'show', { app: 440, user: SCAMMER });
    const lines = (embedOf(shown).description ?? '').split('\n');
    expect(lines).toContain(
      "`1×` ⚠️ RENAMED “''Mann Co. Supply Crate Key''” — real item: Secret Saxton ⚠ This item has been renamed. Original name: \"Secret Saxton\" 🔁",
    );
    expect(lines).toContain('`1×` Mann Co. Supply Crate Key 🔁 🏷️');
  });
});
