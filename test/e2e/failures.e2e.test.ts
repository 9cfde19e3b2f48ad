// The spec's failure table end to end: Steam busy (429 with Retry-After, 5xx), an expired
// session, private inventories and unknown users, malformed input, a deleted channel or a
// missing permission, and answers of an unexpected shape — against the real bot process. What the
// feed does on its own (a malformed offer list, a 429 from Discord, a channel it cannot see, a deleted
// card) is tested in-process in test/feed/failures.integration.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionHandle, StoredMessage } from '../standins/discord/index.js';
import { gems, type RecordedRequest } from '../standins/steam/index.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000201';
const PRIVATE_USER = '76561198000000202';
const HOARDER = '76561198000000203';

interface Embed {
  title: string;
  fields: Array<{ name: string; value: string }>;
}

let h: Harness;

const isSummary = (r: RecordedRequest) => r.path.includes('GetTradeOffersSummary');
const embedOf = (m: { embeds?: unknown[] }) => m.embeds?.[0] as Embed | undefined;
const statusField = (e: Embed, name: string) => e.fields.find((f) => f.name === name)?.value;
const cardOf = (offerId: string) => (m: StoredMessage) => embedOf(m)?.title.includes(`#${offerId}`) ?? false;

function newOffer(): string {
  const theirGems = gems(10);
  h.steam.setInventory(PARTNER, 753, '6', [theirGems]);
  return h.steam.addOffer({ partner: PARTNER, receive: [theirGems.assetid!] });
}

async function status(): Promise<Embed> {
  const handle = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
  return embedOf(await handle.waitForResponse((r) => r.kind === 'reply'))!;
}

/** Runs a command and returns its private answer and the Steam requests it caused (polls excluded). */
async function privateAnswer(
  run: () => Promise<InteractionHandle>,
): Promise<{ text: string; steamCalls: RecordedRequest[]; handle: InteractionHandle }> {
  const before = h.steam.requests.length;
  const handle = await run();
  const answer = await handle.waitForResponse(
    (r) => r.ephemeral === true && (r.kind === 'reply' || r.kind === 'editOriginal' || r.kind === 'followUp'),
    { timeoutMs: 15_000 },
  );
  const steamCalls = h.steam.requests.slice(before).filter((r) => !isSummary(r) && !r.path.includes('GetTradeOffers'));
  return { text: answer.content ?? '', steamCalls, handle };
}

async function pollsAfterNow(count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const seen = h.steam.requests.length;
    await h.steam.waitForRequest((r) => isSummary(r) && h.steam.requests.indexOf(r) >= seen, { timeoutMs: 15_000 });
  }
}

beforeAll(async () => {
  // Polls a quarter of a second apart: the waits for "the next polls" below are that much shorter.
  h = await startHarness({ env: { POLL_INTERVAL_SECONDS: '0.25' } });
  h.steam.addUser({ steamid: PARTNER, personaName: 'Nick' });
  h.steam.addUser({ steamid: PRIVATE_USER, personaName: 'Hidden', inventoryPrivate: true });
  h.steam.addUser({ steamid: HOARDER, personaName: 'Hoarder' });
}, 120_000);

afterAll(async () => {
  await h?.close();
});

describe('Steam answers 429 or 5xx', () => {
  it('the poller backs off as Retry-After says and keeps running; /status shows the wait', async () => {
    await pollsAfterNow(1);
    h.steam.inject({
      host: 'webapi',
      path: /GetTradeOffersSummary/i,
      status: 429,
      headers: { 'Retry-After': '1' },
    });
    const limited = await h.steam.waitForRequest((r) => isSummary(r) && r.status === 429);
    const next = await h.steam.waitForRequest(
      (r) => isSummary(r) && h.steam.requests.indexOf(r) > h.steam.requests.indexOf(limited),
    );
    // Retry-After is whole seconds; the retry must not come before it.
    expect(next.at - limited.at).toBeGreaterThanOrEqual(1000);
    await h.bot.waitForLog((l) => l.msg === 'Steam is busy, backing off' && l.status === 429 && l.waitMs === 1000);

    h.steam.inject({ host: 'webapi', path: /GetTradeOffersSummary/i, status: 503, times: 2 });
    const offerId = newOffer();
    await h.discord.waitForMessage(h.channelId, cardOf(offerId), { timeoutMs: 20_000 });

    const waits = statusField(await status(), 'Rate-limit waits');
    expect(waits).toMatch(/^\d+ \(last: \d+ s after HTTP (429|503) from /);
    expect(h.bot.child.exitCode).toBe(null);
  });

  it('a command while Steam answers 429 says Steam is busy, privately', async () => {
    h.steam.inject({ host: 'webapi', path: /GetTradeHistory/i, status: 429, headers: { 'Retry-After': '600' } });
    const { text } = await privateAnswer(() =>
      h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'offers', subcommand: 'history' }),
    );
    expect(text).toMatch(/^Steam is busy right now \(HTTP 429\)\. Please try again in about /);
  });
});

describe('the Steam session expires', () => {
  it('one alert over many polls, /status says so, no crash; polling resumes when it works again', async () => {
    const expiredAlert = (m: StoredMessage) => m.content.includes('Steam session has expired');
    h.steam.expireSession();
    const alert = await h.discord.waitForMessage(h.channelId, expiredAlert, { timeoutMs: 20_000 });
    // A person must act: the allowed role is mentioned and pinged, and nobody else.
    expect(alert.content.startsWith(`<@&${h.traderRoleId}>\n`)).toBe(true);
    expect(alert.mention_roles).toEqual([h.traderRoleId]);
    expect(alert.mentions).toEqual([]);
    expect(alert.mention_everyone).toBe(false);
    await pollsAfterNow(3);
    expect(h.discord.messages(h.channelId).filter(expiredAlert)).toHaveLength(1);
    expect(statusField(await status(), 'Steam session')).toMatch(
      /^❌ expired \(noticed <t:\d+:R>\)\. Paste fresh STEAM_COOKIES/,
    );

    const { text } = await privateAnswer(() =>
      h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'offers', subcommand: 'list' }),
    );
    expect(text).toContain('The bot’s Steam session has expired.');

    h.steam.restoreSession();
    await h.discord.waitForMessage(h.channelId, (m) => m.content.includes('Steam session works again'), {
      timeoutMs: 20_000,
    });
    const offerId = newOffer();
    await h.discord.waitForMessage(h.channelId, cardOf(offerId), { timeoutMs: 20_000 });
    expect(statusField(await status(), 'Steam session')).toMatch(/^✅ working; token expires <t:\d+:R>$/);
    expect(h.discord.messages(h.channelId).filter(expiredAlert)).toHaveLength(1);
    expect(h.bot.child.exitCode).toBe(null);
  });
});

describe('private inventory, unknown user, malformed input', () => {
  it('a private inventory gets a clear private message', async () => {
    const { text, handle } = await privateAnswer(() =>
      h.discord.slash({
        user: h.outsiderId,
        channel: h.channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { app: 730, user: PRIVATE_USER },
      }),
    );
    expect(text).toContain(PRIVATE_USER);
    expect(text).toContain('private');
    // The public "Loading inventory…" placeholder does not stay behind in the channel.
    await handle.waitForResponse((r) => r.kind === 'deleteOriginal');
    expect(h.discord.messages(h.channelId).filter((m) => m.content.startsWith('Loading inventory'))).toEqual([]);
  });

  it('a 150 MB inventory answer is cut off at 32 MB with a clear private message; the bot stays up', async () => {
    const path = `/inventory/${HOARDER}/753/6`;
    h.steam.inject({ host: 'community', path, status: 200, streamBytes: 150 * 1024 * 1024 });
    const { text, handle } = await privateAnswer(() =>
      h.discord.slash({
        user: h.outsiderId,
        channel: h.channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { app: 753, user: HOARDER },
      }),
    );
    expect(text).toBe(
      'Steam sent an answer far larger than expected (over 32 MB), so tradedesk did not read it. Please try again later.',
    );
    await handle.waitForResponse((r) => r.kind === 'deleteOriginal');
    // Asked once: a runaway answer is not retried as if it were a passing failure.
    expect(h.steam.requests.filter((r) => r.path === path)).toHaveLength(1);
    await h.bot.waitForLog((l) => JSON.stringify(l).includes('more than 32 MB'));
    // Still up and answering: the next poll goes out and /status works.
    await pollsAfterNow(1);
    expect((await status()).title).toBe('tradedesk status');
    expect(h.bot.child.exitCode).toBe(null);
  });

  it('an unknown vanity name gets a clear private message', async () => {
    const { text } = await privateAnswer(() =>
      h.discord.slash({
        user: h.outsiderId,
        channel: h.channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { app: 730, user: 'https://steamcommunity.com/id/nobody-by-this-name/' },
      }),
    );
    expect(text).toContain('nobody-by-this-name');
  });

  const malformed: Array<{
    what: string;
    command: string;
    subcommand: string;
    options: Record<string, string | number>;
    names: string;
  }> = [
    { what: 'offer id', command: 'offers', subcommand: 'show', options: { id: 'abc' }, names: 'abc' },
    { what: 'offer id on accept', command: 'offers', subcommand: 'accept', options: { id: '12ab' }, names: '12ab' },
    {
      what: 'partner',
      command: 'offers',
      subcommand: 'send',
      options: { partner: 'garbage', give: '1' },
      names: 'garbage',
    },
    {
      what: 'trade URL without a token',
      command: 'offers',
      subcommand: 'send',
      options: { partner: 'https://steamcommunity.com/tradeoffer/new/?partner=12345', give: '1' },
      names: 'partner',
    },
    {
      what: 'asset list',
      command: 'offers',
      subcommand: 'send',
      options: { partner: PARTNER, give: '1,x' },
      names: '1,x',
    },
    {
      what: 'SteamID',
      command: 'inventory',
      subcommand: 'show',
      options: { app: 730, user: '7656119800000' },
      names: '7656119800000',
    },
  ];
  for (const c of malformed) {
    it(`a malformed ${c.what} is named in a private message and nothing reaches Steam`, async () => {
      const { text, steamCalls } = await privateAnswer(() =>
        h.discord.slash({
          user: h.traderId,
          channel: h.channelId,
          command: c.command,
          subcommand: c.subcommand,
          options: c.options,
        }),
      );
      expect(text).toContain(c.names);
      expect(steamCalls).toEqual([]);
    });
  }
});

describe('unexpected answers from Steam', () => {
  it('a malformed inventory page gives the user a clear message', async () => {
    // Dota 2: a context the stock engine never loads, so no earlier read of it sits in the
    // shared inventory cache (730/2 may be there already, and then Steam is not asked).
    h.steam.inject({
      host: 'community',
      path: new RegExp(`/inventory/${h.steam.bot.steamid}/570/2`),
      status: 200,
      body: { success: 1, assets: 'nope' },
    });
    const { text } = await privateAnswer(() =>
      h.discord.slash({
        user: h.outsiderId,
        channel: h.channelId,
        command: 'inventory',
        subcommand: 'show',
        options: { app: 570 },
      }),
    );
    expect(text).toBe('Steam sent an answer tradedesk did not understand. It was logged; please try again later.');
    await h.bot.waitForLog((l) => JSON.stringify(l).includes(`/inventory/${h.steam.bot.steamid}/570/2`));
  });
});

describe('the Discord channel', () => {
  it('missing permission is logged and shown in /status; posting resumes when it is back', async () => {
    h.discord.setBotCanPost(h.channelId, false);
    const offerId = newOffer();
    await h.bot.waitForLog((l) => typeof l.msg === 'string' && l.msg.startsWith('cannot post offers:'));
    expect(statusField(await status(), 'Offer channel')).toMatch(new RegExp(`^⚠️ <#${h.channelId}>: `));
    h.discord.setBotCanPost(h.channelId, true);
    await h.discord.waitForMessage(h.channelId, cardOf(offerId), { timeoutMs: 20_000 });
    expect(statusField(await status(), 'Offer channel')).toBe('ok');
  });

  it('a deleted channel is logged and shown in /status; /config channel to a new one brings the feed back', async () => {
    const old = h.channelId;
    h.discord.deleteChannel(old);
    const offerId = newOffer();
    await h.bot.waitForNextLog((l) => typeof l.msg === 'string' && l.msg.startsWith('cannot post offers:'));
    const fresh = h.discord.addTextChannel('trade-offers-2');
    h.channelId = fresh;
    expect(statusField(await status(), 'Offer channel')).toMatch(new RegExp(`^⚠️ <#${old}>: `));
    const set = await h.discord.slash({
      user: h.adminId,
      channel: fresh,
      command: 'config',
      subcommand: 'channel',
      options: { channel: fresh },
    });
    await set.waitForResponse((r) => r.kind === 'reply');
    await h.discord.waitForMessage(fresh, cardOf(offerId), { timeoutMs: 20_000 });
    expect(h.bot.child.exitCode).toBe(null);
  });
});

describe('across all of the above', () => {
  it('no secret reached Discord and nothing went unhandled in the bot', () => {
    const secrets = [
      h.steam.bot.cookies,
      h.steam.bot.accessToken,
      h.steam.bot.sessionId,
      h.steam.bot.apiKey,
      h.discord.token,
    ];
    const said = JSON.stringify([
      h.discord.requests.map((r) => r.body),
      h.discord.interactions().map((i) => i.responses),
    ]);
    for (const secret of secrets) expect(said).not.toContain(secret);
    // Nothing on stderr at all: no crash trace, no unhandled rejection, no Node warning.
    expect(h.bot.stderr.join('')).toBe('');
  });

  it('SIGTERM while idle ends the process cleanly', async () => {
    const code = await h.bot.stop('SIGTERM');
    expect(code).toBe(0);
    expect(h.bot.logs.some((l) => /shut/i.test(l.msg))).toBe(true);
  });
});
