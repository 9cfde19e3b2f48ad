// The Prometheus side of Telemetry, built with prom-client on a registry of its own (not the
// library's global one). Loaded only when HTTP_PORT is set. Counters are bumped as things
// happen; gauges whose truth lives elsewhere (session expiry, budget left, gateway) are read
// when scraped.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Telemetry } from '../telemetry.js';

/** What the gauges read at scrape time. */
export interface MetricSources {
  /** The access token's `exp`, in ms since the epoch. */
  sessionExpiresAt(): number;
  sessionExpired(): boolean;
  discordConnected(): boolean;
  lastPollAt(): number | null;
  /** Null when SteamTradeBots publishing is not configured; throws when the store does not answer. */
  tradeBotsBudgetLeft(): Promise<number | null>;
  /** Without STEAMTRADEBOTS_API_KEY there is no budget, and no gauge for it. */
  tradeBotsConfigured: boolean;
}

export interface Metrics {
  telemetry: Telemetry;
  contentType: string;
  render(): Promise<string>;
}

const PREFIX = 'tradedesk_';

export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];

  const polls = new Counter({
    name: `${PREFIX}polls_total`,
    help: 'Trade-offer polls by outcome (fetched: the summary changed and offers were read; skipped: another process had the turn).',
    labelNames: ['outcome'] as const,
    registers,
  });
  const steamRequests = new Counter({
    name: `${PREFIX}steam_requests_total`,
    help: 'HTTP requests to Steam by host (community or webapi), endpoint (path with ids as placeholders) and status.',
    labelNames: ['host', 'endpoint', 'status'] as const,
    registers,
  });
  const steamRateLimited = new Counter({
    name: `${PREFIX}steam_rate_limited_total`,
    help: 'Steam answers with HTTP 429.',
    labelNames: ['host'] as const,
    registers,
  });
  const steamWaitSeconds = new Counter({
    name: `${PREFIX}steam_wait_seconds_total`,
    help: 'Time requests to Steam were held back before trying again, by cause (Retry-After or backoff).',
    labelNames: ['host', 'cause'] as const,
    registers,
  });
  const inventoryPages = new Counter({
    name: `${PREFIX}inventory_pages_total`,
    help: 'Community inventory pages read, for the bot account or another one.',
    labelNames: ['owner'] as const,
    registers,
  });
  const offerCards = new Counter({
    name: `${PREFIX}offer_cards_total`,
    help: 'Offer cards posted to or edited in the feed channel.',
    labelNames: ['change'] as const,
    registers,
  });
  const actions = new Counter({
    name: `${PREFIX}offer_actions_total`,
    help: 'Accept, decline, cancel and send from Discord by result (refused: nothing was done; failed: Steam did not do it).',
    labelNames: ['kind', 'result'] as const,
    registers,
  });
  const confirmations = new Counter({
    name: `${PREFIX}mobile_confirmations_total`,
    help: 'Mobile confirmations of trades tradedesk tried to allow, by result.',
    labelNames: ['result'] as const,
    registers,
  });
  const tradeBotsSends = new Counter({
    name: `${PREFIX}steamtradebots_requests_total`,
    help: 'Update requests sent to SteamTradeBots, by the kind of answer.',
    labelNames: ['result'] as const,
    registers,
  });

  if (sources.tradeBotsConfigured) {
    new Gauge({
      name: `${PREFIX}steamtradebots_budget_left`,
      help: 'Update requests SteamTradeBots still allows in the current 5-minute window.',
      registers,
      async collect() {
        // A store that does not answer keeps the last value; /healthz says what is wrong.
        const left = await sources.tradeBotsBudgetLeft().catch(() => null);
        if (left !== null) this.set(left);
      },
    });
  }
  new Gauge({
    name: `${PREFIX}steam_session_expiry_timestamp_seconds`,
    help: 'When the Steam access token expires (its exp claim), in seconds since the epoch.',
    registers,
    collect() {
      this.set(Math.floor(sources.sessionExpiresAt() / 1000));
    },
  });
  new Gauge({
    name: `${PREFIX}steam_session_expired`,
    help: '1 while Steam says the session has expired.',
    registers,
    collect() {
      this.set(sources.sessionExpired() ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}discord_connected`,
    help: '1 while the Discord gateway connection is up.',
    registers,
    collect() {
      this.set(sources.discordConnected() ? 1 : 0);
    },
  });
  new Gauge({
    name: `${PREFIX}last_poll_timestamp_seconds`,
    help: 'When the last poll started, in seconds since the epoch (0 before the first).',
    registers,
    collect() {
      this.set((sources.lastPollAt() ?? 0) / 1000);
    },
  });

  const telemetry: Telemetry = {
    poll: (outcome) => polls.inc({ outcome }),
    steamRequest(host, endpoint, status) {
      steamRequests.inc({ host, endpoint, status: String(status) });
      if (status === 429) steamRateLimited.inc({ host });
    },
    steamWait: (host, cause, waitMs) => steamWaitSeconds.inc({ host, cause }, waitMs / 1000),
    inventoryPage: (owner) => inventoryPages.inc({ owner }),
    offerCard: (change) => offerCards.inc({ change }),
    action: (kind, result) => actions.inc({ kind, result }),
    confirmation: (result) => confirmations.inc({ result }),
    tradeBotsSend: (result) => tradeBotsSends.inc({ result }),
  };

  return { telemetry, contentType: registry.contentType, render: () => registry.metrics() };
}
