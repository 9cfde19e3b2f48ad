// Issue 3's figures, measured on the real bot process against the stand-ins:
// - offer appearing in Steam → its card in the channel (median; POLL_INTERVAL_SECONDS=1),
// - interaction → the bot's first answer (median, /status and a button click),
// - Steam requests per hour while idle (default 30 s polling, counted over a minute),
// - resident memory of the bot after a minute idle.
// Baselines in the same run: the poll interval itself (the floor of feed latency) and the
// Discord stand-in's own round trip for an interaction the bot does not answer (none).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { startHarness } from '../test/e2e/harness.js';
import { gems, tf2Key } from '../test/standins/steam/index.js';
import { median } from './measure.js';

const PARTNER = '76561198000000042';

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

export async function benchFeed(): Promise<void> {
  const h = await startHarness();
  try {
    h.steam.addUser({ steamid: PARTNER, personaName: 'Bench Partner', tradeToken: 'AbCdEf12' });
    const give = Array.from({ length: 12 }, () => tf2Key());
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(50_000)]);
    h.steam.setInventory(PARTNER, 440, '2', give);

    const feed: number[] = [];
    const work: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const seen = h.steam.requests.length;
      const start = performance.now();
      const id = h.steam.addOffer({ partner: PARTNER, receive: [give[i]!.assetid!], message: `bench ${i}` });
      // The bot's own share: from the answer to the first poll that can see the offer.
      const polled = h.steam
        .waitForRequest((r) => r.path.includes('GetTradeOffersSummary') && h.steam.requests.indexOf(r) >= seen, {
          timeoutMs: 30_000,
        })
        .then(() => performance.now());
      await h.discord.waitForMessage(h.channelId, (m) => JSON.stringify(m.embeds ?? []).includes(`#${id}`), {
        timeoutMs: 30_000,
      });
      const end = performance.now();
      feed.push(end - start);
      work.push(end - (await polled));
    }

    const status: number[] = [];
    for (let i = 0; i < 20; i += 1) {
      const start = performance.now();
      const handle = await h.discord.slash({ user: h.outsiderId, channel: h.channelId, command: 'status' });
      await handle.waitForResponse();
      status.push(performance.now() - start);
    }
    const clicks: number[] = [];
    const card = h.discord.messages(h.channelId).find((m) => (m.components ?? []).length > 0);
    for (let i = 0; i < 10 && card; i += 1) {
      const start = performance.now();
      const handle = await h.discord.clickButton({
        user: h.outsiderId,
        channel: h.channelId,
        messageId: card.id,
        customId: JSON.parse(JSON.stringify(card.components))[0].components[0].custom_id,
      });
      await handle.waitForResponse();
      clicks.push(performance.now() - start);
    }

    // Idle: default polling, nothing happening.
    const bot = await h.restartBot({ POLL_INTERVAL_SECONDS: '30' });
    // Start the window at a poll, and count what follows it for one minute.
    const first = await h.steam.waitForRequest((r) => r.path.includes('GetTradeOffersSummary'), { timeoutMs: 40_000 });
    const windowMs = 61_000;
    await new Promise((resolve) => setTimeout(resolve, windowMs));
    const idleRequests = h.steam.requests.filter((r) => r.at > first.at && r.at <= first.at + windowMs);
    const perHour = (idleRequests.length * 3_600_000) / windowMs;
    const byPath = new Map<string, number>();
    for (const r of idleRequests) byPath.set(r.path, (byPath.get(r.path) ?? 0) + 1);
    const rss = bot.child.pid ? rssMb(bot.child.pid) : NaN;

    console.log('\n## Discord side (real bot process against the stand-ins)\n');
    console.log('| measure | median | min | max | baseline |');
    console.log('|---|---|---|---|---|');
    const row = (label: string, values: number[], baseline: string) =>
      console.log(
        `| ${label} | ${median(values).toFixed(0)} ms | ${Math.min(...values).toFixed(0)} ms | ${Math.max(...values).toFixed(0)} ms | ${baseline} |`,
      );
    row(
      'offer in Steam → card in channel (poll every 1 s)',
      feed,
      'poll interval 1000 ms (each offer is added just after the poll that posted the previous card, so it waits about one interval)',
    );
    row('poll that sees the offer → card in channel', work, '—');
    row('/status → first answer', status, '—');
    if (clicks.length) row('button click (refused member) → first answer', clicks, '—');
    const summaries = idleRequests.filter((r) => r.path.includes('GetTradeOffersSummary')).length;
    const summaryPerHour = (summaries * 3_600_000) / windowMs;
    console.log(
      `\nIdle Steam requests at POLL_INTERVAL_SECONDS=30: ${idleRequests.length} in ${windowMs / 1000} s ` +
        `(${[...byPath].map(([p, n]) => `${p} ×${n}`).join(', ')}). Steady state: ${summaryPerHour.toFixed(0)} summary calls ` +
        `per hour + 12 sweeps (GetTradeOffers every 5 min) = ${(summaryPerHour + 12).toFixed(0)} per hour; a raw extrapolation ` +
        `of this window gives ${perHour.toFixed(0)}.`,
    );
    console.log(`Bot resident memory after ${windowMs / 1000} s idle: ${rss.toFixed(0)} MB`);
  } finally {
    await h.close();
  }
}
