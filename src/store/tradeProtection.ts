// That the bot account acknowledged Steam's trade-protection notice (docs/steam.md#trade-protection).
// It is done once per account and lasts, so it is kept in the store like ASF keeps
// TradeRestrictionsAcknowledged in its bot database: a restart or a second process does not
// acknowledge again.
import { z } from 'zod';
import type { Store } from './index.js';

const NAMESPACE = 'steam';
const acknowledged = z.object({ at: z.number().int().positive() });

export function tradeProtectionRecord(
  store: Pick<Store, 'getValue' | 'setValue'>,
  steamid: string,
): { acknowledgedAt(): Promise<number | null>; remember(at: number): Promise<void> } {
  const key = `trade-protection-acknowledged:${steamid}`;
  return {
    acknowledgedAt: async () => (await store.getValue(NAMESPACE, key, acknowledged))?.at ?? null,
    remember: (at) => store.setValue(NAMESPACE, key, { at }),
  };
}
