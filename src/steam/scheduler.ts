// One scheduler per Steam host: bounded concurrency, a minimum spacing for lanes Steam
// throttles per IP (community inventory pages, mobile confirmations), and a host-wide pause
// after a 429 so one rate-limited request holds back the others instead of each finding out.

export type Sleep = (ms: number) => Promise<void>;
export const realSleep: Sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export interface HostPolicy {
  maxConcurrent: number;
}

export interface LanePolicy {
  /** Minimum time between the starts of two requests in this lane. */
  spacingMs: number;
}

/** What /status shows about waiting on Steam. */
export interface WaitRecord {
  host: string;
  endpoint: string;
  status: number | null;
  waitMs: number;
  at: number;
  /** true when the wait came from Steam's Retry-After, false for our own backoff. */
  fromRetryAfter: boolean;
}

export interface SchedulerStats {
  rateLimitWaits: number;
  totalWaitMs: number;
  lastWait: WaitRecord | null;
  pausedUntil: Record<string, number>;
}

class Semaphore {
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active -= 1;
  }
}

export class RequestScheduler {
  private readonly semaphores = new Map<string, Semaphore>();
  private readonly laneTails = new Map<string, Promise<void>>();
  private readonly laneNextAt = new Map<string, number>();
  private readonly pausedUntil = new Map<string, number>();
  private stats = { rateLimitWaits: 0, totalWaitMs: 0, lastWait: null as WaitRecord | null };

  constructor(
    private readonly hosts: Record<string, HostPolicy>,
    private readonly lanes: Record<string, LanePolicy>,
    private readonly sleep: Sleep = realSleep,
    private readonly now: () => number = Date.now,
  ) {}

  /** Runs fn once the host has a free slot, the lane's spacing has passed and no pause is on. */
  async run<T>(host: string, lane: string | undefined, fn: () => Promise<T>): Promise<T> {
    if (lane) await this.waitForLane(lane);
    const semaphore = this.semaphore(host);
    await semaphore.acquire();
    try {
      await this.waitForPause(host);
      return await fn();
    } finally {
      semaphore.release();
    }
  }

  /** Holds every request to the host back until the wait has passed. */
  pause(record: Omit<WaitRecord, 'at'>): void {
    const at = this.now();
    const until = at + record.waitMs;
    if (until > (this.pausedUntil.get(record.host) ?? 0)) this.pausedUntil.set(record.host, until);
    this.stats.rateLimitWaits += 1;
    this.stats.totalWaitMs += record.waitMs;
    this.stats.lastWait = { ...record, at };
  }

  snapshot(): SchedulerStats {
    return { ...this.stats, pausedUntil: Object.fromEntries(this.pausedUntil) };
  }

  private semaphore(host: string): Semaphore {
    let semaphore = this.semaphores.get(host);
    if (!semaphore) {
      semaphore = new Semaphore(this.hosts[host]?.maxConcurrent ?? 2);
      this.semaphores.set(host, semaphore);
    }
    return semaphore;
  }

  private async waitForPause(host: string): Promise<void> {
    for (;;) {
      const wait = (this.pausedUntil.get(host) ?? 0) - this.now();
      if (wait <= 0) return;
      await this.sleep(wait);
    }
  }

  /** Lane requests start one after another, each at least spacingMs after the previous start. */
  private async waitForLane(lane: string): Promise<void> {
    const spacing = this.lanes[lane]?.spacingMs ?? 0;
    const previous = this.laneTails.get(lane) ?? Promise.resolve();
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    this.laneTails.set(
      lane,
      previous.then(() => turn),
    );
    await previous;
    try {
      const wait = (this.laneNextAt.get(lane) ?? 0) - this.now();
      if (wait > 0) await this.sleep(wait);
      this.laneNextAt.set(lane, this.now() + spacing);
    } finally {
      release();
    }
  }
}
