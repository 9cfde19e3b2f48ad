import { describe, expect, it } from 'vitest';
import { contextsFor } from '../../../src/commands/offers/assetLookup.js';
import { parseAssetSpecList, resolveAssetSpec, type AssetSpec } from '../../../src/commands/offers/assetSpec.js';
import type { InventoryContext } from '../../../src/steam/types.js';
import { econItem } from '../../format/fixtures.js';

const spec = (text: string): AssetSpec => {
  const parsed = parseAssetSpecList(text);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.value[0]!;
};

describe('parseAssetSpecList', () => {
  it('reads bare ids, app/context/asset and :quantity', () => {
    expect(parseAssetSpecList('123, 753/6/456:500, 789:2,')).toEqual({
      ok: true,
      value: [
        { text: '123', appid: null, contextid: null, assetid: '123', amount: null },
        { text: '753/6/456:500', appid: 753, contextid: '6', assetid: '456', amount: 500 },
        { text: '789:2', appid: null, contextid: null, assetid: '789', amount: 2 },
      ],
    });
  });

  it('refuses malformed entries, a zero quantity and the same asset twice', () => {
    expect(parseAssetSpecList('753/6')).toMatchObject({ ok: false, reason: expect.stringContaining('"753/6"') });
    expect(parseAssetSpecList('5 6')).toMatchObject({ ok: false });
    expect(parseAssetSpecList('12:0')).toMatchObject({
      ok: false,
      reason: 'asks for 0 of "12:0"; a quantity is 1 or more',
    });
    expect(parseAssetSpecList('12, 12:3')).toMatchObject({ ok: false, reason: 'lists asset 12 twice' });
    expect(parseAssetSpecList('753/6/12, 12')).toMatchObject({ ok: false, reason: 'lists asset 12 twice' });
    // The same id in two contexts is two assets.
    expect(parseAssetSpecList('753/6/12, 730/2/12')).toMatchObject({ ok: true });
  });
});

describe('resolveAssetSpec', () => {
  const gemStack = econItem('100', '753-Gems', { appid: 753, contextid: '6', amount: 500 });
  const skin = econItem('100', 'AK-47 | Redline', { appid: 730, contextid: '2' });
  const card = econItem('200', '550-Smoker', { appid: 753, contextid: '6' });

  it('a bare id found in two contexts is ambiguous, with both candidates', () => {
    expect(resolveAssetSpec(spec('100'), [gemStack, skin, card])).toEqual({
      kind: 'ambiguous',
      candidates: [gemStack, skin],
    });
  });

  it('app/context/asset picks the one item', () => {
    expect(resolveAssetSpec(spec('730/2/100'), [gemStack, skin])).toEqual({ kind: 'found', item: skin, amount: 1 });
    expect(resolveAssetSpec(spec('440/2/100'), [gemStack, skin])).toEqual({ kind: 'missing' });
  });

  it('a stack needs a quantity: never the whole stack by accident, never more than there is', () => {
    expect(resolveAssetSpec(spec('753/6/100'), [gemStack, skin])).toEqual({
      kind: 'badAmount',
      item: gemStack,
      reason: 'is a stack of 500 (753-Gems); say how many to trade: `753/6/100:500` for all of it, or fewer',
    });
    expect(resolveAssetSpec(spec('753/6/100:120'), [gemStack])).toEqual({ kind: 'found', item: gemStack, amount: 120 });
    expect(resolveAssetSpec(spec('753/6/100:500'), [gemStack])).toEqual({ kind: 'found', item: gemStack, amount: 500 });
    expect(resolveAssetSpec(spec('753/6/100:501'), [gemStack])).toMatchObject({
      kind: 'badAmount',
      reason: 'asks for 501, but there are only 500 (753-Gems)',
    });
    expect(resolveAssetSpec(spec('200:2'), [card])).toMatchObject({ kind: 'badAmount' });
    expect(resolveAssetSpec(spec('200'), [card])).toEqual({ kind: 'found', item: card, amount: 1 });
  });

  it('currency entries are never assets', () => {
    const currency = econItem('300', 'Wallet', { isCurrency: true });
    expect(resolveAssetSpec(spec('300'), [currency])).toEqual({ kind: 'missing' });
  });
});

describe('contextsFor', () => {
  const ctx = (appid: number, contextid: string, assetCount = 5): InventoryContext => ({
    appid,
    appName: `App ${appid}`,
    contextid,
    contextName: 'c',
    assetCount,
    tradePermissions: 'FULL',
  });
  const all = [ctx(730, '2'), ctx(753, '6'), ctx(440, '2'), ctx(753, '3', 0)];

  it('every context with items for a bare id; only the named ones otherwise', () => {
    expect(contextsFor([spec('1')], all).map((c) => `${c.appid}/${c.contextid}`)).toEqual(['753/6', '730/2', '440/2']);
    expect(contextsFor([spec('440/2/1'), spec('753/6/2')], all).map((c) => `${c.appid}/${c.contextid}`)).toEqual([
      '753/6',
      '440/2',
    ]);
  });
});
