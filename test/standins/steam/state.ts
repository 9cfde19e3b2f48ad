// The stand-in's world: users, inventories, trade offers, trades and mobile confirmations, all from the
// bot account's point of view. Times are unix seconds from the injected clock.
import { randomBytes } from 'node:crypto';
import { nextAssetId, reserveAssetId } from './fixtures.js';
import type {
  AddOfferOptions,
  AddUserOptions,
  StandInDescription,
  StandInItem,
  StandInOffer,
  StandInOfferAsset,
  StandInOptions,
} from './types.js';

const STEAMID64_BASE = 76561197960265728n;
export const accountIdOf = (steamid: string): number => Number(BigInt(steamid) - STEAMID64_BASE);
export const isSteamId64 = (s: string): boolean => /^7656119\d{10}$/.test(s);

export const OFFER_LIFETIME_S = 14 * 86400;

export const State = {
  Active: 2,
  Accepted: 3,
  Countered: 4,
  Expired: 5,
  Canceled: 6,
  Declined: 7,
  InvalidItems: 8,
  NeedsConfirmation: 9,
  CanceledBySecondFactor: 10,
  InEscrow: 11,
  /** Reversed through CS2 trade protection (2025). */
  Reverted: 12,
} as const;

export interface User {
  steamid: string;
  accountid: number;
  personaName: string;
  vanity: string | null;
  tradeToken: string;
  friends: boolean;
  inventoryPrivate: boolean;
  profilePrivate: boolean;
  avatarHash: string;
}

export interface Inventory {
  steamid: string;
  appid: number;
  contextid: string;
  /** Newest first (descending assetid), as Steam lists inventories. */
  items: StandInItem[];
  byId: Map<string, StandInItem>;
  hidden: boolean;
  /** Index of the first asset of each class (classid_instanceid), for per-page descriptions; reset on change. */
  firstSeen?: Map<string, number> | undefined;
}

export interface OfferAsset extends StandInOfferAsset {
  /** Whose inventory the item is in before the trade. */
  owner: string;
  description: StandInDescription;
  /** Set while the trade is in escrow: the item has left the owner but not arrived yet. */
  held?: StandInItem;
}

export interface Offer {
  id: string;
  partner: string;
  isOurOffer: boolean;
  message: string;
  state: number;
  give: OfferAsset[];
  receive: OfferAsset[];
  created: number;
  updated: number;
  expires: number;
  escrowEndDate: number;
  tradeid: string | null;
  confirmationMethod: number;
  glitched: 'noDescriptions' | 'noItems' | null;
  /** Accepted by the bot, waiting for the mobile confirmation. */
  pendingAccept: boolean;
  /** A received offer its sender never confirmed (created in state 9): the bot never sees it. */
  unsent: boolean;
  /** + Fields Steam sends wrong for this offer (out-of-range numbers…), laid over the wire offer. */
  wireOverrides?: Record<string, unknown>;
}

export interface TradeAsset {
  appid: number;
  contextid: string;
  assetid: string;
  amount: number;
  classid: string;
  instanceid: string;
  newAssetid: string | null;
  newContextid: string | null;
  description: StandInDescription;
}

export interface Trade {
  tradeid: string;
  offerId: string;
  partner: string;
  timeInit: number;
  timeMod: number;
  status: number;
  escrowEnd: number;
  /** time_settlement: the end of trade protection (CS2 items), 0 when none; cleared when the trade is reversed. */
  settlement: number;
  /** rollback_trade: on the row a reversal adds, the trade it undoes. */
  reverses: string | null;
  given: TradeAsset[];
  received: TradeAsset[];
  /** + Fields Steam sends wrong for this row, laid over the wire trade. */
  wireOverrides?: Record<string, unknown>;
}

/** Trade protection lasts 7 days (docs/steam.md#trade-history); real time_settlement values fall on a whole hour. */
export const TRADE_PROTECTION_S = 7 * 24 * 3600;

export interface Confirmation {
  id: string;
  nonce: string;
  offerId: string;
  kind: 'send' | 'accept';
  created: number;
}

const compareIds = (a: string, b: string): number => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);

function randomDigits(): string {
  return (
    (BigInt(`0x${randomBytes(8).toString('hex')}`) % 9_000_000_000_000_000_000n) +
    1_000_000_000_000_000_000n
  ).toString();
}

function randomToken(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_';
  return Array.from(randomBytes(8), (b) => alphabet[b % alphabet.length]).join('');
}

export class World {
  readonly users = new Map<string, User>();
  readonly offers = new Map<string, Offer>();
  readonly trades: Trade[] = [];
  confirmations: Confirmation[] = [];
  readonly holds = new Map<string, { my: number; their: number }>();
  readonly badgeSizes = new Map<number, { normal?: number; foil?: number }>();
  /** Every class Steam has described, by appid_classid_instanceid: what GetAssetClassInfo answers from. */
  readonly classes = new Map<string, StandInDescription>();
  /** Classes GetAssetClassInfo leaves out (an app's item server that cannot describe them right now). */
  readonly classesUnavailable = new Set<string>();
  /** The account's "last visit to the trade offers page": the default time_last_visit / cutoff. */
  lastVisit: number;
  private readonly inventories = new Map<string, Map<string, Inventory>>();
  private offerSeq = 7_100_000_000;
  private tradeSeq = 3_600_000_000_000_000_000n;
  private confirmationSeq = 14_500_000_000;

  constructor(
    readonly botSteamId: string,
    private readonly nowMs: () => number,
    readonly options: StandInOptions,
  ) {
    this.lastVisit = this.now();
    this.addUser({ steamid: botSteamId, personaName: 'tradedesk bot' });
  }

  now(): number {
    return Math.floor(this.nowMs() / 1000);
  }

  // ---- users ----

  addUser(u: AddUserOptions): void {
    if (!isSteamId64(u.steamid)) throw new Error(`Steam stand-in: addUser needs a SteamID64, got ${u.steamid}`);
    const prev = this.users.get(u.steamid);
    this.users.set(u.steamid, {
      steamid: u.steamid,
      accountid: accountIdOf(u.steamid),
      personaName: u.personaName ?? prev?.personaName ?? `Trader ${accountIdOf(u.steamid)}`,
      vanity: u.vanity ?? prev?.vanity ?? null,
      tradeToken: u.tradeToken ?? prev?.tradeToken ?? randomToken(),
      friends: u.friends ?? prev?.friends ?? false,
      inventoryPrivate: u.inventoryPrivate ?? prev?.inventoryPrivate ?? false,
      profilePrivate: u.profilePrivate ?? prev?.profilePrivate ?? false,
      avatarHash: prev?.avatarHash ?? randomBytes(20).toString('hex'),
    });
  }

  userByVanity(vanity: string): User | undefined {
    const wanted = vanity.toLowerCase();
    return [...this.users.values()].find((u) => u.vanity?.toLowerCase() === wanted);
  }

  // ---- inventories ----

  setInventory(steamid: string, appid: number, contextid: string, items: StandInItem[], hidden: boolean): void {
    if (!this.users.has(steamid)) this.addUser({ steamid });
    const copies = items.map((item) => {
      const assetid = item.assetid ?? nextAssetId();
      reserveAssetId(assetid);
      return { ...item, assetid, amount: item.amount ?? 1 };
    });
    copies.sort((a, b) => compareIds(b.assetid, a.assetid));
    for (const item of copies) this.rememberClass(appid, item);
    const byId = new Map(copies.map((item) => [item.assetid, item]));
    if (byId.size !== copies.length) throw new Error('Steam stand-in: setInventory got the same assetid twice');
    let perUser = this.inventories.get(steamid);
    if (!perUser) this.inventories.set(steamid, (perUser = new Map()));
    perUser.set(`${appid}/${contextid}`, { steamid, appid, contextid, items: copies, byId, hidden });
  }

  /** Classes outlive their assets: Steam describes a class after every copy of it has moved. */
  rememberClass(appid: number, item: { classid: string; instanceid: string; description: StandInDescription }): void {
    const key = `${appid}_${item.classid}_${item.instanceid || '0'}`;
    if (!this.classes.has(key)) this.classes.set(key, item.description);
  }

  inventory(steamid: string, appid: number, contextid: string): Inventory | undefined {
    return this.inventories.get(steamid)?.get(`${appid}/${contextid}`);
  }

  inventoriesOf(steamid: string): Inventory[] {
    return [...(this.inventories.get(steamid)?.values() ?? [])];
  }

  findAsset(steamid: string, assetid: string): { inventory: Inventory; item: StandInItem } | undefined {
    for (const inventory of this.inventoriesOf(steamid)) {
      const item = inventory.byId.get(assetid);
      if (item) return { inventory, item };
    }
    return undefined;
  }

  private ensureInventory(steamid: string, appid: number, contextid: string): Inventory {
    const existing = this.inventory(steamid, appid, contextid);
    if (existing) return existing;
    this.setInventory(steamid, appid, contextid, [], false);
    return this.inventory(steamid, appid, contextid) as Inventory;
  }

  /** Removes `amount` of an asset (splitting a stack) and returns what left, without an assetid. */
  private take(asset: OfferAsset): StandInItem {
    const found = this.findAsset(asset.owner, asset.assetid);
    if (!found) throw new Error(`Steam stand-in: asset ${asset.assetid} vanished mid-trade`);
    const { inventory, item } = found;
    const have = item.amount ?? 1;
    if (asset.amount < have) {
      item.amount = have - asset.amount;
      return { ...item, amount: asset.amount };
    }
    inventory.byId.delete(asset.assetid);
    inventory.items.splice(inventory.items.indexOf(item), 1);
    inventory.firstSeen = undefined;
    return { ...item };
  }

  /** Puts an item into an inventory under a new assetid (newest first). */
  private put(steamid: string, appid: number, contextid: string, item: StandInItem, keepId?: string): string {
    const inventory = this.ensureInventory(steamid, appid, contextid);
    const assetid = keepId && !inventory.byId.has(keepId) ? keepId : nextAssetId();
    const placed = { ...item, assetid };
    let lo = 0;
    let hi = inventory.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (compareIds((inventory.items[mid] as StandInItem).assetid as string, assetid) > 0) lo = mid + 1;
      else hi = mid;
    }
    inventory.items.splice(lo, 0, placed);
    inventory.firstSeen = undefined;
    inventory.byId.set(assetid, placed);
    return assetid;
  }

  /** The item is still where the offer says, with enough of the stack. */
  isPresent(asset: OfferAsset): boolean {
    const found = this.findAsset(asset.owner, asset.assetid);
    return (
      !!found &&
      found.inventory.appid === asset.appid &&
      found.inventory.contextid === asset.contextid &&
      (found.item.amount ?? 1) >= asset.amount
    );
  }

  offerAsset(owner: string, assetid: string, amount?: number): OfferAsset | null {
    const found = this.findAsset(owner, assetid);
    if (!found) return null;
    return {
      owner,
      appid: found.inventory.appid,
      contextid: found.inventory.contextid,
      assetid,
      classid: found.item.classid,
      instanceid: found.item.instanceid,
      amount: amount ?? found.item.amount ?? 1,
      newAssetid: null,
      description: found.item.description,
    };
  }

  // ---- offers ----

  createOffer(o: {
    partner: string;
    isOurOffer: boolean;
    give: OfferAsset[];
    receive: OfferAsset[];
    message: string;
    state: number;
    created?: number | undefined;
    updated?: number | undefined;
    expires?: number | undefined;
    escrowEndDate?: number | undefined;
    glitched?: 'noDescriptions' | 'noItems' | undefined;
    confirmationMethod?: number;
  }): Offer {
    this.offerSeq += 1;
    const created = o.created ?? this.now();
    const offer: Offer = {
      id: String(this.offerSeq),
      partner: o.partner,
      isOurOffer: o.isOurOffer,
      message: o.message,
      state: o.state,
      give: o.give,
      receive: o.receive,
      created,
      updated: o.updated ?? created,
      expires: o.expires ?? created + OFFER_LIFETIME_S,
      escrowEndDate: o.escrowEndDate ?? 0,
      tradeid: null,
      confirmationMethod: o.confirmationMethod ?? 0,
      glitched: o.glitched ?? null,
      pendingAccept: false,
      unsent: !o.isOurOffer && o.state === State.NeedsConfirmation,
    };
    this.offers.set(offer.id, offer);
    return offer;
  }

  /** The control API's addOffer: items are looked up in the bot's and the partner's inventories. */
  addOffer(o: AddOfferOptions): string {
    if (!this.users.has(o.partner)) this.addUser({ steamid: o.partner });
    const lookup = (owner: string, ids: string[] | undefined) =>
      (ids ?? []).map((assetid) => {
        const asset = this.offerAsset(owner, assetid);
        if (!asset) throw new Error(`Steam stand-in: addOffer: ${owner} has no asset ${assetid}`);
        return asset;
      });
    const offer = this.createOffer({
      partner: o.partner,
      isOurOffer: o.isOurOffer ?? false,
      give: lookup(this.botSteamId, o.give),
      receive: lookup(o.partner, o.receive),
      message: o.message ?? '',
      state: o.state ?? State.Active,
      created: o.created,
      updated: o.updated,
      expires: o.expires,
      escrowEndDate: o.escrowEndDate,
      glitched: o.glitched,
    });
    if (offer.state === State.Accepted || offer.state === State.InEscrow) offer.tradeid = this.nextTradeId();
    return offer.id;
  }

  setOfferState(id: string, state: number, updated?: number): void {
    const offer = this.offers.get(id);
    if (!offer) throw new Error(`Steam stand-in: no offer ${id}`);
    const active = offer.state === State.Active || offer.state === State.NeedsConfirmation;
    if (state === State.Accepted && active && this.allPresent(offer)) {
      this.executeTrade(offer, { ignoreHold: true });
    } else if (state === State.Reverted && offer.state === State.Accepted && offer.tradeid) {
      this.reverseTrade(offer);
      offer.state = state;
    } else {
      offer.state = state;
      if (state === State.Accepted && !offer.tradeid) offer.tradeid = this.nextTradeId();
    }
    offer.pendingAccept = false;
    offer.updated = updated ?? this.now();
    // The partner confirming (or anything but a second-factor cancel) makes a received state-9 offer real.
    if (state !== State.NeedsConfirmation && state !== State.CanceledBySecondFactor) offer.unsent = false;
    this.dropStaleConfirmations();
  }

  /** Offers the bot can see: state 9 offers are visible only to their sender. */
  visibleOffers(): Offer[] {
    return [...this.offers.values()].filter((o) => !o.unsent);
  }

  private nextTradeId(): string {
    this.tradeSeq += 1n;
    return this.tradeSeq.toString();
  }

  holdFor(partner: string): { my: number; their: number; both: number } {
    const hold = this.holds.get(partner) ?? { my: 0, their: 0 };
    return { ...hold, both: Math.max(hold.my, hold.their) };
  }

  allPresent(offer: Offer): boolean {
    return [...offer.give, ...offer.receive].every((a) => this.isPresent(a));
  }

  /**
   * Exchanges the items (new assetids on the receiving side) and records the trade. With a trade hold the
   * items leave both inventories now and arrive when the hold ends. Returns false (offer → 8) when an item is gone.
   */
  executeTrade(offer: Offer, opts: { ignoreHold?: boolean } = {}): boolean {
    const now = this.now();
    if (!this.allPresent(offer)) {
      offer.state = State.InvalidItems;
      offer.updated = now;
      offer.pendingAccept = false;
      this.dropStaleConfirmations();
      return false;
    }
    const hold = opts.ignoreHold ? 0 : this.holdFor(offer.partner).both;
    const tradeid = this.nextTradeId();
    const move = (asset: OfferAsset, to: string): TradeAsset => {
      const item = this.take(asset);
      let newAssetid: string | null = null;
      if (hold > 0) asset.held = item;
      else newAssetid = this.put(to, asset.appid, asset.contextid, item);
      asset.newAssetid = newAssetid;
      return {
        appid: asset.appid,
        contextid: asset.contextid,
        assetid: asset.assetid,
        amount: asset.amount,
        classid: asset.classid,
        instanceid: asset.instanceid,
        newAssetid,
        newContextid: newAssetid ? asset.contextid : null,
        description: asset.description,
      };
    };
    const given = offer.give.map((a) => move(a, offer.partner));
    const received = offer.receive.map((a) => move(a, this.botSteamId));
    const protectedItems = hold === 0 && [...given, ...received].some((a) => a.appid === 730);
    this.trades.push({
      tradeid,
      offerId: offer.id,
      partner: offer.partner,
      timeInit: now,
      timeMod: now,
      status: hold > 0 ? 10 : 3,
      escrowEnd: hold > 0 ? now + hold : 0,
      settlement: protectedItems ? Math.ceil((now + TRADE_PROTECTION_S) / 3600) * 3600 : 0,
      reverses: null,
      given,
      received,
    });
    offer.tradeid = tradeid;
    offer.state = hold > 0 ? State.InEscrow : State.Accepted;
    offer.escrowEndDate = hold > 0 ? now + hold : 0;
    offer.updated = now;
    offer.pendingAccept = false;
    this.invalidateOffersWithMissingItems(offer.id);
    this.dropStaleConfirmations();
    return true;
  }

  /**
   * Trade protection undoes an accepted offer's trade, as real 2026 history shows it: the trade moves to
   * status 12 with time_mod and loses time_settlement, and a new status-3 row names it in rollback_trade, with
   * the same assets on the same sides. The items go back to where they were, under their old asset ids
   * (since 2026 a reversal no longer changes them: csfloat/extension#391). Items the receiver no longer has stay.
   */
  private reverseTrade(offer: Offer): void {
    const trade = this.trades.find((t) => t.tradeid === offer.tradeid);
    if (!trade || trade.status !== 3 || trade.reverses !== null) return;
    const now = this.now();
    const giveBack = (assets: OfferAsset[], holder: string) =>
      assets.forEach((asset) => {
        if (!asset.newAssetid) return;
        const found = this.findAsset(holder, asset.newAssetid);
        if (!found) return;
        const item = this.take({ ...asset, owner: holder, assetid: asset.newAssetid });
        this.put(asset.owner, asset.appid, asset.contextid, item, asset.assetid);
      });
    giveBack(offer.give, offer.partner);
    giveBack(offer.receive, this.botSteamId);
    trade.status = 12;
    trade.timeMod = now;
    trade.settlement = 0;
    this.trades.push({
      tradeid: this.nextTradeId(),
      offerId: offer.id,
      partner: trade.partner,
      timeInit: now,
      timeMod: now,
      status: 3,
      escrowEnd: 0,
      settlement: 0,
      reverses: trade.tradeid,
      given: trade.given.map((a) => ({ ...a, newAssetid: null, newContextid: null })),
      received: trade.received.map((a) => ({ ...a, newAssetid: null, newContextid: null })),
    });
  }

  /** After a trade, other active offers holding one of its items become InvalidItems, as on Steam. */
  private invalidateOffersWithMissingItems(exceptId: string): void {
    const now = this.now();
    for (const o of this.offers.values()) {
      if (o.id === exceptId || (o.state !== State.Active && o.state !== State.NeedsConfirmation)) continue;
      if (!this.allPresent(o)) {
        o.state = State.InvalidItems;
        o.updated = now;
        o.pendingAccept = false;
      }
    }
  }

  /** Expiry and the end of trade holds, applied lazily before every request. */
  normalize(): void {
    const now = this.now();
    for (const offer of this.offers.values()) {
      if ((offer.state === State.Active || offer.state === State.NeedsConfirmation) && offer.expires <= now) {
        offer.state = State.Expired;
        offer.updated = offer.expires;
        offer.pendingAccept = false;
      }
      if (offer.state === State.InEscrow && offer.escrowEndDate > 0 && offer.escrowEndDate <= now) {
        const trade = this.trades.find((t) => t.tradeid === offer.tradeid);
        const deliver = (assets: OfferAsset[], to: string, record: TradeAsset[] | undefined) =>
          assets.forEach((asset, i) => {
            if (!asset.held) return;
            asset.newAssetid = this.put(to, asset.appid, asset.contextid, asset.held);
            delete asset.held;
            const r = record?.[i];
            if (r) {
              r.newAssetid = asset.newAssetid;
              r.newContextid = asset.contextid;
            }
          });
        deliver(offer.give, offer.partner, trade?.given);
        deliver(offer.receive, this.botSteamId, trade?.received);
        offer.state = State.Accepted;
        offer.updated = offer.escrowEndDate;
        if (trade) {
          trade.status = 3;
          trade.timeMod = offer.escrowEndDate;
        }
      }
    }
    this.dropStaleConfirmations();
  }

  // ---- mobile confirmations ----

  createConfirmation(offerId: string, kind: 'send' | 'accept'): Confirmation {
    const existing = this.confirmations.find((c) => c.offerId === offerId && c.kind === kind);
    if (existing) return existing;
    this.confirmationSeq += 1;
    const confirmation = {
      id: String(this.confirmationSeq),
      nonce: randomDigits(),
      offerId,
      kind,
      created: this.now(),
    };
    this.confirmations.push(confirmation);
    return confirmation;
  }

  private dropStaleConfirmations(): void {
    this.confirmations = this.confirmations.filter((c) => {
      const offer = this.offers.get(c.offerId);
      if (!offer) return false;
      return c.kind === 'send'
        ? offer.state === State.NeedsConfirmation
        : offer.state === State.Active && offer.pendingAccept;
    });
  }

  /** allow: the pending accept happens / the state-9 offer is sent. */
  allowConfirmation(c: Confirmation): boolean {
    const offer = this.offers.get(c.offerId);
    if (!offer) return false;
    if (c.kind === 'send') {
      if (offer.state !== State.NeedsConfirmation) return false;
      offer.state = State.Active;
      offer.updated = this.now();
      this.dropStaleConfirmations();
      return true;
    }
    if (offer.state !== State.Active || !offer.pendingAccept) return false;
    return this.executeTrade(offer);
  }

  cancelConfirmation(c: Confirmation): boolean {
    const offer = this.offers.get(c.offerId);
    if (!offer) return false;
    offer.state = State.CanceledBySecondFactor;
    offer.updated = this.now();
    offer.pendingAccept = false;
    this.dropStaleConfirmations();
    return true;
  }

  toPublicOffer(o: Offer): StandInOffer {
    const asset = (a: OfferAsset): StandInOfferAsset => ({
      appid: a.appid,
      contextid: a.contextid,
      assetid: a.assetid,
      classid: a.classid,
      instanceid: a.instanceid,
      amount: a.amount,
      newAssetid: a.newAssetid,
    });
    return {
      id: o.id,
      partner: o.partner,
      isOurOffer: o.isOurOffer,
      message: o.message,
      state: o.state,
      itemsToGive: o.give.map(asset),
      itemsToReceive: o.receive.map(asset),
      created: o.created,
      updated: o.updated,
      expires: o.expires,
      escrowEndDate: o.escrowEndDate,
      tradeid: o.tradeid,
      confirmationMethod: o.confirmationMethod,
      glitched: o.glitched,
    };
  }
}
