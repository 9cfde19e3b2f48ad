// Item descriptions by class, kept without expiry: Steam never changes what a classid/instanceid
// pair describes (docs/steam.md, GetAssetClassInfo). The Steam layer checks each one again when
// it is read back, so the store keeps it as it came.
import { z } from 'zod';
import type { Store } from './index.js';

const NAMESPACE = 'econ-class';

export function classDescriptionRecords(store: Pick<Store, 'getValue' | 'setValue'>): {
  get(key: string): Promise<unknown>;
  set(key: string, description: unknown): Promise<void>;
} {
  return {
    get: (key) => store.getValue(NAMESPACE, key, z.unknown()),
    set: (key, description) => store.setValue(NAMESPACE, key, description),
  };
}
