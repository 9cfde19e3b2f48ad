// Public types of the Steam stand-in (the control API is a contract other tests rely on).
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthControl } from './auth.js';

export type StandInHost = 'community' | 'webapi' | 'tradebots';

/** A description as the community inventory endpoint sends it (0/1 flags, string ids). Extra fields pass through. */
export interface StandInDescription {
  appid: number;
  classid: string;
  instanceid: string;
  name: string;
  market_hash_name: string;
  type: string;
  tradable: number;
  marketable: number;
  [field: string]: unknown;
}

export interface StandInItem {
  /** Auto-assigned (unique, increasing numeric strings) by the builders and by setInventory when absent. */
  assetid?: string;
  classid: string;
  instanceid: string;
  /** Default 1. A stack (gems) is one asset with amount > 1. */
  amount?: number;
  /** A currency entry: served with `currencyid` instead of `assetid`. */
  currency?: boolean;
  description: StandInDescription;
}

/** An item of an offer, from the bot's point of view. */
export interface StandInOfferAsset {
  appid: number;
  contextid: string;
  assetid: string;
  classid: string;
  instanceid: string;
  amount: number;
  /** Where the item went when the trade happened (null before). */
  newAssetid: string | null;
}

export interface StandInOffer {
  id: string;
  /** SteamID64 of the other party. */
  partner: string;
  isOurOffer: boolean;
  message: string;
  state: number;
  itemsToGive: StandInOfferAsset[];
  itemsToReceive: StandInOfferAsset[];
  /** Unix seconds. */
  created: number;
  updated: number;
  expires: number;
  /** Unix seconds, 0 when none. */
  escrowEndDate: number;
  tradeid: string | null;
  confirmationMethod: number;
  glitched: 'noDescriptions' | 'noItems' | null;
}

export interface AddUserOptions {
  steamid: string;
  personaName?: string;
  vanity?: string;
  /** Trade URL token; a random 8-character one when absent. */
  tradeToken?: string;
  friends?: boolean;
  inventoryPrivate?: boolean;
  profilePrivate?: boolean;
}

export interface AddOfferOptions {
  partner: string;
  isOurOffer?: boolean;
  /** Bot assetids. */
  give?: string[];
  /** Partner assetids. */
  receive?: string[];
  message?: string;
  state?: number;
  /** Unix seconds (default now). */
  created?: number;
  updated?: number;
  expires?: number;
  escrowEndDate?: number;
  glitched?: 'noDescriptions' | 'noItems';
}

export interface RecordedRequest {
  host: StandInHost;
  method: string;
  /** Pathname only. */
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: string;
  form?: Record<string, string | string[]>;
  json?: unknown;
  /** ms, from the stand-in's clock. */
  at: number;
  /** + The status answered (set once the answer is written). */
  status?: number;
  /** + True when an injected fault answered it. */
  faulted?: boolean;
  /** + True when it was processed and its answer then lost (loseAnswer). */
  answerLost?: boolean;
  /** + For a streamed filler answer: the bytes handed to the socket before the reader let go. */
  streamedBytes?: number;
  /** + Why Steam's 2026 client-header filter turned it away (answered 429), when it did. */
  filteredBecause?: string;
}

export interface Fault {
  host: StandInHost;
  /** Matched against the pathname (for tradebots also without the /api/v1 prefix). */
  path: string | RegExp;
  method?: string;
  /** Default 1. */
  times?: number;
  status: number;
  headers?: Record<string, string>;
  body?: string | object | null;
  redirectTo?: string;
  /** + Instead of `body`: stream this many bytes of JSON-looking filler, chunked, with no Content-Length. */
  streamBytes?: number;
}

/**
 * + An answer lost on the way back: the stand-in handles the request (the world changes as Steam's
 * would), then destroys the connection without writing a byte — a timeout or reset seen from the client.
 */
export interface LostAnswer {
  host: StandInHost;
  path: string | RegExp;
  method?: string;
  /** Default 1. */
  times?: number;
}

/** + A request answered normally but late: what a slow Steam looks like to two racing clients. */
export interface SlowDown {
  host: StandInHost;
  path: string | RegExp;
  method?: string;
  delayMs: number;
  /** Default 1. */
  times?: number;
}

/** + A request to keep waiting until the test releases it (Hub.hold). */
export interface Hold {
  host: StandInHost;
  path: string | RegExp;
  method?: string;
}

export interface HeldRequest {
  /** Resolves when the request has arrived (it is recorded, not answered). */
  reached: Promise<RecordedRequest>;
  /** Lets it be answered as usual. */
  release(): void;
}

export interface StandInOptions {
  inventoryPageCap: number;
  tradeOffersPageSize: number;
  acceptNeedsConfirmation: boolean;
  sendNeedsConfirmation: boolean;
  serverTimeOffsetSeconds: number;
  tradeProtectionAcknowledged: boolean;
  /** + Community GETs without browser headers and mobileconf without the mobile app's User-Agent get 429 (default true). */
  clientHeaderChecks: boolean;
  /**
   * Content-Encoding for community and Web API answers when the request accepts it (Steam
   * sends gzip to browsers); null answers uncompressed, the default for speed.
   */
  contentEncoding: 'gzip' | 'br' | null;
}

export interface TradeBotsControl {
  updates: Array<{ body: unknown; status: number }>;
  listing: Record<string, unknown>;
  setKeyActive(active: boolean): void;
}

export interface SteamStandIn {
  communityUrl: string;
  webApiUrl: string;
  tradeBotsUrl: string;
  bot: {
    steamid: string;
    cookies: string;
    sessionId: string;
    accessToken: string;
    apiKey: string;
    identitySecret: string;
    tradeBotsApiKey: string;
  };
  makeCookies(opts: { exp: number }): string;
  /** + IAuthenticationService: the bot account's login, token lifetimes, refresh-token renewal and revocation. */
  auth: AuthControl;
  options: StandInOptions;
  addUser(u: AddUserOptions): void;
  setInventory(
    steamid: string,
    appid: number,
    contextid: string,
    items: StandInItem[],
    opts?: { hidden?: boolean },
  ): void;
  getInventory(steamid: string, appid: number, contextid: string): StandInItem[];
  addOffer(o: AddOfferOptions): string;
  setOfferState(id: string, state: number, opts?: { updated?: number }): void;
  getOffer(id: string): StandInOffer;
  /** + Steam answering an offer without descriptions / items (or, with null, whole again); time_updated unchanged. */
  setOfferGlitched(id: string, glitched: 'noDescriptions' | 'noItems' | null): void;
  /**
   * + Lays fields over the offer's wire object in every Web API answer, as Steam sometimes sends them wrong
   * (an out-of-range `time_updated`, a bad `tradeofferid`, items without ids…).
   */
  corruptOffer(id: string, fields: Record<string, unknown>): void;
  /** + The same for a GetTradeHistory / GetTradeStatus row (`time_init` out of range, an asset without its id…). */
  corruptTrade(tradeid: string, fields: Record<string, unknown>): void;
  /** + GetAssetClassInfo leaves this class out of its answers (true) or describes it again (false). */
  setClassInfoUnavailable(appid: number, classid: string, instanceid: string, unavailable: boolean): void;
  /**
   * + The next `times` calls of a Web API method (e.g. "GetTradeOffersSummary") answer HTTP 200,
   * `{"response":{}}` and `x-eresult: <eresult>` (2 Fail, 16 Timeout, 20 ServiceUnavailable…): a failed call.
   */
  webApiFails(f: { method: string; eresult: number; times?: number }): void;
  setTradeHold(steamid: string, hold: { my: number; their: number }): void;
  setBadgeSetSize(appid: number, size: number, foil?: boolean): void;
  expireSession(): void;
  restoreSession(): void;
  inject(f: Fault): void;
  slowDown(d: SlowDown): void;
  /** + The next matching request is processed, then its connection dropped without an answer. */
  loseAnswer(l: LostAnswer): void;
  /** + Keeps the next matching request unanswered until release(). */
  hold(h: Hold): HeldRequest;
  requests: RecordedRequest[];
  waitForRequest(
    pred: (r: RecordedRequest) => boolean,
    opts?: { timeoutMs?: number; includePast?: boolean },
  ): Promise<RecordedRequest>;
  count(pred: (r: RecordedRequest) => boolean): number;
  tradeBots: TradeBotsControl;
  /** + Pending mobile confirmations (kind 'send': a state-9 offer; 'accept': an accept awaiting confirmation). */
  confirmations(): Array<{ id: string; nonce: string; offerId: string; kind: 'send' | 'accept' }>;
  /**
   * + Trades in the history, oldest first (status 3 complete, 10 in escrow, 12 reversed by trade protection;
   * `reverses` on the row a reversal adds; `settlement` in Unix seconds, 0 when none).
   */
  trades(): Array<{
    tradeid: string;
    offerId: string;
    partner: string;
    status: number;
    settlement: number;
    reverses: string | null;
  }>;
  close(): Promise<void>;
}
