import { describe, expect, it } from 'vitest';
import { formatSessionRenewal, formatStatus, type StatusFacts } from '../../src/format/status.js';
import type { SessionFacts } from '../../src/steam/sessionFacts.js';

const NOW = Date.UTC(2026, 5, 1, 12, 0, 0);

const renewing: SessionFacts = {
  heldBy: 'refreshToken',
  accessExpiresAt: new Date(NOW + 3 * 3600_000),
  refreshExpiresAt: new Date(Date.UTC(2026, 11, 18)),
  lastRenewal: { at: NOW - 5 * 60_000, ok: true, outcome: 'new access and refresh token' },
  personNeeded: null,
  canRenew: true,
};

function facts(renewal: SessionFacts | undefined, session: StatusFacts['session'] = { state: 'ok' }): StatusFacts {
  return {
    now: NOW,
    session,
    sessionExpiresAt: new Date(NOW + 3 * 3600_000),
    ...(renewal ? { renewal } : {}),
    health: {
      lastPollAt: NOW - 1000,
      lastPollError: null,
      lastPollByOtherProcess: false,
      nextPollAt: NOW + 29_000,
      lastFullSweepAt: null,
      channelProblems: new Map(),
      tradeBots: null,
      storeLoss: null,
    },
    rateLimits: { rateLimitWaits: 0, totalWaitMs: 0, lastWait: null, pausedUntil: {} },
    store: { description: 'sqlite (data/tradedesk.sqlite)', healthy: true },
    guildId: '1',
  };
}

const field = (f: StatusFacts, name: string) => formatStatus(f).fields?.find((x) => x.name === name)?.value;

describe('the session in /status', () => {
  it('a renewing session: how it is held, both expiries, the last renewal and its outcome', () => {
    expect(formatSessionRenewal(renewing, NOW)).toBe(
      [
        'held by refresh token (renewed by the bot)',
        `access token: expires <t:${(NOW + 3 * 3600_000) / 1000}:R>`,
        'refresh token: expires 2026-12-18 (in 199 days)',
        `last renewal: <t:${(NOW - 5 * 60_000) / 1000}:R> — ✅ new access and refresh token`,
      ].join('\n'),
    );
    expect(field(facts(renewing), 'Steam session')).toBe('✅ working; renewed by the bot before it expires');
  });

  it('a person needed: said in both fields, in red', () => {
    const stuck: SessionFacts = {
      ...renewing,
      canRenew: false,
      personNeeded: 'Steam no longer accepts the bot’s refresh token. Run `npm run login`.',
      lastRenewal: { at: NOW - 60_000, ok: false, outcome: 'Steam no longer accepts the bot’s refresh token.' },
    };
    const embed = formatStatus(facts(stuck));
    expect(embed.color).toBe(formatStatus(facts(stuck, { state: 'expired', since: NOW, endpoint: 'x' })).color);
    expect(field(facts(stuck), 'Steam session')).toMatch(/^❌ cannot be renewed without a person/);
    expect(field(facts(stuck), 'Session renewal')).toMatch(/⚠️ needs a person: .*npm run login/);
  });

  it('cookies only: as before, and the renewal field says they cannot be renewed', () => {
    const cookies: SessionFacts = {
      heldBy: 'cookies',
      accessExpiresAt: new Date(NOW + 3 * 3600_000),
      refreshExpiresAt: null,
      lastRenewal: null,
      personNeeded: null,
      canRenew: false,
    };
    expect(field(facts(cookies), 'Steam session')).toBe(
      `✅ working; token expires <t:${(NOW + 3 * 3600_000) / 1000}:R>`,
    );
    expect(field(facts(cookies), 'Session renewal')).toBe('held by browser cookies (STEAM_COOKIES; not renewable)');
    expect(field(facts(cookies, { state: 'expired', since: NOW, endpoint: 'x' }), 'Steam session')).toMatch(
      /Paste fresh STEAM_COOKIES/,
    );
  });
});
