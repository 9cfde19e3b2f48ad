import { channelMention, time, TimestampStyles, type APIEmbed } from 'discord.js';
import type { Health } from '../health.js';
import type { SchedulerStats } from '../steam/scheduler.js';
import type { SessionState } from '../steam/client.js';
import type { SessionFacts } from '../steam/sessionFacts.js';
import { COLORS } from './colors.js';
import { cut } from './text.js';
import { tradeBotsStatusLine } from './tradebotsStatus.js';

export interface StatusFacts {
  now: number;
  session: SessionState;
  sessionExpiresAt: Date;
  /** How the session is held and renewed (absent in older callers: cookies only). */
  renewal?: SessionFacts;
  health: Pick<
    Health,
    | 'lastPollAt'
    | 'lastPollError'
    | 'lastPollByOtherProcess'
    | 'nextPollAt'
    | 'lastFullSweepAt'
    | 'channelProblems'
    | 'tradeBots'
    | 'storeLoss'
  >;
  rateLimits: SchedulerStats;
  store: { description: string; healthy: boolean };
  guildId: string;
  /** When the trade-protection notice was acknowledged; null not yet; undefined unknown (store error). */
  tradeProtectionAcknowledgedAt?: number | null | undefined;
}

/** A Discord timestamp ("in 5 minutes", "3 hours ago") that each reader's client keeps current. */
export function relative(ms: number): string {
  return time(Math.floor(ms / 1000), TimestampStyles.RelativeTime);
}

const WARN_BEFORE_EXPIRY_MS = 2 * 60 * 60 * 1000;

/** Steam's 2025 trade-protection notice (docs/steam.md#trade-protection): acknowledged once, before the first trade with items outside app 753. */
function tradeProtectionText(at: number | null | undefined): string {
  if (at === undefined) return 'unknown (the store did not answer)';
  if (at === null)
    return 'notice not acknowledged yet; tradedesk does it before the first trade with items outside Steam Community items';
  return `notice acknowledged ${relative(at)}`;
}

const HELD_BY: Record<SessionFacts['heldBy'], string> = {
  cookies: 'browser cookies (STEAM_COOKIES; not renewable)',
  refreshToken: 'refresh token (renewed by the bot)',
  credentials: 'account credentials (the bot signs in by itself)',
};

/** Refresh tokens live months: whole days read better than thousands of hours. */
function inDays(at: number, now: number): string {
  const days = (at - now) / 86_400_000;
  if (Math.abs(days) < 2) return relative(at);
  return days > 0 ? `in ${Math.floor(days)} days` : `${Math.floor(-days)} days ago`;
}

/** How the session is held, when each token expires, and the last renewal; never a token. */
export function formatSessionRenewal(r: SessionFacts, now: number): string {
  const lines = [`held by ${HELD_BY[r.heldBy]}`];
  if (r.heldBy !== 'cookies') {
    lines.push(
      `access token: ${r.accessExpiresAt ? `expires ${relative(r.accessExpiresAt.getTime())}` : 'none yet'}`,
      `refresh token: ${r.refreshExpiresAt ? `expires ${r.refreshExpiresAt.toISOString().slice(0, 10)} (${inDays(r.refreshExpiresAt.getTime(), now)})` : 'none yet'}`,
      `last renewal: ${r.lastRenewal ? `${relative(r.lastRenewal.at)} — ${r.lastRenewal.ok ? '✅' : '❌'} ${r.lastRenewal.outcome}` : 'not yet'}`,
    );
  }
  if (r.personNeeded) lines.push(`⚠️ needs a person: ${r.personNeeded}`);
  return lines.join('\n');
}

export function formatStatus(f: StatusFacts): APIEmbed {
  const expiresIn = f.sessionExpiresAt.getTime() - f.now;
  const renews = f.renewal !== undefined && f.renewal.heldBy !== 'cookies';
  let session: string;
  let color: number = COLORS.good;
  if (renews && f.renewal?.personNeeded) {
    session = `❌ cannot be renewed without a person (see below)`;
    color = COLORS.bad;
  } else if (renews && f.session.state === 'expired') {
    session = `❌ expired (noticed ${relative(f.session.since)}); renewing failed, the bot keeps trying`;
    color = COLORS.bad;
  } else if (renews) {
    session = `✅ ${f.session.state === 'ok' ? 'working' : 'not used yet'}; renewed by the bot before it expires`;
  } else if (f.session.state === 'expired') {
    session = `❌ expired (noticed ${relative(f.session.since)}). Paste fresh STEAM_COOKIES and restart.`;
    color = COLORS.bad;
  } else if (expiresIn <= 0) {
    session = `❌ access token expired ${relative(f.sessionExpiresAt.getTime())}. Paste fresh STEAM_COOKIES and restart.`;
    color = COLORS.bad;
  } else {
    session = `✅ ${f.session.state === 'ok' ? 'working' : 'not used yet'}; token expires ${relative(f.sessionExpiresAt.getTime())}`;
    if (expiresIn < WARN_BEFORE_EXPIRY_MS) {
      session += ' ⚠️ soon';
      color = COLORS.warning;
    }
  }
  const h = f.health;
  const poll = h.lastPollAt
    ? `${relative(h.lastPollAt)}${
        h.lastPollError
          ? ` — failed: ${h.lastPollError}`
          : h.lastPollByOtherProcess
            ? ' — another tradedesk process on this store was polling (they take turns)'
            : ' — ok'
      }`
    : 'not yet';
  const waits = f.rateLimits.lastWait
    ? `${f.rateLimits.rateLimitWaits} (last: ${Math.round(f.rateLimits.lastWait.waitMs / 1000)} s after HTTP ${f.rateLimits.lastWait.status ?? '?'} from ${f.rateLimits.lastWait.endpoint}, ${relative(f.rateLimits.lastWait.at)})`
    : 'none';
  const channelProblem = h.channelProblems.get(f.guildId);
  if (channelProblem || h.lastPollError) color = color === COLORS.bad ? color : COLORS.warning;
  if (h.storeLoss) color = COLORS.bad;
  const fields = [
    { name: 'Steam session', value: session },
    ...(f.renewal ? [{ name: 'Session renewal', value: formatSessionRenewal(f.renewal, f.now) }] : []),
    { name: 'Last poll', value: poll, inline: true },
    { name: 'Next poll', value: h.nextPollAt ? relative(h.nextPollAt) : 'not scheduled', inline: true },
    {
      name: 'Last full sweep',
      value: h.lastFullSweepAt ? relative(h.lastFullSweepAt) : 'not yet',
      inline: true,
    },
    { name: 'Rate-limit waits', value: waits },
    {
      name: 'Offer channel',
      value: channelProblem
        ? `⚠️ ${channelMention(channelProblem.channelId)}: ${channelProblem.problem} (${relative(channelProblem.at)})`
        : 'ok',
    },
    {
      name: 'Store',
      value: h.storeLoss
        ? `❌ ${f.store.description} lost its data ${relative(h.storeLoss.at)}: ${cut(h.storeLoss.reason, 300)}. ` +
          'Nothing is posted or traded. Restore the store (or accept the loss), then restart tradedesk.'
        : `${f.store.healthy ? '✅' : '❌'} ${f.store.description}`,
    },
    { name: 'Trade protection', value: tradeProtectionText(f.tradeProtectionAcknowledgedAt) },
  ];
  if (h.tradeBots)
    fields.push({
      name: 'SteamTradeBots',
      value: tradeBotsStatusLine(h.tradeBots),
    });
  return { title: 'tradedesk status', color, fields, timestamp: new Date(f.now).toISOString() };
}

/** The feed-channel alert when the store lost its data (StoreIntegrity): what stopped, what to do. */
export function storeLostAlertText(reason: string | undefined): string {
  return (
    `🚨 **tradedesk’s store lost its data** (${reason ?? 'unknown'}). ` +
    'To keep from reposting every offer or trading on empty settings, tradedesk has stopped posting cards and ' +
    'making trades. Restore the store (or accept the loss), then restart tradedesk. `/status` shows the details.'
  );
}
