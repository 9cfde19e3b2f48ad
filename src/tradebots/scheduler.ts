// When automatic publishing passes run: debounced after a trigger, periodically, after a failure
// with a doubling pause, and at the moment the request budget frees. One pass at a time; a pass
// asked for while one runs runs after it.

export interface SchedulerOptions {
  /** Coalesces triggers that arrive together (several offers accepted in one poll). */
  debounceMs: number;
  /** The periodic check: trades made outside tradedesk still reach the listing. */
  periodicMs: number;
  /** First retry after a failure; doubles up to maxRetryMs. */
  retryMs: number;
  maxRetryMs: number;
}

export class PassScheduler<T> {
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Infinity;
  private periodic: NodeJS.Timeout | null = null;
  private running: Promise<T> | null = null;
  private rerun = false;
  private consecutiveFailures = 0;

  constructor(
    private readonly deps: {
      options: SchedulerOptions;
      /** One pass. */
      pass: () => Promise<T>;
      /** A pass that threw (a store that fails mid-pass): told here, then tried again later. */
      onPassError: (error: unknown) => void;
      /** Whether passes may be planned at all (configured, not stopped). */
      enabled: () => boolean;
      now: () => number;
    },
  ) {}

  /** Starts the periodic check and plans a first pass now. */
  start(): void {
    this.periodic = setInterval(() => this.plan(0), this.deps.options.periodicMs);
    this.periodic.unref();
    this.plan(0);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.periodic) clearInterval(this.periodic);
    this.timer = null;
    this.periodic = null;
  }

  /** Plans a pass in delayMs, unless one is planned sooner already. */
  plan(delayMs = this.deps.options.debounceMs): void {
    if (!this.deps.enabled()) return;
    const at = this.deps.now() + delayMs;
    if (this.timer && this.timerAt <= at) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerAt = Infinity;
      this.runOnce().catch((error: unknown) => {
        // A failing pass must not end the process.
        this.deps.onPassError(error);
        this.retryLater();
      });
    }, delayMs);
    this.timer.unref();
  }

  /** After a failure: the next pass after a pause that doubles with every failure in a row. */
  retryLater(): void {
    const { retryMs, maxRetryMs } = this.deps.options;
    const delay = Math.min(maxRetryMs, retryMs * 2 ** this.consecutiveFailures);
    this.consecutiveFailures++;
    this.plan(delay);
  }

  /** The site took an update: the next failure starts the pauses from the first again. */
  succeeded(): void {
    this.consecutiveFailures = 0;
  }

  /** One pass now, or after the one under way. */
  runOnce(): Promise<T> {
    if (this.running) {
      this.rerun = true;
      return this.running;
    }
    this.running = this.deps.pass().finally(() => {
      this.running = null;
      if (this.rerun) {
        this.rerun = false;
        this.plan(0);
      }
    });
    return this.running;
  }
}
