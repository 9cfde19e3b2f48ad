// Trade actions on the community site (docs/steam.md#community-trade-actions): send, accept, decline, cancel
// and the one-time trade-protection acknowledgement. The Web API decline/cancel were removed
// in 2022. Each POST carries the sessionid cookie and body field, Referer and Origin.
import { EResult } from './enums.js';
import { SteamEResultError, SteamHttpError, SteamShapeError, type SteamErrorCause } from './errors.js';
import { parseJson } from './answers.js';
import type { SteamHttp } from './http.js';
import type { SteamResponse } from './request.js';
import { steamId64ToAccountId } from './ids.js';
import { acceptOfferResponse, offerActionResponse, sendOfferResponse } from './wire/community.js';
import type { OfferAssetRef, SendOfferResult } from './types.js';

const MAX_REDIRECTS = 5;

/** Steam cuts messages at 128 characters; so do node-steam-tradeoffer-manager and ASF. */
export const MAX_OFFER_MESSAGE = 128;

const KNOWN_CAUSES: Array<[RegExp, SteamErrorCause, number | null]> = [
  [/trade ban/i, 'TradeBan', null],
  [/new device/i, 'NewDevice', null],
  [/is not available to trade/i, 'TargetCannotTrade', null],
  [/sent too many trade offers|too many outstanding trade offers/i, 'OfferLimitExceeded', EResult.LimitExceeded],
  [/unable to contact the game'?s item server/i, 'ItemServerUnavailable', EResult.ServiceUnavailable],
];

/** "There was an error … (15)" → EResult 15 with Steam's text and, when recognised, a cause. */
export function parseStrError(strError: string): { eresult: number; message: string; cause?: SteamErrorCause } {
  const text = strError.replace(/\s+/g, ' ').trim();
  const code = /\((\d+)\)\s*$/.exec(text);
  const message = code ? text.slice(0, code.index).trim() : text;
  let eresult = code?.[1] ? Number(code[1]) : null;
  for (const [pattern, cause, impliedResult] of KNOWN_CAUSES) {
    if (pattern.test(text)) return { eresult: eresult ?? impliedResult ?? EResult.Fail, message, cause };
  }
  eresult ??= EResult.Fail;
  return { eresult, message };
}

function throwStrError(response: SteamResponse, strError: string): never {
  const { eresult, message, cause } = parseStrError(strError);
  throw new SteamEResultError(response.endpoint, eresult, message, cause);
}

/** Steam's answer to an accept that it took. */
export interface AcceptAnswer {
  tradeid: string | null;
  needsMobileConfirmation: boolean;
  needsEmailConfirmation: boolean;
}

export class TradeActions {
  constructor(private readonly http: SteamHttp) {}

  private get community(): string {
    return this.http.communityUrl;
  }

  private get sessionId(): string {
    return this.http.currentSession.sessionId;
  }

  /** To a trade URL (token given) or a friend's SteamID64; an empty `receive` is a gift. */
  async send(options: {
    partner: string;
    token?: string | undefined;
    give: OfferAssetRef[];
    receive: OfferAssetRef[];
    message?: string | undefined;
  }): Promise<SendOfferResult> {
    const accountid = steamId64ToAccountId(options.partner);
    const asAssets = (refs: OfferAssetRef[]) =>
      refs.map((r) => ({ appid: r.appid, contextid: r.contextid, amount: r.amount, assetid: r.assetid }));
    const offer = {
      newversion: true,
      // A change counter; libraries use the item count + 1.
      version: options.give.length + options.receive.length + 1,
      me: { assets: asAssets(options.give), currency: [], ready: false },
      them: { assets: asAssets(options.receive), currency: [], ready: false },
    };
    const referer = `${this.community}/tradeoffer/new/?partner=${accountid}${options.token ? `&token=${options.token}` : ''}`;
    const response = await this.http.send({
      host: 'community',
      method: 'POST',
      path: '/tradeoffer/new/send',
      form: {
        sessionid: this.sessionId,
        serverid: '1',
        partner: options.partner,
        tradeoffermessage: (options.message ?? '').slice(0, MAX_OFFER_MESSAGE),
        json_tradeoffer: JSON.stringify(offer),
        captcha: '',
        trade_offer_create_params: JSON.stringify(options.token ? { trade_offer_access_token: options.token } : {}),
      },
      headers: { referer },
      auth: 'cookies',
      acceptStatuses: [400, 500],
    });
    const body = parseJson(response, sendOfferResponse, this.http.logger);
    if (body.strError) throwStrError(response, body.strError);
    if (!body.tradeofferid) throw new SteamShapeError(response.endpoint, 'no tradeofferid in the answer');
    return {
      tradeofferid: body.tradeofferid,
      needsMobileConfirmation: body.needs_mobile_confirmation ?? false,
      needsEmailConfirmation: body.needs_email_confirmation ?? false,
    };
  }

  /**
   * Every strError is thrown, 28 too: Steam uses it for "already accepted" and for item-server
   * trouble alike, so only reading the offer again tells (SteamClient does).
   */
  async accept(tradeofferid: string, partner: string): Promise<AcceptAnswer> {
    const response = await this.http.send({
      host: 'community',
      method: 'POST',
      path: `/tradeoffer/${tradeofferid}/accept`,
      form: { sessionid: this.sessionId, serverid: '1', tradeofferid, partner, captcha: '' },
      headers: { referer: `${this.community}/tradeoffer/${tradeofferid}/` },
      auth: 'cookies',
      // On accept, 403 is "not logged in" (docs/steam.md#expired-sessions).
      on403: 'expired',
      acceptStatuses: [400, 500],
    });
    const body = parseJson(response, acceptOfferResponse, this.http.logger);
    if (body.strError) throwStrError(response, body.strError);
    return {
      tradeid: body.tradeid ?? null,
      needsMobileConfirmation: body.needs_mobile_confirmation ?? false,
      needsEmailConfirmation: body.needs_email_confirmation ?? false,
    };
  }

  decline(tradeofferid: string): Promise<void> {
    return this.simpleAction(tradeofferid, 'decline');
  }

  cancel(tradeofferid: string): Promise<void> {
    return this.simpleAction(tradeofferid, 'cancel');
  }

  /**
   * Needed once per account since 2025-07 before trades with protected items can be confirmed
   * (docs/steam.md#trade-protection). Steam may answer with a redirect (aiosteampy follows them: "handle eligibility
   * check"), so redirects on the community site are followed, a few hops at most; a redirect
   * to the sign-in page is an expired session.
   */
  async acknowledgeTradeProtection(): Promise<void> {
    let response = await this.http.send({
      host: 'community',
      method: 'POST',
      path: '/trade/new/acknowledge',
      form: { sessionid: this.sessionId, message: '1' },
      headers: { referer: `${this.community}/my/tradeoffers/` },
      auth: 'cookies',
      returnRedirects: true,
    });
    for (let hop = 0; response.status >= 300 && response.status < 400; hop += 1) {
      const location = new URL(String(response.headers.location ?? ''), this.community);
      if (hop >= MAX_REDIRECTS || location.origin !== new URL(this.community).origin) {
        throw new SteamHttpError(response.endpoint, 'POST', response.status);
      }
      response = await this.http.send({
        host: 'community',
        method: 'GET',
        path: location.pathname + location.search,
        auth: 'cookies',
        returnRedirects: true,
      });
    }
  }

  private async simpleAction(tradeofferid: string, action: 'decline' | 'cancel'): Promise<void> {
    const response = await this.http.send({
      host: 'community',
      method: 'POST',
      path: `/tradeoffer/${tradeofferid}/${action}`,
      form: { sessionid: this.sessionId },
      headers: { referer: `${this.community}/tradeoffer/${tradeofferid}/` },
      auth: 'cookies',
      acceptStatuses: [400, 500],
    });
    const body = parseJson(response, offerActionResponse, this.http.logger);
    if (body.strError) throwStrError(response, body.strError);
  }
}
