import { describe, expect, it } from 'vitest';
import { createMetrics, type MetricSources } from '../../src/ops/metrics.js';

function sources(change: Partial<MetricSources> = {}): MetricSources {
  return {
    sessionExpiresAt: () => Date.parse('2026-12-02T09:00:00Z'),
    sessionExpired: () => false,
    discordConnected: () => true,
    lastPollAt: () => null,
    tradeBotsBudgetLeft: () => Promise.resolve(7),
    tradeBotsConfigured: true,
    ...change,
  };
}

const lines = (text: string) => text.split('\n').filter((l) => l.startsWith('tradedesk_'));

describe('metrics', () => {
  it('counts what the parts report, under their fixed labels', async () => {
    const metrics = createMetrics(sources());
    const t = metrics.telemetry;
    t.steamRequest('webapi', '/IEconService/GetTradeOffersSummary/v1/', 429);
    t.steamRequest('community', '/tradeoffer/{id}/accept', 'network_error');
    t.steamWait('webapi', 'rate_limited', 7000);
    t.steamWait('webapi', 'rate_limited', 500);
    t.confirmation('confirmed');
    t.confirmation('not_found');
    t.tradeBotsSend('ok');
    t.tradeBotsSend('rateLimited');
    t.action('send', 'sent');
    t.action('cancel', 'failed');
    expect(lines(await metrics.render())).toEqual([
      'tradedesk_steam_requests_total{host="webapi",endpoint="/IEconService/GetTradeOffersSummary/v1/",status="429"} 1',
      'tradedesk_steam_requests_total{host="community",endpoint="/tradeoffer/{id}/accept",status="network_error"} 1',
      'tradedesk_steam_rate_limited_total{host="webapi"} 1',
      'tradedesk_steam_wait_seconds_total{host="webapi",cause="rate_limited"} 7.5',
      'tradedesk_offer_actions_total{kind="send",result="sent"} 1',
      'tradedesk_offer_actions_total{kind="cancel",result="failed"} 1',
      'tradedesk_mobile_confirmations_total{result="confirmed"} 1',
      'tradedesk_mobile_confirmations_total{result="not_found"} 1',
      'tradedesk_steamtradebots_requests_total{result="ok"} 1',
      'tradedesk_steamtradebots_requests_total{result="rateLimited"} 1',
      'tradedesk_steamtradebots_budget_left 7',
      'tradedesk_steam_session_expiry_timestamp_seconds 1796202000',
      'tradedesk_steam_session_expired 0',
      'tradedesk_discord_connected 1',
      'tradedesk_last_poll_timestamp_seconds 0',
    ]);
  });

  it('has no budget gauge without SteamTradeBots, and a store that does not answer leaves the last value', async () => {
    expect(await createMetrics(sources({ tradeBotsConfigured: false })).render()).not.toContain('budget_left');
    let answer: Promise<number | null> = Promise.resolve(4);
    const metrics = createMetrics(sources({ tradeBotsBudgetLeft: () => answer }));
    expect(lines(await metrics.render())).toContain('tradedesk_steamtradebots_budget_left 4');
    answer = Promise.reject(new Error('store down'));
    expect(lines(await metrics.render())).toContain('tradedesk_steamtradebots_budget_left 4');
  });

  it('each instance has its own registry, with the default process metrics', async () => {
    const a = createMetrics(sources());
    const b = createMetrics(sources());
    a.telemetry.poll('fetched');
    expect(await a.render()).toContain('tradedesk_polls_total{outcome="fetched"} 1');
    expect(await b.render()).not.toContain('tradedesk_polls_total{outcome="fetched"}');
    expect(await b.render()).toMatch(/^process_cpu_seconds_total /m);
  });
});
