// GetTradeHistory rows read one by one (docs/steam.md#trade-history). The rows below are modelled on a real
// 2026 answer with a trade-protection reversal (dmarket/p2p-tracker-core,
// core/src/commonTest/resources/fixtures/steam_trade_history.json): assets with only appid, contextid and
// assetid; the undone trade at status 12 with time_mod and no time_settlement; the row Steam adds at status 3
// naming it in rollback_trade; a settling trade with time_settlement.
import { describe, expect, it } from 'vitest';
import { readTrade } from '../../src/steam/wire/history.js';

const PARTNER = '76561198336610001';
const reversalRow = {
  tradeid: '594063027056170001',
  steamid_other: PARTNER,
  time_init: 1785760511,
  status: 3,
  assets_given: [{ appid: 730, contextid: '2', assetid: '51978270001' }],
  rollback_trade: '731422815690170001',
};
const undoneRow = {
  tradeid: '731422815690170001',
  steamid_other: PARTNER,
  time_init: 1785760349,
  status: 12,
  assets_given: [{ appid: 730, contextid: '2', assetid: '51978270001' }],
  time_mod: 1785760511,
};
const settlingRow = {
  tradeid: '723541516341220001',
  steamid_other: '76561199497280001',
  time_init: 1785747967,
  status: 3,
  assets_given: [{ appid: 730, contextid: '2', assetid: '50520000001' }],
  time_settlement: 1786356000,
};

const read = (raw: unknown) => readTrade(raw, new Map());

describe('readTrade', () => {
  it('reads the reversal Steam adds: rollback_trade names the undone trade, assets on their original sides', () => {
    expect(read(reversalRow)).toEqual({
      trade: {
        tradeid: '594063027056170001',
        partner: PARTNER,
        timeInit: new Date(1785760511 * 1000),
        status: 3,
        escrowEnds: null,
        settlement: null,
        modified: null,
        reverses: '731422815690170001',
        assetsGiven: [
          {
            appid: 730,
            contextid: '2',
            assetid: '51978270001',
            amount: 1,
            classid: null,
            instanceid: '0',
            newAssetid: null,
            newContextid: null,
            rollbackNewAssetid: null,
            rollbackNewContextid: null,
            description: null,
          },
        ],
        assetsReceived: [],
      },
      id: '594063027056170001',
      problems: [],
    });
  });

  it('reads the undone trade (status 12, time_mod) and the settling one (time_settlement)', () => {
    expect(read(undoneRow).trade).toMatchObject({
      status: 12,
      modified: new Date(1785760511 * 1000),
      settlement: null,
      reverses: null,
    });
    expect(read(settlingRow).trade).toMatchObject({ status: 3, settlement: new Date(1786356000 * 1000) });
  });

  it('reads rollback_new_* on assets, quoted numbers, and 0 or "0" as "none"', () => {
    const trade = read({
      ...settlingRow,
      time_init: '1785747967',
      time_settlement: '1786356000',
      time_escrow_end: 0,
      time_mod: '0',
      rollback_trade: '0',
      assets_received: [
        {
          appid: '440',
          contextid: '2',
          assetid: '100',
          amount: '3',
          classid: '200',
          new_assetid: '101',
          new_contextid: '2',
          rollback_new_assetid: '102',
          rollback_new_contextid: '2',
        },
      ],
    }).trade!;
    expect(trade).toMatchObject({
      timeInit: new Date(1785747967 * 1000),
      settlement: new Date(1786356000 * 1000),
      escrowEnds: null,
      modified: null,
      reverses: null,
    });
    expect(trade.assetsReceived[0]).toMatchObject({
      appid: 440,
      amount: 3,
      classid: '200',
      newAssetid: '101',
      rollbackNewAssetid: '102',
      rollbackNewContextid: '2',
    });
  });

  it.each([
    ['time_init out of range', { ...settlingRow, time_init: 2 ** 32 }, 'time_init'],
    ['time_settlement not a number', { ...settlingRow, time_settlement: 'soon' }, 'time_settlement'],
    ['no partner', { ...settlingRow, steamid_other: undefined }, 'steamid_other'],
    [
      'an asset without its id',
      { ...settlingRow, assets_given: [{ appid: 730, contextid: '2' }] },
      'assets_given.0.assetid',
    ],
    [
      'a negative amount',
      { ...settlingRow, assets_given: [{ appid: 730, contextid: '2', assetid: '1', amount: -1 }] },
      'assets_given.0.amount',
    ],
    ['rollback_trade not an id', { ...reversalRow, rollback_trade: 'abc' }, 'rollback_trade'],
  ])('a row with %s cannot be read and says which field', (_, raw, field) => {
    const { trade, id, problems } = read(raw);
    expect(trade).toBe(null);
    expect(id).toBe((raw as { tradeid: string }).tradeid);
    expect(problems.some((p) => p.startsWith(`${field}:`))).toBe(true);
  });

  it('a row that is not an object cannot be read and has no id', () => {
    expect(read('garbage')).toMatchObject({ trade: null, id: null });
    expect(read(null)).toMatchObject({ trade: null, id: null });
  });
});
