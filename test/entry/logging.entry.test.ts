// Secrets never reach the logs. The logger's redaction on its own (captured destination), then
// the real bot (dist/src/index.js) at LOG_LEVEL=trace doing the work that puts credentials in
// URLs and errors — polling with the access token, persona names with ?key=, SteamTradeBots
// with ?api_key=, mobile confirmations with the identity secret, a Steam 500 and a SteamTradeBots
// 401 whose bodies echo credentials, a malformed answer, an expired session — and every byte it
// wrote searched for every secret value. Last, the same bot on a terminal: readable lines.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startHarness, type Harness } from '../e2e/harness.js';
import { gems } from '../standins/steam/index.js';

const ENTRY = resolve(import.meta.dirname, '../../dist/src/index.js');

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
  const last = () => JSON.parse(lines.at(-1)!) as Record<string, unknown>;

  it('censors ?key=, access_token= and api_key= in URL strings, in the message and in nested fields', () => {
    logger.info(
      {
        url: 'https://api.steampowered.com/IEconService/GetTradeOffers/v1/?access_token=eyJhbGciOi.abc.def&get_sent_offers=1',
        nested: { deeper: { link: 'https://steamtradebots.com/api/v1/bot/update.php?api_key=tb-key-123' } },
        list: ['https://api.steampowered.com/ISteamUser/GetPlayerSummaries/v2/?steamids=1&key=0123ABCD'],
      },
      'GET https://api.steampowered.com/ISteamUser/ResolveVanityURL/v1/?key=ABCDEF0123&vanityurl=x',
    );
    expect(last()).toMatchObject({
      level: 30,
      msg: 'GET https://api.steampowered.com/ISteamUser/ResolveVanityURL/v1/?key=[REDACTED]&vanityurl=x',
      url: 'https://api.steampowered.com/IEconService/GetTradeOffers/v1/?access_token=[REDACTED]&get_sent_offers=1',
      nested: { deeper: { link: 'https://steamtradebots.com/api/v1/bot/update.php?api_key=[REDACTED]' } },
      list: ['https://api.steampowered.com/ISteamUser/GetPlayerSummaries/v2/?steamids=1&key=[REDACTED]'],
    });
    expect(lines.at(-1)).not.toMatch(/eyJhbGciOi|tb-key-123|0123ABCD|ABCDEF0123/);
  });

  it('censors a credential parameter inside an error message and its stack', () => {
    logger.warn({ err: new Error('request to https://x.test/update.php?api_key=leaky-key failed') }, 'request failed');
    expect(last()).toMatchObject({
      err: {
        message: 'request to https://x.test/update.php?api_key=[REDACTED] failed',
        stack: expect.stringContaining('update.php?api_key=[REDACTED] failed'),
      },
    });
    expect(lines.at(-1)).not.toContain('leaky-key');
  });

  it('censors known secrets raw, URL-encoded and inside error messages and stacks', () => {
    logger.error({ err: new Error(`Steam refused ${secret}`) }, `cookie ${encodeURIComponent(secret)}`);
    const line = lines.at(-1)!;
    expect(line).not.toContain(secret);
    expect(line).not.toContain(encodeURIComponent(secret));
    expect(JSON.parse(line)).toMatchObject({
      msg: 'cookie [REDACTED]',
      err: { message: 'Steam refused [REDACTED]', stack: expect.stringContaining('Steam refused [REDACTED]') },
    });
  });

  it('censors credential fields and cookies whatever their value', () => {
    logger.warn(
      {
        identitySecret: 'abc',
        apiKey: 'k',
        cookies: 'steamLoginSecure=1%7C%7Cxyz; sessionid=abcdef',
        request: { headers: { cookie: 'a=b', authorization: 'Bot abc.def' } },
      },
      'header steamLoginSecure=76561198000000001%7C%7Ceyxyz; sessionid=0123456789abcdef01234567',
    );
    expect(last()).toMatchObject({
      identitySecret: '[REDACTED]',
      apiKey: '[REDACTED]',
      cookies: '[REDACTED]',
      request: { headers: { cookie: '[REDACTED]', authorization: '[REDACTED]' } },
      msg: 'header steamLoginSecure=[REDACTED]; sessionid=[REDACTED]',
    });
  });

  it('censors Discord interaction and webhook tokens in URLs, errors and stacks, and Bot/Bearer headers', () => {
    const token = 'aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OnNlY3JldA';
    const error = Object.assign(
      new Error(`Unknown interaction at /interactions/1234567890123456789/${token}/callback`),
      {
        url: `https://discord.com/api/v10/interactions/1234567890123456789/${token}/callback?with_response=false`,
      },
    );
    logger.error(
      {
        err: error,
        edit: `PATCH https://discord.com/api/v10/webhooks/1100000000000000000/${token}/messages/%40original`,
        header: 'Authorization: Bot MTIzNDU2Nzg5MDEyMzQ1Njc4.GhIjKl.abcdefghijklmnopqrstuvwxyz012345',
        interaction: { id: '1', token, application_id: '2' },
      },
      'callback failed',
    );
    const line = lines.at(-1)!;
    expect(line).not.toContain(token);
    expect(line).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
    expect(JSON.parse(line)).toMatchObject({
      err: {
        url: 'https://discord.com/api/v10/interactions/1234567890123456789/[REDACTED]/callback?with_response=false',
        stack: expect.stringContaining('/interactions/1234567890123456789/[REDACTED]/callback'),
      },
      edit: 'PATCH https://discord.com/api/v10/webhooks/1100000000000000000/[REDACTED]/messages/%40original',
      header: 'Authorization: Bot [REDACTED]',
      interaction: { id: '1', token: '[REDACTED]', application_id: '2' },
    });
  });

  it('censors the password of a store URL and credential-named JSON fields, keeping what is already hidden', () => {
    logger.warn(
      {
        redis: 'redis://:hunter2-pw@127.0.0.1:6379/0',
        postgres: 'cannot connect to postgresql://tradedesk:s3cr3t-pw@db:5432/tradedesk',
        shown: 'postgresql (postgresql://tradedesk:***@db:5432/tradedesk)',
        nested: { refresh_token: 'eyJ.refresh.x', accessToken: 'eyJ.access.y', password: 'pw', identitySecret: 'is' },
      },
      'store',
    );
    const line = lines.at(-1)!;
    expect(line).not.toMatch(/hunter2-pw|s3cr3t-pw|eyJ\.refresh|eyJ\.access/);
    expect(JSON.parse(line)).toMatchObject({
      redis: 'redis://:[REDACTED]@127.0.0.1:6379/0',
      postgres: 'cannot connect to postgresql://tradedesk:[REDACTED]@db:5432/tradedesk',
      shown: 'postgresql (postgresql://tradedesk:***@db:5432/tradedesk)',
      nested: {
        refresh_token: '[REDACTED]',
        accessToken: '[REDACTED]',
        password: '[REDACTED]',
        identitySecret: '[REDACTED]',
      },
    });
  });
});

describe('the real bot', () => {
  let h: Harness;
  const PARTNER = '76561198000000301';

  beforeAll(async () => {
    h = await startHarness({
      // Polls four times a second: the test waits for the polls after a malformed answer and an expiry.
      env: { LOG_LEVEL: 'trace', POLL_INTERVAL_SECONDS: '0.25' },
      prepare: (steam, dataDir) => {
        writeFileSync(join(dataDir, 'rates.json'), JSON.stringify({ buy_gems_set: 400 }));
        steam.options.acceptNeedsConfirmation = true;
        return {
          STEAM_IDENTITY_SECRET: steam.bot.identitySecret,
          STEAMTRADEBOTS_API_KEY: steam.bot.tradeBotsApiKey,
        };
      },
    });
    h.steam.addUser({ steamid: PARTNER, personaName: 'Ellis' });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  function secretsOf(): Record<string, string> {
    const { steam, discord } = h;
    const steamLoginSecure = /steamLoginSecure=([^;]+)/.exec(steam.bot.cookies)![1]!;
    return {
      DISCORD_TOKEN: discord.token,
      STEAM_COOKIES: steam.bot.cookies,
      steamLoginSecure,
      'steamLoginSecure decoded': decodeURIComponent(steamLoginSecure),
      'access token': steam.bot.accessToken,
      STEAM_SESSION_ID: steam.bot.sessionId,
      STEAM_API_KEY: steam.bot.apiKey,
      STEAM_IDENTITY_SECRET: steam.bot.identitySecret,
      STEAMTRADEBOTS_API_KEY: steam.bot.tradeBotsApiKey,
    };
  }

  function expectNoSecret(output: string): void {
    for (const [name, value] of Object.entries(secretsOf())) {
      for (const form of new Set([value, encodeURIComponent(value)])) {
        expect(output.includes(form), `${name} appears in the output`).toBe(false);
      }
    }
  }

  it('at LOG_LEVEL=trace does credentialed work, and no secret appears anywhere in what it wrote', async () => {
    const { steam, discord } = h;
    const { accessToken, apiKey, tradeBotsApiKey } = steam.bot;
    // An accept confirmed on mobile: cookies, sessionid, access token, ?key= and the identity secret in use.
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
    await steam.waitForRequest((r) => r.path === '/mobileconf/ajaxop', { includePast: true });

    // A Steam 500 whose page echoes the credentials of the request, every attempt until the bot gives
    // up. Retry-After: 0 lets the attempts come at once (the backoff itself is tested in test/steam).
    steam.inject({
      host: 'webapi',
      path: /GetTradeHistory/i,
      status: 500,
      headers: { 'Retry-After': '0' },
      times: 4,
      body: `<html><body>Internal error: key=${apiKey} access_token=${accessToken}</body></html>`,
    });
    const history = await discord.slash({
      user: h.outsiderId,
      channel: h.channelId,
      command: 'offers',
      subcommand: 'history',
    });
    await history.waitForResponse((r) => r.ephemeral === true && r.content !== undefined, { timeoutMs: 20_000 });

    // A SteamTradeBots 401 whose message echoes the key.
    steam.inject({
      host: 'tradebots',
      path: '/bot/update.php',
      status: 401,
      body: { success: false, message: `Authentication failed. API key ${tradeBotsApiKey} is not valid.` },
    });
    const publish = await discord.slash({
      user: h.traderId,
      channel: h.channelId,
      command: 'tradebots',
      subcommand: 'publish',
    });
    const published = await publish.waitForResponse((r) => r.kind === 'editOriginal' || r.kind === 'followUp', {
      timeoutMs: 20_000,
    });
    expect(JSON.stringify(published)).not.toContain(tradeBotsApiKey);
    await steam.waitForRequest((r) => r.host === 'tradebots' && r.status === 401, { includePast: true });

    // A malformed summary carrying the access token as a value.
    steam.inject({
      host: 'webapi',
      path: /GetTradeOffersSummary/,
      status: 200,
      body: { response: { pending_received_count: accessToken } },
    });
    await h.bot.waitForNextLog((l) => l.msg === 'poll failed');

    // The session expiring mid-poll.
    steam.expireSession();
    await h.bot.waitForLog((l) => l.msg === 'Steam session expired');
    steam.restoreSession();
    expect(await h.bot.stop()).toBe(0);

    // The secrets were really sent, so their absence from the log means something.
    const sent = steam.requests;
    expect(sent.some((r) => r.query.access_token === accessToken)).toBe(true);
    expect(sent.some((r) => r.query.key === apiKey)).toBe(true);
    expect(sent.some((r) => r.host === 'tradebots' && r.query.api_key === tradeBotsApiKey)).toBe(true);
    expect(sent.some((r) => r.headers.cookie?.includes(steam.bot.sessionId))).toBe(true);

    expectNoSecret(h.bot.allOutput());
    // All of it went to stdout as JSON (the default away from a terminal): every line parses.
    expect(h.bot.stderr.join('')).toBe('');
    const lines = h.bot.stdout.filter(Boolean);
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines) expect(() => JSON.parse(line) as unknown, line).not.toThrow();
    // The credentials were in the URLs that were logged; the censor shows where.
    const urls = h.bot.logs.filter((l) => l.msg === 'steam request').map((l) => String(l.url));
    expect(urls.some((u) => /GetTradeOffersSummary\/v1\/\?.*access_token=\[REDACTED\]/.test(u))).toBe(true);
    expect(urls.some((u) => /GetPlayerSummaries\/v2\/\?.*key=\[REDACTED\]/.test(u))).toBe(true);
    expect(h.bot.logs.some((l) => l.msg === 'steam request' && l.status === 500)).toBe(true);
    expect(h.bot.logs.some((l) => l.part === 'tradebots' && l.status === 401)).toBe(true);
  });

  it('on a terminal writes readable lines instead of JSON, still censored; Ctrl-C stops it', async () => {
    // `script` gives the bot a pseudo-terminal as stdout, as when an operator runs `npm start`.
    const child = spawn('script', ['-qfec', `exec ${process.execPath} ${ENTRY}`, '/dev/null'], {
      cwd: h.dataDir,
      env: {
        ...h.env,
        LOG_LEVEL: 'trace',
        STEAM_IDENTITY_SECRET: h.steam.bot.identitySecret,
        STEAMTRADEBOTS_API_KEY: h.steam.bot.tradeBotsApiKey,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let output = '';
    // Running, and a poll with the access token in its URL has been logged.
    const polled = new Promise<void>((done) => {
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
        output += chunk;
        if (output.includes('tradedesk is running') && /GetTradeOffersSummary.*status/s.test(output)) done();
      });
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    await Promise.race([
      polled,
      exited.then((code) => Promise.reject(new Error(`exited (${code}) before polling:\n${output}`))),
    ]);
    child.stdin.write('\u0003');
    expect(await exited).toBe(0);

    // eslint-disable-next-line no-control-regex
    const text = output.replace(/\u001b\[[0-9;]*m/g, '').replace(/\r/g, '');
    const lines = text.split('\n').filter(Boolean);
    expect(lines.some((l) => /^\[\d\d:\d\d:\d\d\] INFO \(tradedesk\): tradedesk is running$/.test(l))).toBe(true);
    expect(lines.some((l) => /INFO \(tradedesk\): stopped$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('{"level"'))).toBe(false);
    expect(text).toMatch(/url: ".*GetTradeOffersSummary\/v1\/\?.*access_token=\[REDACTED\]/);
    expectNoSecret(output);
  });
});
