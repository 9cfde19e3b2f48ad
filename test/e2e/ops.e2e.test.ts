// /healthz and /metrics through the real entry point: the bot process with HTTP_PORT=0 (a free
// port, read from its log) against the Discord and Steam stand-ins.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredMessage } from '../standins/discord/index.js';
import { csgoKey, tf2Key } from '../standins/steam/index.js';
import { healthcheckCommand } from '../ops/dockerfile.js';
import { startHarness, type Harness } from './harness.js';

const PARTNER = '76561198000000301';

interface HealthBody {
  status: string;
  problems: string[];
  discord: { connected: boolean };
  store: { backend: string; answers: boolean };
  steamSession: { state: string; expiresAt: string; renewable: boolean };
  lastPoll: { at: string | null; ok: boolean | null; error: string | null };
}

async function opsUrl(h: Harness): Promise<string> {
  const line = await h.bot.waitForLog((l) => l.msg === 'ops server listening');
  return String(line.url);
}

async function healthz(url: string): Promise<{ status: number; body: HealthBody }> {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as HealthBody };
}

/** The Dockerfile's HEALTHCHECK command, run as Docker would inside the container (node → this node). */
function dockerHealthcheck(url: string): Promise<number | null> {
  const [, ...args] = healthcheckCommand();
  const child = spawn(process.execPath, args, {
    env: { PATH: process.env.PATH ?? '', HTTP_PORT: new URL(url).port },
    stdio: 'ignore',
  });
  return new Promise((done) => child.once('exit', (code) => done(code)));
}

async function metricsText(url: string): Promise<string> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return res.text();
}

/** The value of one sample, e.g. sample(text, 'tradedesk_polls_total', { outcome: 'fetched' }); 0 when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) return Number(match[3]);
  }
  return 0;
}

function sum(text: string, name: string, labels: Record<string, string> = {}): number {
  let total = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const got = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => got[k] === v)) total += Number(match[3]);
  }
  return total;
}

/** Everything secret the bot was given; none of it may appear in either body. */
function secretsOf(h: Harness): string[] {
  return [
    h.env.DISCORD_TOKEN!,
    h.env.STEAM_COOKIES!,
    h.steam.bot.accessToken,
    h.env.STEAM_SESSION_ID!,
    h.env.STEAM_API_KEY!,
    h.steam.bot.identitySecret,
    h.steam.bot.tradeBotsApiKey,
  ];
}

// One bot with HTTP_PORT=0 serves both: /metrics first, while its counters hold only what that test
// did since the process started (the stand-ins' records start with it), then /healthz.
describe('with HTTP_PORT', () => {
  let h: Harness;
  let url: string;

  beforeAll(async () => {
    h = await startHarness({
      env: { HTTP_PORT: '0', POLL_INTERVAL_SECONDS: '0.25' },
      // Accepts that need a mobile confirmation get it from the bot itself.
      prepare: (steam) => ({ STEAM_IDENTITY_SECRET: steam.bot.identitySecret }),
    });
    url = await opsUrl(h);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  describe('/metrics', () => {
    const embedTitle = (m: StoredMessage) => (m.embeds[0] as { title?: string } | undefined)?.title ?? '';

    beforeAll(() => {
      h.steam.addUser({ steamid: PARTNER, personaName: 'Ops', tradeToken: 'OpsTok12', friends: true });
      h.steam.options.acceptNeedsConfirmation = true;
    });

    afterAll(() => {
      h.steam.options.acceptNeedsConfirmation = false;
    });

    function offer(): string {
      const theirs = tf2Key();
      const ours = csgoKey();
      h.steam.setInventory(PARTNER, 440, '2', [...h.steam.getInventory(PARTNER, 440, '2'), theirs]);
      h.steam.setInventory(h.steam.bot.steamid, 730, '2', [
        ...h.steam.getInventory(h.steam.bot.steamid, 730, '2'),
        ours,
      ]);
      return h.steam.addOffer({ partner: PARTNER, give: [ours.assetid!], receive: [theirs.assetid!] });
    }

    async function click(user: string, offerId: string, action: 'accept' | 'decline'): Promise<void> {
      const card = await h.discord.waitForMessage(h.channelId, (m) => embedTitle(m).includes(`#${offerId}`));
      const handle = await h.discord.clickButton({
        user,
        channel: h.channelId,
        messageId: card.id,
        customId: `offer:${action}:${offerId}`,
      });
      await handle.waitForResponse((r) => r.kind === 'reply' || r.kind === 'editOriginal', { timeoutMs: 15_000 });
    }

    it('counts a known sequence of polls, offers and clicks exactly', async () => {
      const first = offer();
      const second = offer();
      await click(h.outsiderId, first, 'accept');
      await click(h.traderId, first, 'accept');
      await click(h.traderId, second, 'decline');
      await h.discord.waitForMessage(
        h.channelId,
        (m) => embedTitle(m).includes(`#${second}`) && JSON.stringify(m.embeds).includes('Declined'),
      );

      // At least one poll that found nothing new, so each outcome is counted.
      await h.bot.waitForNextLog((l) => l.msg === 'poll' && l.fetched === false);
      // While the bot waits inside a summary request, every poll before it is complete: the
      // counters can be compared with what the stand-ins saw, without racing the poller.
      const held = h.steam.hold({ host: 'webapi', path: /GetTradeOffersSummary/ });
      await held.reached;
      const text = await metricsText(url);
      held.release();

      const steam = h.steam.requests;
      const count = (pred: (path: string) => boolean) => steam.filter((r) => pred(r.path)).length;
      const summaries = count((path) => path.includes('GetTradeOffersSummary')) - 1;
      const offerLists = count((path) => path.includes('/GetTradeOffers/'));
      expect(sum(text, 'tradedesk_polls_total')).toBe(summaries);
      expect(sample(text, 'tradedesk_polls_total', { outcome: 'fetched' })).toBe(offerLists);
      expect(sample(text, 'tradedesk_polls_total', { outcome: 'unchanged' })).toBe(summaries - offerLists);
      expect(
        sample(text, 'tradedesk_steam_requests_total', {
          host: 'webapi',
          endpoint: '/IEconService/GetTradeOffersSummary/v1/',
          status: '200',
        }),
      ).toBe(summaries);
      expect(
        sample(text, 'tradedesk_steam_requests_total', {
          host: 'community',
          endpoint: '/tradeoffer/{id}/accept',
          status: '200',
        }),
      ).toBe(1);
      expect(
        sample(text, 'tradedesk_steam_requests_total', {
          host: 'community',
          endpoint: '/tradeoffer/{id}/decline',
          status: '200',
        }),
      ).toBe(1);
      // Every request to Steam is counted once, under some endpoint.
      const steamCount = steam.filter((r) => r.host === 'webapi' || r.host === 'community').length - 1;
      expect(sum(text, 'tradedesk_steam_requests_total')).toBe(steamCount);

      const discord = h.discord.requests;
      const posts = discord.filter((r) => r.method === 'POST' && r.path === `/channels/${h.channelId}/messages`);
      const edits = discord.filter(
        (r) => r.method === 'PATCH' && r.path.startsWith(`/channels/${h.channelId}/messages/`),
      );
      expect(sample(text, 'tradedesk_offer_cards_total', { change: 'posted' })).toBe(2);
      expect(posts.length).toBeGreaterThanOrEqual(2);
      expect(sample(text, 'tradedesk_offer_cards_total', { change: 'edited' })).toBe(edits.length);
      expect(edits.length).toBeGreaterThanOrEqual(2);

      expect(sample(text, 'tradedesk_offer_actions_total', { kind: 'accept', result: 'refused' })).toBe(1);
      expect(sample(text, 'tradedesk_offer_actions_total', { kind: 'accept', result: 'accepted' })).toBe(1);
      expect(sample(text, 'tradedesk_offer_actions_total', { kind: 'decline', result: 'declined' })).toBe(1);
      expect(sum(text, 'tradedesk_offer_actions_total')).toBe(3);
      expect(sample(text, 'tradedesk_mobile_confirmations_total', { result: 'confirmed' })).toBe(1);
      expect(count((path) => path === '/mobileconf/ajaxop')).toBe(1);
      expect(sum(text, 'tradedesk_mobile_confirmations_total')).toBe(1);

      expect(sample(text, 'tradedesk_steam_session_expiry_timestamp_seconds')).toBe(
        JSON.parse(Buffer.from(h.steam.bot.accessToken.split('.')[1]!, 'base64url').toString()).exp,
      );
      expect(sample(text, 'tradedesk_discord_connected')).toBe(1);
      expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
      expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
      // Labels come from fixed sets: no offer ids, SteamIDs or secrets.
      for (const id of [first, second, PARTNER, h.steam.bot.steamid, ...secretsOf(h)]) expect(text).not.toContain(id);
      console.log(
        text
          .split('\n')
          .filter((l) => l.startsWith('tradedesk_'))
          .join('\n'),
      );
    }, 90_000);
  });

  describe('/healthz', () => {
    it('is 200 with Discord, store, Steam session and last poll while the bot works', async () => {
      await h.bot.waitForLog((l) => l.msg === 'poll');
      const { status, body } = await healthz(url);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        problems: [],
        discord: { connected: true },
        store: { backend: 'sqlite', answers: true },
        steamSession: { state: 'ok', renewable: false },
        lastPoll: { ok: true, error: null },
      });
      expect(Date.parse(body.steamSession.expiresAt)).toBeGreaterThan(Date.now());
      expect(Date.parse(body.lastPoll.at!)).toBeGreaterThan(0);
      expect(await dockerHealthcheck(url)).toBe(0);
    });

    it('is 503 naming Discord while the gateway is down, and 200 again once it is back', async () => {
      const lost = h.bot.waitForNextLog((l) => l.msg === 'discord gateway connection lost');
      h.discord.outage(true);
      await lost;
      const refusedBefore = h.discord.refusedConnections();
      const down = await healthz(url);
      expect(down.status).toBe(503);
      expect(down.body.status).toBe('failing');
      expect(down.body.discord.connected).toBe(false);
      expect(down.body.problems).toEqual(['discord: not connected to the gateway']);
      expect(await dockerHealthcheck(url)).toBe(1);

      // discord.js keeps trying; while Discord still refuses it, the answer stays 503.
      await h.discord.nextRefusedConnection();
      await h.discord.nextRefusedConnection();
      expect((await healthz(url)).status).toBe(503);
      const back = h.bot.waitForNextLog((l) => l.msg === 'discord gateway connected', 60_000);
      h.discord.outage(false);
      await back;
      const up = await healthz(url);
      expect(up.status).toBe(200);
      expect(up.body).toMatchObject({ status: 'ok', problems: [], discord: { connected: true } });
      expect(h.discord.refusedConnections()).toBeGreaterThanOrEqual(refusedBefore + 2);
      expect(await dockerHealthcheck(url)).toBe(0);
    }, 90_000);

    it('is 503 when the cookie session has expired, since nothing can renew it', async () => {
      h.steam.expireSession();
      await h.bot.waitForNextLog((l) => l.msg === 'poll failed');
      const { status, body } = await healthz(url);
      expect(status).toBe(503);
      expect(body.steamSession).toMatchObject({ state: 'expired', renewable: false });
      expect(body.problems).toEqual([
        'steam session: expired, and nothing can renew it (paste fresh cookies, or sign in with npm run login)',
      ]);
      h.steam.restoreSession();
      await h.bot.waitForNextLog((l) => l.msg === 'poll');
      await h.bot.waitForNextLog((l) => l.msg === 'poll');
      expect((await healthz(url)).status).toBe(200);
    });

    it('answers only GET/HEAD on /healthz and /metrics, and says nothing secret', async () => {
      expect((await fetch(`${url}/`)).status).toBe(404);
      expect((await fetch(`${url}/healthz`, { method: 'POST' })).status).toBe(405);
      const head = await fetch(`${url}/healthz`, { method: 'HEAD' });
      expect(head.status).toBe(200);
      const bodies = `${JSON.stringify((await healthz(url)).body)}\n${await metricsText(url)}`;
      for (const secret of secretsOf(h)) expect(bodies).not.toContain(secret);
      expect(bodies).not.toContain(h.steam.bot.steamid);
    });
  });
});

describe('without HTTP_PORT', () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ configure: false });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('the bot listens on no socket at all, and the Docker health check fails', async () => {
    expect(h.bot.logs.some((l) => l.msg === 'ops server listening')).toBe(false);
    expect(listeningSockets(h.bot.child.pid!)).toEqual([]);
    // …since nothing answers on any port: one the system just handed out and took back.
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((done) => probe.close(() => done()));
    expect(await dockerHealthcheck(`http://127.0.0.1:${port}`)).toBe(1);
  });
});

/** TCP/UDP sockets of a process in LISTEN state (Linux /proc): socket inodes of its fds ∩ listening inodes. */
function listeningSockets(pid: number): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
      if (inode) inodes.add(inode);
    } catch {
      // Closed meanwhile.
    }
  }
  const listening: string[] = [];
  for (const table of ['tcp', 'tcp6']) {
    const lines = readFileSync(`/proc/${pid}/net/${table}`, 'utf8').split('\n').slice(1);
    for (const line of lines) {
      const cols = line.trim().split(/\s+/);
      // st 0A = LISTEN; column 9 is the inode.
      if (cols[3] === '0A' && inodes.has(cols[9]!)) listening.push(`${table} ${cols[1]}`);
    }
  }
  return listening;
}
