// What SteamTradeBots publishing tells the offer channel. The service says what happened; the
// words are format/tradebotsStatus.ts's.
import type { ConfigFileProblem } from './configFile.js';

export type TradeBotsAlert =
  /** The site refused fields of an automatic update (HTTP 400). */
  | { kind: 'refusedFields'; problems: string[]; message: string }
  /** The site refused the API key (HTTP 401/403): a person has to look. */
  | { kind: 'refusedKey'; httpStatus: number }
  /** The rates file changed but could not be loaded; the last good rates stay published. */
  | { kind: 'ratesFileInvalid'; problem: ConfigFileProblem };

export type AlertTradeBots = (alert: TradeBotsAlert) => Promise<void>;
