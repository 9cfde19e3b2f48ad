// ISteamUser: the only calls that need STEAM_API_KEY (vanity URLs and persona names).
import { ApiKeyRejectedError, UnknownUserError } from './errors.js';
import type { SteamHttp } from './http.js';
import type { ProfileRef } from './ids.js';
import { playerSummariesResponse, resolveVanityResponse } from './wire/community.js';
import type { PlayerSummary } from './types.js';

/** Persona names change rarely; an hour keeps the feed from asking for every offer. */
const SUMMARY_TTL_MS = 60 * 60 * 1000;

export class MissingApiKeyError extends Error {
  override readonly name = 'MissingApiKeyError';
  constructor(readonly purpose: string) {
    super(`STEAM_API_KEY is needed to ${purpose}`);
  }
}

export class UserService {
  private readonly summaryCache = new Map<string, { summary: PlayerSummary; at: number }>();

  constructor(
    private readonly http: SteamHttp,
    private readonly now: () => number = Date.now,
  ) {}

  async resolveVanity(vanity: string): Promise<string> {
    if (!this.http.hasApiKey) throw new MissingApiKeyError('resolve custom profile URLs (/id/…)');
    const { data, response } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: '/ISteamUser/ResolveVanityURL/v1/',
        query: { vanityurl: vanity },
        auth: 'apiKey',
      },
      resolveVanityResponse,
    );
    if (data.response.success !== 1 || !data.response.steamid) throw new UnknownUserError(response.endpoint, vanity);
    return data.response.steamid;
  }

  /** SteamID64 (and trade token, when the ref was a trade URL) for a parsed `user`/`partner` option. */
  async resolve(ref: ProfileRef): Promise<{ steamid: string; token?: string }> {
    switch (ref.kind) {
      case 'steamid':
        return { steamid: ref.steamid };
      case 'tradeUrl':
        return { steamid: ref.tradeUrl.steamid, token: ref.tradeUrl.token };
      case 'vanity':
        return { steamid: await this.resolveVanity(ref.vanity) };
    }
  }

  /**
   * Persona names by SteamID64. Without an API key, or when Steam refuses, returns what is
   * cached: a missing name is shown as the SteamID64, never an error in the feed.
   */
  async summaries(steamids: readonly string[]): Promise<Map<string, PlayerSummary>> {
    const result = new Map<string, PlayerSummary>();
    const missing: string[] = [];
    for (const steamid of new Set(steamids)) {
      const cached = this.summaryCache.get(steamid);
      if (cached && this.now() - cached.at < SUMMARY_TTL_MS) result.set(steamid, cached.summary);
      else missing.push(steamid);
    }
    if (missing.length === 0 || !this.http.hasApiKey) return result;
    try {
      // GetPlayerSummaries takes at most 100 ids per call.
      for (let i = 0; i < missing.length; i += 100) {
        const { data } = await this.http.json(
          {
            host: 'webapi',
            method: 'GET',
            path: '/ISteamUser/GetPlayerSummaries/v2/',
            query: { steamids: missing.slice(i, i + 100).join(',') },
            auth: 'apiKey',
            maxWaitMs: 5000,
          },
          playerSummariesResponse,
        );
        for (const player of data.response.players) {
          const summary: PlayerSummary = {
            steamid: player.steamid,
            personaName: player.personaname,
            profileUrl: player.profileurl ?? `${this.http.communityUrl}/profiles/${player.steamid}`,
            avatarUrl: player.avatarfull ?? null,
          };
          this.summaryCache.set(player.steamid, { summary, at: this.now() });
          result.set(player.steamid, summary);
        }
      }
    } catch (error) {
      if (error instanceof ApiKeyRejectedError)
        this.http.logger.warn('STEAM_API_KEY was refused; persona names are not shown');
      else this.http.logger.warn({ err: error }, 'Could not load persona names');
    }
    return result;
  }

  /** Persona name by SteamID64, for those Steam told (the rest are shown as their SteamID64). */
  async personaNames(steamids: readonly string[]): Promise<Map<string, string>> {
    const summaries = await this.summaries(steamids);
    return new Map([...summaries].map(([steamid, summary]) => [steamid, summary.personaName]));
  }
}
