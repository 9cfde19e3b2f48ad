// Issue 15's figure: Steam requests per idle hour while 20 finished offers sit inside the sweep window.
// The real bot process against the Steam stand-in, which answers as Steam does (an accepted offer's
// items are `missing: true` with no description). Twenty received offers are posted, then accepted on
// the Steam side; once the cards show it, every request reaching the stand-in is counted over 30 polls
// at POLL_INTERVAL_SECONDS=1 and scaled to the default schedule: 120 polls an hour (30 s) and a sweep
// every 300 s (max(120 s, 10 × interval)), 12 an hour.
import { startHarness } from '../test/e2e/harness.js';
import { gems, tf2Key, type RecordedRequest } from '../test/standins/steam/index.js';

const PARTNER = '76561198000000043';
const POLLS = 30;
const POLLS_PER_HOUR = 3600 / 30;
const SWEEPS_PER_HOUR = 3600 / 300;

const isSummary = (r: RecordedRequest) => r.path.includes('GetTradeOffersSummary');
const isFetch = (r: RecordedRequest) => /\/GetTradeOffers\/v1\/?$/.test(r.path);

export async function benchFinishedOffers(): Promise<void> {
  const h = await startHarness();
  try {
    h.steam.addUser({ steamid: PARTNER, personaName: 'Bench Partner', friends: true });
    const keys = Array.from({ length: 20 }, () => tf2Key());
    h.steam.setInventory(PARTNER, 440, '2', keys);
    h.steam.setInventory(h.steam.bot.steamid, 753, '6', [gems(1000)]);
    const ids = keys.map((key) => h.steam.addOffer({ partner: PARTNER, receive: [key.assetid!] }));
    const titled = (id: string) => (m: { embeds: unknown[] }) => JSON.stringify(m.embeds).includes(`#${id}`);
    for (const id of ids) await h.discord.waitForMessage(h.channelId, titled(id), { timeoutMs: 60_000 });
    for (const id of ids) h.steam.setOfferState(id, 3);
    const polls = async (n: number) => {
      for (let i = 0; i < n; i += 1) {
        const seen = h.steam.requests.length;
        await h.steam.waitForRequest((r) => isSummary(r) && h.steam.requests.indexOf(r) >= seen, {
          timeoutMs: 30_000,
        });
      }
    };
    // Settle: the cards are edited (or, by a bot that waits for descriptions, never), then a few polls.
    await polls(5);
    const from = h.steam.requests.length;
    await polls(POLLS);
    const window = h.steam.requests.slice(from).filter((r) => r.host === 'webapi' || r.host === 'community');
    const summaries = window.filter(isSummary).length;
    const fetches = window.filter(isFetch).length;
    const other = window.length - summaries - fetches;
    const fetchShare = Math.min(1, fetches / summaries);
    const perHour =
      POLLS_PER_HOUR * (1 + fetchShare + other / summaries) + SWEEPS_PER_HOUR * (1 - Math.min(1, fetchShare));
    const cards = h.discord.messages(h.channelId).filter((m) => JSON.stringify(m.embeds).includes('— Accepted'));
    console.log(
      JSON.stringify({
        bench: 'finished offers in the sweep window',
        polls: summaries,
        getTradeOffers: fetches,
        otherSteamRequests: other,
        cardsShowingAccepted: cards.length,
        steamRequestsPerIdleHourAt30s: Math.round(perHour),
      }),
    );
  } finally {
    await h.close();
  }
}
