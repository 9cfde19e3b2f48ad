// What GET /healthz answers, as a pure function of what the bot knows at that moment: 200
// while it can do its job, 503 naming each thing that stops it. A container runtime or a
// monitor reads the status; a person reads the problems.

export interface HealthInput {
  now: number;
  stopping: boolean;
  discordConnected: boolean;
  store: { backend: string; answers: boolean };
  session: {
    state: 'ok' | 'unknown' | 'expired';
    expiresAt: number;
    /** Something (a refresh token, account credentials) can get a new session without a person. */
    renewable: boolean;
  };
  poll: {
    intervalMs: number;
    lastAt: number | null;
    lastError: string | null;
    failingSince: number | null;
    byOtherProcess: boolean;
  };
}

export interface HealthBody {
  status: 'ok' | 'failing';
  problems: string[];
  discord: { connected: boolean };
  store: { backend: string; answers: boolean };
  steamSession: { state: 'ok' | 'unknown' | 'expired'; expiresAt: string; renewable: boolean };
  lastPoll: {
    at: string | null;
    ok: boolean | null;
    error: string | null;
    failingSince: string | null;
    byOtherProcess: boolean;
  };
}

/** Polls may fail this many intervals in a row (Steam has bad minutes) before the bot counts as down. */
export const FAILED_POLL_INTERVALS = 3;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export function evaluateHealth(input: HealthInput): { status: 200 | 503; body: HealthBody } {
  const { session, poll } = input;
  // The token's exp passing is an expiry too, even before a request finds out.
  const expired = session.state === 'expired' || session.expiresAt <= input.now;
  const problems: string[] = [];
  if (input.stopping) problems.push('tradedesk is shutting down');
  if (!input.discordConnected) problems.push('discord: not connected to the gateway');
  if (!input.store.answers) problems.push(`store: ${input.store.backend} does not answer`);
  if (expired && !session.renewable) {
    problems.push(
      'steam session: expired, and nothing can renew it (paste fresh cookies, or sign in with npm run login)',
    );
  }
  // An expired session fails every poll; that is said once above (or renewal is under way).
  const failingFor = poll.failingSince === null ? 0 : input.now - poll.failingSince;
  if (!expired && failingFor > FAILED_POLL_INTERVALS * poll.intervalMs) {
    problems.push(
      `polling: failing for ${Math.round(failingFor / 1000)} s${poll.lastError ? ` (${poll.lastError})` : ''}`,
    );
  }
  const body: HealthBody = {
    status: problems.length === 0 ? 'ok' : 'failing',
    problems,
    discord: { connected: input.discordConnected },
    store: { ...input.store },
    steamSession: {
      state: expired ? 'expired' : session.state,
      expiresAt: new Date(session.expiresAt).toISOString(),
      renewable: session.renewable,
    },
    lastPoll: {
      at: iso(poll.lastAt),
      ok: poll.lastAt === null ? null : poll.lastError === null,
      error: poll.lastError,
      failingSince: iso(poll.failingSince),
      byOtherProcess: poll.byOtherProcess,
    },
  };
  return { status: problems.length === 0 ? 200 : 503, body };
}
