// IEconService (steam-protocol.md §3), authenticated with the access token inside
// steamLoginSecure: since 2024-04 an API key gets empty offer lists.
import { EResult } from './enums.js';
import { SteamEResultError } from './errors.js';
import type { SteamHttp } from './http.js';
import {
  getTradeOfferResponse,
  getTradeOffersResponse,
  indexDescriptions,
  toSummary,
  toTrade,
  toTradeOffer,
  tradeHistoryResponse,
  tradeHoldDurationsResponse,
  tradeOffersSummaryResponse,
  type WireTradeOffer,
} from './schemas.js';
import type { EconDescription, Trade, TradeHoldDurations, TradeOffer, TradeOffersSummary } from './types.js';

const API = '/IEconService';

export interface GetTradeOffersOptions {
  sent: boolean;
  received: boolean;
  activeOnly?: boolean;
  historicalOnly?: boolean;
  /** Unix seconds. Omitted, Steam uses the last visit to the trade-offers page, which a browser moves. */
  historicalCutoff?: number;
  descriptions?: boolean;
  maxWaitMs?: number;
}

export interface TradeOfferList {
  sent: TradeOffer[];
  received: TradeOffer[];
  /** Offers dropped because Steam sent them without a partner (§3.3). */
  broken: number;
}

/** Offers Steam returned half-loaded: no items on either side, or items without descriptions (§7.2). */
export function isGlitchedOffer(offer: TradeOffer, withDescriptions: boolean): boolean {
  const items = [...offer.itemsToGive, ...offer.itemsToReceive];
  if (items.length === 0) return true;
  return withDescriptions && items.some((item) => item.description === null);
}

export class TradeOfferService {
  constructor(private readonly http: SteamHttp) {}

  async getSummary(timeLastVisit?: number, maxWaitMs?: number): Promise<TradeOffersSummary> {
    const { data } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: `${API}/GetTradeOffersSummary/v1/`,
        query: { time_last_visit: timeLastVisit },
        auth: 'accessToken',
        ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
      },
      tradeOffersSummaryResponse,
    );
    return toSummary(data.response);
  }

  /** Follows next_cursor until Steam says there is nothing more. */
  async getOffers(options: GetTradeOffersOptions): Promise<TradeOfferList> {
    const withDescriptions = options.descriptions ?? true;
    const descriptions = new Map<string, EconDescription>();
    const sent: WireTradeOffer[] = [];
    const received: WireTradeOffer[] = [];
    let cursor = 0;
    for (let page = 0; page < 1000; page += 1) {
      const { data } = await this.http.json(
        {
          host: 'webapi',
          method: 'GET',
          path: `${API}/GetTradeOffers/v1/`,
          query: {
            get_sent_offers: options.sent ? 1 : 0,
            get_received_offers: options.received ? 1 : 0,
            get_descriptions: withDescriptions ? 1 : 0,
            language: 'english',
            active_only: options.activeOnly ? 1 : 0,
            historical_only: options.historicalOnly ? 1 : 0,
            time_historical_cutoff: options.historicalCutoff,
            cursor: cursor || undefined,
          },
          auth: 'accessToken',
          ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
        },
        getTradeOffersResponse,
      );
      const response = data.response;
      indexDescriptions(response.descriptions ?? [], descriptions);
      sent.push(...(response.trade_offers_sent ?? []));
      received.push(...(response.trade_offers_received ?? []));
      cursor = response.next_cursor ?? 0;
      if (!cursor) break;
    }
    let broken = 0;
    const map = (list: WireTradeOffer[]) =>
      list.flatMap((wire) => {
        const offer = toTradeOffer(wire, descriptions);
        if (!offer) broken += 1;
        return offer ?? [];
      });
    return { sent: map(sent), received: map(received), broken };
  }

  /** null when Steam does not know the offer (empty response / x-eresult 42). */
  async getOffer(tradeofferid: string, maxWaitMs?: number): Promise<TradeOffer | null> {
    const { data } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: `${API}/GetTradeOffer/v1/`,
        query: { tradeofferid, language: 'english', get_descriptions: 1 },
        auth: 'accessToken',
        ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
      },
      getTradeOfferResponse,
    );
    if (!data.response.offer) return null;
    return toTradeOffer(data.response.offer, indexDescriptions(data.response.descriptions ?? []));
  }

  async getHistory(options: {
    maxTrades: number;
    startAfterTime?: number;
    startAfterTradeId?: string;
    includeFailed?: boolean;
    maxWaitMs?: number;
  }): Promise<{ trades: Trade[]; more: boolean; total: number | null }> {
    const { data } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: `${API}/GetTradeHistory/v1/`,
        query: {
          // 100 is the reported maximum with descriptions or an access token (§3.6).
          max_trades: Math.min(100, Math.max(1, options.maxTrades)),
          start_after_time: options.startAfterTime,
          start_after_tradeid: options.startAfterTradeId,
          get_descriptions: 1,
          language: 'english',
          include_failed: options.includeFailed ? 1 : 0,
          include_total: 1,
        },
        auth: 'accessToken',
        ...(options.maxWaitMs !== undefined ? { maxWaitMs: options.maxWaitMs } : {}),
      },
      tradeHistoryResponse,
    );
    const descriptions = indexDescriptions(data.response.descriptions ?? []);
    return {
      trades: (data.response.trades ?? []).map((trade) => toTrade(trade, descriptions)),
      more: data.response.more ?? false,
      total: data.response.total_trades ?? null,
    };
  }

  /** Holds with a partner; the trade-URL token lets Steam answer for non-friends. */
  async getHoldDurations(partner: string, token?: string, maxWaitMs?: number): Promise<TradeHoldDurations> {
    const { data, response } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: `${API}/GetTradeHoldDurations/v1/`,
        query: { steamid_target: partner, trade_offer_access_token: token },
        auth: 'accessToken',
        ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
      },
      tradeHoldDurationsResponse,
    );
    const { my_escrow: my, their_escrow: their, both_escrow: both } = data.response;
    if (my === undefined || their === undefined) {
      // An empty response (x-eresult 15 for a stranger without the right token, 42 for an
      // unknown account) says nothing about holds; reading it as 0 would promise none.
      const eresult = Number(String(response.headers['x-eresult'] ?? '')) || EResult.Fail;
      throw new SteamEResultError(
        response.endpoint,
        eresult === EResult.OK ? EResult.Fail : eresult,
        'Steam did not report trade hold durations',
      );
    }
    return { myEscrowSeconds: my, theirEscrowSeconds: their, bothEscrowSeconds: both ?? Math.max(my, their) };
  }
}
