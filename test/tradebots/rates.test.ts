import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratesFileProblemText } from '../../src/format/configFileProblem.js';
import { DEFAULT_KEY_TABLE } from '../../src/tradebots/keys.js';
import { loadRatesFile, parseRatesFile, RATE_FIELDS } from '../../src/tradebots/rates.js';

const EXAMPLE = new URL('../../rates.example.json', import.meta.url);

function message(json: unknown): string {
  const result = parseRatesFile(JSON.stringify(json), 'rates.json');
  if (result.ok) throw new Error('expected a refusal');
  return ratesFileProblemText(result.problem);
}

/** A refusal as the owner reads it. */
function worded(result: Awaited<ReturnType<typeof loadRatesFile>>) {
  return result.ok ? result : { ok: false, reason: result.reason, message: ratesFileProblemText(result.problem) };
}

describe('rates.example.json', () => {
  it('is valid and sets every site field', async () => {
    const text = await readFile(EXAMPLE, 'utf8');
    const result = parseRatesFile(text, 'rates.example.json');
    if (!result.ok) throw new Error(ratesFileProblemText(result.problem));
    expect(Object.keys(result.rates)).toEqual(RATE_FIELDS);
    const { key_items: _keyItems, ...site } = JSON.parse(text) as Record<string, unknown>;
    expect(result.rates).toEqual(site);
    expect(result.keyTable).toEqual(DEFAULT_KEY_TABLE);
  });
});

describe('parseRatesFile', () => {
  it('accepts an empty file of rates: every field is optional', () => {
    expect(parseRatesFile('{}', 'rates.json')).toEqual({ ok: true, rates: {}, keyTable: DEFAULT_KEY_TABLE });
  });

  it('accepts integers and decimals and keeps key_items out of the rates', () => {
    const result = parseRatesFile(
      JSON.stringify({ buy_sets_tf2: 20, sell_foil_sets_tod: 0.5, key_items: { tod: { market_hash_names: ['X'] } } }),
      'rates.json',
    );
    if (!result.ok) throw new Error(ratesFileProblemText(result.problem));
    expect(result.rates).toEqual({ buy_sets_tf2: 20, sell_foil_sets_tod: 0.5 });
    expect(result.keyTable.tod).toEqual({ appid: 440, contextid: '2', marketHashNames: ['X'] });
  });

  it('names the field and what was expected', () => {
    expect(message({ buy_sets_tf2: 'abc' })).toBe('rates.json: buy_sets_tf2: expected a number, got "abc"');
    expect(message({ sell_gems_set: -5 })).toBe('rates.json: sell_gems_set: expected a number ≥ 0, got -5');
    expect(message({ max_level: 2.5 })).toBe('rates.json: max_level: expected a whole number, got 2.5');
    expect(message({ buy_gems_badge: null })).toBe('rates.json: buy_gems_badge: expected a number, got null');
    expect(message({ custom_message: 42 })).toBe('rates.json: custom_message: expected a string, got 42');
  });

  it('catches typos in field names and suggests the real one', () => {
    expect(message({ buy_set_tf2: 20 })).toBe('rates.json: buy_set_tf2: unknown field (did you mean buy_sets_tf2?)');
    expect(message({ status: 'online' })).toBe('rates.json: status: unknown field');
    expect(message({ key_items: { tf2: { names: ['x'] } } })).toBe('rates.json: key_items.tf2.names: unknown field');
  });

  it('checks the "buy/sell" strings and ids of rates_badges', () => {
    expect(message({ rates_badges: { '13': '150-120' } })).toBe(
      'rates.json: rates_badges.13: expected a "buy/sell" string such as "150/120", got "150-120"',
    );
    expect(message({ rates_badges: { '13': 150 } })).toBe(
      'rates.json: rates_badges.13: expected a "buy/sell" string such as "150/120", got 150',
    );
    expect(message({ rates_badges: { abc: '1/2' } })).toBe(
      'rates.json: rates_badges: expected a badge id made of digits, got "abc"',
    );
    expect(message({ rates_badges: ['1/2'] })).toBe(
      'rates.json: rates_badges: expected an object of badge id → "buy/sell", got a list',
    );
    const ok = parseRatesFile(JSON.stringify({ rates_badges: { '13': '150/120', '730': '2.5/3' } }), 'r.json');
    expect(ok.ok && ok.rates.rates_badges).toEqual({ '13': '150/120', '730': '2.5/3' });
  });

  it('allows 150 characters in custom_message, counting an emoji once', () => {
    expect(parseRatesFile(JSON.stringify({ custom_message: '🎴'.repeat(150) }), 'r').ok).toBe(true);
    expect(message({ custom_message: 'a'.repeat(151) })).toBe(
      `rates.json: custom_message: expected at most 150 characters, got "${'a'.repeat(57)}..." (151)`,
    );
  });

  it('refuses what is not a JSON object', () => {
    expect(message([])).toBe('rates.json: expected a JSON object, got a list');
    const bad = parseRatesFile('{ "buy_sets_tf2": 20, }', 'rates.json');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && ratesFileProblemText(bad.problem).startsWith('rates.json: not valid JSON (')).toBe(true);
    expect(!bad.ok && bad.reason).toBe('invalid');
  });
});

describe('loadRatesFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tradedesk-rates-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads and validates a file', async () => {
    const path = join(dir, 'rates.json');
    await writeFile(path, JSON.stringify({ buy_sets_csgo: 25, sell_sets_csgo: 27 }));
    expect(await loadRatesFile(path)).toEqual({
      ok: true,
      rates: { buy_sets_csgo: 25, sell_sets_csgo: 27 },
      keyTable: DEFAULT_KEY_TABLE,
    });
  });

  it('names the file in a refusal', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, JSON.stringify({ buy_sets_hydra: '15' }));
    expect(worded(await loadRatesFile(path))).toEqual({
      ok: false,
      reason: 'invalid',
      message: `${path}: buy_sets_hydra: expected a number, got "15"`,
    });
  });

  it('says when the file is missing', async () => {
    const path = join(dir, 'nope.json');
    expect(worded(await loadRatesFile(path))).toEqual({
      ok: false,
      reason: 'unreadable',
      message: `${path}: file not found`,
    });
  });
});
