// The words for a problem in the owner's rates or set-size file, from the typed problem.
import { describe, expect, it } from 'vitest';
import {
  ratesFileProblemText,
  setSizesFileProblemText,
  tradeBotsStartupLine,
} from '../../src/format/configFileProblem.js';
import { TradeBotsStartupError } from '../../src/tradebots/service.js';

describe('config-file problems', () => {
  it('tells a missing file from one that cannot be read', () => {
    const missing = { kind: 'unreadable', file: 'r.json', code: 'ENOENT' } as const;
    expect(ratesFileProblemText(missing)).toBe('r.json: file not found');
    expect(ratesFileProblemText({ ...missing, code: 'EACCES' })).toBe('r.json: cannot read the file (EACCES)');
    expect(setSizesFileProblemText({ ...missing, code: undefined })).toBe(
      'r.json: cannot read the file (unknown error)',
    );
  });

  it('cuts a long value in the rates file, not in the set-size file', () => {
    const got = 'x'.repeat(70);
    const problem = { kind: 'field', file: 'f.json', path: ['730'], expected: 'expected a number', got } as const;
    expect(ratesFileProblemText(problem)).toBe(`f.json: 730: expected a number, got "${'x'.repeat(57)}..."`);
    expect(setSizesFileProblemText(problem)).toBe(`f.json: 730: expected a number, got "${got}"`);
  });

  it('words the startup line, with the hint only for a missing rates file', () => {
    const problem = { kind: 'unreadable', file: 'r.json', code: 'ENOENT' } as const;
    expect(tradeBotsStartupLine(new TradeBotsStartupError('STEAMTRADEBOTS_RATES_FILE', problem, true))).toBe(
      'STEAMTRADEBOTS_RATES_FILE: r.json: file not found (publishing to SteamTradeBots needs one: ' +
        'copy rates.example.json, or write {} to publish stock and status only)',
    );
    expect(tradeBotsStartupLine(new TradeBotsStartupError('STEAMTRADEBOTS_SET_SIZES_FILE', problem))).toBe(
      'STEAMTRADEBOTS_SET_SIZES_FILE: r.json: file not found',
    );
  });
});
