// What an automatic pass sends, and when: pure, so every case is tested in-process.
import type { BudgetDecision } from './budget.js';
import { diffPayload, hasChanges, jsonEqual, type SteamTradeBotsUpdate } from './payload.js';

export type Decision =
  /** The site already has every field. */
  | { kind: 'upToDate' }
  /** The site refused exactly these changes before (HTTP 400): not sent again until the data changes. */
  | { kind: 'sameRejection' }
  /** Changes to send, but the request budget (or a 429's Retry-After) says not before waitMs. */
  | { kind: 'wait'; diff: SteamTradeBotsUpdate; waitMs: number }
  | { kind: 'send'; diff: SteamTradeBotsUpdate };

/** An update without its timestamp: what a refusal is remembered and compared by. */
export function withoutTimestamp(update: SteamTradeBotsUpdate): SteamTradeBotsUpdate {
  const copy = { ...update };
  delete copy.last_update_timestamp;
  return copy;
}

/**
 * @param published every field the site has accepted (null before the first publish)
 * @param next the update as it would be now
 * @param rejected the last changes the site refused, without their timestamp
 * @param budget whether a request may go now, and otherwise how long until one may
 */
export function decide(
  published: SteamTradeBotsUpdate | null,
  next: SteamTradeBotsUpdate,
  rejected: SteamTradeBotsUpdate | null,
  budget: Pick<BudgetDecision, 'allowed' | 'waitMs'>,
): Decision {
  const diff = diffPayload(published, next);
  if (!hasChanges(diff)) return { kind: 'upToDate' };
  if (rejected && jsonEqual(withoutTimestamp(diff), rejected)) return { kind: 'sameRejection' };
  if (!budget.allowed) return { kind: 'wait', diff, waitMs: budget.waitMs };
  return { kind: 'send', diff };
}
