// Slash commands end to end, as members use them: registration, /inventory with progress and
// paging, autocomplete, /offers read-only views, /offers send and cancel with mobile
// confirmation, accept from a card confirmed on mobile, /config with its own permission check
// and persistence, /status.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANAGE_GUILD_REFUSAL, TRADE_REFUSAL, VIEW_SETTINGS_REFUSAL } from '../../src/events/interactionCreate.js';
import type { InteractionResponse } from '../standins/discord/index.js';
import { cs2Skin, csgoKey, gems, tf2Key } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000501';
const PARTNER_ACCOUNT = 39734773; // PARTNER − 76561197960265728
const TOKEN = 'PaRt1234';
const VANITY = 'zoey_trades';

interface Embed {
  title: string;
  description?: string;
  footer?: { text: string };
  fields?: Array<{ name: string; value: string }>;
}
interface Button {
  label: string;
  custom_id: string;
  disabled?: boolean;
}

let h: Harness;

const embedOf = (r: { embeds?: unknown[] }) => r.embeds?.[0] as Embed;
/** Embed text as a member reads it: Discord shows `\-` as `-`. */
const plain = (text: string | undefined) => (text ?? '').replace(/\\(.)/g, '$1');
const buttonsOf = (r: { components?: unknown[] }) =>
  ((r.components ?? []) as Array<{ components: Button[] }>).flatMap((row) => row.components);

function slash(
  user: string,
  command: string,
  subcommand?: string,
  options?: Record<string, string | number | boolean>,
) {
  return h.discord.slash({
    user,
    channel: h.channelId,
    command,
    ...(subcommand ? { subcommand } : {}),
    ...(options ? { options } : {}),
  });
}

/** The final answer of a deferred command: the last editOriginal once the bot is done. */
async function finalAnswer(
  handle: Awaited<ReturnType<typeof slash>>,
  done: (r: InteractionResponse) => boolean,
): Promise<InteractionResponse> {
  return handle.waitForResponse((r) => (r.kind === 'editOriginal' || r.kind === 'reply') && done(r), {
    timeoutMs: 20_000,
  });
}

beforeAll(async () => {
  // Polls a quarter of a second apart: the waits for cards are that much shorter.
  h = await startHarness({ env: { POLL_INTERVAL_SECONDS: '0.25' } });
  h.steam.addUser({ steamid: PARTNER, personaName: 'Zoey', tradeToken: TOKEN, vanity: VANITY });
  // 45 kinds of skin, 1,200 items: three pages of 20 kinds, three inventory pages of 500.
  const skins = Array.from({ length: 1200 }, (_, i) => cs2Skin(`AK-47 | Pattern ${String(i % 45).padStart(2, '0')}`));
  h.steam.setInventory(h.steam.bot.steamid, 730, '2', [...skins, csgoKey(), csgoKey()]);
  h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(1500)]);
  h.steam.setInventory(PARTNER, 440, '2', [tf2Key(), tf2Key(), tf2Key()]);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('registration', () => {
  it('registers every command of the spec in the guild with its options; /config needs Manage Server', () => {
    const commands = h.discord.registeredCommands(h.discord.guild.id) as Array<{
      name: string;
      default_member_permissions?: string | null;
      options?: Array<{ name: string; type: number; options?: Array<{ name: string; required?: boolean }> }>;
    }>;
    const shape = Object.fromEntries(
      commands.map((c) => [
        c.name,
        Object.fromEntries((c.options ?? []).map((sub) => [sub.name, (sub.options ?? []).map((o) => o.name).sort()])),
      ]),
    );
    expect(shape).toEqual({
      inventory: { show: ['app', 'context', 'search', 'user'], contexts: ['user'] },
      offers: {
        list: ['active_only', 'direction'],
        show: ['id'],
        accept: ['id'],
        decline: ['id'],
        cancel: ['id'],
        send: ['give', 'message', 'partner', 'receive'],
        history: ['count'],
        summary: [],
      },
      config: { channel: ['channel'], allow: ['role', 'user'], disallow: ['role', 'user'], show: [] },
      tradebots: { preview: [], publish: [] },
      status: {},
    });
    // /config show is open to allowed members, so Discord may not hide /config; the bot checks
    // Manage Server itself on every change.
    expect(commands.find((c) => c.name === 'config')?.default_member_permissions).toBeNull();
    const show = commands.find((c) => c.name === 'inventory')!.options!.find((o) => o.name === 'show')!;
    expect(show.options!.find((o) => o.name === 'app')?.required).toBe(true);
  });
});

describe('/inventory', () => {
  it('autocomplete offers the common apps and takes any numeric app id', async () => {
    const all = await h.discord.autocomplete({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'inventory',
      subcommand: 'show',
      focused: 'app',
    });
    const choices = (await all.waitForResponse((r) => r.kind === 'autocomplete')).choices as Array<{ value: number }>;
    expect(choices.map((c) => c.value)).toEqual(expect.arrayContaining([730, 440, 570, 753, 252490, 578080]));
    const typed = await h.discord.autocomplete({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'inventory',
      subcommand: 'show',
      focused: 'app',
      options: { app: '1172470' },
    });
    const numeric = (await typed.waitForResponse((r) => r.kind === 'autocomplete')).choices;
    expect(numeric).toEqual([{ name: 'App 1172470', value: 1172470 }]);
  });

  it('shows progress while pages load, then totals and names, paged with Previous/Next', async () => {
    h.steam.options.inventoryPageCap = 500;
    // Spaced pages, as against the real Steam, so progress has time to show. (The first progress line
    // goes out as page 1 arrives, whatever the spacing; 300 ms keeps the wait for three pages short.)
    await h.restartBot({ STEAM_INVENTORY_DELAY_MS: '300' });
    const handle = await slash(h.outsiderId, 'inventory', 'show', { app: 730 });
    expect((await handle.waitForResponse((r) => r.kind === 'deferred')).ephemeral).toBe(false);
    const answer = await finalAnswer(handle, (r) => r.embeds !== undefined && r.embeds.length > 0);
    const progress = handle.responses
      .filter((r) => r.kind === 'editOriginal' && r.content?.startsWith('Loading inventory'))
      .map((r) => r.content);
    expect(progress.some((text) => /^Loading inventory… page [1-3] of 3 \([\d,]+ items\)$/.test(text ?? ''))).toBe(
      true,
    );

    const page1 = embedOf(answer);
    expect(page1.description).toMatch(/^\*\*1,202\*\* items · \*\*46\*\* kinds/);
    expect(plain(page1.description)).toContain('`27×` AK-47 | Pattern 00');
    expect(page1.footer?.text).toMatch(/^Page 1\/3 · /);
    const [previous, next] = buttonsOf(answer);
    expect([previous?.label, previous?.disabled, next?.label, next?.disabled]).toEqual([
      'Previous',
      true,
      'Next',
      false,
    ]);

    const message = h.discord.messages(h.channelId).find((m) => embedOf(m)?.title === page1.title)!;
    const click = await h.discord.clickButton({
      user: h.outsiderId,
      channel: h.channelId,
      messageId: message.id,
      customId: next!.custom_id,
    });
    const page2 = await click.waitForResponse((r) => r.kind === 'update' || r.kind === 'editOriginal');
    expect(embedOf(page2).footer?.text).toMatch(/^Page 2\/3 · /);
    expect(plain(embedOf(page2).description)).toContain('AK-47 | Pattern 20');
    expect(plain(embedOf(page2).description)).not.toContain('AK-47 | Pattern 00');
    expect(buttonsOf(page2).map((b) => b.disabled)).toEqual([false, false]);

    // The list is kept in the store: after a restart the next page still turns, without Steam. (The
    // restart also gives the bot the identity secret that mobile confirmations need further down.)
    await h.restartBot({ STEAM_IDENTITY_SECRET: h.steam.bot.identitySecret });
    const inventoryReads = () => h.steam.requests.filter((r) => r.path.startsWith('/inventory/')).length;
    const readsBefore = inventoryReads();
    expect(readsBefore).toBeGreaterThan(0);
    const third = await h.discord.clickButton({
      user: h.outsiderId,
      channel: h.channelId,
      messageId: message.id,
      customId: buttonsOf(page2)[1]!.custom_id,
    });
    const page3 = await third.waitForResponse((r) => r.kind === 'update' || r.kind === 'editOriginal');
    expect(embedOf(page3).footer?.text).toMatch(/^Page 3\/3 · /);
    expect(buttonsOf(page3).map((b) => b.disabled)).toEqual([false, true]);
    expect(inventoryReads()).toBe(readsBefore);
    h.steam.options.inventoryPageCap = 2000;
  });

  it('filters by search, uses context 6 for app 753 and reads another user by vanity and trade URL', async () => {
    const search = await slash(h.outsiderId, 'inventory', 'show', { app: 730, search: 'pattern 07' });
    const found = embedOf(await finalAnswer(search, (r) => (r.embeds?.length ?? 0) > 0));
    expect(found.description).toContain('Matching “pattern 07”');
    expect(plain(found.description)).toContain('`27×` AK-47 | Pattern 07');
    expect(found.description).not.toContain('Pattern 08');

    const gemsShown = await slash(h.outsiderId, 'inventory', 'show', { app: 753 });
    const community = embedOf(await finalAnswer(gemsShown, (r) => (r.embeds?.length ?? 0) > 0));
    expect(community.description).toMatch(/^\*\*1,500\*\* items · \*\*1\*\* kind/);
    expect(plain(community.description)).toContain('`1,500×` Gems');

    for (const user of [
      `https://steamcommunity.com/id/${VANITY}/`,
      `https://steamcommunity.com/tradeoffer/new/?partner=${PARTNER_ACCOUNT}&token=${TOKEN}`,
    ]) {
      const theirs = await slash(h.outsiderId, 'inventory', 'show', { app: 440, user });
      const shown = embedOf(await finalAnswer(theirs, (r) => (r.embeds?.length ?? 0) > 0));
      expect(shown.title).toContain('Zoey');
      expect(plain(shown.description)).toContain('`3×` Mann Co. Supply Crate Key');
    }
  });

  it('/inventory contexts lists apps and contexts with names and counts', async () => {
    const handle = await slash(h.outsiderId, 'inventory', 'contexts', { user: PARTNER });
    const answer = await finalAnswer(handle, (r) => (r.embeds?.length ?? 0) > 0);
    const text = JSON.stringify(answer.embeds);
    expect(text).toContain('Team Fortress 2');
    expect(text).toMatch(/Backpack/);
    expect(text).toMatch(/\b3\b/);
  });
});

describe('/offers read-only views, open to every member', () => {
  let received: string;
  let done: string;

  beforeAll(() => {
    const theirs = h.steam.getInventory(PARTNER, 440, '2');
    received = h.steam.addOffer({ partner: PARTNER, receive: [theirs[0]!.assetid!], message: 'one key' });
    done = h.steam.addOffer({ partner: PARTNER, receive: [theirs[1]!.assetid!] });
    h.steam.setOfferState(done, 3);
  });

  it('list: one line per active received offer; all with inactive ones too', async () => {
    const active = await slash(h.outsiderId, 'offers', 'list');
    const activeText = JSON.stringify((await finalAnswer(active, (r) => (r.embeds?.length ?? 0) > 0)).embeds);
    expect(activeText).toContain(received);
    expect(activeText).not.toContain(done);

    const everything = await slash(h.outsiderId, 'offers', 'list', { direction: 'all', active_only: false });
    const allText = JSON.stringify((await finalAnswer(everything, (r) => (r.embeds?.length ?? 0) > 0)).embeds);
    expect(allText).toContain(received);
    expect(allText).toContain(done);
    expect(allText).toContain('Accepted');
  });

  it('show: the offer in full with Accept/Decline while active, none once done', async () => {
    const active = await slash(h.outsiderId, 'offers', 'show', { id: received });
    const shown = await finalAnswer(active, (r) => (r.embeds?.length ?? 0) > 0);
    expect(embedOf(shown).title).toBe(`Trade offer #${received}`);
    expect(buttonsOf(shown).map((b) => b.label)).toEqual(['Accept', 'Decline']);
    const finished = await slash(h.outsiderId, 'offers', 'show', { id: done });
    const over = await finalAnswer(finished, (r) => (r.embeds?.length ?? 0) > 0);
    expect(embedOf(over).title).toBe(`Trade offer #${done} — Accepted`);
    expect(buttonsOf(over)).toEqual([]);
  });

  it('history and summary', async () => {
    const history = await slash(h.outsiderId, 'offers', 'history', { count: 3 });
    const trades = JSON.stringify((await finalAnswer(history, (r) => (r.embeds?.length ?? 0) > 0)).embeds);
    expect(trades).toContain(PARTNER);
    const summary = await slash(h.outsiderId, 'offers', 'summary');
    const counts = embedOf(await finalAnswer(summary, (r) => (r.embeds?.length ?? 0) > 0));
    expect(counts.title).toBe('Trade offers summary');
    expect(counts.fields?.find((f) => f.name === 'Received')?.value).toMatch(/^Active: \*\*1\*\*\n/);
  });
});

describe('/offers send and cancel, accept from a card, with mobile confirmation', () => {
  beforeAll(() => {
    // The bot has had the identity secret since the restart in the /inventory paging test.
    h.steam.options.sendNeedsConfirmation = true;
    h.steam.options.acceptNeedsConfirmation = true;
  });

  it('send to a trade URL is confirmed on mobile by the bot; an outsider is refused with nothing sent', async () => {
    const [ourKey] = h.steam.getInventory(h.steam.bot.steamid, 730, '2').filter((i) => i.assetid);
    const tradeUrl = `https://steamcommunity.com/tradeoffer/new/?partner=${PARTNER_ACCOUNT}&token=${TOKEN}`;
    const before = h.steam.requests.filter((r) => r.path === '/tradeoffer/new/send').length;
    const refused = await slash(h.outsiderId, 'offers', 'send', { partner: tradeUrl, give: ourKey!.assetid! });
    expect(await refused.waitForResponse((r) => r.kind === 'reply')).toMatchObject({
      ephemeral: true,
      content: TRADE_REFUSAL,
    });
    expect(h.steam.requests.filter((r) => r.path === '/tradeoffer/new/send')).toHaveLength(before);

    const sent = await slash(h.traderId, 'offers', 'send', {
      partner: tradeUrl,
      give: ourKey!.assetid!,
      message: 'a gift',
    });
    const answer = await finalAnswer(sent, (r) => r.content?.startsWith('✅ Sent trade offer') ?? false);
    const offerId = /#(\d+)\]/.exec(answer.content!)![1]!;
    expect(answer.content).toContain('📱 Confirmed on mobile automatically by tradedesk');
    expect(h.steam.getOffer(offerId)).toMatchObject({ partner: PARTNER, isOurOffer: true, state: 2 });
    expect(h.steam.requests.some((r) => r.path.startsWith('/mobileconf/'))).toBe(true);

    const cancel = await slash(h.traderId, 'offers', 'cancel', { id: offerId });
    expect((await finalAnswer(cancel, (r) => r.content !== undefined)).content).toBe(`Canceled offer #${offerId}.`);
    expect(h.steam.getOffer(offerId).state).toBe(6);
  });

  it('accept from a card is confirmed on mobile and the card says so', async () => {
    const theirs = h.steam.getInventory(PARTNER, 440, '2').at(-1)!;
    const offerId = h.steam.addOffer({ partner: PARTNER, receive: [theirs.assetid!] });
    const card = await h.discord.waitForMessage(h.channelId, (m) => embedOf(m)?.title === `Trade offer #${offerId}`, {
      timeoutMs: 15_000,
    });
    const click = await h.discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
    });
    const answer = await click.waitForResponse((r) => r.kind === 'editOriginal', { timeoutMs: 20_000 });
    expect(answer.content).toBe(`Accepted offer #${offerId}. Confirmed on mobile automatically by tradedesk.`);
    expect(h.steam.getOffer(offerId).state).toBe(3);
    const edited = await h.discord.waitForMessage(h.channelId, (m) => m.id === card.id && buttonsOf(m).length === 0);
    expect(embedOf(edited).fields?.find((f) => f.name === 'Note')?.value).toBe(
      'Confirmed on mobile automatically by tradedesk.',
    );
  });
});

describe('/config and /status', () => {
  it('a member without Manage Server is refused changes by the bot itself, privately', async () => {
    const handle = await slash(h.traderId, 'config', 'allow', { user: h.traderId });
    const reply = await handle.waitForResponse((r) => r.kind === 'reply');
    expect(reply.ephemeral).toBe(true);
    expect(reply.content).toBe(MANAGE_GUILD_REFUSAL);
  });

  it('show is open to members allowed to trade, privately, and refused to others', async () => {
    const allowed = await slash(h.traderId, 'config', 'show');
    const shown = await allowed.waitForResponse((r) => r.kind === 'reply');
    expect(shown.ephemeral).toBe(true);
    expect(JSON.stringify(shown.embeds)).toContain(`<@&${h.traderRoleId}>`);
    const stranger = await slash(h.outsiderId, 'config', 'show');
    const refused = await stranger.waitForResponse((r) => r.kind === 'reply');
    expect(refused.ephemeral).toBe(true);
    expect(refused.content).toBe(VIEW_SETTINGS_REFUSAL);
  });

  it('show lists the channel and who may trade; settings survive a restart', async () => {
    const allowUser = await slash(h.adminId, 'config', 'allow', { user: h.outsiderId });
    await allowUser.waitForResponse((r) => r.kind === 'reply');
    await h.restartBot();
    const handle = await slash(h.adminId, 'config', 'show');
    const shown = JSON.stringify((await handle.waitForResponse((r) => r.kind === 'reply')).embeds);
    expect(shown).toContain(`<#${h.channelId}>`);
    expect(shown).toContain(`<@&${h.traderRoleId}>`);
    expect(shown).toContain(`<@${h.outsiderId}>`);
    const disallow = await slash(h.adminId, 'config', 'disallow', { user: h.outsiderId });
    expect((await disallow.waitForResponse((r) => r.kind === 'reply')).content).toBe(
      `<@${h.outsiderId}> is no longer allowed to make trades.`,
    );
  });

  it('/status: session, polls, rate-limit waits and the store, and no secret', async () => {
    const handle = await slash(h.outsiderId, 'status');
    const reply = await handle.waitForResponse((r) => r.kind === 'reply');
    const fields = Object.fromEntries((embedOf(reply).fields ?? []).map((f) => [f.name, f.value]));
    // Private (it shows where the store is), and times as Discord timestamps that stay current.
    expect(reply.ephemeral).toBe(true);
    const jwtPayload = h.steam.bot.accessToken.split('.')[1]!;
    const expiresAt = (JSON.parse(Buffer.from(jwtPayload, 'base64url').toString('utf8')) as { exp: number }).exp;
    expect(fields['Steam session']).toMatch(/^✅ (working|not used yet); token expires <t:(\d+):R>$/);
    expect(Number(/<t:(\d+):R>/.exec(fields['Steam session']!)?.[1])).toBe(expiresAt);
    expect(fields['Next poll']).toMatch(/^<t:\d+:R>$/);
    expect(fields['Last poll']).toMatch(/^(<t:\d+:R> — ok|not yet)/);
    expect(fields['Rate-limit waits']).toBe('none');
    expect(fields.Store).toMatch(/^✅ sqlite/);
    const text = JSON.stringify(reply);
    for (const secret of [h.steam.bot.cookies, h.steam.bot.accessToken, h.steam.bot.sessionId, h.steam.bot.apiKey]) {
      expect(text).not.toContain(secret);
    }
  });
});
