// What a user is told when something fails. Pure: the Steam error classes carry facts
// (status, EResult, retry time) but never a URL query, a cookie or a key.
import { UserError } from '../errors.js';
import {
  ApiKeyRejectedError,
  PrivateInventoryError,
  SendOutcomeUnknownError,
  SessionExpiredError,
  SteamBodyTooLargeError,
  SteamBusyError,
  SteamEResultError,
  SteamHttpError,
  SteamShapeError,
  SteamUnreachableError,
  UnknownUserError,
} from '../steam/errors.js';
import { MissingApiKeyError } from '../steam/users.js';

function seconds(ms: number | null): string {
  if (ms === null) return 'a minute';
  const s = Math.max(1, Math.ceil(ms / 1000));
  return s >= 120 ? `${Math.ceil(s / 60)} minutes` : `${s} s`;
}

const CAUSE_TEXT: Record<string, string> = {
  TradeBan: 'one of the accounts has a trade ban',
  NewDevice: 'the bot account logged in from a new device recently, so Steam blocks its trades for a few days',
  TargetCannotTrade: 'the partner cannot trade right now',
  OfferLimitExceeded: 'too many offers are outstanding (in total or with this partner)',
  ItemServerUnavailable: "the game's item server is unavailable",
  ConfirmationRefused:
    'Steam refused the mobile confirmation (tradedesk had acknowledged the trade-protection notice and tried once more); confirm it in the Steam mobile app',
};

/** The text shown in Discord for any error thrown by a command or button. */
export function describeError(error: unknown): string {
  if (error instanceof UserError) return error.message;
  if (error instanceof SteamBusyError) {
    return `Steam is busy right now (HTTP ${error.status}). Please try again in about ${seconds(error.retryAfterMs)}.`;
  }
  if (error instanceof SessionExpiredError) {
    return 'The bot’s Steam session has expired. `/status` shows what an admin needs to do (paste fresh STEAM_COOKIES and restart, or run `npm run login`).';
  }
  if (error instanceof PrivateInventoryError) {
    return error.what === 'profile'
      ? `The Steam profile ${error.steamid} is private, so its inventory cannot be read.`
      : `The inventory of ${error.steamid} is private (or this context is hidden from others).`;
  }
  if (error instanceof UnknownUserError) return `Steam does not know the user "${error.input}".`;
  if (error instanceof MissingApiKeyError) return `${error.message}. Use a SteamID64 or a /profiles/ URL instead.`;
  if (error instanceof ApiKeyRejectedError) return 'Steam refused the configured STEAM_API_KEY.';
  if (error instanceof SteamEResultError) {
    const cause = error.cause ? CAUSE_TEXT[error.cause] : undefined;
    const text = error.steamMessage || 'Steam refused the request';
    return `Steam said: ${text}${cause ? ` — ${cause}` : ''} (EResult ${error.eresult}).`;
  }
  if (error instanceof SteamShapeError)
    return 'Steam sent an answer tradedesk did not understand. It was logged; please try again later.';
  if (error instanceof SendOutcomeUnknownError) {
    const looked = error.lookupProblem
      ? `reading the bot’s sent offers to check failed too (${error.lookupProblem})`
      : 'the offer does not show among the bot’s sent offers (yet)';
    return `Steam’s answer to the send was unclear (${error.steamSaid}), and ${looked}. Steam may still have created it, so tradedesk did not send it again. Look at \`/offers list direction:sent\` in a minute before sending it again.`;
  }
  if (error instanceof SteamBodyTooLargeError) {
    return `Steam sent an answer far larger than expected (over ${Math.round(error.limitBytes / (1024 * 1024))} MB), so tradedesk did not read it. Please try again later.`;
  }
  if (error instanceof SteamUnreachableError) return 'Steam could not be reached. Please try again in a minute.';
  if (error instanceof SteamHttpError) return `Steam answered with HTTP ${error.status}. Please try again later.`;
  return 'Something went wrong. It was logged for the bot owner.';
}
