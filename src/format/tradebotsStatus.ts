// The words for where SteamTradeBots publishing stands (/status) and for what it tells the
// offer channel. Pure: the service hands over what happened, as data.
import type { TradeBotsStatus } from '../health.js';
import type { TradeBotsAlert } from '../tradebots/alerts.js';
import { ratesFileProblemText } from './configFileProblem.js';
import { describeError } from './errors.js';

const seconds = (ms: number) => Math.ceil(ms / 1000);

function refusedKeyReason(httpStatus: number): string {
  return httpStatus === 401
    ? 'the API key is missing from the request'
    : 'the API key was refused, or the bot is inactive or unverified on SteamTradeBots';
}

/** The /status line's two halves: "published — 3 fields accepted (status online)". */
export function tradeBotsStatusText(status: TradeBotsStatus): { state: string; detail: string | null } {
  switch (status.kind) {
    case 'notConfigured':
      return { state: 'not configured', detail: 'STEAMTRADEBOTS_API_KEY is not set' };
    case 'upToDate':
      return { state: 'up to date', detail: null };
    case 'published':
      return {
        state: 'published',
        detail: `${status.fields} field${status.fields === 1 ? '' : 's'} accepted (status ${status.status ?? '?'})`,
      };
    case 'waitingForBudget':
      return {
        state: 'waiting',
        detail: `${status.fields} changed fields go out in ${seconds(status.waitMs)} s (request budget)`,
      };
    case 'waitingForSteam':
      return { state: 'waiting for Steam', detail: 'the stock could not be counted' };
    case 'refusedFields':
      return { state: 'refused fields', detail: status.problems.join('; ') || status.message };
    case 'refusedKey':
      return {
        state: `refused (HTTP ${status.httpStatus})`,
        detail: status.beforeRestart
          ? 'the key was refused before the last restart; trying again'
          : `${refusedKeyReason(status.httpStatus)}; automatic publishing paused until /tradebots publish gets through`,
      };
    case 'rateLimited':
      return { state: 'rate limited', detail: `the site asked to wait ${seconds(status.waitMs)} s` };
    case 'sendFailed':
      return { state: 'failed', detail: status.message };
    case 'passFailed':
      return { state: 'failed', detail: describeError(status.error) };
  }
}

/** The /status field's value. */
export function tradeBotsStatusLine(status: TradeBotsStatus): string {
  const { state, detail } = tradeBotsStatusText(status);
  return `${state}${detail ? ` — ${detail}` : ''}`;
}

/** The channel alert, and whether a person must act (the roles and users allowed to trade are pinged). */
export function tradeBotsAlertText(alert: TradeBotsAlert): { text: string; needsPerson: boolean } {
  switch (alert.kind) {
    case 'refusedFields':
      return {
        text:
          `⚠️ SteamTradeBots refused the automatic update (HTTP 400): ${alert.problems.join('; ') || alert.message}. ` +
          'It is not sent again until that data changes; `/tradebots preview` shows what would go.',
        needsPerson: false,
      };
    case 'refusedKey':
      return {
        text:
          `⚠️ **SteamTradeBots refused the bot's API key** (HTTP ${alert.httpStatus}): ${refusedKeyReason(alert.httpStatus)}. ` +
          'Check `STEAMTRADEBOTS_API_KEY` and the bot on the SteamTradeBots dashboard. ' +
          'Automatic publishing is paused until `/tradebots publish` gets through.',
        needsPerson: true,
      };
    case 'ratesFileInvalid':
      return {
        text: `⚠️ The rates file was changed but not loaded: ${ratesFileProblemText(alert.problem)}. The last good rates stay published.`,
        needsPerson: false,
      };
  }
}
