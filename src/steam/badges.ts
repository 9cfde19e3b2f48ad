// How many cards make a game's set, read from the bot's own badge page for the game
// (docs/steam.md#cards-per-set: /profiles/{steamid}/gamecards/{appid}/, as ASF reads /my/gamecards).
// Only the fetch lives here; the page is parsed by the pure parser in badgePage.ts,
// and caching is the caller's business (set sizes never change, so it caches them for good).
import { parseBadgePageSetSize } from './badgePage.js';
import type { SteamHttp } from './http.js';

export interface CardsPerSetResult {
  /** Cards in the game's set; null when the page shows no set. */
  size: number | null;
  /** Why the size is unknown: Steam redirected (no cards for that app), or the page had no usable set list. */
  reason: 'found' | 'no badge page' | 'no set on the page';
}

export class BadgeService {
  constructor(
    private readonly http: SteamHttp,
    private readonly steamid: string,
  ) {}

  /**
   * Reads the regular (non-foil) badge page: a foil set has the same cards as the regular one.
   * Steam redirects to the badge overview for an app without cards; that is an answer
   * ("unknown"), not an error. Busy, unreachable and expired-session failures are thrown.
   */
  async cardsPerSet(appid: number, options: { maxWaitMs?: number } = {}): Promise<CardsPerSetResult> {
    const response = await this.http.send({
      host: 'community',
      method: 'GET',
      path: `/profiles/${this.steamid}/gamecards/${appid}/`,
      query: { l: 'english' },
      headers: { referer: `${this.http.communityUrl}/profiles/${this.steamid}/badges/` },
      auth: 'cookies',
      returnRedirects: true,
      acceptStatuses: [404],
      ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
    });
    if (response.status >= 300) return { size: null, reason: 'no badge page' };
    const size = parseBadgePageSetSize(response.text);
    return size === null ? { size: null, reason: 'no set on the page' } : { size, reason: 'found' };
  }
}
