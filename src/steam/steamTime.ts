// Steam Guard codes and confirmation keys are signed with Steam's clock, not ours, so both
// sign-in and mobile confirmations read one offset from ITwoFactorService/QueryTime.
import type { SteamHttp } from './http.js';
import { queryTimeResponse } from './wire/community.js';

/** Re-synced every hour: ASF does it every 15 min, node-steamcommunity every 12 h. */
const OFFSET_TTL_MS = 60 * 60 * 1000;

export class SteamClock {
  private offset: { seconds: number; at: number } | null = null;
  private pending: Promise<number> | null = null;

  constructor(
    private readonly http: SteamHttp,
    private readonly now: () => number = Date.now,
  ) {}

  /** Steam's time minus ours, in whole seconds. */
  async offsetSeconds(): Promise<number> {
    if (this.offset && this.now() - this.offset.at < OFFSET_TTL_MS) return this.offset.seconds;
    // Two signers asking at once share one request.
    this.pending ??= this.query().finally(() => (this.pending = null));
    return this.pending;
  }

  /** Steam's current time in seconds. */
  async seconds(): Promise<number> {
    const offset = await this.offsetSeconds();
    return Math.floor(this.now() / 1000) + offset;
  }

  private async query(): Promise<number> {
    const before = this.now();
    const { data } = await this.http.json(
      { host: 'webapi', method: 'POST', path: '/ITwoFactorService/QueryTime/v1/', auth: 'none' },
      queryTimeResponse,
    );
    // The midpoint of the round trip is the best guess of when Steam read its clock.
    const seconds = data.response.server_time - Math.floor((before + this.now()) / 2000);
    this.offset = { seconds, at: this.now() };
    return seconds;
  }
}
