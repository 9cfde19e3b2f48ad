// The /status words for SteamTradeBots publishing and the channel alerts, from the service's data.
import { describe, expect, it } from 'vitest';
import { tradeBotsAlertText, tradeBotsStatusLine, tradeBotsStatusText } from '../../src/format/tradebotsStatus.js';

const at = 1;

describe('tradeBotsStatusText', () => {
  it('words every state', () => {
    expect(tradeBotsStatusText({ kind: 'notConfigured', at })).toEqual({
      state: 'not configured',
      detail: 'STEAMTRADEBOTS_API_KEY is not set',
    });
    expect(tradeBotsStatusText({ kind: 'upToDate', at })).toEqual({ state: 'up to date', detail: null });
    expect(tradeBotsStatusText({ kind: 'published', fields: 1, status: 'online', at }).detail).toBe(
      '1 field accepted (status online)',
    );
    expect(tradeBotsStatusText({ kind: 'published', fields: 3, status: null, at }).detail).toBe(
      '3 fields accepted (status ?)',
    );
    expect(tradeBotsStatusText({ kind: 'waitingForBudget', fields: 2, waitMs: 1500, at })).toEqual({
      state: 'waiting',
      detail: '2 changed fields go out in 2 s (request budget)',
    });
    expect(tradeBotsStatusText({ kind: 'waitingForSteam', at }).state).toBe('waiting for Steam');
    expect(tradeBotsStatusText({ kind: 'refusedFields', problems: ['a: x', 'b: y'], message: 'm', at }).detail).toBe(
      'a: x; b: y',
    );
    expect(tradeBotsStatusText({ kind: 'refusedFields', problems: [], message: 'Invalid data', at }).detail).toBe(
      'Invalid data',
    );
    expect(tradeBotsStatusText({ kind: 'refusedKey', httpStatus: 401, beforeRestart: false, at })).toEqual({
      state: 'refused (HTTP 401)',
      detail:
        'the API key is missing from the request; automatic publishing paused until /tradebots publish gets through',
    });
    expect(tradeBotsStatusText({ kind: 'refusedKey', httpStatus: 403, beforeRestart: true, at }).detail).toBe(
      'the key was refused before the last restart; trying again',
    );
    expect(tradeBotsStatusText({ kind: 'rateLimited', waitMs: 90_000, at }).detail).toBe('the site asked to wait 90 s');
    expect(tradeBotsStatusText({ kind: 'sendFailed', message: 'Bad gateway', at })).toEqual({
      state: 'failed',
      detail: 'Bad gateway',
    });
    expect(tradeBotsStatusText({ kind: 'passFailed', error: new Error('the store is closed'), at }).state).toBe(
      'failed',
    );
  });

  it('joins state and detail for the /status field', () => {
    expect(tradeBotsStatusLine({ kind: 'upToDate', at })).toBe('up to date');
    expect(tradeBotsStatusLine({ kind: 'rateLimited', waitMs: 1000, at })).toBe(
      'rate limited — the site asked to wait 1 s',
    );
  });
});

describe('tradeBotsAlertText', () => {
  it('asks a person only when the key was refused', () => {
    const key = tradeBotsAlertText({ kind: 'refusedKey', httpStatus: 403 });
    expect(key.needsPerson).toBe(true);
    expect(key.text).toContain('HTTP 403');
    const fields = tradeBotsAlertText({ kind: 'refusedFields', problems: ['stock_gems: bad'], message: 'm' });
    expect(fields).toEqual({
      text: expect.stringContaining('(HTTP 400): stock_gems: bad.') as string,
      needsPerson: false,
    });
    const problem = { kind: 'not-json', file: 'rates.json', detail: 'Unexpected end of JSON input' } as const;
    expect(tradeBotsAlertText({ kind: 'ratesFileInvalid', problem }).text).toBe(
      '⚠️ The rates file was changed but not loaded: rates.json: not valid JSON (Unexpected end of JSON input). The last good rates stay published.',
    );
  });
});
