// Shows loading progress by editing the deferred reply, without flooding Discord: at most one
// edit per interval and never two at once (pages that arrive in between are skipped; the next
// one shows the latest count). close() waits for an edit under way so the final answer can
// never be overwritten by a late progress line. The one throttle for every command that shows
// progress (/inventory show, /offers send).

export interface ProgressReporterOptions {
  /** Least time between the starts of two edits. */
  minIntervalMs?: number;
  now?: () => number;
  /** Called when an edit fails; progress is cosmetic, so a failure only stops further edits. */
  onError?: (error: unknown) => void;
}

export class ProgressReporter {
  private inFlight: Promise<void> | null = null;
  private lastStart = Number.NEGATIVE_INFINITY;
  private closed = false;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(
    private readonly edit: (text: string) => Promise<unknown>,
    private readonly options: ProgressReporterOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.now = options.now ?? Date.now;
  }

  /** Shows `text` now if allowed, else drops it. Returns whether an edit was started. */
  report(text: string): boolean {
    if (this.closed || this.inFlight) return false;
    if (this.now() - this.lastStart < this.minIntervalMs) return false;
    this.start(text);
    return true;
  }

  /**
   * Shows `text` whatever the interval — a step the person should see ("Sending the offer…") —
   * once the edit under way has finished. Nothing after close() or a failed edit.
   */
  async show(text: string): Promise<void> {
    while (this.inFlight) await this.inFlight;
    if (this.closed) return;
    this.start(text);
    await this.inFlight;
  }

  private start(text: string): void {
    this.lastStart = this.now();
    this.inFlight = this.edit(text).then(
      () => {
        this.inFlight = null;
      },
      (error: unknown) => {
        this.inFlight = null;
        this.closed = true;
        this.options.onError?.(error);
      },
    );
  }

  /** No more progress edits; resolves once the one under way (if any) has finished. */
  async close(): Promise<void> {
    this.closed = true;
    await this.inFlight;
  }
}
