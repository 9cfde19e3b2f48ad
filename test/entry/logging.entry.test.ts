// Secrets never reach the logs. The logger's redaction on its own (captured destination), then
// the real bot at LOG_LEVEL=trace doing the work that puts credentials in URLs and errors —
// polling with the access token, SteamTradeBots with ?api_key=, mobile confirmations with the
// identity secret, a Steam 500, a 401 from SteamTradeBots, an expired session — and every
// byte it wrote searched for every secret value.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { gems } from '../standins/steam/index.js';
import { startHarness, type Harness } from '../e2e/harness.js';

function capture(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, stream };
}

describe('the logger', () => {
  const secret = 'S3cr3tValue/with+chars==';
  const { lines, stream } = capture();
  const logger = createLogger({ level: 'trace', secrets: [secret], pretty: false, destination: stream });

  it('writes JSON lines with the credential parameters of URLs censored, wherever they are', () => {
    logger.info(
      {
        url: 'https://api.steampowered.com/IEconService/GetTradeOffers/v1/?access_token=eyJhbGciOi.abc.def&get_sent_offers=1',
        nested: { deeper: { link: 'https://steamtradebots.com/api/v1/bot/update.php?api_key=tb-key-123' } },
      },
      'GET https://api.steampowered.com/ISteamUser/ResolveVanityURL/v1/?key=ABCDEF0123&vanityurl=x',
    );
    const line = JSON.parse(lines.at(-1)!) as { url: string; nested: { deeper: { link: string } }; msg: string };
    expect(line.url).toBe(
      'https://api.steampowered.com/IEconService/GetTradeOffers/v1/?access_token=[REDACTED]&get_sent_offers=1',
    );
    expect(line.nested.deeper.link).toBe('https://steamtradebots.com/api/v1/bot/update.php?api_key=[REDACTED]');
    expect(line.msg).toBe(
      'GET https://api.steampowered.com/ISteamUser/ResolveVanityURL/v1/?key=[REDACTED]&vanityurl=x',
    );
  });

  it('censors known secrets raw, URL-encoded and inside error messages and stacks', () => {
    logger.error({ err: new Error(`Steam refused ${secret}`) }, `cookie ${encodeURIComponent(secret)}`);
    logger.warn({ identitySecret: 'abc', cookies: 'steamLoginSecure=1%7C%7Cxyz; sessionid=abcdef' }, 'fields');
    const [error, fields] = lines.slice(-2);
    expect(error).not.toContain(secret);
    expect(error).not.toContain(encodeURIComponent(secret));
    expect(JSON.parse(error!)).toMatchObject({
      msg: 'cookie [REDACTED]',
      err: { message: 'Steam refused [REDACTED]' },
    });
    expect(JSON.parse(fields!)).toMatchObject({ identitySecret: '[REDACTED]', cookies: '[REDACTED]' });
  });
});

describe('the real bot at LOG_LEVEL=trace', () => {
  let h: Harness;
  const PARTNER = '76561198000000301';

  beforeAll(async () => {
    h = await startHarness({ env: { LOG_LEVEL: 'trace' } });
    writeFileSync(join(h.dataDir, 'rates.json'), JSON.stringify({ buy_gems_set: 400 }));
    h.steam.options.acceptNeedsConfirmation = true;
    await h.restartBot({
      STEAM_IDENTITY_SECRET: h.steam.bot.identitySecret,
      STEAMTRADEBOTS_API_KEY: h.steam.bot.tradeBotsApiKey,
    });
    h.steam.addUser({ steamid: PARTNER, personaName: 'Ellis' });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('does credentialed work, and no secret appears anywhere in what it wrote', async () => {
    const { steam, discord } = h;
    // An accept confirmed on mobile: cookies, sessionid, access token and identity secret in use.
    const theirGems = gems(5);
    steam.setInventory(PARTNER, 753, '6', [theirGems]);
    const offerId = steam.addOffer({ partner: PARTNER, receive: [theirGems.assetid!] });
    const card = await discord.waitForMessage(h.channelId, (m) => JSON.stringify(m.embeds).includes(`#${offerId}`), {
      timeoutMs: 15_000,
    });
    const click = await discord.clickButton({
      user: h.traderId,
      channel: h.channelId,
      messageId: card.id,
      customId: `offer:accept:${offerId}`,
    });
    await click.waitForResponse((r) => r.kind === 'editOriginal', { timeoutMs: 20_000 });
    await steam.waitForRequest((r) => r.path.startsWith('/mobileconf/'), { includePast: true });

    // A Steam 500 and a SteamTradeBots 401, both with the failing URL in hand.
    steam.inject({ host: 'webapi', path: /GetTradeHistory/i, status: 500, times: 4 });
    const history = await discord.slash({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'offers',
      subcommand: 'history',
    });
    await history.waitForResponse((r) => r.ephemeral === true && r.content !== undefined, { timeoutMs: 20_000 });
    steam.tradeBots.setKeyActive(false);
    const publish = await discord.slash({
      user: h.traderId,
      channel: h.channelId,
      command: 'tradebots',
      subcommand: 'publish',
    });
    await publish.waitForResponse((r) => r.kind === 'editOriginal' || r.kind === 'followUp', { timeoutMs: 20_000 });

    // The session expiring mid-poll.
    steam.expireSession();
    await h.bot.waitForLog((l) => l.msg === 'Steam session expired', 20_000);
    steam.restoreSession();
    await h.bot.stop();

    const output = h.bot.allOutput();
    const secrets = {
      DISCORD_TOKEN: discord.token,
      STEAM_COOKIES: steam.bot.cookies,
      'access token': steam.bot.accessToken,
      STEAM_SESSION_ID: steam.bot.sessionId,
      STEAM_API_KEY: steam.bot.apiKey,
      STEAM_IDENTITY_SECRET: steam.bot.identitySecret,
      STEAMTRADEBOTS_API_KEY: steam.bot.tradeBotsApiKey,
    };
    for (const [name, value] of Object.entries(secrets)) {
      for (const form of [value, encodeURIComponent(value)]) {
        expect(output.includes(form), `${name} appears in the log`).toBe(false);
      }
    }
    // The credentials were in the URLs that were logged; only the censor shows where.
    const requests = h.bot.logs.filter((l) => l.msg === 'steam request');
    expect(requests.some((l) => String(l.url).includes('access_token=[REDACTED]'))).toBe(true);
    expect(requests.some((l) => l.status === 500)).toBe(true);
    // JSON by default: every line on stdout parses.
    for (const line of h.bot.stdout.filter(Boolean)) expect(() => JSON.parse(line) as unknown).not.toThrow();
  });
});
