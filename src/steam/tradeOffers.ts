// IEconService (docs/steam.md#trade-offers), authenticated with the access token inside
// steamLoginSecure: since 2024-04 an API key gets empty offer lists.
import type { ClassInfoService } from './classInfo.js';
import { EResult } from './enums.js';
import { SteamEResultError, SteamShapeError } from './errors.js';
import type { SteamHttp } from './http.js';
import { readTrade, tradeHistoryResponse, tradeHoldDurationsResponse } from './wire/history.js';
import { indexDescriptions } from './wire/items.js';
import {
  getTradeOfferResponse,
  getTradeOffersResponse,
  readTradeOffer,
  toSummary,
  tradeOffersSummaryResponse,
} from './wire/offers.js';
import type { EconDescription, Trade, TradeHoldDurations, TradeOffer, TradeOffersSummary } from './types.js';

const API = '/IEconService';

export interface GetTradeOffersOptions {
  sent: boolean;
  received: boolean;
  activeOnly?: boolean;
  historicalOnly?: boolean;
  /** Unix seconds. Omitted, Steam uses the last visit to the trade-offers page, which a browser moves. */
  historicalCutoff?: number;
  /** Item names (from the class cache and GetAssetClassInfo); the list command needs none. */
  descriptions?: boolean;
  maxWaitMs?: number;
}

export interface TradeOfferList {
  sent: TradeOffer[];
  received: TradeOffer[];
  /** Offers Steam sent that could not be read at all (no partner, an id or state out of range): left out. */
  broken: number;
}

/**
 * Offers Steam returned half-loaded: no items on either side, items it listed without readable ids,
 * or (when names were asked for) items nobody could describe. Only an offer about to be shown for the
 * first time, or acted on, waits for Steam to fill it in; a known offer's change is shown at once.
 */
export function isGlitchedOffer(offer: TradeOffer, withDescriptions: boolean): boolean {
  const items = [...offer.itemsToGive, ...offer.itemsToReceive];
  if (items.length === 0 || (offer.unreadableItems ?? 0) > 0) return true;
  return withDescriptions && items.some((item) => item.description === null);
}

/** Problems already logged, so a bad offer in every sweep is told once per process. */
const TOLD_LIMIT = 1000;

export class TradeOfferService {
  private readonly told = new Set<string>();

  constructor(
    private readonly http: SteamHttp,
    private readonly classes: ClassInfoService,
  ) {}

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

  /**
   * Follows next_cursor until Steam says there is nothing more. Asks without descriptions
   * (get_descriptions=0) and names items through the class cache: see classInfo.ts.
   */
  async getOffers(options: GetTradeOffersOptions): Promise<TradeOfferList> {
    const sent: unknown[] = [];
    const received: unknown[] = [];
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
            get_descriptions: 0,
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
      sent.push(...(response.trade_offers_sent ?? []));
      received.push(...(response.trade_offers_received ?? []));
      cursor = response.next_cursor ?? 0;
      if (!Number.isSafeInteger(cursor) || cursor < 0) cursor = 0;
      if (!cursor) break;
    }
    let broken = 0;
    const read = (list: unknown[]) =>
      list.flatMap((raw) => {
        const offer = this.read(raw, new Map());
        if (!offer) broken += 1;
        return offer ?? [];
      });
    const list = { sent: read(sent), received: read(received), broken };
    if (options.descriptions ?? true) {
      const items = [...list.sent, ...list.received].flatMap((o) => [...o.itemsToGive, ...o.itemsToReceive]);
      await this.classes.fill(items, options.maxWaitMs);
    }
    return list;
  }

  /** null when Steam does not know the offer (empty response / x-eresult 42). */
  async getOffer(tradeofferid: string, maxWaitMs?: number): Promise<TradeOffer | null> {
    let data: { response: { offer?: unknown; descriptions?: EconDescription[] | undefined } };
    let endpoint: string;
    try {
      ({
        data,
        response: { endpoint },
      } = await this.http.json(
        {
          host: 'webapi',
          method: 'GET',
          path: `${API}/GetTradeOffer/v1/`,
          query: { tradeofferid, language: 'english', get_descriptions: 0 },
          auth: 'accessToken',
          ...(maxWaitMs !== undefined ? { maxWaitMs } : {}),
        },
        getTradeOfferResponse,
      ));
    } catch (error) {
      if (error instanceof SteamEResultError && error.eresult === EResult.NoMatch) return null;
      throw error;
    }
    if (data.response.offer === undefined) return null;
    const offer = this.read(data.response.offer, indexDescriptions(data.response.descriptions ?? []));
    if (!offer) {
      throw new SteamShapeError(endpoint, 'the offer cannot be read');
    }
    await this.classes.fill([...offer.itemsToGive, ...offer.itemsToReceive], maxWaitMs);
    return offer;
  }

  /** One offer, checked on its own; what was wrong with it is logged once per process. */
  private read(raw: unknown, descriptions: Map<string, EconDescription>): TradeOffer | null {
    const { offer, id, problems } = readTradeOffer(raw, descriptions);
    if (problems.length > 0) {
      const key = `${id ?? '?'}:${problems.join(';')}`;
      if (!this.told.has(key)) {
        if (this.told.size >= TOLD_LIMIT) this.told.clear();
        this.told.add(key);
        this.http.logger.warn(
          { offerId: id, problems },
          offer
            ? 'Steam sent an offer with bad fields; they were left out'
            : 'Steam sent an offer that cannot be read; it is skipped',
        );
      }
    }
    return offer;
  }

  /**
   * Each trade row is read on its own: a row that cannot be read is left out, counted in `unreadable`
   * and logged once, and the others are shown.
   */
  async getHistory(options: {
    maxTrades: number;
    startAfterTime?: number;
    startAfterTradeId?: string;
    includeFailed?: boolean;
    maxWaitMs?: number;
  }): Promise<{ trades: Trade[]; more: boolean; total: number | null; unreadable: number }> {
    const { data } = await this.http.json(
      {
        host: 'webapi',
        method: 'GET',
        path: `${API}/GetTradeHistory/v1/`,
        query: {
          // 100 is the reported maximum with descriptions or an access token (docs/steam.md#trade-history).
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
    const descriptions = indexDescriptions(data.response.descriptions);
    const trades: Trade[] = [];
    let unreadable = 0;
    for (const raw of data.response.trades ?? []) {
      const { trade, id, problems } = readTrade(raw, descriptions);
      if (trade) {
        trades.push(trade);
        continue;
      }
      unreadable += 1;
      const key = `trade:${id ?? '?'}:${problems.join(';')}`;
      if (!this.told.has(key)) {
        if (this.told.size >= TOLD_LIMIT) this.told.clear();
        this.told.add(key);
        this.http.logger.warn(
          { tradeId: id, problems },
          'Steam sent a trade history row that cannot be read; it is left out',
        );
      }
    }
    return { trades, more: data.response.more ?? false, total: data.response.total_trades ?? null, unreadable };
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
