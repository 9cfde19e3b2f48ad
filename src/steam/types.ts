// Domain types in Steam's own words. Every 64-bit id stays a string (assetid, classid,
// instanceid, contextid, tradeofferid, tradeid, SteamID64): JS numbers would corrupt them.

/**
 * A tag of an item description (category "Game" → internal_name "app_550", "cardborder" →
 * "cardborder_1"…) with its localized name (the card's stock line names the game from it).
 */
export interface EconTag {
  category: string;
  internalName: string;
  /** localized_tag_name ("Team Fortress 2"); '' when Steam sends none. */
  name: string;
}

/**
 * What Steam says about a class of items (the description joined by classid + instanceid),
 * validated once per class and shared by reference by every asset of the class. Only fields
 * something reads are kept (icons, localized tag names, market_name, commodity… are dropped):
 * a 100,000-item inventory holds ~30,000 of these.
 */
export interface EconDescription {
  appid: number;
  classid: string;
  instanceid: string;
  name: string;
  marketHashName: string;
  type: string;
  tradable: boolean;
  marketable: boolean;
  /** Shared with other descriptions of the same load that have equal tags: read-only. */
  tags: readonly EconTag[];
  /** market_fee_app, the game a Steam Community item belongs to. */
  marketFeeApp: number | null;
  /** 2025 trade protection: cannot be modified, consumed or transferred. */
  sealed: boolean;
  /** E.g. a renamed item's original name; shared empty array when there are none. */
  fraudWarnings: readonly string[];
  /** Booster packs (2025+): the classids of the cards of the game's set. */
  containedClassids?: string[];
}

/**
 * One asset (or currency stack) in an inventory, joined to its description. In a loaded
 * inventory, contextid, classid and instanceid are the inventory's and the description's own
 * strings, so an item costs little more than its assetid.
 */
export interface EconItem {
  appid: number;
  contextid: string;
  assetid: string;
  classid: string;
  instanceid: string;
  amount: number;
  /** Currency entries carry currencyid instead of assetid; assetid holds that id then. */
  isCurrency: boolean;
  description: EconDescription | null;
}

/** Items grouped by market_hash_name, as /inventory show lists them. */
export interface InventoryGroup {
  marketHashName: string;
  name: string;
  type: string;
  /** Sum of amounts (a stack of 1,000 gems counts 1,000). */
  quantity: number;
  /** Quantity of tradable copies. */
  tradableQuantity: number;
  marketable: boolean;
  tradable: boolean;
  isCurrency: boolean;
  /** Steam's fraud warnings ("This item has been renamed…"); such items are grouped apart. */
  fraudWarnings: readonly string[];
}

export interface Inventory {
  steamid: string;
  appid: number;
  contextid: string;
  items: EconItem[];
  /** total_inventory_count as Steam reported it. */
  totalInventoryCount: number;
  /** Steam said there are items, but none are visible to this viewer (CS2 trade hold). */
  hiddenItems: boolean;
}

export interface InventoryProgress {
  pagesLoaded: number;
  itemsLoaded: number;
  /** Estimated from total_inventory_count and the page size; null before the first page. */
  totalPages: number | null;
  totalItems: number | null;
}

/** One context of a user's inventory (g_rgAppContextData). */
export interface InventoryContext {
  appid: number;
  appName: string;
  contextid: string;
  contextName: string;
  assetCount: number;
  tradePermissions: string;
}

/** An asset inside a trade offer. */
export interface TradeOfferAsset {
  appid: number;
  contextid: string;
  assetid: string;
  classid: string;
  instanceid: string;
  amount: number;
  missing: boolean;
  description: EconDescription | null;
}

export interface TradeOffer {
  id: string;
  /** The other party's SteamID64. */
  partner: string;
  message: string;
  state: number;
  /** From the bot's point of view, whoever created the offer. */
  itemsToGive: TradeOfferAsset[];
  itemsToReceive: TradeOfferAsset[];
  isOurOffer: boolean;
  created: Date;
  updated: Date;
  expires: Date;
  tradeid: string | null;
  fromRealTimeTrade: boolean;
  confirmationMethod: number;
  /** Escrow end, when Steam reports one. */
  escrowEnds: Date | null;
  /** Items Steam listed without readable ids (left out of the lists above): the offer is not whole. */
  unreadableItems?: number;
}

export interface TradeOffersSummary {
  pendingReceivedCount: number;
  newReceivedCount: number;
  updatedReceivedCount: number;
  historicalReceivedCount: number;
  pendingSentCount: number;
  newlyAcceptedSentCount: number;
  updatedSentCount: number;
  historicalSentCount: number;
  escrowReceivedCount: number;
  escrowSentCount: number;
}

export interface TradeHistoryAsset {
  appid: number;
  contextid: string;
  assetid: string;
  amount: number;
  /** Null when Steam left it out (real 2026 history rows carry only appid, contextid and assetid). */
  classid: string | null;
  instanceid: string;
  newAssetid: string | null;
  newContextid: string | null;
  /** Where the item went when the trade was rolled back (support or trade-protection rollbacks). */
  rollbackNewAssetid: string | null;
  rollbackNewContextid: string | null;
  description: EconDescription | null;
}

export interface Trade {
  tradeid: string;
  partner: string;
  timeInit: Date;
  /** ETradeStatus; 12 = reversed by trade protection (this row is the trade that was undone). */
  status: number;
  escrowEnds: Date | null;
  /** time_settlement: until then trade protection may still reverse the trade. Steam clears it on reversal. */
  settlement: Date | null;
  /** time_mod: when the trade last changed; on a status-12 row, when it was reversed. */
  modified: Date | null;
  /**
   * rollback_trade: this row is the reversal Steam adds (status 3) and names the trade it undoes. Its assets
   * mirror the undone trade's sides: assets_given are items we had given and get back.
   */
  reverses: string | null;
  assetsGiven: TradeHistoryAsset[];
  assetsReceived: TradeHistoryAsset[];
}

export interface TradeHoldDurations {
  /** Seconds; 0 means no hold. */
  myEscrowSeconds: number;
  theirEscrowSeconds: number;
  bothEscrowSeconds: number;
}

/** A parsed trade URL: https://steamcommunity.com/tradeoffer/new/?partner=<accountid>&token=<token> */
export interface TradeUrl {
  accountid: number;
  steamid: string;
  token: string;
}

/** An asset to put in an offer. */
export interface OfferAssetRef {
  appid: number;
  contextid: string;
  assetid: string;
  amount: number;
}

export interface SendOfferResult {
  tradeofferid: string;
  needsMobileConfirmation: boolean;
  needsEmailConfirmation: boolean;
}

export interface MobileConfirmation {
  id: string;
  nonce: string;
  type: number;
  /** For a trade confirmation, the trade offer id. */
  creatorId: string;
  headline: string;
  summary: string[];
  created: Date;
}

export interface PlayerSummary {
  steamid: string;
  personaName: string;
  profileUrl: string;
  avatarUrl: string | null;
}
