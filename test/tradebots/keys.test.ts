import { describe, expect, it } from 'vitest';
import {
  applyKeyTableOverride,
  DEFAULT_KEY_TABLE,
  indexKeyTable,
  keyContexts,
  keyLookupKey,
  keyTableOverrideSchema,
} from '../../src/tradebots/keys.js';

describe('DEFAULT_KEY_TABLE', () => {
  it('has the TF2 key, the Tour of Duty ticket and the Hydra key where Steam keeps them', () => {
    expect(DEFAULT_KEY_TABLE.tf2).toEqual({
      appid: 440,
      contextid: '2',
      marketHashNames: ['Mann Co. Supply Crate Key'],
    });
    expect(DEFAULT_KEY_TABLE.tod).toEqual({ appid: 440, contextid: '2', marketHashNames: ['Tour of Duty Ticket'] });
    expect(DEFAULT_KEY_TABLE.hydra).toEqual({
      appid: 730,
      contextid: '2',
      marketHashNames: ['Operation Hydra Case Key'],
    });
  });

  it('counts the pre-2019-10-28 case keys as CS:GO keys, never the Hydra key', () => {
    const csgo = DEFAULT_KEY_TABLE.csgo;
    expect(csgo.appid).toBe(730);
    expect(csgo.contextid).toBe('2');
    expect(csgo.marketHashNames).toContain('CS:GO Case Key');
    expect(csgo.marketHashNames).toContain('Chroma 2 Case Key');
    expect(csgo.marketHashNames).toContain('CS20 Case Key');
    expect(csgo.marketHashNames).not.toContain('Operation Hydra Case Key');
    // Released after the trade lock: never tradable, so never listed.
    expect(csgo.marketHashNames).not.toContain('Shattered Web Case Key');
    expect(csgo.marketHashNames).toHaveLength(24);
  });
});

describe('key table overrides', () => {
  it('replaces only what is given', () => {
    const override = keyTableOverrideSchema.parse({
      csgo: { market_hash_names: ['Clutch Case Key'] },
      tod: { contextid: 2 },
    });
    const table = applyKeyTableOverride(DEFAULT_KEY_TABLE, override);
    expect(table.csgo).toEqual({ appid: 730, contextid: '2', marketHashNames: ['Clutch Case Key'] });
    expect(table.tod).toEqual({ appid: 440, contextid: '2', marketHashNames: ['Tour of Duty Ticket'] });
    expect(table.tf2).toEqual(DEFAULT_KEY_TABLE.tf2);
    expect(table.tf2).not.toBe(DEFAULT_KEY_TABLE.tf2);
  });

  it('keeps the defaults without an override', () => {
    expect(applyKeyTableOverride(DEFAULT_KEY_TABLE, undefined)).toEqual(DEFAULT_KEY_TABLE);
  });

  it('refuses unknown kinds, unknown fields and empty name lists', () => {
    expect(keyTableOverrideSchema.safeParse({ dota: {} }).success).toBe(false);
    expect(keyTableOverrideSchema.safeParse({ tf2: { names: ['x'] } }).success).toBe(false);
    expect(keyTableOverrideSchema.safeParse({ tf2: { market_hash_names: [] } }).success).toBe(false);
    expect(keyTableOverrideSchema.safeParse({ tf2: { appid: 0 } }).success).toBe(false);
    expect(keyTableOverrideSchema.safeParse({ tf2: { contextid: 'two' } }).success).toBe(false);
  });
});

describe('indexKeyTable', () => {
  it('maps app, context and market_hash_name to the kind', () => {
    const index = indexKeyTable(DEFAULT_KEY_TABLE);
    expect(index.get(keyLookupKey(440, '2', 'Mann Co. Supply Crate Key'))).toBe('tf2');
    expect(index.get(keyLookupKey(440, '2', 'Tour of Duty Ticket'))).toBe('tod');
    expect(index.get(keyLookupKey(730, '2', 'Operation Hydra Case Key'))).toBe('hydra');
    expect(index.get(keyLookupKey(730, '2', 'Gamma Case Key'))).toBe('csgo');
    expect(index.get(keyLookupKey(730, '16', 'Gamma Case Key'))).toBe(undefined);
    expect(index.get(keyLookupKey(440, '2', 'Gamma Case Key'))).toBe(undefined);
  });

  it('lets the first kind keep a name listed twice, so no key counts twice', () => {
    const table = applyKeyTableOverride(DEFAULT_KEY_TABLE, {
      hydra: { market_hash_names: ['Operation Hydra Case Key', 'Gamma Case Key'] },
    });
    expect(indexKeyTable(table).get(keyLookupKey(730, '2', 'Gamma Case Key'))).toBe('csgo');
  });
});

describe('keyContexts', () => {
  it('lists each inventory holding keys once', () => {
    expect(keyContexts(DEFAULT_KEY_TABLE)).toEqual([
      { appid: 730, contextid: '2' },
      { appid: 440, contextid: '2' },
    ]);
  });
});
