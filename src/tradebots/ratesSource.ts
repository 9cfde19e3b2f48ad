// The rates file while the bot runs: read and validated once at startup (a bad file stops
// startup), then watched. A change that validates replaces the rates and tells the publisher;
// a change that does not is reported and the last good rates stay in force, so a typo made
// while the bot runs never takes the listing down.
import { EventEmitter } from 'node:events';
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import type { Logger } from '../logger.js';
import type { ConfigFileProblem } from './configFile.js';
import { DEFAULT_KEY_TABLE, type KeyTable } from './keys.js';
import { loadRatesFile, type Rates } from './rates.js';

export interface RatesState {
  rates: Rates;
  keyTable: KeyTable;
  /** When these rates were read (ms): a change of rates is a data update for last_update_timestamp. */
  loadedAt: number;
  /** False while no rates file exists: stock and status are published without rates. */
  present: boolean;
}

interface RatesSourceEvents {
  change: [RatesState];
  /** A changed file that does not validate; the problem names the field. */
  invalid: [ConfigFileProblem];
}

export const EMPTY_RATES: Omit<RatesState, 'loadedAt'> = { rates: {}, keyTable: DEFAULT_KEY_TABLE, present: false };

export class RatesSource extends EventEmitter<RatesSourceEvents> {
  private state: RatesState;
  private watching = false;
  private reloading: Promise<unknown> = Promise.resolve();

  constructor(
    readonly path: string,
    initial: RatesState,
    private readonly deps: { logger: Logger; now?: () => number },
  ) {
    super();
    this.state = initial;
  }

  get current(): RatesState {
    return this.state;
  }

  /** Polls the file's mtime (fs.watch misses editors that replace the file by renaming). */
  watch(intervalMs = 2000): void {
    if (this.watching) return;
    this.watching = true;
    watchFile(this.path, { interval: intervalMs, persistent: false }, this.onStat);
  }

  close(): void {
    if (!this.watching) return;
    this.watching = false;
    unwatchFile(this.path, this.onStat);
  }

  private readonly onStat = (current: Stats, previous: Stats): void => {
    if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
    this.reload().catch((error: unknown) => this.deps.logger.error({ err: error }, 'could not reload the rates file'));
  };

  /** Reads the file again; resolves to what happened. Reloads run one at a time. */
  reload(): Promise<'changed' | 'unchanged' | 'invalid' | 'missing'> {
    const run = this.reloading.then(() => this.read());
    this.reloading = run.catch(() => undefined);
    return run;
  }

  private async read(): Promise<'changed' | 'unchanged' | 'invalid' | 'missing'> {
    const { logger } = this.deps;
    const result = await loadRatesFile(this.path);
    if (!result.ok) {
      if (result.reason === 'unreadable') {
        logger.warn(
          { file: this.path, problem: result.problem },
          'rates file unreadable; the last rates stay in force',
        );
        return 'missing';
      }
      logger.warn(
        { file: this.path, problem: result.problem },
        'rates file refused; the last good rates stay in force',
      );
      this.emit('invalid', result.problem);
      return 'invalid';
    }
    if (this.state.present && isDeepStrictEqual(result.rates, this.state.rates)) {
      if (isDeepStrictEqual(result.keyTable, this.state.keyTable)) return 'unchanged';
    }
    this.state = {
      rates: result.rates,
      // The same table object when nothing changed in it, so the stock is not recounted for nothing.
      keyTable: isDeepStrictEqual(result.keyTable, this.state.keyTable) ? this.state.keyTable : result.keyTable,
      loadedAt: (this.deps.now ?? Date.now)(),
      present: true,
    };
    logger.info({ file: this.path, fields: Object.keys(result.rates).length }, 'rates file loaded');
    this.emit('change', this.state);
    return 'changed';
  }
}
