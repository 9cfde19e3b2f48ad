// Steam's enums with Steam's own numbers. Unknown numbers are kept as plain numbers
// everywhere (Steam adds states without notice: 12 Reverted arrived in 2025).

/** ETradeOfferState (docs/steam.md#offer-states). */
export const ETradeOfferState = {
  Invalid: 1,
  /** Sent, nobody has acted yet. */
  Active: 2,
  /** Items exchanged (CS2 trade protection may still reverse it). */
  Accepted: 3,
  /** The recipient sent a counter offer. */
  Countered: 4,
  /** Not accepted before expiration_time. */
  Expired: 5,
  /** The sender canceled it. */
  Canceled: 6,
  /** The recipient declined it. */
  Declined: 7,
  /** Some items are gone (missing: true). */
  InvalidItems: 8,
  /** Not yet sent: awaiting email/mobile confirmation; visible only to the sender. */
  CreatedNeedsConfirmation: 9,
  /** Either party canceled it through email/mobile confirmation. */
  CanceledBySecondFactor: 10,
  /** Trade on hold; items left both inventories and arrive later. */
  InEscrow: 11,
  /** Reversed through CS2 trade protection (2025). */
  Reverted: 12,
} as const;
export type ETradeOfferState = (typeof ETradeOfferState)[keyof typeof ETradeOfferState];

const offerStateNames: Record<number, string> = {
  1: 'Invalid',
  2: 'Active',
  3: 'Accepted',
  4: 'Countered',
  5: 'Expired',
  6: 'Canceled',
  7: 'Declined',
  8: 'Invalid items',
  9: 'Needs confirmation',
  10: 'Canceled by second factor',
  11: 'In escrow',
  12: 'Reverted',
};

/** A readable name for any offer state; unknown states are shown by number. */
export function offerStateName(state: number): string {
  return offerStateNames[state] ?? `Unknown state ${state}`;
}

/** States in which an offer can still be acted on (accepted, declined, canceled). */
export function isOfferActive(state: number): boolean {
  return state === ETradeOfferState.Active || state === ETradeOfferState.CreatedNeedsConfirmation;
}

/** ETradeStatus of GetTradeHistory trades (docs/steam.md#trade-history). */
export const ETradeStatus = {
  Init: 0,
  PreCommitted: 1,
  Committed: 2,
  Complete: 3,
  Failed: 4,
  PartialSupportRollback: 5,
  FullSupportRollback: 6,
  SupportRollbackSelective: 7,
  RollbackFailed: 8,
  RollbackAbandoned: 9,
  InEscrow: 10,
  EscrowRollback: 11,
  /** Undocumented, seen since 2025-07: reversed by trade protection. */
  TradeProtectionRollback: 12,
} as const;

const tradeStatusNames: Record<number, string> = {
  0: 'Init',
  1: 'Pre-committed',
  2: 'Committed',
  3: 'Complete',
  4: 'Failed',
  5: 'Partial support rollback',
  6: 'Full support rollback',
  7: 'Selective support rollback',
  8: 'Rollback failed',
  9: 'Rollback abandoned',
  10: 'In escrow',
  11: 'Escrow rollback',
  12: 'Rolled back (trade protection)',
};

export function tradeStatusName(status: number): string {
  return tradeStatusNames[status] ?? `Unknown status ${status}`;
}

/** Mobile confirmation types (docs/steam.md#mobile-confirmations). */
export const EConfirmationType = {
  Invalid: 0,
  Test: 1,
  Trade: 2,
  MarketListing: 3,
  FeatureOptOut: 4,
  PhoneNumberChange: 5,
  AccountRecovery: 6,
  BuildChangeRequest: 7,
  AddUser: 8,
  RegisterApiKey: 9,
  InviteToFamilyGroup: 10,
  JoinFamilyGroup: 11,
  MarketPurchase: 12,
  RequestRefund: 13,
} as const;

/** The EResult codes tradedesk reacts to (docs/steam.md#eresults-in-trade-errors); any other number is kept as is. */
export const EResult = {
  OK: 1,
  Fail: 2,
  InvalidPassword: 5,
  InvalidParam: 8,
  InvalidState: 11,
  AccessDenied: 15,
  Timeout: 16,
  ServiceUnavailable: 20,
  LimitExceeded: 25,
  Revoked: 26,
  Expired: 27,
  AlreadyRedeemed: 28,
  NoMatch: 42,
  AlreadyLoggedInElsewhere: 50,
  InvalidLoginAuthCode: 65,
  RateLimitExceeded: 84,
  AccountLoginDeniedNeedTwoFactor: 85,
  AccountLoginDeniedThrottle: 87,
  TwoFactorCodeMismatch: 88,
} as const;

const eresultNames: Record<number, string> = {
  1: 'OK',
  2: 'Fail',
  5: 'InvalidPassword',
  8: 'InvalidParam',
  11: 'InvalidState',
  15: 'AccessDenied',
  16: 'Timeout',
  20: 'ServiceUnavailable',
  25: 'LimitExceeded',
  26: 'Revoked',
  27: 'Expired',
  28: 'AlreadyRedeemed',
  42: 'NoMatch',
  50: 'AlreadyLoggedInElsewhere',
  65: 'InvalidLoginAuthCode',
  84: 'RateLimitExceeded',
  85: 'AccountLoginDeniedNeedTwoFactor',
  87: 'AccountLoginDeniedThrottle',
  88: 'TwoFactorCodeMismatch',
};

export function eresultName(code: number): string {
  return eresultNames[code] ?? `EResult ${code}`;
}
