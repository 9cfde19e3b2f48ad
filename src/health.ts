// What /status reports, collected as it happens instead of being probed on demand.

export interface ChannelProblem {
  channelId: string;
  problem: string;
  at: number;
}

/** Where SteamTradeBots publishing stands; format/tradebots.ts words it for /status. */
export type TradeBotsStatus = { at: number } & (
  | { kind: 'notConfigured' }
  | { kind: 'upToDate' }
  /** The site took `fields` fields; `status` is the listing's status after it. */
  | { kind: 'published'; fields: number; status: string | null }
  /** `fields` changed fields wait for the request budget. */
  | { kind: 'waitingForBudget'; fields: number; waitMs: number }
  /** The stock could not be counted (Steam busy or unreachable). */
  | { kind: 'waitingForSteam' }
  /** HTTP 400: the site's problems per field, or its message when it named none. */
  | { kind: 'refusedFields'; problems: string[]; message: string }
  /** HTTP 401/403; `beforeRestart` when known only from the store's record of an earlier refusal. */
  | { kind: 'refusedKey'; httpStatus: number; beforeRestart: boolean }
  | { kind: 'rateLimited'; waitMs: number }
  /** The site's answer (5xx, no answer) in its own words. */
  | { kind: 'sendFailed'; message: string }
  /** A pass that threw (the store failed mid-pass). */
  | { kind: 'passFailed'; error: unknown }
);

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
  tradeBots: TradeBotsStatus | null = null;
  /** The store's data vanished while running (store/integrity.ts): nothing is posted or traded. */
  storeLoss: { reason: string; at: number } | null = null;

  channelOk(guildId: string): void {
    this.channelProblems.delete(guildId);
  }

  channelFailed(guildId: string, channelId: string, problem: string): void {
    this.channelProblems.set(guildId, { channelId, problem, at: Date.now() });
  }
}
