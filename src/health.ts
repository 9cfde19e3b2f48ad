// What /status reports, collected as it happens instead of being probed on demand.

export interface ChannelProblem {
  channelId: string;
  problem: string;
  at: number;
}

export class Health {
  readonly startedAt = Date.now();
  lastPollAt: number | null = null;
  lastPollError: string | null = null;
  /** When the current run of failed polls began (null after a poll that worked): /healthz turns 503 after 3 intervals. */
  pollFailingSince: number | null = null;
  /** The last turn went to another tradedesk process on the same store (see Poller). */
  lastPollByOtherProcess = false;
  nextPollAt: number | null = null;
  lastFullSweepAt: number | null = null;
  /** guildId → the last problem posting to its channel (deleted, missing permission). */
  readonly channelProblems = new Map<string, ChannelProblem>();
  /** SteamTradeBots publishing, once that runs. */
  tradeBots: { state: string; detail: string | null; at: number } | null = null;
  /** The store's data vanished while running (store/integrity.ts): nothing is posted or traded. */
  storeLoss: { reason: string; at: number } | null = null;

  channelOk(guildId: string): void {
    this.channelProblems.delete(guildId);
  }

  channelFailed(guildId: string, channelId: string, problem: string): void {
    this.channelProblems.set(guildId, { channelId, problem, at: Date.now() });
  }
}
