// Plain domain objects for the formatter tests (shared by the /offers formatter tests).
import type {
  EconDescription,
  EconItem,
  Trade,
  TradeHistoryAsset,
  TradeOffer,
  TradeOfferAsset,
} from '../../src/steam/types.js';
import { econDescription } from '../fixtures/econ.js';

export function description(name: string, overrides: Partial<EconDescription> = {}): EconDescription {
  return econDescription({ name, ...overrides });
}

export function offerAsset(assetid: string, name: string | null, amount = 1): TradeOfferAsset {
  return {
    appid: 753,
    contextid: '6',
    assetid,
    classid: '100',
    instanceid: '0',
    amount,
    missing: false,
    description: name === null ? null : description(name),
  };
}

export function offer(overrides: Partial<TradeOffer> = {}): TradeOffer {
  return {
    id: '7412345678',
    partner: '76561198000000001',
    message: '',
    state: 2,
    itemsToGive: [],
    itemsToReceive: [],
    isOurOffer: false,
    created: new Date('2025-01-02T03:04:05Z'),
    updated: new Date('2025-01-02T03:04:05Z'),
    expires: new Date('2025-01-16T03:04:05Z'),
    tradeid: null,
    fromRealTimeTrade: false,
    confirmationMethod: 0,
    escrowEnds: null,
    ...overrides,
  };
}

export function historyAsset(assetid: string, name: string | null, amount = 1): TradeHistoryAsset {
  return {
    appid: 440,
    contextid: '2',
    assetid,
    amount,
    classid: '200',
    instanceid: '0',
    newAssetid: null,
    newContextid: null,
    rollbackNewAssetid: null,
    rollbackNewContextid: null,
    description: name === null ? null : description(name, { appid: 440 }),
  };
}

export function trade(overrides: Partial<Trade> = {}): Trade {
  return {
    tradeid: '4000000000000000001',
    partner: '76561198000000002',
    timeInit: new Date('2025-03-01T12:00:00Z'),
    status: 3,
    escrowEnds: null,
    settlement: null,
    modified: null,
    reverses: null,
    assetsGiven: [],
    assetsReceived: [],
    ...overrides,
  };
}

export function econItem(assetid: string, name: string | null, overrides: Partial<EconItem> = {}): EconItem {
  return {
    appid: 753,
    contextid: '6',
    assetid,
    classid: '300',
    instanceid: '0',
    amount: 1,
    isCurrency: false,
    description: name === null ? null : description(name),
    ...overrides,
  };
}

/** Discord's limit on everything that counts in one embed. */
export function embedLength(embed: {
  title?: string;
  description?: string;
  footer?: { text: string };
  fields?: { name: string; value: string }[];
}): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0)
  );
}
