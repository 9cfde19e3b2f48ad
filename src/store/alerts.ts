// Marks that an alert was posted, so that it is posted once even across restarts and between
// processes sharing the store: a sent offer's change of state, and the Steam session's expiry.
import { z } from 'zod';
import type { Store } from './index.js';

const SENT_ALERT_NAMESPACE = 'sent-alert';
/** Kept as long as a card's record. */
const SENT_ALERT_TTL_MS = 90 * 24 * 3600_000;

const SESSION_ALERT_NAMESPACE = 'session-alerts';
/** Kept a week past expiry, then forgotten. */
const SESSION_ALERT_TTL_MS = 7 * 24 * 3600_000;

const sessionAlertRecord = z.object({ expiredAlerted: z.boolean(), expiryWarned: z.boolean() });
export type SessionAlertRecord = z.infer<typeof sessionAlertRecord>;

type ValueStore = Pick<Store, 'getValue' | 'setValue'>;

export type SentOfferAlerts = ReturnType<typeof sentOfferAlerts>;
export type SessionAlerts = ReturnType<typeof sessionAlerts>;

/** The state a sent offer was last alerted in, by offer id. */
export function sentOfferAlerts(store: ValueStore) {
  return {
    alertedState: async (offerId: string): Promise<number | null> =>
      (await store.getValue(SENT_ALERT_NAMESPACE, offerId, z.number())) ?? null,
    markAlerted: (offerId: string, state: number): Promise<void> =>
      store.setValue(SENT_ALERT_NAMESPACE, offerId, state, SENT_ALERT_TTL_MS),
  };
}

/** What was said about the session held by one refresh token (by the keeper's alert key). */
export function sessionAlerts(store: ValueStore) {
  return {
    read: async (key: string): Promise<SessionAlertRecord> =>
      (await store.getValue(SESSION_ALERT_NAMESPACE, key, sessionAlertRecord)) ?? {
        expiredAlerted: false,
        expiryWarned: false,
      },
    write: (key: string, record: SessionAlertRecord): Promise<void> =>
      store.setValue(SESSION_ALERT_NAMESPACE, key, record, SESSION_ALERT_TTL_MS),
  };
}
