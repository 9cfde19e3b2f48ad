// /healthz and /metrics, wired: imported by app.ts only when HTTP_PORT is set, so without it
// neither prom-client nor a listening socket exists. Telemetry is handed out first (the parts
// are built with it); the server starts once the parts it reads exist.
import type { Health } from '../health.js';
import type { Logger } from '../logger.js';
import type { SteamClient } from '../steam/client.js';
import type { Store } from '../store/index.js';
import type { Telemetry } from '../telemetry.js';
import type { TradeBots } from '../tradebots/service.js';
import { evaluateHealth } from './healthz.js';
import { createMetrics } from './metrics.js';
import { startOpsServer, type OpsServer } from './server.js';

export interface OpsSources {
  health: Health;
  store: Store;
  steam: SteamClient;
  tradeBots: TradeBots;
  pollIntervalMs: number;
  discordConnected(): boolean;
  /** A refresh token or account credentials can get a new Steam session without a person. */
  sessionRenewable(): boolean;
  stopping(): boolean;
}

export interface Ops {
  telemetry: Telemetry;
  listen(sources: OpsSources): Promise<OpsServer>;
}

export function createOps(options: { host: string; port: number; logger: Logger; tradeBotsConfigured: boolean }): Ops {
  let sources: OpsSources | null = null;
  const need = (): OpsSources => {
    if (!sources) throw new Error('ops server used before it was started');
    return sources;
  };
  const metrics = createMetrics({
    sessionExpiresAt: () => need().steam.sessionExpiresAt.getTime(),
    sessionExpired: () => need().steam.session.state === 'expired',
    discordConnected: () => need().discordConnected(),
    lastPollAt: () => need().health.lastPollAt,
    tradeBotsBudgetLeft: () => need().tradeBots.publisher.budgetLeft(),
    tradeBotsConfigured: options.tradeBotsConfigured,
  });

  return {
    telemetry: metrics.telemetry,
    async listen(given) {
      sources = given;
      const { health, store, steam } = given;
      return startOpsServer({
        host: options.host,
        port: options.port,
        logger: options.logger,
        handlers: {
          async health() {
            const answers = await store.ping();
            return evaluateHealth({
              now: Date.now(),
              stopping: given.stopping(),
              discordConnected: given.discordConnected(),
              store: { backend: store.backend, answers },
              session: {
                state: steam.session.state,
                expiresAt: steam.sessionExpiresAt.getTime(),
                renewable: given.sessionRenewable(),
              },
              poll: {
                intervalMs: given.pollIntervalMs,
                lastAt: health.lastPollAt,
                lastError: health.lastPollError,
                failingSince: health.pollFailingSince,
                byOtherProcess: health.lastPollByOtherProcess,
              },
            });
          },
          async metrics() {
            return { contentType: metrics.contentType, body: await metrics.render() };
          },
        },
      });
    },
  };
}
